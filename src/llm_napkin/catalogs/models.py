"""Transformer models with their architectures and published sizes, each with its source.

Parameter counts are plain numbers. `total_params` and `active_params` are the published figures;
`llm_napkin.parameters` recomputes them from the architecture, part by part, and
`llm_napkin.attention` derives the KV cache from it; the tests check that the published and the
recomputed sizes agree.
"""

from dataclasses import dataclass

from .. import checks
from . import Catalog
from .precision import bytes_per_value

ATTENTION_TYPES = ("MHA", "GQA", "MQA", "MLA")


@dataclass(frozen=True)
class Model:
    """A decoder-only transformer, dense or mixture-of-experts."""

    name: str
    total_params: float  #: published total parameters
    active_params: float  #: published parameters used per token
    layers: int
    d_model: int
    vocab: int
    attention: str  #: 'MHA', 'GQA', 'MQA' or 'MLA'
    heads: int  #: query heads
    kv_heads: int  #: key/value heads (MLA: 0, it caches a latent instead)
    d_head: int  #: query/key head width (MLA: the non-rotary part)
    d_ff: int  #: hidden width of a dense feed-forward layer
    sources: tuple[str, ...]
    ffn_matrices: int = 3  #: 3 for gated (SwiGLU) feed-forward layers, 2 for plain ones
    tied_embeddings: bool = False
    learned_positions: int = 0  #: rows of a learned position table (0 for rotary)
    # mixture of experts
    experts: int = 0  #: routed experts per MoE layer
    experts_per_token: int = 0  #: routed experts each token visits
    shared_experts: int = 0  #: experts every token visits
    d_expert: int = 0  #: hidden width of one expert
    dense_layers: int | None = None  #: layers with a dense feed-forward (default: all if not MoE)
    # multi-head latent attention (DeepSeek-V2 and later)
    q_lora_rank: int = 0
    kv_lora_rank: int = 0
    rope_dim: int = 0
    v_head_dim: int = 0
    aliases: tuple[str, ...] = ()
    notes: str = ""

    def __post_init__(self):
        checks.one_of("attention", self.attention, ATTENTION_TYPES)

    @property
    def is_moe(self) -> bool:
        """True for a mixture-of-experts model (one with routed experts)."""
        return self.experts > 0

    @property
    def moe_layers(self) -> int:
        """Layers whose feed-forward block is a mixture of experts."""
        return self.layers - self.n_dense_layers

    @property
    def n_dense_layers(self) -> int:
        """Layers with a dense feed-forward block: `dense_layers` if given, else all layers of a
        dense model and none of an MoE one."""
        if self.dense_layers is not None:
            return self.dense_layers
        return 0 if self.is_moe else self.layers

    def weight_bytes(self, precision: str = "bf16") -> float:
        """Bytes to store every weight in `precision`."""
        return self.total_params * bytes_per_value(precision)


def _config(repo: str) -> str:
    return f"{repo} config.json on Hugging Face"


MODELS = Catalog("model", (
    Model(
        name="DeepSeek-V3", aliases=("DeepSeek V3", "DSV3"),
        total_params=671e9, active_params=37e9,
        layers=61, d_model=7168, vocab=129280, attention="MLA", heads=128, kv_heads=0,
        d_head=128, d_ff=18432, q_lora_rank=1536, kv_lora_rank=512, rope_dim=64, v_head_dim=128,
        experts=256, experts_per_token=8, shared_experts=1, d_expert=2048, dense_layers=3,
        sources=(
            "DeepSeek-AI, DeepSeek-V3 Technical Report (arXiv:2412.19437), section 1 and 4.2: "
            "671B total, 37B activated per token, 61 layers, 256 routed experts of which 8 "
            "activated, 1 shared expert, first 3 layers dense",
            _config("deepseek-ai/DeepSeek-V3"),
        ),
        notes="Published sizes exclude the 14B multi-token-prediction module.",
    ),
    Model(
        name="Kimi K2", aliases=("Kimi-K2", "K2"),
        total_params=1.04e12, active_params=32.6e9,
        layers=61, d_model=7168, vocab=163840, attention="MLA", heads=64, kv_heads=0,
        d_head=128, d_ff=18432, q_lora_rank=1536, kv_lora_rank=512, rope_dim=64, v_head_dim=128,
        experts=384, experts_per_token=8, shared_experts=1, d_expert=2048, dense_layers=1,
        sources=(
            "Kimi Team, Kimi K2: Open Agentic Intelligence (arXiv:2507.20534), section 2: 1.04T "
            "total, 32.6B activated, 384 experts with 8 activated, 64 attention heads",
            _config("moonshotai/Kimi-K2-Instruct"),
        ),
        notes="The configuration's architecture counts 1.03T parameters, 1.3% fewer than the "
              "report's 1.04T; the catalog keeps the report's figure.",
    ),
    Model(
        name="Llama 3.1 405B", aliases=("Llama-3.1-405B", "405B"),
        total_params=405e9, active_params=405e9,
        layers=126, d_model=16384, vocab=128256, attention="GQA", heads=128, kv_heads=8,
        d_head=128, d_ff=53248,
        sources=(
            "Llama Team, The Llama 3 Herd of Models (arXiv:2407.21783), Table 3",
            _config("meta-llama/Llama-3.1-405B"),
        ),
    ),
    Model(
        name="Llama 3.1 70B", aliases=("Llama-3.1-70B", "70B"),
        total_params=70.6e9, active_params=70.6e9,
        layers=80, d_model=8192, vocab=128256, attention="GQA", heads=64, kv_heads=8,
        d_head=128, d_ff=28672,
        sources=(
            "Llama Team, The Llama 3 Herd of Models (arXiv:2407.21783), Table 3",
            _config("meta-llama/Llama-3.1-70B") + " (70.6B in the model card)",
        ),
    ),
    Model(
        name="Mixtral 8x7B", aliases=("Mixtral", "Mixtral-8x7B"),
        total_params=46.7e9, active_params=12.9e9,
        layers=32, d_model=4096, vocab=32000, attention="GQA", heads=32, kv_heads=8,
        d_head=128, d_ff=14336, experts=8, experts_per_token=2, d_expert=14336,
        sources=(
            "Jiang et al., Mixtral of Experts (arXiv:2401.04088), section 2 and Table 1: 47B "
            "total, 13B active; 46.7B and 12.9B in the Mistral AI release notes",
            _config("mistralai/Mixtral-8x7B-v0.1"),
        ),
    ),
    Model(
        name="PaLM 540B", aliases=("PaLM",),
        total_params=540.35e9, active_params=540.35e9,
        layers=118, d_model=18432, vocab=256000, attention="MQA", heads=48, kv_heads=1,
        d_head=256, d_ff=73728, tied_embeddings=True,
        sources=("Chowdhery et al., PaLM: Scaling Language Modeling with Pathways "
                 "(arXiv:2204.02311), Table 1 and section 2",),
        notes="Multi-query attention: one key/value head shared by all 48 query heads.",
    ),
    Model(
        name="GPT-3 175B", aliases=("GPT-3",),
        total_params=175e9, active_params=175e9,
        layers=96, d_model=12288, vocab=50257, attention="MHA", heads=96, kv_heads=96,
        d_head=128, d_ff=49152, ffn_matrices=2, tied_embeddings=True, learned_positions=2048,
        sources=("Brown et al., Language Models are Few-Shot Learners (arXiv:2005.14165), "
                 "Table 2.1: 96 layers, d_model 12,288, 96 heads of 128, 2,048 context",),
        notes="Multi-head attention: every query head has its own key and value.",
    ),
    # Chapter 7 (context length): the sparse-attention DeepSeek models.
    Model(
        name="DeepSeek-V3.2", aliases=("DeepSeek V3.2", "DeepSeek-V3.2-Exp", "DSV3.2"),
        total_params=671e9, active_params=37e9,
        layers=61, d_model=7168, vocab=129280, attention="MLA", heads=128, kv_heads=0,
        d_head=128, d_ff=18432, q_lora_rank=1536, kv_lora_rank=512, rope_dim=64, v_head_dim=128,
        experts=256, experts_per_token=8, shared_experts=1, d_expert=2048, dense_layers=3,
        sources=(
            "DeepSeek-AI, DeepSeek-V3.2: the architecture of DeepSeek-V3.1-Terminus with DeepSeek "
            "Sparse Attention added (a lightning indexer choosing the top 2,048 cached tokens)",
            _config("deepseek-ai/DeepSeek-V3.2-Exp") + ": the V3 shapes plus index_topk 2048, "
            "index_n_heads 64, index_head_dim 128",
        ),
        notes="The indexer's own weights (about 14M per layer) are not in the parameter count.",
    ),
    Model(
        name="DeepSeek-V4-Pro", aliases=("DeepSeek V4", "DeepSeek-V4", "DSV4"),
        total_params=1.6e12, active_params=49e9,
        layers=61, d_model=7168, vocab=129280, attention="MQA", heads=128, kv_heads=1,
        d_head=512, d_ff=0, q_lora_rank=1536,
        experts=384, experts_per_token=6, shared_experts=1, d_expert=3072, dense_layers=0,
        sources=(
            "DeepSeek-AI, DeepSeek-V4: Towards Highly Efficient Million-Token Context Intelligence "
            "(arXiv:2606.19348), abstract: 1.6T parameters, 49B activated, one-million-token "
            "context",
            _config("deepseek-ai/DeepSeek-V4-Pro") + " (read from a copy of the file quoted in a "
            "public repository, not from Hugging Face itself): hidden_size 7168, 61 layers, 128 "
            "heads, num_key_value_heads 1, head_dim 512, q_lora_rank 1536, o_lora_rank 1024, "
            "o_groups 16, 384 routed experts of 3072 with 6 per token, 1 shared, vocab 129280, "
            "max_position_embeddings 1048576, sliding_window 128, index_topk 1024",
        ),
        notes="One key-value head of 512 shared by all 128 query heads, the same vector serving as "
              "key and value, and in 60 of 61 layers compressed 4x or 128x along the sequence "
              "(catalogs.sparse_schemes holds that layout). The plain MQA entry here ignores the "
              "compression and the shared key-value, so attention.kv_bytes_per_token over-counts "
              "its cache; use sparse_attention for it. Its low-rank query and grouped low-rank "
              "output projections are not modelled by parameters.counts, which therefore does "
              "not reproduce the published 49B active (see UNCOUNTED).",
    ),
))
get = MODELS.get  #: the model called `name` (case, spaces and dashes do not matter)
names = MODELS.names  #: every model's name

UNCOUNTED = {
    "DeepSeek-V4-Pro": "low-rank query and grouped low-rank output projections, compressors and "
                       "indexers, hyper-connections: outside parameters.counts",
}
"""Models whose parameters `parameters.counts` does not recompute, and why."""
