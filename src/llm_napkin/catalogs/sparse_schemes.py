"""Published sparse-attention designs with their hyperparameters, each with its source.

A design says which cached tokens (or compressed entries) one new token reads: a sliding window of
the last `window` tokens, the `top_k` tokens a cheap indexer ranks highest, or blocks chosen from
block summaries. The formulas that turn these numbers into bytes and FLOP per decoded token live
in `llm_napkin.sparse_attention`.
"""

from dataclasses import dataclass

from . import Catalog


@dataclass(frozen=True)
class Indexer:
    """A lightning indexer (DeepSeek Sparse Attention): a few small heads score every cached
    token so that the main attention reads only the `top_k` best."""

    top_k: int  #: tokens (or compressed entries) the main attention reads
    heads: int  #: indexer query heads
    head_dim: int  #: width of one indexer key (one cached per token and layer)
    key_bytes: float  #: bytes per value of a cached indexer key (fp8: 1)
    sources: tuple[str, ...]


DSA_V32 = Indexer(
    top_k=2048, heads=64, head_dim=128, key_bytes=1,
    sources=("DeepSeek-AI, DeepSeek-V3.2-Exp: Boosting Long-Context Efficiency with DeepSeek "
             "Sparse Attention (2025), section 2.1: a lightning indexer in FP8 selects the top-k "
             "key-value entries, k = 2048",
             "deepseek-ai/DeepSeek-V3.2-Exp config.json: index_topk 2048, index_n_heads 64, "
             "index_head_dim 128"),
)
"""DeepSeek-V3.2's indexer."""


@dataclass(frozen=True)
class NativeSparse:
    """Native sparse attention (NSA): three branches per query, read together: compressed block
    summaries over the whole context, the `selected` best blocks of `block` tokens, and a sliding
    window of the last `window` tokens."""

    stride: int  #: tokens between consecutive compressed summaries
    block: int  #: tokens in one selectable block
    selected: int  #: blocks each query reads in full
    window: int  #: tokens in the sliding window
    sources: tuple[str, ...]


NSA = NativeSparse(
    stride=16, block=64, selected=16, window=512,
    sources=("Yuan et al., Native Sparse Attention: Hardware-Aligned and Natively Trainable "
             "Sparse Attention (arXiv:2502.11089), section 4.1: compression block 32 with stride "
             "16, selection block 64, 16 selected blocks, sliding window 512",),
)


@dataclass(frozen=True)
class HybridCompressed:
    """DeepSeek-V4's hybrid attention: each layer caches one entry of `entry_width` values per
    `ratio` tokens. Compressed sparse attention (ratio 4) reads the indexer's `top_k` entries;
    heavily compressed attention (ratio 128) reads every entry; every layer also reads the last
    `window` uncompressed tokens."""

    name: str
    csa_layers: int  #: layers with ratio-4 compression and a top-k indexer
    hca_layers: int  #: layers with ratio-128 compression, read densely
    window_layers: int  #: layers with the sliding window only
    csa_ratio: int
    hca_ratio: int
    window: int
    entry_width: int  #: values in one cached entry (key and value are the same vector)
    indexer: Indexer
    sources: tuple[str, ...]
    aliases: tuple[str, ...] = ()


V4_PRO = HybridCompressed(
    name="DeepSeek-V4-Pro", csa_layers=29, hca_layers=31, window_layers=1, csa_ratio=4,
    hca_ratio=128, window=128, entry_width=512,
    indexer=Indexer(top_k=1024, heads=64, head_dim=128, key_bytes=1, sources=(
        "deepseek-ai/DeepSeek-V4-Pro config.json: index_topk 1024, index_n_heads 64, "
        "index_head_dim 128",)),
    sources=("deepseek-ai/DeepSeek-V4-Pro config.json (a copy quoted in a public repository): "
             "compress_ratios lists 128 for layers 0 and 1, then 4 and 128 alternating, and 0 "
             "(window only) for the last layer: 29 layers of ratio 4, 31 of ratio 128, 1 of 0; "
             "sliding_window 128; head_dim 512 with one key-value head",
             "DeepSeek-AI, DeepSeek-V4 (arXiv:2606.19348), abstract: Compressed Sparse Attention "
             "and Heavily Compressed Attention; at one million tokens V4-Pro needs 10% of "
             "DeepSeek-V3.2's KV cache"),
    aliases=("DeepSeek-V4",),
)

HYBRIDS = Catalog("hybrid attention design", (V4_PRO,))
