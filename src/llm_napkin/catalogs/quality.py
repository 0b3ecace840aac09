"""Published comparisons of dense and mixture-of-experts models of the same active size."""

from dataclasses import dataclass

from . import Catalog


@dataclass(frozen=True)
class QualityResult:
    """One row of a published comparison of dense and mixture-of-experts models."""

    name: str
    active_params: float  #: parameters used per token (the paper's base model size)
    total_params: float  #: all parameters, as the paper gives them
    experts: int  #: experts per MoE layer (0 for dense; the largest layer's count for PR-MoE)
    scores: tuple[float, ...]  #: zero-shot accuracy (%), in the order of QUALITY_TASKS
    source: str
    notes: str = ""
    aliases: tuple[str, ...] = ()


QUALITY_TASKS = ("LAMBADA", "PIQA", "BoolQ", "RACE-h", "TriviaQA", "WebQs")

_DEEPSPEED_MOE = ("Rajbhandari et al., DeepSpeed-MoE (arXiv:2201.05596, ICML 2022), Table 2: "
                  "zero-shot accuracy of dense and MoE NLG models, all trained on 300B tokens")

QUALITY = Catalog("result", (
    QualityResult("Dense 350M", 350e6, 350e6, 0, (52.03, 69.31, 53.64, 31.77, 3.21, 1.57),
                  _DEEPSPEED_MOE),
    QualityResult("Dense 1.3B", 1.3e9, 1.3e9, 0, (63.65, 73.39, 63.39, 35.60, 10.05, 3.25),
                  _DEEPSPEED_MOE),
    QualityResult("Dense 6.7B", 6.7e9, 6.7e9, 0, (71.94, 76.71, 67.03, 37.42, 23.47, 5.12),
                  _DEEPSPEED_MOE),
    QualityResult("350M+MoE-128", 350e6, 13e9, 128, (62.70, 74.59, 60.46, 35.60, 16.58, 5.17),
                  _DEEPSPEED_MOE,
                  notes="128 experts, top-1, on every other layer (12 MoE layers)"),
    QualityResult("350M+PR-MoE-32/64", 350e6, 4e9, 64,
                  (63.65, 73.99, 59.88, 35.69, 16.30, 4.73), _DEEPSPEED_MOE,
                  notes="32 experts in 10 MoE layers, 64 in the last 2, plus a fixed MLP per MoE "
                        "layer (section 4.1), so its active parameters are somewhat above 350M; "
                        "the paper does not give the figure"),
    QualityResult("1.3B+MoE-128", 1.3e9, 52e9, 128, (69.84, 76.71, 64.92, 38.09, 31.29, 7.19),
                  _DEEPSPEED_MOE, notes="128 experts, top-1, on every other layer"),
))
get = QUALITY.get  #: the result called `name` (case, spaces and dashes do not matter)
