"""The findings of chapter 1's claims (llm_napkin.ledger.batching), against hand-worked numbers.

The running example: Llama 3.1 70B (70.6B parameters) in bf16 on 4 H100 SXM (989.4 TFLOP/s and
3.35 TB/s each, 80 GB), $2 per chip-hour. KV cache: 80 layers x 8 KV heads x 128 x 2 (K and V)
x 2 bytes = 327,680 bytes per token.
"""

import pytest

from llm_napkin import ledger
from llm_napkin.ledger import batching
from llm_napkin.show.views.batching import DEFAULTS


def finding(name: str) -> str:
    return next(c for c in batching.CLAIMS if c.key == f"batching.{name}").finding_text()


def test_the_example_is_the_widgets_default():
    d = batching.example()
    assert (d.chip.name, d.model.name, d.precision, d.chips) == ("H100 SXM", "Llama 3.1 70B",
                                                                 "bf16", 4)
    assert (batching.PRICE, batching.CONTEXT) == (DEFAULTS["price"], DEFAULTS["context"])


def test_batch_one_against_the_knee():
    text = finding("batch-one")
    # Weight read: 2 x 70.6e9 B / (4 x 3.35e12 B/s) = 10.54 ms; 4 chips x $2/h / 3600 s
    # = $0.002222/s; x 10.54 ms = $23.4e-6 per token.
    assert "$23.4 per M tokens at batch 1" in text
    # The knee is F/beta = 989.4e12 / 3.35e12 = 295.3, and the floor $23.42 / 295.3 = $0.0793.
    assert "$0.0793 per M tokens at the knee, 295 times less" in text


def test_most_important_compares_the_models_levers():
    text = finding("most-important")
    # fp8 halves the bytes and (at most half of HBM) the chips: 2 chips read 70.6 GB in the same
    # 10.5 ms, so half the chip-seconds per token. Four times the chips: 16 x (10.54 ms / 4),
    # the same chip-seconds.
    assert "cuts the cost per token 295 times" in text
    assert "fp8 weights (on 2 chips) divide it by 2.0" in text
    assert "four times the chips by 1.0" in text


def test_u_shape_is_an_l_in_the_model():
    assert "never rises over batches 1 to 65,536" in finding("u-shape")


def test_compute_floor_gives_way_to_the_cache_read():
    text = finding("compute-floor")
    # Context limit: (2 x 70.6e9 / 3.9576e15 s) / (327,680 / 1.34e13 s) = 3.568e-5 / 2.445e-8
    # = 1,459 tokens.
    assert "Beyond a context of 1,460 tokens" in text
    # At 32,768 tokens the cache read per token is 32,768 x 2.445e-8 s = 0.801 ms, x $0.002222/s
    # = $1.78e-6; 0.801 ms / 0.03568 ms = 22.5 times the compute floor.
    assert "$1.78 per M tokens, 22.5 times the compute floor" in text


def test_latency_floor_against_drain_times():
    text = finding("latency-floor")
    # 80 GB / 3.35 TB/s = 23.9 ms; 141 GB / 4.8 TB/s = 29.4 ms; 180 GB / 8 TB/s = 22.5 ms.
    assert "H100 SXM 23.9 ms, H200 29.4 ms, B200 22.5 ms" in text
    # 22.5 / 20 = 1.1 and 29.4 / 20 = 1.5.
    assert "1.1 to 1.5 times the lecture's 20 ms" in text
    assert "10.5 ms" in text


def test_fast_and_slow_modes():
    text = finding("fast-slow")
    # Fast: (141.2e9 + 8 x 1,024 x 327,680) B / (16 x 3.35e12 B/s) = 143.9e9 / 5.36e13 = 2.68 ms.
    assert "batch 8) 2.68 ms per token" in text
    # Slow: (141.2e9 + 512 x 1,024 x 327,680) / 1.34e13 = 312.9e9 / 1.34e13 = 23.4 ms.
    assert "batch 512) 23.4 ms" in text


def test_verdicts_are_on_the_scale_and_every_claim_is_checked():
    assert [c.verdict for c in batching.CLAIMS] == [
        "holds with a caveat", "holds", "holds with a caveat", "holds with a caveat",
        "off by a factor", "holds"]
    assert ledger.counts("batching")["not yet checked"] == 0


def test_example_rejects_an_unknown_precision():
    with pytest.raises(ValueError, match="precision"):
        batching.example(precision="int3")
