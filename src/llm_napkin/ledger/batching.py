"""Claims of the lecture's first topic: batching, cost per token and latency (chapter 1)."""

from . import Claim

CLAIMS = (
    Claim("batching.most-important",
          "Serving many users in one batch is the biggest single lever on the cost of inference.",
          "not yet checked", sources=("pope2026lecture",)),
    Claim("batching.batch-one",
          "At batch 1 a token is very expensive, because the whole weight read serves one token; "
          "larger batches share that read.", "not yet checked", sources=("pope2026lecture",)),
    Claim("batching.u-shape",
          "Cost per token against batch is U-shaped: very high at small batches, approaching a "
          "floor at large ones.", "not yet checked", sources=("pope2026lecture",)),
    Claim("batching.compute-floor",
          "The floor of that curve is set by compute time alone.", "not yet checked",
          sources=("pope2026lecture",)),
    Claim("batching.latency-floor",
          "No batch answers faster than the time to read the weights; on current HBM that is "
          "about 15 to 20 ms, the time to read all of HBM once.", "not yet checked",
          sources=("pope2026lecture",)),
    Claim("batching.fast-slow",
          "A fast mode is a smaller batch at a higher price per token, a slow mode a larger batch "
          "at a lower one, and waiting longer stops paying at the floor.", "not yet checked",
          sources=("pope2026lecture",)),
)
