"""Claims of the lecture's fourth topic: pipelining, memory capacity and the scale-up domain
(chapter 4)."""

from .. import attention, expert_parallel, pipelining, serving
from ..catalogs import hardware, models
from ..show import fmt
from . import Claim

_L = ("pope2026lecture",)
DEEPEP_DISPATCH_S = 77e-6
"""DeepEP's low-latency dispatch of 128 tokens (hidden 7,168, top-8) over 8 H800s on 400 Gb/s
InfiniBand, as the DeepEP repository's README reports it."""
GPT4_RUMOURED_PARAMS = 1.8e12
"""GPT-4's size as rumoured in 2023 (The Decoder, reporting SemiAnalysis); never confirmed by
OpenAI."""


def comm_ratio(model_name: str, chip_name: str, stages: int) -> float:
    """Fast-network over slow-network time per token per stage for `model_name` cut into
    `stages` stages, each a whole scale-up domain of `chip_name` (expert parallel over it)."""
    m, c = models.get(model_name), hardware.get(chip_name)
    return pipelining.scaleup_over_scaleout(
        top_k=m.experts_per_token, d_model=m.d_model, moe_layers_per_stage=m.moe_layers / stages,
        gpus_per_domain=c.scaleup_domain, scaleup_bandwidth=c.scaleup_bandwidth,
        scaleout_bandwidth=c.scaleout_bandwidth)


def sequences_that_fit(model_name: str, chip_name: str, context: float,
                       precision: str = "fp8") -> float:
    """Sequences of `context` tokens whose bf16 KV cache fits in one scale-up domain of
    `chip_name` beside `model_name`'s weights."""
    m, c = models.get(model_name), hardware.get(chip_name)
    return serving.largest_batch_in_memory(c.hbm_bytes * c.scaleup_domain,
                                           m.weight_bytes(precision), context,
                                           attention.kv_bytes_per_token(m))


def _layers_on_racks():
    v3, h100 = models.get("DeepSeek-V3"), hardware.get("H100 SXM")
    servers = expert_parallel.fewest_domains(v3, "fp8", 8, h100.hbm_bytes)
    per_gpu = pipelining.memory_per_gpu(weight_bytes=v3.weight_bytes("fp8"), batch=0, context=0,
                                        kv_bytes_per_token=0, expert_ways=8, stages=2)
    return (f"DeepSeek-V3's fp8 weights ({fmt.si(v3.weight_bytes('fp8'), 'B')}) do not fit the "
            f"{fmt.si(8 * h100.hbm_bytes, 'B')} of one H100 server; {servers:.0f} servers hold "
            f"them, and cut into 2 stages of 8 GPUs each GPU keeps {fmt.si(per_gpu, 'B')} of "
            f"weights, leaving room for the KV cache.")


def _comm_ratio():
    return (f"Bytes inside a stage over bytes at its boundary are 2·k·L·(g−1)/g; the bandwidth "
            f"ratio u/o divides that, it does not multiply it. The conclusion survives: per token, "
            f"DeepSeek-V3 in 4 stages of H100 servers spends "
            f"{fmt.sig(comm_ratio('DeepSeek-V3', 'H100 SXM', 4), 2)} times as long on NVLink as "
            f"between servers; Kimi K2 in 2 stages of GB200 NVL72 racks {fmt.sig(comm_ratio('Kimi K2', 'GB200 NVL72', 2), 2)} times.")


def _cut():
    v3 = models.get("DeepSeek-V3")
    inside = pipelining.stage_all_to_all_bytes(top_k=8, d_model=v3.d_model,
                                               moe_layers_per_stage=v3.moe_layers / 4,
                                               gpus_per_domain=8)
    return (f"A token sends {fmt.si(inside, 'B')} through the all-to-alls of one of 4 stages of "
            f"DeepSeek-V3 and {fmt.si(pipelining.stage_boundary_bytes(v3.d_model), 'B')} across "
            f"the boundary: the cheap cut runs between layers, the expensive one inside the fast "
            f"network.")


def _inference_bubbles():
    return (f"With as many micro-batches in flight as stages, every stage has work at every step; "
            f"a training step with m micro-batches instead idles (p−1)/(m+p−1) of the time, "
            f"{fmt.percent(pipelining.idle_share(4, 4))} for 4 stages and 4 micro-batches.")


def _training():
    return (f"Micro-batch × stages is the least global batch that fills the pipeline once, and "
            f"there GPipe and 1F1B still idle {fmt.percent(pipelining.idle_share(8, 8))} of the "
            f"time with 8 stages; at 4 micro-batches per stage, GPipe's rule of thumb, "
            f"{fmt.percent(pipelining.idle_share(8, 32))}. Zero-bubble and DualPipe schedules cut "
            f"the rest without a larger batch.")


def _memory():
    return ("The formula holds when every GPU holds an equal share of every weight; with "
            "attention copied on each GPU (data-parallel attention), the copied part does not "
            "divide by the expert ways.")


def _kv():
    return ("With b sequences per stage the batch is P·b and the cache per GPU is b·L·K/E: P "
            "cancels (derived symbolically in the chapter), while the weights per GPU fall as 1/P.")


def _rack():
    gb200, gb300 = hardware.get("GB200 NVL72"), hardware.get("GB300 NVL72")
    return (f"A GB200 NVL72 holds {fmt.si(gb200.hbm_bytes * 72, 'B')}, a GB300 NVL72 "
            f"{fmt.si(gb300.hbm_bytes * 72, 'B')}. Kimi K2 in fp8 "
            f"({fmt.si(models.get('Kimi K2').weight_bytes('fp8'), 'B')}) leaves room for "
            f"{fmt.sig(sequences_that_fit('Kimi K2', 'GB200 NVL72', 131_072))} sequences of 128K "
            f"tokens on a GB200 rack; the rumoured 1.8T parameters of GPT-4 in fp8 would fill "
            f"{fmt.percent(GPT4_RUMOURED_PARAMS / (gb200.hbm_bytes * 72))} of it.")


def _bandwidth():
    h100, gb200 = hardware.get("H100 SXM"), hardware.get("GB200 NVL72")
    weights = GPT4_RUMOURED_PARAMS  # fp8: one byte per parameter
    server = pipelining.domain_weight_read_time(weights, 8, h100.hbm_bandwidth)
    rack = pipelining.domain_weight_read_time(weights, 72, gb200.hbm_bandwidth)
    return (f"72/8 = 9 times the GPUs per domain; with Blackwell's faster HBM the weight read of "
            f"a rumoured 1.8T-parameter model in fp8 falls from {fmt.seconds(server)} on an H100 "
            f"server to {fmt.seconds(rack)} on a GB200 rack, {fmt.sig(server / rack, 2)} times. "
            f"That sizes stalled for this reason is a reading of history the model cannot test.")


def _tpu():
    h100, v5p = hardware.get("H100 SXM"), hardware.get("TPU v5p")
    return (f"A TPU v5p pod joins {v5p.scaleup_domain:,} chips by ICI, "
            f"{fmt.si(v5p.hbm_bandwidth * v5p.scaleup_domain, 'B/s')} of HBM bandwidth against "
            f"{fmt.si(h100.hbm_bandwidth * 8, 'B/s')} in an H100 server. Whether Google served "
            f"larger models because of it is not public.")


def _hop():
    v3, h100 = models.get("DeepSeek-V3"), hardware.get("H100 SXM")
    hop = pipelining.hop_time(256, d_model=v3.d_model, scaleout_bandwidth=h100.scaleout_bandwidth)
    return (f"256 tokens per GPU of DeepSeek-V3's activations cross 400 Gb/s in "
            f"{fmt.seconds(hop)}; DeepEP's measured all-to-all of 128 tokens with 8 copies each "
            f"takes {fmt.seconds(DEEPEP_DISPATCH_S)}. A millisecond per hop is "
            f"{fmt.sig(1e-3 / hop, 2)} times the bandwidth time: it needs a slower network or "
            f"software overheads the lecture does not name.")


def _not_wise():
    k2 = models.get("Kimi K2")
    return (f"With Attention Residuals every layer reads the outputs of all earlier layers, so a "
            f"token crossing the middle of Kimi K2's {k2.layers} layers would carry "
            f"{k2.layers // 2} layers' outputs, "
            f"{fmt.si(k2.layers // 2 * pipelining.stage_boundary_bytes(k2.d_model), 'B')} instead "
            f"of {fmt.si(pipelining.stage_boundary_bytes(k2.d_model), 'B')}; the paper's block "
            f"variant keeps only block summaries. Pipelining saves weight memory (above).")


CLAIMS = (
    Claim("pipelining.layers-on-racks",
          "Pipeline parallelism puts consecutive layers on different racks; it is needed when a "
          "model outgrows one rack's memory or to scale past one scale-up domain.",
          "holds", _layers_on_racks, _L),
    Claim("pipelining.comm-ratio",
          "Scale-up time over scale-out time is the bandwidth ratio times the experts per token "
          "times the layers per stage times 2, so the traffic between stages does not bind.",
          "holds with a caveat", _comm_ratio, _L, "pipelining-communication"),
    Claim("pipelining.cut-follows-model",
          "Experts are cut across GPUs and layers across racks: the hardware cut follows the "
          "model's own dimensions.", "holds", _cut, _L, "pipelining-communication"),
    Claim("pipelining.inference-bubbles",
          "In inference, pipeline bubbles are hidden by keeping several sequences in flight, as "
          "on an assembly line.", "holds", _inference_bubbles,
          _L + ("huang2019gpipe",), "pipelining-bubbles"),
    Claim("pipelining.training-microbatches",
          "In training, micro-batches avoid bubbles, and the global batch is the micro-batch "
          "times the number of stages.", "holds with a caveat", _training,
          _L + ("huang2019gpipe", "narayanan2021megatron", "qi2023zerobubble",
                "deepseek2025dualpipe"), "pipelining-bubbles"),
    Claim("pipelining.memory-per-gpu",
          "Memory per GPU is (total parameters + batch × context × KV bytes per token) divided "
          "by (expert ways × pipeline stages).", "holds with a caveat", _memory, _L,
          "pipelining-memory"),
    Claim("pipelining.kv-no-saving",
          "Pipelining saves no KV-cache memory: the batch must grow with the stages, so the "
          "stages cancel.", "holds", _kv, _L, "pipelining-memory"),
    Claim("pipelining.rack-holds",
          "One Blackwell rack, about 10 to 20 TB, holds even a multi-trillion-parameter model "
          "and its KV cache.", "holds", _rack, _L + ("nvidia2024gb200nvl72",
                                                     "nvidia2025gb300nvl72"),
          "pipelining-memory"),
    Claim("pipelining.bandwidth-not-capacity",
          "Model sizes stalled after GPT-4 because of memory bandwidth, not capacity: going from "
          "8 to 72 GPUs per domain gives 9 times the bandwidth for the weight read.",
          "holds with a caveat", _bandwidth, _L + ("decoder2023gpt4",), "pipelining-domain"),
    Claim("pipelining.tpu-advantage",
          "Google's large TPU scale-up domains let it serve larger models at acceptable latency.",
          "holds with a caveat", _tpu, _L + ("googlecloudtpu",), "pipelining-domain"),
    Claim("pipelining.hop-latency",
          "A hop between racks costs on the order of milliseconds; four stages add about 10 ms "
          "per token.", "off by a factor", _hop, _L + ("deepseek2025deepep",), "pipelining-hop"),
    Claim("pipelining.not-wise",
          "Pipelining constrains the architecture (residual connections that reach across "
          "stages are hard, as in Kimi's), though it saves memory capacity.", "holds", _not_wise,
          _L + ("kimi2026attnres",), "pipelining-wise"),
    Claim("pipelining.attribution",
          "Ilya Sutskever has said that pipelining is not wise.", "source not found",
          "The book found no public statement of this remark; it rests on the lecture alone.",
          _L, "pipelining-wise"),
)
