"""Published figures of DeepSeek-V3/R1 served at scale, each with its source.

Two reports give a frontier-size model's decode throughput together with the layout that
produced it: DeepSeek's own overview of its production system (open-infra-index, "Day 6: One
More Thing", 1 March 2025), and the SGLang team's reproduction on 12 nodes of 8 H100s (LMSYS
blog, 5 May 2025). Figures are as published: throughput per node of 8 GPUs (tokens/s), speeds
per user (tokens/s), lengths in tokens. The formulas that set them against the model are in
`llm_napkin.layouts`.
"""

from dataclasses import dataclass

from . import Catalog

DEEPSEEK_DAY6 = ("DeepSeek-AI, Day 6: One More Thing, DeepSeek-V3/R1 Inference System Overview "
                 "(open-infra-index, 1 March 2025); https://github.com/deepseek-ai/"
                 "open-infra-index/blob/main/202502OpenSourceWeek/"
                 "day_6_one_more_thing_deepseekV3R1_inference_system_overview.md")
LMSYS_EP = ("The SGLang Team, Deploying DeepSeek with PD Disaggregation and Large-scale Expert "
            "Parallelism on 96 H100 GPUs (LMSYS blog, 5 May 2025); "
            "https://lmsys.org/blog/2025-05-05-large-scale-ep/")


@dataclass(frozen=True)
class ServingReport:
    """One published decode deployment of DeepSeek-V3/R1: its layout and what it achieved."""

    name: str
    chip: str  #: a name in catalogs.hardware
    model: str  #: a name in catalogs.models
    precision: str  #: weights and their matmuls
    gpus_per_node: int
    decode_nodes: int  #: nodes in one decode deployment unit
    attention_tp: int  #: 1: attention (and shared expert) data parallel on every GPU
    expert_gpus: int  #: expert-parallel degree of the routed experts
    redundant_experts: int
    decode_throughput_per_node: float  #: output tokens/s per node in decode
    context: float  #: KV-cache length per sequence (tokens) behind that throughput
    speed_per_user: tuple[float, float] | None  #: (low, high) output tokens/s per sequence
    batch_per_gpu: float | None  #: sequences per GPU, where published
    prefill_throughput_per_node: float | None  #: input tokens/s per node in prefill
    figures: tuple[tuple[str, str], ...]  #: (figure, its source text)
    sources: tuple[str, ...]
    notes: str = ""
    aliases: tuple[str, ...] = ()


REPORTS = Catalog("serving report", (
    ServingReport(
        name="DeepSeek production", aliases=("DeepSeek", "Day 6"),
        chip="H800", model="DeepSeek-V3", precision="fp8", gpus_per_node=8,
        decode_nodes=18, attention_tp=1, expert_gpus=144, redundant_experts=32,
        decode_throughput_per_node=14.8e3, context=4989, speed_per_user=(20, 22),
        batch_per_gpu=None, prefill_throughput_per_node=73.7e3,
        figures=(
            ("decode layout", "Routed Expert EP144, MLA/Shared Expert DP144; a unit spans 18 "
                              "nodes with 32 redundant routed experts, 2 routed and 1 shared "
                              "expert per GPU"),
            ("prefill layout", "Routed Expert EP32, MLA/Shared Expert DP32; a unit spans 4 "
                               "nodes with 32 redundant routed experts, 9 routed and 1 shared "
                               "expert per GPU"),
            ("precision", "matmuls and dispatch in FP8; core MLA and combine in BF16"),
            ("nodes", "peak 278, average 226.75 nodes of 8 H800 over 24 hours (27-28 February "
                      "2025, V3 and R1 together)"),
            ("tokens in a day", "608B input, of which 342B (56.3%) hit the on-disk KV cache; "
                                "168B output"),
            ("speed per user", "average output speed 20-22 tokens/s"),
            ("KV length", "average KV-cache length per output token 4,989"),
            ("throughput per node", "about 73.7k input tokens/s in prefill (cache hits "
                                    "included) or about 14.8k output tokens/s in decode"),
            ("cost", "$87,072 a day at $2 per H800-hour"),
        ),
        sources=(DEEPSEEK_DAY6,),
        notes="Averages over a day of real traffic, on nodes whose number follows the load; "
              "the overview does not give the batch per GPU, nor whether multi-token "
              "prediction was on. The LMSYS blog's comparison table lists its batch as 128.",
    ),
    ServingReport(
        name="SGLang on 96 H100", aliases=("LMSYS", "SGLang"),
        chip="H100 SXM", model="DeepSeek-V3", precision="fp8", gpus_per_node=8,
        decode_nodes=9, attention_tp=1, expert_gpus=72, redundant_experts=32,
        decode_throughput_per_node=22_282, context=2000, speed_per_user=None,
        batch_per_gpu=256, prefill_throughput_per_node=54_543,
        figures=(
            ("cluster", "12 nodes of 8 H100 on InfiniBand; prefill on 4 nodes (EP32), decode "
                        "on 9 nodes (EP72), DP attention, 288 experts with EPLB"),
            ("decode throughput", "22,282 tokens/s per node for 2K inputs, batch 256 "
                                  "sequences per GPU (5.2 times the TP16 baseline)"),
            ("simulated MTP", "17,373 tokens/s per node at 4K inputs, batch 128, attention "
                              "slowed to DeepSeek's profile; 60% acceptance assumed"),
            ("prefill throughput", "57,674, 54,543 and 50,302 tokens/s per node for 1K, 2K "
                                   "and 4K prompts"),
            ("DeepSeek, as the blog reads it", "batch 128, KV 4,989, 18 nodes, 14,800 tokens/s "
                                               "per node; DeepSeek's profile: batch 128, KV "
                                               "4,096, 16 nodes, 18,598"),
        ),
        sources=(LMSYS_EP,),
        notes="A benchmark, not a day of traffic: decode measured with unlimited prefill "
              "capacity, on uniform 2,000-token inputs.",
    ),
))
get = REPORTS.get  #: the report called `name`
names = REPORTS.names
