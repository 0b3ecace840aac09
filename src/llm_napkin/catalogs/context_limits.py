"""Published context limits of models over time, each with its date and source.

`tokens` is the longest context the provider offered for the model at `date` (year and month of
the announcement). `surcharge_above` is the context above which the provider charged more per
token, where it did (None: a flat price, or not recorded). Dates and limits come from the
providers' announcements or papers; where only a secondary page was found, the source says so.
"""

from dataclasses import dataclass

from . import Catalog


@dataclass(frozen=True)
class ContextLimit:
    name: str  #: the model
    provider: str
    date: str  #: 'YYYY-MM' of the announcement
    tokens: int  #: longest context offered
    sources: tuple[str, ...]
    surcharge_above: int | None = None
    notes: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def year(self) -> float:
        """The date as a fractional year (2023-11 -> 2023.875)."""
        year, month = self.date.split("-")
        return int(year) + (int(month) - 1) / 12


LIMITS = Catalog("context limit", (
    ContextLimit("GPT-3", "OpenAI", "2020-06", 2048, (
        "Brown et al., Language Models are Few-Shot Learners (arXiv:2005.14165), section 2.1: "
        "context window of 2,048 tokens",)),
    ContextLimit("GPT-3.5 Turbo", "OpenAI", "2023-03", 4096, (
        "OpenAI, Introducing ChatGPT and Whisper APIs (2023-03-01): gpt-3.5-turbo; 4,096-token "
        "context in the OpenAI model documentation",)),
    ContextLimit("GPT-4 32K", "OpenAI", "2023-03", 32768, (
        "OpenAI, GPT-4 (2023-03-14) https://openai.com/research/gpt-4: gpt-4-32k with a "
        "32,768-token context",)),
    ContextLimit("Claude (100K)", "Anthropic", "2023-05", 100_000, (
        "Anthropic, Introducing 100K Context Windows (2023-05-11) "
        "https://www.anthropic.com/news/100k-context-windows",)),
    ContextLimit("GPT-4 Turbo", "OpenAI", "2023-11", 128_000, (
        "OpenAI, New models and developer products announced at DevDay (2023-11-06): GPT-4 Turbo "
        "with a 128K context window",)),
    ContextLimit("Claude 2.1", "Anthropic", "2023-11", 200_000, (
        "Anthropic, Introducing Claude 2.1 (2023-11-21) https://www.anthropic.com/news/claude-2-1: "
        "200K-token context window",)),
    ContextLimit("Gemini 1.5 Pro", "Google", "2024-02", 1_000_000, (
        "Google, Our next-generation model: Gemini 1.5 (2024-02-15): 128K standard, up to 1 "
        "million tokens in preview; 2 million from 2024-06",)),
    ContextLimit("Llama 3.1 405B", "Meta", "2024-07", 131_072, (
        "Llama Team, The Llama 3 Herd of Models (arXiv:2407.21783), section 3.4.2: context "
        "extended to 128K tokens",)),
    ContextLimit("DeepSeek-V3", "DeepSeek", "2024-12", 131_072, (
        "DeepSeek-AI, DeepSeek-V3 Technical Report (arXiv:2412.19437), section 4.3: context "
        "extended to 32K, then 128K",)),
    ContextLimit("Gemini 2.5 Pro", "Google", "2025-03", 1_000_000, (
        "Google, Gemini 2.5: Our most intelligent AI model (2025-03-25): ships with a 1 million "
        "token context window",), surcharge_above=200_000),
    ContextLimit("GPT-4.1", "OpenAI", "2025-04", 1_047_576, (
        "OpenAI, Introducing GPT-4.1 in the API (2025-04-14) https://openai.com/index/gpt-4-1: "
        "up to 1 million tokens of context",)),
    ContextLimit("Llama 4 Scout", "Meta", "2025-04", 10_000_000, (
        "Meta, The Llama 4 herd (2025-04-05) https://ai.meta.com/blog/"
        "llama-4-multimodal-intelligence/: a 10M-token context window",),
        notes="Independent tests report that recall degrades well before 10M tokens."),
    ContextLimit("Claude Sonnet 4 (1M beta)", "Anthropic", "2025-08", 1_000_000, (
        "Anthropic API beta header context-1m-2025-08-07: 1M tokens in beta, input above 200K "
        "charged at 2x and output at 1.5x (as described by agentmastered.com/blog/"
        "1m-context-ga, 2026)",), surcharge_above=200_000),
    ContextLimit("GPT-5", "OpenAI", "2025-08", 400_000, (
        "OpenAI, Introducing GPT-5 for developers (2025-08-07): 400K total context (272K input, "
        "128K output)",)),
    ContextLimit("DeepSeek-V3.2-Exp", "DeepSeek", "2025-09", 131_072, (
        "DeepSeek-AI, DeepSeek-V3.2-Exp release (2025-09-29): 128K context, with DeepSeek "
        "Sparse Attention",)),
    ContextLimit("Gemini 3.1 Pro", "Google", "2026-02", 1_000_000, (
        "The lecture (pope2026lecture): Gemini 3.1 charges 50% more above 200K tokens",
        "basil-brightmoor.github.io/posts/2026-03-14-the-context-window-tax-just-disappeared: "
        "Gemini 3.1 Pro keeps a multiplier above 200K",), surcharge_above=200_000,
        notes="The month of release was not verified; the 1M window and the 200K price step were."),
    ContextLimit("GPT-5.4", "OpenAI", "2026-03", 1_000_000, (
        "aicentral.substack.com/p/the-million-token-models (2026): GPT-5.4 offers one million "
        "tokens",
        "basil-brightmoor.github.io (2026-03-14): GPT-5.4 applies 2x input and 1.5x output "
        "above 272K",), surcharge_above=272_000,
        notes="Secondary sources only; the month of release was not verified."),
    ContextLimit("Claude Opus 4.6 (1M GA)", "Anthropic", "2026-03", 1_000_000, (
        "agentmastered.com/blog/1m-context-ga: on 2026-03-13 Anthropic made the 1M window "
        "generally available for Opus 4.6 and Sonnet 4.6 with no premium above 200K",),
        notes="The long-context surcharge was dropped: one price per token up to 1M."),
    ContextLimit("DeepSeek-V4-Pro", "DeepSeek", "2026-04", 1_048_576, (
        "DeepSeek-AI, DeepSeek-V4 (arXiv:2606.19348): both models support one million tokens; "
        "config.json max_position_embeddings 1048576",)),
))
get = LIMITS.get
names = LIMITS.names
