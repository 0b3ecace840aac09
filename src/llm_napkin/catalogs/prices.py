"""API prices of frontier models, each with its source and the date it was read.

Prices change often; every entry says when its figures were read (`read`), and the chapter shows
that date. Prices are in US dollars per token (the lists print dollars per million tokens).
`None` marks a price the list does not have. A long-context tier applies above
`long_context_threshold` prompt tokens; `input_long` and `output_long` are its prices.
"""

from dataclasses import dataclass

from . import Catalog

M = 1e-6  # dollars per million tokens -> dollars per token

READ = "2026-11-28"
"""When the book read these prices (from stored copies of the pages named in each source)."""


@dataclass(frozen=True)
class PriceList:
    """One model's API prices (US dollars per token)."""

    name: str
    provider: str
    input: float  #: uncached input (prompt) tokens
    output: float  #: output (generated) tokens
    cached_input: float | None  #: input tokens read from the provider's prompt cache
    read: str  #: the date the prices were read (ISO)
    sources: tuple[str, ...]
    cache_write_5m: float | None = None  #: writing a cache entry kept 5 minutes
    cache_write_1h: float | None = None  #: writing a cache entry kept 1 hour
    cache_storage_per_hour: float | None = None  #: keeping one cached token one hour
    long_context_threshold: float | None = None  #: prompt tokens above which the long tier applies
    input_long: float | None = None
    output_long: float | None = None
    cached_input_long: float | None = None
    aliases: tuple[str, ...] = ()
    notes: str = ""

    @property
    def output_over_input(self) -> float:
        """How many times an output token costs an input token."""
        return self.output / self.input

    @property
    def cached_over_input(self) -> float | None:
        """A cache hit's price as a fraction of an uncached input token."""
        return None if self.cached_input is None else self.cached_input / self.input

    def surcharge(self, which: str) -> float | None:
        """The long-context surcharge on 'input' or 'output' (0.5 means 50% more), if any."""
        long = {"input": self.input_long, "output": self.output_long}[which]
        return None if long is None else long / getattr(self, which) - 1


_GEMINI_FORUM = ("Google AI Developers Forum, 'Gemini 2.5 Pro context cache pricing' (thread "
                 "92919), quoting the Gemini API pricing page: context cache $0.31 per M tokens "
                 "for prompts up to 200k, $0.625 above, storage $4.50 per M tokens per hour; "
                 "https://discuss.ai.google.dev/t/92919")
_GEMINI_CRATE = ("gemini-cost 0.1.0 (crates.io), tests/integration.rs, rates taken from "
                 "https://ai.google.dev/gemini-api/docs/pricing: Gemini 2.5 Pro input $1.25 per "
                 "M tokens up to 200k prompt tokens and $2.50 above, output $10; "
                 "https://docs.rs/crate/gemini-cost/latest/source/tests/integration.rs")
_CLAUDE = ("Anthropic, Claude API pricing page (platform.claude.com/docs/zh-CN/about-claude/"
           "pricing, model pricing table): base input, 5-minute cache writes, 1-hour cache "
           "writes, cache hits and refreshes, output, per MTok")
_DEEPSEEK = ("DeepSeek API docs, Models & Pricing (USD), "
             "https://api-docs.deepseek.com/quick_start/pricing-details-usd: deepseek-chat "
             "(DeepSeek-V3) cache hit $0.07, cache miss $0.27, output $1.10; deepseek-reasoner "
             "(DeepSeek-R1) $0.14, $0.55, $2.19 per M tokens")

PRICES = Catalog("price list", (
    PriceList(
        name="Gemini 2.5 Pro", provider="Google", read=READ,
        input=1.25 * M, output=10 * M, cached_input=0.31 * M,
        cache_storage_per_hour=4.50 * M,
        long_context_threshold=200_000, input_long=2.50 * M, output_long=15 * M,
        cached_input_long=0.625 * M,
        sources=(_GEMINI_CRATE, _GEMINI_FORUM,
                 "gemini-cost 0.1.0 README and src/pricing.rs: the long tier applies when the "
                 "prompt exceeds 200,000 tokens; output $15 per M tokens above it (Gemini API "
                 "pricing page)"),
        notes="Above 200K prompt tokens input doubles and output rises by half.",
    ),
    PriceList(
        name="Gemini 3 Pro Preview", provider="Google", read=READ, aliases=("Gemini 3 Pro",),
        input=2 * M, output=12 * M, cached_input=None,
        long_context_threshold=200_000, input_long=4 * M, output_long=18 * M,
        sources=("AIFreeAPI, 'Gemini 3 API Pricing & Quotas' (figures checked against Google "
                 "AI Studio on 2026-02-04): $2 input and $12 output per M tokens up to 200K "
                 "context, $4 and $18 above; https://www.aifreeapi.com/en/posts/"
                 "gemini-3-api-pricing-quota",),
        notes="A secondary source; the book found no stored copy of Google's own page for it.",
    ),
    PriceList(
        name="Claude Opus 4.5", provider="Anthropic", read=READ,
        input=5 * M, output=25 * M, cached_input=0.50 * M,
        cache_write_5m=6.25 * M, cache_write_1h=10 * M, sources=(_CLAUDE,),
    ),
    PriceList(
        name="Claude Sonnet 4.5", provider="Anthropic", read=READ,
        input=3 * M, output=15 * M, cached_input=0.30 * M,
        cache_write_5m=3.75 * M, cache_write_1h=6 * M, sources=(_CLAUDE,),
    ),
    PriceList(
        name="GPT-5.1", provider="OpenAI", read=READ,
        input=1.25 * M, output=10 * M, cached_input=0.125 * M,
        sources=("Koishi AI, 'OpenAI GPT-5.1 API: Pricing, Limits, and Model Specs': $1.25 "
                 "input, $0.125 cached input, $10 output per M tokens, 400K context; "
                 "https://koishiai.com/en/articles/openai-gpt-5-1-api-pricing-limits",),
        notes="OpenAI charges nothing to write its prompt cache.",
    ),
    PriceList(
        name="GPT-5.2", provider="OpenAI", read=READ,
        input=1.75 * M, output=14 * M, cached_input=0.175 * M,
        sources=("GitHub Docs, data/tables/copilot/models-and-pricing.yml (github/docs): "
                 "GPT-5.2 input $1.75, cached input $0.175, output $14.00 per M tokens",),
    ),
    PriceList(
        name="DeepSeek-V3 (deepseek-chat)", provider="DeepSeek", read=READ,
        aliases=("deepseek-chat", "DeepSeek-V3"),
        input=0.27 * M, output=1.10 * M, cached_input=0.07 * M, sources=(_DEEPSEEK,),
        notes="The cache lives on disk (DeepSeek's Context Caching on Disk).",
    ),
    PriceList(
        name="DeepSeek-R1 (deepseek-reasoner)", provider="DeepSeek", read=READ,
        aliases=("deepseek-reasoner", "DeepSeek-R1"),
        input=0.55 * M, output=2.19 * M, cached_input=0.14 * M, sources=(_DEEPSEEK,),
        notes="The prices DeepSeek's day of serving (Open Infra Index, day 6) bills at.",
    ),
))


get = PRICES.get  #: the entry called `name` (case, spaces and dashes do not matter)
names = PRICES.names  #: every entry's name


@dataclass(frozen=True)
class ServingDay:
    """A provider's published day of serving."""

    name: str
    nodes: float  #: average nodes in use over the day
    gpus_per_node: int
    price_per_gpu_hour: float  #: US dollars
    cost_per_day: float  #: US dollars, as published
    input_tokens: float  #: per day, cache hits included
    cached_tokens: float  #: input tokens that hit the cache
    output_tokens: float  #: per day
    prefill_tokens_per_node_second: float  #: input tokens per node per second while prefilling
    decode_tokens_per_node_second: float  #: output tokens per node per second while decoding
    output_speed: float  #: tokens per second each sequence sees
    kv_length: float  #: average KV cache length per output token
    revenue_per_day: float  #: US dollars, as published, at list prices
    sources: tuple[str, ...]


DEEPSEEK_DAY = ServingDay(
    name="DeepSeek-V3/R1, 27-28 February 2025", nodes=226.75, gpus_per_node=8,
    price_per_gpu_hour=2.0, cost_per_day=87_072, input_tokens=608e9, cached_tokens=342e9,
    output_tokens=168e9, prefill_tokens_per_node_second=73.7e3,
    decode_tokens_per_node_second=14.8e3, output_speed=21, kv_length=4_989,
    revenue_per_day=562_027,
    sources=("DeepSeek, Open Infra Index, 'Day 6: One More Thing, DeepSeek-V3/R1 Inference "
             "System Overview' (2025-03-01): average 226.75 nodes of 8 H800, $2 per GPU-hour, "
             "$87,072 a day; 608B input tokens of which 342B (56.3%) hit the on-disk KV cache; "
             "168B output tokens at 20-22 tokens/s, average KV length 4,989; ~73.7k input "
             "tokens/s per node prefilling, ~14.8k output tokens/s per node decoding; $562,027 "
             "a day at R1 prices, 545% cost profit margin; https://github.com/deepseek-ai/"
             "open-infra-index/blob/main/202502OpenSourceWeek/"
             "day_6_one_more_thing_deepseekV3R1_inference_system_overview.md",),
)
"""DeepSeek's published day (output_speed: the middle of the published 20-22 tokens/s)."""
