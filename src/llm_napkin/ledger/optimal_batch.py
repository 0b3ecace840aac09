"""Claims of the lecture's second topic: the optimal batch size (chapter 2).

Each finding computes its text from the model when the table is rendered. The numbers the
lecture quotes (its 20 ms step, its batch of 2,000 and its 128,000 tokens/s) are inputs here; the
world demand of 100 million tokens/s is the low end of the lecture's "hundreds of millions", an
assumption the findings state.
"""

import sympy as sp

from .. import layouts, measurements, moe, roofline, serving
from ..catalogs import hardware, models, serving_reports
from ..show import fmt
from . import Claim

STEP, BATCH, CLAIMED = 0.020, 2000, 128_000  # the lecture's step (s), batch and tokens/s
GLOBAL = 1e8  # tokens/s: the low end of the lecture's "hundreds of millions" (an assumption)
NEAR = 0.15  # "about 300" means within 15% of it


def _ridges(chips) -> str:
    return ", ".join(f"{c.name} {fmt.sig(serving.ridge_point(c))}" for c in chips)


def knee_range_among_gpus() -> tuple[float, float]:
    """The lowest and highest bf16 ridge point (FLOP/byte) of the catalog's NVIDIA GPUs."""
    ridges = [serving.ridge_point(c) for c in hardware.CHIPS if not c.name.startswith("TPU")]
    return min(ridges), max(ridges)


def measured_to_knee() -> list[float]:
    """For each H200 decode sweep (dense, MoE top-4 and top-8, no KV cache): the batch at which
    the measured throughput reaches 90% of its plateau, over the model's knee from the
    datasheet's peaks."""
    h200 = hardware.get("H200")
    sweeps = [measurements.dense_sweep(), *map(measurements.moe_sweep, measurements.MOE_TOP_K)]
    return [measurements.batch_at_fraction(s.batch, s.throughput, 0.9)
            / s.model_knee(flops=h200.bf16_flops, bandwidth=h200.hbm_bandwidth)
            for s in sweeps]


def _sparsity():
    h100 = hardware.get("H100 SXM")
    return (f"The knee is the ridge point F/β × bytes per weight / 2 × sparsity: on an H100 in "
            f"bf16, {fmt.sig(serving.ridge_point(h100))} × 1 × sparsity, so \"300\" is the "
            f"H100's ratio. Sparsity must be read as total over active weights (at least 1), the "
            f"inverse of how the notes write it. In fp8 the ratio doubles "
            f"({fmt.sig(serving.ridge_point(h100, 'fp8'))}) but each weight takes half the "
            f"bytes, so the knee in tokens stays at "
            f"{fmt.sig(serving.knee_for_sparsity(h100, 'fp8'))}; only weights stored in fewer "
            f"bits than they are multiplied in move it.")


def _deepseek():
    h100, v3 = hardware.get("H100 SXM"), models.get("DeepSeek-V3")
    dp, whole, tp = layouts.knee_readings(v3, h100).values()
    return (f"It depends on the layout (computed per 8 H100s, fp8, no cache). With data-parallel "
            f"attention, as DeepSeek serves it, every GPU reads the shared weights itself and "
            f"needs {fmt.sig(dp / 8)} sequences: {fmt.sig(dp)} per 8-GPU node, in the range. "
            f"One copy over every GPU with the whole step overlapped gives total over active, "
            f"{fmt.sig(whole)}; tensor-parallel attention with the experts on the same 8 GPUs, "
            f"overlapped per layer, gives the routed experts' {v3.experts}/"
            f"{v3.experts_per_token}, {fmt.sig(tp)} (and does not fit 8 H100s in fp8). The "
            f"lecture's 300 × 8 lands in the range, but its 8 counts experts per token; in the "
            f"layout that matches, the 8 is the GPUs that each hold a copy.")


def _ridge_stable():
    tpus = [c for c in hardware.CHIPS if c.name.startswith("TPU")]
    gpus = [c for c in hardware.CHIPS if c not in tpus]
    near = [c.name for c in hardware.CHIPS if abs(serving.ridge_point(c) / 300 - 1) <= NEAR]
    low, high = knee_range_among_gpus()
    return (f"bf16 FLOP per byte, NVIDIA: {_ridges(gpus)}; TPUs: {_ridges(tpus)}. Within "
            f"{fmt.percent(NEAR)} of 300 only for the {', '.join(near[:-1])} and {near[-1]}. "
            f"Among NVIDIA's GPUs the ratio spans {fmt.sig(low)} to {fmt.sig(high)}, a factor of "
            f"{fmt.sig(high / low, 2)}: the right order of magnitude but not a constant, since the "
            f"H200, with the H100's arithmetic and faster memory, has "
            f"{fmt.sig(serving.ridge_point(hardware.get('H200')))}.")


def _kv_raises():
    llama = serving.deploy("H100 SXM", "Llama 3.1 70B", chips=1)
    v3 = serving.deploy("H100 SXM", "DeepSeek-V3", "fp8", chips=1)
    return (f"It does, and more strongly than \"higher\": the knee grows as 1 / (1 − L/L_max) "
            f"and no batch is compute bound beyond the context limit L_max, "
            f"{fmt.sig(llama.context_limit())} tokens for Llama 3.1 70B in bf16 and "
            f"{fmt.sig(v3.context_limit())} for DeepSeek-V3 in fp8 on H100s (weights' FLOP "
            f"only; DeepSeek's latent attention adds arithmetic that lengthens its limit).")


def _practical():
    ratios = measured_to_knee()
    llama = serving.deploy("H100 SXM", "Llama 3.1 70B", "bf16", chips=1)
    report = serving_reports.get("DeepSeek production")
    decode = layouts.from_report(report, dispatch_bytes=1, combine_bytes=2)
    cache = (layouts.step_knee(decode, report.context, "step")
             / layouts.step_knee(decode, 0, "step"))
    per_layer = layouts.step_knee(decode, 0, "layer") / layouts.step_knee(decode, 0, "step")
    return (f"Not from the kernels: measured on an H200 without a KV cache, throughput reaches 90% "
            f"of its plateau at {fmt.sig(min(ratios), 2)} to {fmt.sig(max(ratios), 2)} times the "
            f"model's knee. For a GQA model the KV cache gives the factor: the knee doubles at "
            f"half the context limit and triples at two thirds of it (Llama 3.1 70B on H100s: "
            f"{fmt.sig(llama.context_limit() / 2)} to {fmt.sig(2 * llama.context_limit() / 3)} "
            f"tokens). For DeepSeek-V3 that argument fails, since MLA's own arithmetic pushes the "
            f"limit out; in DeepSeek's layout the cache at its average {report.context:,}-token "
            f"context raises the whole-step knee {fmt.sig(cache, 2)} times, and overlapping per "
            f"layer instead of per step {fmt.sig(per_layer, 2)} times. The size holds; the cause "
            f"depends on the model and the layout.")


def _needed():
    """The batch at the lecture's step, and the step at its batch, that give its rate."""
    x = sp.Symbol("x", positive=True)
    batch = sp.solve(sp.Eq(roofline.tokens_per_second(x, STEP), CLAIMED), x)[0]
    step = sp.solve(sp.Eq(roofline.tokens_per_second(BATCH, x), CLAIMED), x)[0]
    return float(batch), float(step)


def _rack_rate():
    batch, step = _needed()
    return (f"{BATCH:,} / {fmt.seconds(STEP)} = "
            f"{fmt.sig(roofline.tokens_per_second(BATCH, STEP))} tokens/s. {CLAIMED:,} needs a "
            f"batch of {fmt.sig(batch)} at {fmt.seconds(STEP)} (inside the lecture's 2,000 to "
            f"3,000) or a {fmt.seconds(step)} step at {BATCH:,}.")


def _global_share():
    gb200, v3 = hardware.get("GB200 NVL72"), models.get("DeepSeek-V3")
    rack = serving.deploy("GB200 NVL72", "DeepSeek-V3", "fp8", chips=72)
    routed = serving.knee_for_sparsity(gb200, "fp8", moe.sparsity(v3.experts,
                                                                  v3.experts_per_token))
    lecture, at_knee = (roofline.tokens_per_second(b, STEP) for b in (BATCH, routed))
    own = roofline.tokens_per_second(routed, rack.step_time(routed))
    return (f"At the lecture's inputs, {fmt.sig(lecture)} tokens/s is "
            f"{fmt.percent(lecture / GLOBAL)} of {fmt.count(GLOBAL)} tokens/s (the low end of "
            f"\"hundreds of millions\", our assumption). DeepSeek-V3 in fp8 on a GB200 NVL72 "
            f"rack at the routed-expert knee ({fmt.sig(routed)} tokens) and 20 ms gives "
            f"{fmt.percent(at_knee / GLOBAL)}, {fmt.sig(at_knee / lecture, 2)} times more; at "
            f"the {fmt.seconds(rack.step_time(routed))} step the model gives that batch without "
            f"a KV cache, {fmt.percent(own / GLOBAL)}.")


CLAIMS = (
    Claim("optimal-batch.300-sparsity",
          "Setting the weight-read time equal to the multiply time gives a batch of about 300 "
          "times the sparsity.", "holds with a caveat", _sparsity,
          sources=("pope2026lecture",)),
    Claim("optimal-batch.deepseek",
          "For DeepSeek-V3 (37B of 671B parameters active, 8 of 256 experts per token) that "
          "batch is about 2,000 to 3,000 tokens.", "holds with a caveat", _deepseek,
          sources=("pope2026lecture", "deepseekv3", "deepseek2025day6"),
          where="deepseek-layouts"),
    Claim("optimal-batch.ridge-stable",
          "The ratio of FLOP/s to memory bandwidth, about 300, has stayed put from the A100 "
          "through the B100, so the batch is stable across generations.", "holds with a caveat",
          _ridge_stable, sources=("pope2026lecture", "nvidia2020a100", "nvidia2023h100",
                                  "nvidia2024h200", "nvidia2024b200", "nvidia2024gb200nvl72",
                                  "googlecloudtpu")),
    Claim("optimal-batch.kv-raises",
          "Counting the KV cache raises the optimal batch, since reading it competes with the "
          "weights for bandwidth.", "holds", _kv_raises, sources=("pope2026lecture",)),
    Claim("optimal-batch.practical",
          "Practical batches are 2 to 3 times the theoretical one, because real efficiency falls "
          "short of the roofline.", "holds with a caveat", _practical,
          sources=("pope2026lecture",)),
    Claim("optimal-batch.rack-rate",
          "A batch of about 2,000 every 20 ms gives one rack about 128,000 tokens per second.",
          "arithmetic slip", _rack_rate, sources=("pope2026lecture",)),
    Claim("optimal-batch.global-share",
          "Global demand is hundreds of millions of tokens per second, so even a small "
          "competitive deployment is about a thousandth of it.", "holds", _global_share,
          sources=("pope2026lecture",)),
)
