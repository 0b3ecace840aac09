"""Claims of the lecture's third topic: mixture of experts, and experts on GPUs and racks
(chapter 3)."""

from .. import expert_parallel, layouts, moe, scaleup, serving
from ..catalogs import hardware, models, quality, systems
from ..show import fmt
from . import Claim

STEP_TIME = 0.02
"""Seconds per token per user at which chapter 3 checks the demand a model needs."""

SMALL_DEMAND = 1e5
"""Tokens per second of a small service, chapter 3's example."""


def _h100():
    return hardware.get("H100 SXM")


def _v3():
    return models.get("DeepSeek-V3")


def _trade() -> str:
    v3, h100 = _v3(), _h100()
    readings = layouts.knee_readings(v3, h100)
    return (f"DeepSeek-V3 stores {fmt.sig(moe.model_sparsity(v3))} times the parameters it "
            f"multiplies for each token; on H100s, with one copy of its weights over all the "
            f"GPUs and the whole step overlapped, its knee batch is "
            f"{fmt.sig(serving.Deployment(h100, v3).knee_batch())} tokens against "
            f"{fmt.sig(serving.ridge_point(h100))} for a dense model. The price of the trade is "
            f"a larger batch; how large depends on the layout (with data-parallel attention, as "
            f"DeepSeek serves it, {fmt.sig(readings['data-parallel attention'])} per 8-GPU "
            f"node).")


def _wins(result, dense) -> int:
    return sum(s >= d for s, d in zip(result.scores, dense.scores))


def _quality() -> str:
    dense = quality.get("Dense 1.3B")
    std, pyramid = quality.get("350M+MoE-128"), quality.get("350M+PR-MoE-32/64")
    tasks = len(quality.QUALITY_TASKS)
    return (f"Not found as stated. The closest published result, DeepSpeed-MoE's (table 2): "
            f"{fmt.count(std.active_params)} active parameters with {std.experts} experts match "
            f"or beat the dense {fmt.count(dense.active_params)} model on {_wins(std, dense)} "
            f"of {tasks} tasks at {fmt.sig(std.total_params / dense.total_params, 2)} times its "
            f"total parameters; the pyramid variant with up to {pyramid.experts} experts does "
            f"on {_wins(pyramid, dense)} of {tasks} at "
            f"{fmt.sig(pyramid.total_params / dense.total_params, 2)} times. The direction "
            f"holds; the figures do not.")


def _users() -> str:
    h100, v3 = _h100(), _v3()
    return (f"The largest total/active ratio a demand fills at its knee is the users streaming "
            f"at once over the chip's ridge point: "
            f"{fmt.sig(moe.max_sparsity_on(h100, SMALL_DEMAND, STEP_TIME), 2)} at "
            f"{fmt.sig(SMALL_DEMAND)} tokens/s and {fmt.seconds(STEP_TIME)} per token on H100s, "
            f"while DeepSeek-V3 needs {fmt.sig(moe.least_demand(v3, h100, STEP_TIME))} "
            f"tokens/s. The limit binds for a small service; at {fmt.sig(1e8)} tokens/s it is "
            f"{fmt.sig(moe.max_sparsity_on(h100, 1e8, STEP_TIME))}, beyond any model, and "
            f"memory and the network bind first.")


def _experts_per_gpu() -> str:
    nvl72 = systems.get("GB200 NVL72")
    return (f"256 / 64 = {expert_parallel.experts_per_gpu(256, 64):.0f}; Kimi K2's 384 "
            f"experts give {expert_parallel.experts_per_gpu(384, 64):.0f}. In a GB200 NVL72 "
            f"each GPU has a link to each of the {nvl72.switch_chips} switch chips, so one "
            f"switch lies between any two GPUs: two hops.")


def _scale_ratio() -> str:
    h100, gb200 = _h100(), hardware.get("GB200 NVL72")
    tpus = [c.scale_ratio for c in hardware.CHIPS if "TPU" in c.name]
    return (f"Per GPU and direction, NVLink over the GPU's network cards: H100 "
            f"{fmt.sig(h100.scale_ratio, 2)}, GB200 NVL72 {fmt.sig(gb200.scale_ratio, 2)} "
            f"(Blackwell doubled NVLink and kept the cards), TPUs {fmt.sig(min(tpus), 2)} to "
            f"{fmt.sig(max(tpus), 2)}. DeepSeek measured 160 against 50 GB/s on H800s: "
            f"{fmt.sig(160 / 50, 2)}. About 8 holds for Hopper's datasheets; the ratio has "
            f"since doubled.")


def _half_crosses() -> str:
    h100, gb200 = _h100(), hardware.get("GB200 NVL72")
    return (f"With the experts spread evenly over R domains, a share (R−1)/R of uniformly "
            f"routed copies leave their domain: "
            f"{fmt.percent(float(expert_parallel.remote_share(2)))} at 2. The all-to-all of a "
            f"top-8 layer then takes {fmt.sig(expert_parallel.spanning_slowdown_on(h100, 2, 8), 2)}"
            f" times as long on H100 servers and "
            f"{fmt.sig(expert_parallel.spanning_slowdown_on(gb200, 2, 8), 2)} times on GB200 "
            f"racks: the slow links set the pace.")


def _one_rack() -> str:
    h100, v3 = _h100(), _v3()
    fewest = int(expert_parallel.fewest_domains(v3, "fp8", h100.scaleup_domain, h100.hbm_bytes))
    one = expert_parallel.layer_times_at_knee(v3, h100, "fp8", 1)
    spread = expert_parallel.layer_times_at_knee(v3, h100, "fp8", fewest)
    return (f"DeepSeek-V3 in fp8 needs "
            f"{fmt.si(expert_parallel.weight_bytes_per_gpu(v3, 'fp8', 8), 'B')} per GPU in one "
            f"H100 server, more than its {fmt.si(h100.hbm_bytes, 'B')}, so its layers span at "
            f"least {fewest} servers; at the knee batch the all-to-all then takes "
            f"{fmt.sig(spread.ratio, 2)} times the layer's arithmetic, against "
            f"{fmt.sig(one.ratio, 2)} inside one server. DeepSeek trained over 8 servers, "
            f"limiting each token to 4 of them and crossing once per server, and decodes over "
            f"40: one rack per layer is a cost to weigh, not a hard limit.")


def _physical_limits() -> str:
    nvl72, dgx = systems.get("GB200 NVL72"), systems.get("DGX H100")
    ultra = systems.get("Rubin Ultra NVL576")
    nvl72_links = scaleup.links(nvl72.gpus, nvl72.links_per_gpu)
    return (f"DGX H100: {dgx.gpus} GPUs on one baseboard; GB200 NVL72: {nvl72.gpus} over a "
            f"copper spine of about {nvl72.cables:,} cables, exactly the most that one tier of "
            f"{nvl72.ports_per_switch}-port switch chips joins. With the same parts 144 packages "
            f"take {scaleup.two_tier_switch_chips(144, 18, 72):.0f} switch chips and "
            f"{fmt.sig(scaleup.two_tier_links(144, 18) / nvl72_links, 2)} times the links. The "
            f"'about 500' is {ultra.name} ({ultra.year}): {ultra.gpus} packages of four dies, "
            f"576 dies, about {fmt.si(ultra.power, 'W')} per rack; it is Rubin Ultra, not "
            f"Rubin, and counts dies.")


CLAIMS = (
    Claim("moe.trade",
          "A mixture-of-experts model stores all its parameters but computes with the active "
          "ones, trading memory capacity for compute.", "holds", _trade,
          sources=("pope2026lecture", "deepseekv3")),
    Claim("moe.quality",
          "A sparse model with more total but the same active parameters matches or beats a "
          "dense one: 64 experts with 370M active matched a 1.3B dense model.",
          "source not found", _quality,
          sources=("pope2026lecture", "rajbhandari2022deepspeedmoe", "fedus2022switch",
                   "lepikhin2021gshard")),
    Claim("moe.until-users-run-out",
          "Keep raising sparsity until there are not enough users to fill the batch, or memory "
          "runs out.", "holds with a caveat", _users, sources=("pope2026lecture",)),
    Claim("moe.experts-per-gpu",
          "Expert parallelism puts different experts on different GPUs: 256 experts on 64 GPUs "
          "is 4 per GPU, with an all-to-all between them that NVLink's switches serve in two "
          "hops.", "holds", _experts_per_gpu,
          sources=("pope2026lecture", "nvidia2024gb200")),
    Claim("moe.scale-ratio",
          "The network between racks is about 8 times slower than the one inside a rack.",
          "holds with a caveat", _scale_ratio, sources=("pope2026lecture", "deepseekv3")),
    Claim("moe.half-crosses",
          "Split over two racks, half the all-to-all traffic crosses the slow links and becomes "
          "the bottleneck.", "holds", _half_crosses, sources=("pope2026lecture",)),
    Claim("moe.one-rack",
          "So one rack bounds the size of an expert layer: a layer's experts should stay in one "
          "scale-up domain.", "holds with a caveat", _one_rack,
          sources=("pope2026lecture", "deepseekv3")),
    Claim("moe.physical-limits",
          "Bigger domains are held back by cabling density, power, weight and cooling; going "
          "from 8 GPUs (Hopper) to 72 (Blackwell) meant moving from trays to racks, and about 500 "
          "(Rubin) needs new rack designs.", "holds with a caveat", _physical_limits,
          sources=("pope2026lecture", "nvidia2022dgxh100", "semianalysis2024nvl72",
                   "tomshardware2025rubin")),
)
