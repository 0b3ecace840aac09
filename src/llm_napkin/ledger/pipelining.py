"""Claims of the lecture's fourth topic: pipelining, memory capacity and the scale-up domain."""

from . import Claim

_L = ("pope2026lecture",)

CLAIMS = (
    Claim("pipelining.layers-on-racks",
          "Pipeline parallelism puts consecutive layers on different racks; it is needed when a "
          "model outgrows one rack's memory or to scale past one scale-up domain.",
          "not yet checked", sources=_L),
    Claim("pipelining.comm-ratio",
          "Scale-up time over scale-out time is the bandwidth ratio times the experts per token "
          "times the layers per stage times 2, so the traffic between stages does not bind.",
          "not yet checked", sources=_L),
    Claim("pipelining.cut-follows-model",
          "Experts are cut across GPUs and layers across racks: the hardware cut follows the "
          "model's own dimensions.", "not yet checked", sources=_L),
    Claim("pipelining.inference-bubbles",
          "In inference, pipeline bubbles are hidden by keeping several sequences in flight, as "
          "on an assembly line.", "not yet checked", sources=_L),
    Claim("pipelining.training-microbatches",
          "In training, micro-batches avoid bubbles, and the global batch is the micro-batch "
          "times the number of stages.", "not yet checked", sources=_L),
    Claim("pipelining.memory-per-gpu",
          "Memory per GPU is (total parameters + batch × context × KV bytes per token) divided "
          "by (expert ways × pipeline stages).", "not yet checked", sources=_L),
    Claim("pipelining.kv-no-saving",
          "Pipelining saves no KV-cache memory: the batch must grow with the stages, so the "
          "stages cancel.", "not yet checked", sources=_L),
    Claim("pipelining.rack-holds",
          "One Blackwell rack, about 10 to 20 TB, holds even a multi-trillion-parameter model "
          "and its KV cache.", "not yet checked", sources=_L),
    Claim("pipelining.bandwidth-not-capacity",
          "Model sizes stalled after GPT-4 because of memory bandwidth, not capacity: going from "
          "8 to 72 GPUs per domain gives 9 times the bandwidth for the weight read.",
          "not yet checked", sources=_L),
    Claim("pipelining.tpu-advantage",
          "Google's large TPU scale-up domains let it serve larger models at acceptable latency.",
          "not yet checked", sources=_L),
    Claim("pipelining.hop-latency",
          "A hop between racks costs on the order of milliseconds; four stages add about 10 ms "
          "per token.", "not yet checked", sources=_L),
    Claim("pipelining.not-wise",
          "Pipelining constrains the architecture (residual connections across stages are hard, "
          "as in Kimi's), though it saves memory capacity.", "not yet checked", sources=_L),
)
