"""Chapter 3 widget: what spreading one model's experts over more scale-up domains costs in
communication and saves in memory."""

import numpy as np

from ... import expert_parallel, moe, roofline
from ...catalogs import hardware, models
from ...catalogs.precision import PRECISIONS, bytes_per_value
from ...symbolic import maximum, minimum, where
from .. import live
from ..charts import HLine, Line, Panel, Span
from ..plotstyle import COLORS
from .batching import chip_numbers

RACKS = np.arange(1, 65, dtype=float)
ROUTING = {"one copy per expert": False, "one copy per domain": True}
DOMAIN_SIZES = (4, 8, 16, 32, 64, 72, 144, 256, 576)
EXPERTS = (8, 16, 32, 64, 128, 256, 384, 512)  # powers of two, and the catalog's 384
TOP_K = tuple(range(1, 17))


def model_numbers(model, experts, top_k) -> dict:
    """`model` with `experts` routed experts per MoE layer, `top_k` per token (moe.with_experts,
    ValueError if it refuses): its total and active parameters, the parameters every GPU copies
    and those split over GPUs, the parameters one token multiplies in one MoE layer, d_model."""
    m = moe.with_experts(models.get(model), experts, top_k)
    return dict(total_params=m.total_params, active_params=m.active_params,
                copied_params=expert_parallel.copied_params(m),
                routed_params=expert_parallel.routed_params(m),
                per_layer=expert_parallel.active_params_per_moe_layer(m),
                d_model=m.d_model, n_experts=m.experts, k=m.experts_per_token)


def formulas(c, d, x) -> dict:
    """The chapter's quantities: x is the number of domains one layer spans; bytes per GPU in GB
    on the chart, times in s in the readout."""
    g = c["gpus_per_domain"]
    per_value = d["bytes_per_value"]
    flops = d["chip_flops"]

    def routed(f):
        """f(deduplicate) for the chosen way of sending tokens."""
        return where(d["deduplicate"] > 0, f(True), f(False))

    def layout(deduplicate):
        return dict(top_k=d["k"], d_model=d["d_model"], gpus_per_domain=g,
                    scaleup_bandwidth=c["scaleup_gbps"] * 1e9,
                    scaleout_bandwidth=c["scaleout_gbps"] * 1e9, deduplicate=deduplicate)

    compute = roofline.matmul_time(1, d["per_layer"], flops)

    def ratios(domains):  # each network's time, and the all-to-all's, over the layer's compute
        up = routed(lambda dd: expert_parallel.network_times(1, domains=domains, **layout(dd))[0])
        out = routed(lambda dd: expert_parallel.network_times(1, domains=domains, **layout(dd))[1])
        total = routed(lambda dd: expert_parallel.comm_to_compute(
            active_params_per_layer=d["per_layer"], flops=flops, domains=domains, **layout(dd)))
        return up / compute, out / compute, total

    copied, split = d["copied_params"] * per_value, d["routed_params"] * per_value
    up, out, total = ratios(x)
    here_up, here_out, here = ratios(c["racks"])
    here_bytes = expert_parallel.split_weight_bytes(copied, split, c["racks"] * g)
    fewest = expert_parallel.fewest_domains_for(copied, split, g, d["chip_hbm"])
    # serving.Deployment(chip, model, precision).knee_batch(), shared by every GPU of the layer
    knee = roofline.knee_batch(weight_bytes=d["total_params"] * per_value,
                               active_params=d["active_params"], flops=flops,
                               bandwidth=d["chip_bandwidth"])
    tokens = knee / (c["racks"] * g)
    layer_compute = roofline.matmul_time(tokens, d["per_layer"], flops)
    layer_a2a = routed(lambda dd: expert_parallel.all_to_all_time(
        tokens, domains=c["racks"], **layout(dd)))
    fits = here_bytes <= d["chip_hbm"]
    # Both curves are largest at an end of the grid: the fast network's share falls with the
    # domains, the slow one's rises, and the weights per GPU fall.
    highest = maximum(ratios(RACKS[0])[2], ratios(RACKS[-1])[2])
    heaviest = expert_parallel.split_weight_bytes(copied, split, RACKS[0] * g)
    return dict(
        total=total, up=up, out=where(x > 1, out, np.nan), here=here, one=1.0,
        per_gpu=expert_parallel.split_weight_bytes(copied, split, x * g) / 1e9,
        here_gb=here_bytes / 1e9, here_bytes=here_bytes, hbm_gb=d["chip_hbm"] / 1e9,
        short_from=where(fewest > 1, 0.8, np.nan), short_to=minimum(fewest, RACKS[-1]) - 0.5,
        per_gpu_experts=expert_parallel.experts_per_gpu(d["n_experts"], c["racks"] * g),
        remote=expert_parallel.remote_share(c["racks"]),
        fits=fits, fewest=fewest, needs_more=~fits & (copied < d["chip_hbm"]),
        never_fits=copied >= d["chip_hbm"],
        knee=knee, tokens_per_gpu=tokens, layer_compute=layer_compute, layer_a2a=layer_a2a,
        ratio=layer_a2a / layer_compute, here_up=here_up, here_out=here_out,
        network_bound=layer_a2a > layer_compute,
        room=1.8 * highest, room_gb=4 * maximum(heaviest, d["chip_hbm"]) / 1e9,
    )


SHORT = Span("short_from", "short_to", label="weights exceed HBM")
CLEAR = "#ffffff00"  # an invisible line that leaves the legend room above the data
LIVE = live.LiveView(
    controls={
        "chip": live.Choice("chip", tuple(hardware.names()), "H100 SXM"),
        "model": live.Choice("model", tuple(m.name for m in models.MODELS if m.is_moe),
                             "DeepSeek-V3"),
        "precision": live.Choice("precision", PRECISIONS, "fp8"),
        "routing": live.Choice("sending", tuple(ROUTING), "one copy per expert"),
        "experts": live.Choice("experts per layer", EXPERTS, 256),
        "top_k": live.Choice("experts per token (top-k)", TOP_K, 8),
        "gpus_per_domain": live.Choice("GPUs per domain", DOMAIN_SIZES, 8),
        "racks": live.Slider("domains (racks) per layer", 1, 64, 2, integer=True, unit="int"),
        "scaleup_gbps": live.Slider("scale-up GB/s per GPU", 16, 4096, 450, log=True),
        "scaleout_gbps": live.Slider("scale-out GB/s per GPU", 2, 512, 50, log=True),
    },
    tables=(live.Table(("chip", "precision"), chip_numbers),
            live.Table(("precision",), lambda precision: dict(
                bytes_per_value=bytes_per_value(precision))),
            live.Table(("model", "experts", "top_k"), model_numbers),
            live.Table(("routing",), lambda routing: dict(deduplicate=float(ROUTING[routing])))),
    formulas=formulas,
    grid=RACKS,
    title="{model} ({n_experts:int} experts, top-{k:int}), {precision}, "
          "domains of {gpus_per_domain:int} × {chip}",
    panels=(
        Panel("Spanning domains slows the all-to-all", "domains one layer spans",
              "all-to-all ÷ layer compute", xlog=True, legend="upper left", items=(
                  Line("x", "total", COLORS["total"], label="dispatch + combine"),
                  Line("x", "up", COLORS["memory"], "--", label="fast network (NVLink)"),
                  Line("x", "out", COLORS["compute"], ":", label="slow network (between domains)"),
                  HLine("one", COLORS["limit"], label="layer compute"),
                  Line("racks", "here", COLORS["total"], "o"), SHORT, HLine("room", CLEAR))),
        Panel("but frees memory on every GPU", "domains one layer spans", "weights per GPU (GB)",
              xlog=True, ylog=True, legend="upper right", items=(
                  Line("x", "per_gpu", COLORS["memory"], label="weights per GPU"),
                  HLine("hbm_gb", COLORS["limit"], label="HBM of one {chip}"),
                  Line("racks", "here_gb", COLORS["total"], "o"), SHORT, HLine("room_gb", CLEAR))),
    ),
    readout=(
        "{racks:int} domain{racks:plural} of {gpus_per_domain:int} GPUs: {per_gpu_experts:int} "
        "experts per GPU per layer, {here_bytes:si B} of weights per GPU (",
        live.When("fits", "fits in {chip_hbm:si B}", "does NOT fit in {chip_hbm:si B}"),
        live.When("needs_more", ": it takes {fewest:int} domains"),
        live.When("never_fits", ": no number of domains holds them, since the weights every GPU "
                  "copies exceed it"),
        "); {remote:percent} of expert picks lie in another domain.\n"
        "At the knee batch ({knee:sig} tokens, {tokens_per_gpu:sig} per GPU) one MoE layer "
        "computes in {layer_compute:seconds}; dispatch and combine take {layer_a2a:seconds}, "
        "{ratio:sig 2} times the compute (fast network {here_up:sig 2}×, slow network "
        "{here_out:sig 2}×): ",
        live.When("network_bound", "the network, not the arithmetic, sets the layer's time "
                  "unless another batch's work hides it.",
                  "the arithmetic, not the network, sets the layer's time."),
    ),
)
DEFAULTS = LIVE.defaults


def view(**values):
    """Chart and readout at the controls' `values` (defaults for any left out). Units: bandwidths
    in GB/s per GPU per direction; experts and top_k per MoE layer; activations travel in bf16."""
    return live.chart(LIVE, **values), live.readout(LIVE, **values)


def explorer():
    """The chapter's widget, starting from DEFAULTS; live in the browser."""
    return live.explorer(LIVE)
