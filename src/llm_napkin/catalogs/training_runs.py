"""Published pre-training runs: parameters and training tokens, each with its source.

Only runs whose token count the developer published are here. For a mixture-of-experts model
`active_params` (used per token) and `total_params` (stored) differ; for a dense model they are
equal. Sizes of models in `catalogs.models` are taken from there.
"""

from dataclasses import dataclass

from . import Catalog
from . import models


@dataclass(frozen=True)
class TrainingRun:
    """One model's pre-training: its size and the tokens it saw."""

    name: str
    total_params: float
    active_params: float
    tokens: float  #: pre-training tokens
    year: int
    sources: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    notes: str = ""

    @property
    def is_moe(self) -> bool:
        """True when some parameters sit idle for each token."""
        return self.active_params < self.total_params


def _sized(name: str, **fields) -> TrainingRun:
    """A run of a model in `catalogs.models`, with its published sizes from there."""
    model = models.get(name)
    return TrainingRun(name=model.name, total_params=model.total_params,
                       active_params=model.active_params, **fields)


_HOFFMANN = "Hoffmann et al. (arXiv:2203.15556), Table 1"
_LLAMA3 = ("Llama Team, The Llama 3 Herd of Models (arXiv:2407.21783), section 1: 405B "
           "parameters on 15.6T tokens; Meta's Llama 3 and 3.1 model cards: 8B and 70B on over "
           "15T tokens")

RUNS = Catalog("training run", (
    _sized("GPT-3 175B", tokens=300e9, year=2020, sources=(_HOFFMANN,)),
    TrainingRun(name="Gopher 280B", aliases=("Gopher",), total_params=280e9, active_params=280e9,
                tokens=300e9, year=2021, sources=(_HOFFMANN,)),
    TrainingRun(name="Chinchilla 70B", aliases=("Chinchilla",), total_params=70e9,
                active_params=70e9, tokens=1.4e12, year=2022, sources=(_HOFFMANN,)),
    TrainingRun(name="Llama 2 70B", aliases=("Llama-2-70B",), total_params=70e9,
                active_params=70e9, tokens=2e12, year=2023,
                sources=("Touvron et al., Llama 2: Open Foundation and Fine-Tuned Chat Models "
                         "(arXiv:2307.09288), Table 1",)),
    TrainingRun(name="Llama 3 8B", aliases=("Llama-3-8B", "Llama 3.1 8B"), total_params=8e9,
                active_params=8e9, tokens=15e12, year=2024, sources=(_LLAMA3,)),
    _sized("Llama 3.1 70B", tokens=15e12, year=2024, sources=(_LLAMA3,)),
    _sized("Llama 3.1 405B", tokens=15.6e12, year=2024, sources=(_LLAMA3,)),
    TrainingRun(name="Qwen2.5 72B", aliases=("Qwen2.5-72B",), total_params=72.7e9,
                active_params=72.7e9, tokens=18e12, year=2024,
                sources=("Qwen Team, Qwen2.5 Technical Report (arXiv:2412.15115), abstract: 18 "
                         "trillion pre-training tokens; 72.7B parameters in the model card",)),
    _sized("DeepSeek-V3", tokens=14.8e12, year=2024,
           sources=("DeepSeek-AI, DeepSeek-V3 Technical Report (arXiv:2412.19437), abstract: "
                    "14.8T tokens",)),
    TrainingRun(name="Qwen3 235B-A22B", aliases=("Qwen3-235B-A22B", "Qwen3"),
                total_params=235e9, active_params=22e9, tokens=36e12, year=2025,
                sources=("Qwen Team, Qwen3 Technical Report (arXiv:2505.09388), abstract and "
                         "pre-training section: 235B total, 22B activated, about 36 trillion "
                         "pre-training tokens",)),
    _sized("Kimi K2", tokens=15.5e12, year=2025,
           sources=("Kimi Team, Kimi K2: Open Agentic Intelligence (arXiv:2507.20534), "
                    "abstract: 15.5T tokens",)),
))
get = RUNS.get  #: the run called `name`
names = RUNS.names  #: every run's name
