"""Claims of the lecture's fifth topic: over-training beyond Chinchilla."""

from . import Claim

_L = ("pope2026lecture",)

CLAIMS = (
    Claim("overtraining.chinchilla-20",
          "Chinchilla-optimal training uses about 20 tokens per parameter.", "not yet checked",
          sources=_L),
    Claim("overtraining.cost-model",
          "Pre-training costs about 6·N·D, RL (2 to 6)·N·D, inference 2·N·D, with N the active "
          "parameters.", "not yet checked", sources=_L),
    Claim("overtraining.equalize",
          "Total cost over a model's life is lowest when pre-training, RL and inference costs "
          "come out roughly equal.", "not yet checked", sources=_L),
    Claim("overtraining.equal-data",
          "So pre-training, RL and inference tokens are about equal, within factors of 2 to 3.",
          "not yet checked", sources=_L),
    Claim("overtraining.50m-tokens",
          "Serving 50 million tokens per second for two months is about 200 trillion tokens.",
          "not yet checked", sources=_L),
    Claim("overtraining.100x",
          "That implies about 100 times the Chinchilla-optimal data for a frontier model.",
          "not yet checked", sources=_L),
    Claim("overtraining.smaller-longer",
          "A model served to many users should be smaller and trained longer, because it is "
          "cheaper to serve.", "not yet checked", sources=_L),
    Claim("overtraining.from-prices",
          "Training data can be estimated from API prices and traffic by assuming the costs are "
          "equalized.", "not yet checked", sources=_L),
)
