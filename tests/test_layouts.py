import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from llm_napkin import attention, expert_parallel, layouts, parameters
from llm_napkin.catalogs import hardware, models

H800, H100 = hardware.get("H800"), hardware.get("H100")
V3, LLAMA = models.get("DeepSeek-V3"), models.get("Llama 3.1 70B")
# DeepSeek's published decode layout: MLA and shared expert data parallel, routed experts over
# 144 GPUs with 32 redundant copies (2 per GPU), fp8 weights, fp8 dispatch, bf16 combine.
DECODE = layouts.Layout(H800, V3, "fp8", attention_tp=1, expert_gpus=144, redundant_experts=32,
                        dispatch_bytes=1, combine_bytes=2)
RIDGE_FP8 = 1978.9e12 / 3.35e12  # 590.7 FLOP per byte


def test_weights_per_gpu_by_part():
    counts = parameters.counts(V3)["total"]
    weights = layouts.weight_bytes(DECODE)
    # Data parallel: every GPU reads the whole shared expert, 58 layers x 3 x 7168 x 2048 weights
    # of one byte = 2.554 GB.
    assert weights["shared experts"] == pytest.approx(58 * 3 * 7168 * 2048)
    # Routed: 2 of a layer's 256 experts per GPU, 58 layers: 2 x 58 x 44.04M = 5.109 GB.
    assert weights["routed experts"] == pytest.approx(2 * 58 * 3 * 7168 * 2048)
    # Everything else (attention, embeddings, 3 dense layers, router) is the rest, 14.56 GB.
    rest = sum(counts.values()) - counts["routed experts"] - counts["shared experts"]
    assert weights["attention and dense"] == pytest.approx(rest)
    assert weights["attention and dense"] == pytest.approx(14.56e9, rel=1e-3)


def test_tensor_parallel_divides_the_shared_weights():
    tp = layouts.Layout(H800, V3, "fp8", attention_tp=8, expert_gpus=8)
    assert layouts.weight_bytes(tp)["attention and dense"] == pytest.approx(
        layouts.weight_bytes(DECODE)["attention and dense"] / 8)
    # 256 experts over 8 GPUs: 32 each.
    assert tp.expert_slots == 32


def test_tokens_each_weight_multiplies():
    tokens = layouts.tokens_multiplied(DECODE, 100)
    # Data parallel: the GPU's own 100 sequences. Routed: 144 x 100 x 8 / 288 = 400 per copy.
    assert tokens["attention and dense"] == 100 and tokens["shared experts"] == 100
    assert tokens["routed experts"] == pytest.approx(400)
    tp = layouts.Layout(H800, V3, "fp8", attention_tp=8, expert_gpus=8)
    # Tensor parallel over 8: each GPU multiplies its slice by the group's 800 tokens;
    # routed: 8 x 100 x 8 / 256 = 25 per expert.
    assert layouts.tokens_multiplied(tp, 100)["attention and dense"] == 800
    assert layouts.tokens_multiplied(tp, 100)["routed experts"] == pytest.approx(25)


def test_kv_bytes_and_attention_flop_by_hand():
    # MLA caches 512 + 64 values per layer per token, in bf16: 61 x 576 x 2 = 70,272 bytes.
    assert layouts.kv_bytes(DECODE, 1, 1) == pytest.approx(70_272)
    assert layouts.kv_bytes(DECODE, 88, 4989) == pytest.approx(88 * 4989 * 70_272)
    # Tensor parallel: MLA's latent is not split by head, so every GPU of the group reads the
    # group's whole cache, 8 times its own sequences'.
    tp = layouts.Layout(H800, V3, "fp8", attention_tp=8, expert_gpus=8)
    assert layouts.kv_bytes(tp, 1, 1) == pytest.approx(8 * 70_272)
    # GQA with 8 KV heads splits over 8 GPUs: no copy.
    llama = layouts.Layout(H100, LLAMA, "bf16", attention_tp=8)
    assert layouts.kv_bytes(llama, 1, 1) == pytest.approx(attention.kv_bytes_per_token(LLAMA))
    # Absorbed MLA: 128 heads x 2 x (2 x 512 + 64) = 278,528 FLOP per layer per cached token.
    assert layouts.attention_flop(DECODE, 1, 1) == pytest.approx(61 * 278_528)


def test_knees_by_part_by_hand():
    knees = layouts.knees(DECODE)
    # A part whose every weight multiplies every token turns compute bound at ridge x bytes / 2:
    # 590.7 x 1 / 2 = 295.4 sequences per GPU.
    assert knees["attention and dense"] == pytest.approx(RIDGE_FP8 / 2)
    assert knees["shared experts"] == pytest.approx(RIDGE_FP8 / 2)
    # Routed: 2 experts per GPU see 144 x B x 8 / 288 = 4B tokens each: B = 295.4 / 4 = 73.8.
    assert knees["routed experts"] == pytest.approx(RIDGE_FP8 / 2 / 4)
    # Tensor parallel 8 / expert parallel 8: the routed knee is 295.4 x 256 / 8 / 8 per GPU,
    # 9,452 per group of 8 (chapter 2's figure).
    tp = layouts.Layout(H800, V3, "fp8", attention_tp=8, expert_gpus=8)
    assert 8 * layouts.knees(tp)["routed experts"] == pytest.approx(RIDGE_FP8 / 2 * 32)


def test_step_knee_per_layer_is_the_largest_part_knee_and_per_step_a_weighted_one():
    assert layouts.step_knee(DECODE, overlap="layer") == pytest.approx(RIDGE_FP8 / 2)
    weights = sum(layouts.weight_bytes(DECODE).values())  # 22.23 GB
    # Each sequence multiplies 14.56 + 2.55 GB worth of shared weights and 4 x 5.11 of routed.
    per_sequence = (layouts.weight_bytes(DECODE)["attention and dense"]
                    + layouts.weight_bytes(DECODE)["shared experts"]
                    + 4 * layouts.weight_bytes(DECODE)["routed experts"])
    assert layouts.step_knee(DECODE, overlap="step") == pytest.approx(
        RIDGE_FP8 / 2 * weights / per_sequence)
    assert layouts.step_knee(DECODE, overlap="step") == pytest.approx(174.8, abs=0.1)


def test_mla_attention_never_turns_compute_bound_at_a_long_context_on_an_h800():
    # a/K = 278,528 / 1,152 = 241.8 FLOP per byte, below the H800's bf16 ridge of 295.4.
    assert layouts.knees(DECODE, 4989)["attention and dense"] == np.inf
    assert layouts.knees(DECODE, 100)["attention and dense"] < np.inf


def test_part_times_by_hand():
    memory, compute = layouts.part_times(DECODE, 88, 4989)["routed experts"]
    # 5.109 GB at 3.35 TB/s; 88 x 4 x 5.109e9 weights x 2 FLOP at 1,978.9 TFLOP/s.
    assert memory == pytest.approx(5.1087e9 / 3.35e12, rel=1e-4)
    assert compute == pytest.approx(2 * 352 * 5.1087e9 / 1978.9e12, rel=1e-4)
    memory, compute = layouts.part_times(DECODE, 88, 4989)["attention and dense"]
    assert memory == pytest.approx((14.5623e9 + 88 * 4989 * 70_272) / 3.35e12, rel=1e-4)
    # Weights at fp8 rate, core attention at bf16 rate.
    assert compute == pytest.approx(2 * 88 * 14.5623e9 / 1978.9e12
                                    + 88 * 4989 * 61 * 278_528 / 989.4e12, rel=1e-4)


def test_all_to_all_by_hand():
    up, out = layouts.all_to_all_bytes(DECODE, 88)
    # Per token and MoE layer: 8 copies of 7,168 values, 1 byte out and 2 back; 17 of 18 nodes
    # are remote, so 8 x 17/18 copies cross InfiniBand, 8 x 7/(18 x 8) stay on NVLink.
    per_copy = 7168 * 3
    assert out == pytest.approx(58 * 88 * per_copy * 8 * 17 / 18)
    assert up == pytest.approx(58 * 88 * per_copy * 8 * 7 / (18 * 8))
    # InfiniBand is the busier network: 50 GB/s per GPU.
    assert layouts.all_to_all_time(DECODE, 88) == pytest.approx(out / 50e9)
    # The same through expert_parallel's own function, at bf16 both ways.
    bf16 = layouts.Layout(H800, V3, "fp8", expert_gpus=144, redundant_experts=32)
    assert layouts.all_to_all_time(bf16, 88) == pytest.approx(58 * expert_parallel.all_to_all_time(
        88, top_k=8, d_model=7168, gpus_per_domain=8, domains=18, scaleup_bandwidth=200e9,
        scaleout_bandwidth=50e9))


def test_step_time_overlaps():
    times = layouts.part_times(DECODE, 200, 1000)
    layer = sum(max(m, c) for m, c in times.values())
    step = max(sum(m for m, _ in times.values()), sum(c for _, c in times.values()))
    network = layouts.all_to_all_time(DECODE, 200)
    assert layouts.step_time(DECODE, 200, 1000, "layer", "hidden") == pytest.approx(
        max(layer, network))
    assert layouts.step_time(DECODE, 200, 1000, "step", "serial") == pytest.approx(step + network)
    assert layer >= step


@given(st.floats(1, 2000), st.one_of(st.just(0.0), st.floats(1, 20_000)), st.sampled_from(layouts.OVERLAPS),
       st.sampled_from(layouts.COMMUNICATION))
def test_batch_for_step_time_inverts_step_time(batch, context, overlap, communication):
    # The largest batch whose step takes at most t: at least `batch`, and its step takes t
    # (in the flat, memory-bound stretch a larger batch takes as long).
    t = layouts.step_time(DECODE, batch, context, overlap, communication)
    found = layouts.batch_for_step_time(DECODE, t, context, overlap, communication)
    assert found >= batch * (1 - 1e-6)
    assert layouts.step_time(DECODE, found, context, overlap, communication) == \
        pytest.approx(t, rel=1e-6)


def test_batch_for_step_time_is_zero_when_the_weights_alone_take_longer():
    assert layouts.batch_for_step_time(DECODE, 1e-4) == 0


def test_largest_batch_by_hand():
    # 80 GB less 22.23 GB of weights, over 4,989 x 70,272 bytes per sequence: 164 sequences.
    assert layouts.largest_batch(DECODE, 4989) == 164
    # DeepSeek-V3 in fp8 (671 GB) does not fit on 8 H800s (640 GB).
    assert layouts.largest_batch(layouts.Layout(H800, V3, "fp8", attention_tp=8,
                                                expert_gpus=8), 1000) == 0


def test_sequences_per_gpu():
    # 14.8k tokens/s per node of 8 at 21 tokens/s per user: 88.1 sequences per GPU.
    assert layouts.sequences_per_gpu(14_800 / 8, 21) == pytest.approx(88.1, abs=0.05)


def test_dense_models_have_one_part_and_no_all_to_all():
    llama = layouts.Layout(H100, LLAMA, "bf16", attention_tp=8)
    assert list(layouts.weight_bytes(llama)) == ["attention and dense"]
    assert layouts.knees(llama)["attention and dense"] == pytest.approx(295.36 / 8, rel=1e-3)
    assert layouts.step_time(llama, 10) == pytest.approx(
        141.2e9 / 8 / 3.35e12, rel=0.02)  # memory bound: one eighth of the weights
    with pytest.raises(ValueError, match="dense"):
        layouts.all_to_all_time(llama, 10)


def test_symbols():
    B, L, T = sp.symbols("B L T", positive=True)
    knee = layouts.knees(DECODE, L)["attention and dense"]
    assert float(knee.subs(L, 0)) == pytest.approx(RIDGE_FP8 / 2)
    t = layouts.step_time(DECODE, B, L, "step", "serial")
    assert float(t.subs({B: 88, L: 4989})) == pytest.approx(
        layouts.step_time(DECODE, 88, 4989, "step", "serial"))
    assert isinstance(layouts.batch_for_step_time(DECODE, T, L), sp.Basic)
    assert isinstance(layouts.all_to_all_time(DECODE, B), sp.Basic)
    assert isinstance(layouts.kv_bytes(DECODE, B, L), sp.Basic)
    assert isinstance(layouts.step_knee(DECODE, L, "step"), sp.Basic)
    assert isinstance(layouts.sequences_per_gpu(B, T), sp.Basic)
    assert isinstance(layouts.largest_batch(DECODE, L), sp.Basic)
    assert isinstance(layouts.predicted_batch(DECODE, L, T), sp.Basic)
    assert isinstance(layouts.throughput_per_node(DECODE, B, L), sp.Basic)
    assert isinstance(layouts.part_times(DECODE, B, L)["routed experts"][1], sp.Basic)
    assert isinstance(layouts.attention_flop(DECODE, B, L), sp.Basic)
    assert isinstance(layouts.tokens_multiplied(DECODE, B)["routed experts"], sp.Basic)


@pytest.mark.parametrize("field, value, match", [
    ("attention_tp", 0, "attention_tp"), ("expert_gpus", -1, "expert_gpus"),
    ("redundant_experts", -2, "redundant_experts"), ("precision", "fp4", "fp4"),
    ("memory_efficiency", 1.5, "memory_efficiency"), ("dispatch_bytes", 0, "dispatch_bytes")])
def test_bad_layouts(field, value, match):
    args = dict(chip=H800, model=V3, precision="fp8", expert_gpus=8) | {field: value}
    with pytest.raises(ValueError, match=match):
        layouts.Layout(**args)


def test_bad_calls():
    with pytest.raises(ValueError, match="batch"):
        layouts.step_time(DECODE, 0)
    with pytest.raises(ValueError, match="context"):
        layouts.knees(DECODE, -1)
    with pytest.raises(ValueError, match="overlap"):
        layouts.step_time(DECODE, 1, overlap="both")
    with pytest.raises(ValueError, match="communication"):
        layouts.step_time(DECODE, 1, communication="none")
    with pytest.raises(ValueError, match="step_time"):
        layouts.batch_for_step_time(DECODE, 0)
    with pytest.raises(ValueError, match="dense"):
        layouts.Layout(H100, LLAMA, expert_gpus=8)


def test_knee_readings_of_deepseek_v3_on_h100_by_hand():
    readings = layouts.knee_readings(models.get("DeepSeek-V3"), hardware.get("H100 SXM"))
    ridge = 1978.9e12 / 3.35e12 / 2  # fp8: 1 byte per weight, so half the fp8 ridge point
    assert readings["data-parallel attention"] == pytest.approx(8 * ridge)       # 2,363
    assert readings["one copy, whole step"] == pytest.approx(ridge * 671 / 37)   # 5,356
    assert readings["tensor-parallel attention, per layer"] == pytest.approx(ridge * 256 / 8)
    with pytest.raises(ValueError, match="gpus"):
        layouts.knee_readings(models.get("DeepSeek-V3"), hardware.get("H100 SXM"), gpus=0)
