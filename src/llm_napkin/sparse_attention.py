"""Sparse attention: which cached tokens one new token reads, and what that costs.

Dense attention reads every cached token, so a decoded token's KV bytes and attention FLOP grow
linearly with the context. Sparse designs read fewer: a sliding window reads a constant number; a
top-k design (DeepSeek Sparse Attention) reads a constant `top_k` but pays a cheap indexer that
still scores every cached token, a smaller linear term; native sparse attention (NSA) reads block
summaries (linear, with a small slope) plus constant selected blocks and a window. A two-level
scheme whose block size grows with the context reads about 2 sqrt(k C) tokens: the lecture's
"square root". Counts are tokens (or cached entries) per layer; bytes and FLOP are per layer too
unless a function says otherwise. Every function accepts numbers, NumPy arrays or SymPy symbols.
"""

from . import checks
from .catalogs.sparse_schemes import HybridCompressed, Indexer, NativeSparse
from .symbolic import minimum, sqrt

KINDS = ("dense", "window", "top-k", "NSA", "square root")
"""The sparse-attention kinds `tokens_read` knows."""


def dense_tokens(context):
    """Dense attention reads every cached token: `context`."""
    return checks.non_negative("context", context)


def window_tokens(context, window):
    """A sliding window reads the last `window` tokens, or all of a shorter context."""
    return minimum(checks.non_negative("context", context), checks.positive("window", window))


def top_k_tokens(context, top_k):
    """A top-k design reads the `top_k` tokens its indexer ranks highest (all, if fewer)."""
    return minimum(checks.non_negative("context", context), checks.positive("top_k", top_k))


def two_level_tokens(context, block, top_blocks):
    """Tokens read by a two-level scheme: one summary per block of `block` tokens, then the
    `top_blocks` best blocks in full. Valid while top_blocks x block <= context."""
    checks.non_negative("context", context)
    return context / checks.positive("block", block) + checks.positive("top_blocks",
                                                                      top_blocks) * block


def best_block(context, top_blocks):
    """The block size that minimises `two_level_tokens`: sqrt(context / top_blocks). Setting the
    derivative -C/b^2 + k to zero gives it."""
    return sqrt(checks.positive("context", context) / checks.positive("top_blocks", top_blocks))


def square_root_tokens(context, top_blocks):
    """Tokens read by the two-level scheme at its best block size: 2 sqrt(top_blocks x context),
    the lecture's square-root scaling."""
    return 2 * sqrt(checks.non_negative("context", context) * checks.positive("top_blocks",
                                                                            top_blocks))


def nsa_tokens(context, design: NativeSparse):
    """Tokens (and summaries) native sparse attention reads: context / stride block summaries,
    `selected` blocks of `block` tokens, and a window."""
    checks.non_negative("context", context)
    return (context / design.stride + minimum(context, design.selected * design.block)
            + minimum(context, design.window))


def tokens_read(kind, context, *, window=4096, top_k=2048, top_blocks=16,
                design: NativeSparse | None = None):
    """Cached tokens one new token reads per layer under attention `kind` (one of KINDS)."""
    checks.one_of("kind", kind, KINDS)
    if kind == "dense":
        return dense_tokens(context)
    if kind == "window":
        return window_tokens(context, window)
    if kind == "top-k":
        return top_k_tokens(context, top_k)
    if kind == "square root":
        return square_root_tokens(context, top_blocks)
    if design is None:
        raise ValueError("kind 'NSA' needs design=, a catalogs.sparse_schemes.NativeSparse")
    return nsa_tokens(context, design)


def indexer_flops_per_cached_token(heads, head_dim):
    """FLOP the indexer spends scoring one cached token for one new token, per layer: a dot
    product of `head_dim` for each of its `heads` heads (2 FLOP per multiply-add)."""
    return 2 * checks.positive("heads", heads) * checks.positive("head_dim", head_dim)


def indexer_bytes_per_cached_token(head_dim, key_bytes=1):
    """Bytes of indexer key one cached token adds per layer (and that scoring reads)."""
    return checks.positive("head_dim", head_dim) * checks.positive("key_bytes", key_bytes)


def bytes_per_decoded_token(read, kv_bytes, context=0, indexer_bytes=0):
    """Bytes one new token reads: `read` cached tokens of `kv_bytes` each, plus the indexer's
    key for every one of `context` cached tokens."""
    return (checks.non_negative("read", read) * checks.non_negative("kv_bytes", kv_bytes)
            + checks.non_negative("context", context)
            * checks.non_negative("indexer_bytes", indexer_bytes))


def flops_per_decoded_token(read, flops_per_token, context=0, indexer_flops=0):
    """Attention FLOP of one new token: `read` cached tokens at `flops_per_token` each, plus the
    indexer's scoring of all `context` cached tokens."""
    return (checks.non_negative("read", read)
            * checks.non_negative("flops_per_token", flops_per_token)
            + checks.non_negative("context", context)
            * checks.non_negative("indexer_flops", indexer_flops))


def indexer_crossover(top_k, per_token, indexer_per_token):
    """The context beyond which the indexer's linear cost exceeds the constant cost of the
    `top_k` tokens it selects (in bytes or in FLOP, whichever `per_token` and
    `indexer_per_token` are)."""
    return (checks.positive("top_k", top_k) * checks.positive("per_token", per_token)
            / checks.positive("indexer_per_token", indexer_per_token))


def indexer_costs(indexer: Indexer):
    """(bytes, FLOP) the `indexer` spends per cached token per layer."""
    return (indexer_bytes_per_cached_token(indexer.head_dim, indexer.key_bytes),
            indexer_flops_per_cached_token(indexer.heads, indexer.head_dim))


def hybrid_cache_bytes(context, design: HybridCompressed, entry_bytes=2):
    """Bytes a sequence of `context` tokens keeps in a hybrid compressed cache, all layers:
    context / ratio entries of `entry_width` values (`entry_bytes` each) in each compressed layer,
    plus the indexer's keys on the ratio-4 entries. The window is a constant and left out."""
    checks.non_negative("context", context)
    checks.positive("entry_bytes", entry_bytes)
    csa = design.csa_layers * context / design.csa_ratio
    hca = design.hca_layers * context / design.hca_ratio
    return ((csa + hca) * design.entry_width * entry_bytes
            + csa * indexer_bytes_per_cached_token(design.indexer.head_dim,
                                                   design.indexer.key_bytes))


def _hybrid_entries(context, design: HybridCompressed):
    """(cache entries one new token reads, all layers; ratio-4 entries its indexer scores)."""
    csa_entries = context / design.csa_ratio
    layers = design.csa_layers + design.hca_layers + design.window_layers
    read = (design.csa_layers * minimum(csa_entries, design.indexer.top_k)
            + design.hca_layers * context / design.hca_ratio
            + layers * minimum(context, design.window))
    return read, design.csa_layers * csa_entries


def hybrid_bytes_read(context, design: HybridCompressed, entry_bytes=2):
    """Cache bytes one new token reads, all layers: in ratio-4 layers the top-k entries plus
    every indexer key; in ratio-128 layers every entry; in every layer the window."""
    checks.non_negative("context", context)
    checks.positive("entry_bytes", entry_bytes)
    read, indexed = _hybrid_entries(context, design)
    return (read * design.entry_width * entry_bytes
            + indexed * indexer_bytes_per_cached_token(design.indexer.head_dim,
                                                       design.indexer.key_bytes))


def hybrid_flops(context, design: HybridCompressed, heads):
    """Attention FLOP of one new token, all layers: every entry read costs a score and a weighted
    sum over `entry_width` for each of `heads` query heads; the indexer scores every ratio-4
    entry."""
    checks.non_negative("context", context)
    read, indexed = _hybrid_entries(context, design)
    per_entry = 2 * 2 * design.entry_width * checks.positive("heads", heads)
    return read * per_entry + indexed * indexer_flops_per_cached_token(design.indexer.heads,
                                                                       design.indexer.head_dim)
