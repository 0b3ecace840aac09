"""Claims of the lecture's third topic: mixture of experts, and experts on GPUs and racks
(chapter 3)."""

from . import Claim

CLAIMS = (
    Claim("moe.trade",
          "A mixture-of-experts model stores all its parameters but computes with the active "
          "ones, trading memory capacity for compute.", "not yet checked",
          sources=("pope2026lecture",)),
    Claim("moe.quality",
          "A sparse model with more total but the same active parameters matches or beats a "
          "dense one: 64 experts with 370M active matched a 1.3B dense model.", "not yet checked",
          sources=("pope2026lecture",)),
    Claim("moe.until-users-run-out",
          "Keep raising sparsity until there are not enough users to fill the batch, or memory "
          "runs out.", "not yet checked", sources=("pope2026lecture",)),
    Claim("moe.experts-per-gpu",
          "Expert parallelism puts different experts on different GPUs: 256 experts on 64 GPUs "
          "is 4 per GPU, with an all-to-all between them.", "not yet checked",
          sources=("pope2026lecture",)),
    Claim("moe.scale-ratio",
          "The network between racks is about 8 times slower than the one inside a rack.",
          "not yet checked", sources=("pope2026lecture",)),
    Claim("moe.half-crosses",
          "Split over two racks, half the all-to-all traffic crosses the slow links and becomes "
          "the bottleneck.", "not yet checked", sources=("pope2026lecture",)),
    Claim("moe.one-rack",
          "So one rack bounds the size of an expert layer: a layer's experts should stay in one "
          "scale-up domain.", "not yet checked", sources=("pope2026lecture",)),
    Claim("moe.physical-limits",
          "Bigger domains are held back by cabling density, power, weight and cooling; going "
          "from 8 GPUs (Hopper) to 72 (Blackwell) meant moving from trays to racks, and about 500 "
          "(Rubin) needs new rack designs.", "not yet checked", sources=("pope2026lecture",)),
)
