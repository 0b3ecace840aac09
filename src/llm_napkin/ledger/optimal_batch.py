"""Claims of the lecture's second topic: the optimal batch size (chapter 2)."""

from . import Claim

CLAIMS = (
    Claim("optimal-batch.300-sparsity",
          "Setting the weight-read time equal to the multiply time gives a batch of about 300 "
          "times the sparsity.", "not yet checked", sources=("pope2026lecture",)),
    Claim("optimal-batch.deepseek",
          "For DeepSeek-V3 (37B of 671B parameters active, 8 of 256 experts per token) that "
          "batch is about 2,000 to 3,000 tokens.", "not yet checked", sources=("pope2026lecture",)),
    Claim("optimal-batch.ridge-stable",
          "The ratio of FLOP/s to memory bandwidth, about 300, has stayed put from the A100 "
          "through the B100, so the batch is stable across generations.", "not yet checked",
          sources=("pope2026lecture",)),
    Claim("optimal-batch.kv-raises",
          "Counting the KV cache raises the optimal batch, since reading it competes with the "
          "weights for bandwidth.", "not yet checked", sources=("pope2026lecture",)),
    Claim("optimal-batch.practical",
          "Practical batches are 2 to 3 times the theoretical one, because real efficiency falls "
          "short of the roofline.", "not yet checked", sources=("pope2026lecture",)),
    Claim("optimal-batch.rack-rate",
          "A batch of about 2,000 every 20 ms gives one rack about 128,000 tokens per second.",
          "not yet checked", sources=("pope2026lecture",)),
    Claim("optimal-batch.global-share",
          "Global demand is hundreds of millions of tokens per second, so even a small "
          "competitive deployment is about a thousandth of it.", "not yet checked",
          sources=("pope2026lecture",)),
)
