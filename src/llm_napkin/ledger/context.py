"""Claims of the lecture's seventh topic: context length, sparse attention and the memory wall."""

from . import Claim

_L = ("pope2026lecture",)

CLAIMS = (
    Claim("context.plateau",
          "Context lengths have sat at about 100K to 200K tokens for one to two years.",
          "not yet checked", sources=_L),
    Claim("context.balanced",
          "That is the balanced point where the cost of reading the KV cache starts to dominate.",
          "not yet checked", sources=_L),
    Claim("context.linear-term",
          "Attention's arithmetic grows quadratically with context, but the linear term "
          "dominates until millions of tokens.", "not yet checked", sources=_L),
    Claim("context.memory-bound",
          "The real limits are memory bandwidth (reading the KV cache) and capacity (storing "
          "it).", "not yet checked", sources=_L),
    Claim("context.sparse-sqrt",
          "Sparse attention such as DeepSeek's improves the scaling from linear to about the "
          "square root, but attending to too few tokens hurts quality.", "not yet checked",
          sources=_L),
    Claim("context.memory-wall",
          "HBM bandwidth improves little from one generation to the next.", "not yet checked",
          sources=_L),
    Claim("context.no-orders",
          "Without a breakthrough in memory or architecture, contexts will not grow by orders of "
          "magnitude.", "not yet checked", sources=_L),
    Claim("context.human-memory",
          "A human-like working memory might need about 100 million tokens of context.",
          "not yet checked", sources=_L),
)
