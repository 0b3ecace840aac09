"""Chapter 2 widget: where a step turns compute bound, and what the KV cache does to the knee."""

from functools import reduce

import numpy as np

from ... import attention, moe, parameters, roofline, serving
from ...catalogs import hardware, models
from ...catalogs.precision import PRECISIONS, bytes_per_value
from ...symbolic import maximum, where
from .. import live
from ..charts import HLine, Line, Panel
from ..plotstyle import COLORS
from .batching import chip_numbers

BATCHES = np.geomspace(1, 2**18, 161)
ATTENTION = parameters.PARTS.index(serving.ATTENTION)


def model_numbers(model, precision) -> dict:
    """A model's published weight bytes in `precision` (which set the chip count), its weights
    summed over parts (parameters.sums), each part's weight bytes and active weights (arrays over
    parameters.PARTS, 0 for a part it lacks), and its KV bytes per token (bf16 cache)."""
    m = models.get(model)
    total, active = parameters.sums(m)
    split = parameters.counts(m)
    return dict(
        weight_bytes=m.weight_bytes(precision), total_params=total, active_params=active,
        part_bytes=np.array([split["total"][p] for p in parameters.PARTS]) * bytes_per_value(
            precision),
        part_active=np.array([split["active"][p] for p in parameters.PARTS], dtype=float),
        kv_bytes_per_token=serving.Deployment(hardware.get("H100 SXM"), m).kv_bytes_per_token,
        bytes_per_value=bytes_per_value(precision), is_moe=float(m.is_moe),
        experts=m.experts, top_k=m.experts_per_token)


def formulas(c, d, x) -> dict:
    """The chapter's quantities: x is the batch (tokens) of the curves; times in ms on the chart,
    in s in the readout."""
    chips = serving.fewest_chips(d["weight_bytes"], d["chip_hbm"])
    efficiency = dict(memory_efficiency=c["memory_efficiency"],
                      compute_efficiency=c["compute_efficiency"])
    peak = dict(flops=d["chip_flops"] * chips, bandwidth=d["chip_bandwidth"] * chips)
    bandwidth, flops = roofline.achieved(peak["bandwidth"], peak["flops"], **efficiency)
    kv = d["kv_bytes_per_token"]
    whole = dict(weight_bytes=d["total_params"] * d["bytes_per_value"],
                 active_params=d["active_params"], kv_bytes_per_token=kv, **peak, **efficiency)

    def part(i, batch, context):
        """Part i's roofline step time and knee (both 0 for a part the model lacks)."""
        present = d["part_active"][i] > 0
        args = dict(weight_bytes=where(present, d["part_bytes"][i], 1),
                    active_params=where(present, d["part_active"][i], 1),
                    kv_bytes_per_token=kv, **peak, **efficiency)
        context = context if i == ATTENTION else 0
        return (where(present, roofline.decode_step_time(batch, context=context, **args), 0),
                where(present, roofline.knee_batch(**args), 0))

    def by_part(batch, context):  # serving.Deployment.step_time_by_part, overlap="part"
        return sum(part(i, batch, context)[0] for i in range(len(parameters.PARTS)))

    limit = attention.context_limit(active_params=d["active_params"], kv_bytes_per_token=kv,
                                    **peak, **efficiency)
    has_knee = c["context"] < limit
    knee = where(has_knee, roofline.knee_batch(context=c["context"], **whole), np.nan)
    some_knee = where(has_knee, knee, 1)  # a stand-in where no knee exists
    knee_step = where(has_knee, roofline.matmul_time(some_knee, d["active_params"], flops), np.nan)
    knees = [part(i, 1, 0)[1] for i in range(len(parameters.PARTS))]
    last = reduce(maximum, knees)
    weights = roofline.weight_fetch_time(whole["weight_bytes"], bandwidth)
    ceiling = roofline.tokens_per_second(1, roofline.matmul_time(1, d["active_params"], flops))
    largest = serving.largest_batch_in_memory(d["chip_hbm"] * chips, d["weight_bytes"],
                                              c["context"], kv)
    return dict(
        chips=chips, limit=limit, has_knee=has_knee, knee=knee, knee_step=knee_step,
        knee0=roofline.knee_batch(**whole), ridge=roofline.ridge_point(flops, bandwidth),
        sparsity=moe.sparsity(d["total_params"], d["active_params"]),
        last=last, attention_knee=knees[ATTENTION],
        attention_limit=attention.context_limit(
            active_params=d["part_active"][ATTENTION], kv_bytes_per_token=kv, **peak,
            **efficiency),
        ceiling=ceiling, knee_ms=knee_step * 1e3, half_bytes=d["bytes_per_value"] / 2,
        last_rate=roofline.tokens_per_second(last, by_part(last, c["context"])),
        read_weights=weights * 1e3,
        with_kv=(weights + roofline.kv_fetch_time(x, c["context"], kv, bandwidth)) * 1e3,
        compute=roofline.matmul_time(x, d["active_params"], flops) * 1e3,
        by_step=roofline.tokens_per_second(
            x, roofline.decode_step_time(x, context=c["context"], **whole)),
        by_layer=roofline.tokens_per_second(x, by_part(x, c["context"])),
        hbm=d["chip_hbm"] * chips, largest=largest,
        knee_memory=where(has_knee, serving.memory_needed(d["weight_bytes"], some_knee,
                                                          c["context"], kv), np.nan),
        knee_fits=has_knee & (some_knee <= largest),
        knee_too_big=has_knee & (some_knee > largest),
    )


LIVE = live.LiveView(
    controls={
        "chip": live.Choice("chip", tuple(hardware.names()), "H100 SXM"),
        "model": live.Choice("model", tuple(models.names()), "DeepSeek-V3"),
        "precision": live.Choice("precision", PRECISIONS, "fp8"),
        "context": live.Slider("context (tokens)", 16, 2**20, 1024, log=True, integer=True,
                               unit="int"),
        "memory_efficiency": live.Slider("memory efficiency", 0.3, 1, 1.0, step=0.05),
        "compute_efficiency": live.Slider("compute efficiency", 0.3, 1, 1.0, step=0.05),
    },
    tables=(live.Table(("chip", "precision"), chip_numbers),
            live.Table(("model", "precision"), model_numbers)),
    formulas=formulas,
    grid=BATCHES,
    title="{model} in {precision} on {chips:int} × {chip}, context {context:int}",
    panels=(
        Panel("Memory and compute time per step", "batch (tokens)", "ms per step",
              xlog=True, ylog=True, legend="upper left", items=(
                  HLine("read_weights", COLORS["memory"], ":", label="read weights"),
                  Line("x", "with_kv", COLORS["memory"], label="read weights + KV cache"),
                  Line("x", "compute", COLORS["compute"], label="multiply"),
                  Line("knee", "knee_ms", COLORS["total"], "o"))),
        Panel("Throughput levels off past the knee", "batch (tokens)", "tokens per second",
              xlog=True, ylog=True, legend="lower right", items=(
                  Line("x", "by_step", COLORS["total"], label="overlap across the step"),
                  Line("x", "by_layer", COLORS["total"], "--", label="overlap layer by layer"),
                  HLine("ceiling", COLORS["compute"], label="compute ceiling"),
                  Line("knee", "ceiling", COLORS["total"], "o"),
                  Line("last", "last_rate", COLORS["measured"], "o"))),
    ),
    readout=(
        "Knee without KV cache: {knee0:sig} tokens = ridge point {ridge:sig} FLOP/byte × "
        "{half_bytes:sig 2} (bytes per weight / 2) × sparsity {sparsity:sig} "
        "(total / active weights); ",
        live.When("has_knee",
                  "at a {context:int}-token context the KV cache moves it to {knee:sig} tokens, "
                  "a {knee_step:seconds} step (no batch is compute bound beyond {limit:sig} "
                  "tokens of context).",
                  "at a {context:int}-token context NO batch is compute bound, since each "
                  "sequence's KV read outlasts its multiplies beyond {limit:sig} tokens."),
        live.When("has_knee", " Memory at the knee: weights + KV cache {knee_memory:si B} of "
                  "{hbm:si B} HBM: "),
        live.When("knee_fits", "fits."),
        live.When("knee_too_big", "does NOT fit; only {largest:int} sequences' caches fit beside "
                  "the weights, so the knee is out of reach."),
        "\n",
        live.When("is_moe",
                  "Layer by layer, the routed experts turn compute bound at {last:sig} tokens "
                  "(orange dot), {experts:int}/{top_k:int} times the {attention_knee:sig} of the "
                  "weights every token uses",
                  "Layer by layer, every part's weights turn compute bound at {last:sig}"),
        "; the attention layers, which also read the KV cache, stay memory bound at any batch "
        "beyond {attention_limit:sig} tokens of context. The compute ceiling is {ceiling:sig} "
        "tokens/s on {chips:int} chips.",
    ),
)
DEFAULTS = LIVE.defaults


def view(**values):
    """Chart and readout at the controls' `values` (defaults for any left out). Units: context in
    tokens; the efficiencies, in (0, 1], derate peak bandwidth and FLOP/s."""
    return live.chart(LIVE, **values), live.readout(LIVE, **values)


def explorer():
    """The chapter's widget, starting from DEFAULTS; live in the browser."""
    return live.explorer(LIVE)
