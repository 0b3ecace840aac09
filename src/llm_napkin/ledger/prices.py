"""Claims of the lecture's sixth topic: reading costs back out of API prices."""

from . import Claim

_L = ("pope2026lecture",)

CLAIMS = (
    Claim("prices.long-context",
          "A 50% surcharge above 200K tokens marks the context where reading the KV cache takes "
          "as long as the matrix multiplies.", "not yet checked", sources=_L),
    Claim("prices.kv-bytes",
          "Solving for it gives about 1,667 bytes (about 2 KB) of KV cache per token.",
          "not yet checked", sources=_L),
    Claim("prices.kv-architecture",
          "That fits dense attention with KV shared across layers, 8 KV heads of width 128.",
          "not yet checked", sources=_L),
    Claim("prices.input-output",
          "Input tokens cost 3 to 5 times less than output tokens because decode is memory "
          "bound and prefill compute bound.", "not yet checked", sources=_L),
    Claim("prices.ratio-distance",
          "The input/output ratio shows how far below the compute roof decode runs.",
          "not yet checked", sources=_L),
    Claim("prices.cache-hits",
          "Cache hits cost about 10 times less than recomputing the KV cache.",
          "not yet checked", sources=_L),
    Claim("prices.cache-tiers",
          "Cache retention prices map onto memory tiers by drain time: HBM about 20 ms, DDR "
          "seconds, flash minutes, spinning disk hours.", "not yet checked", sources=_L),
    Claim("prices.flash-disk",
          "The 5-minute and 1-hour cache tiers, about 1.25 times apart in price, are likely "
          "flash and spinning disk.", "not yet checked", sources=_L),
)
