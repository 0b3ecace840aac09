import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from llm_napkin import attention, expert_parallel, moe, parameters, roofline
from llm_napkin.catalogs import hardware, models, quality

H100 = dict(flops=989.4e12, bandwidth=3.35e12)
V3 = models.get("DeepSeek-V3")
LAYOUT = dict(top_k=8, d_model=7168, gpus_per_domain=8, scaleup_bandwidth=450e9,
              scaleout_bandwidth=50e9)


# -- the sparsity trade --------------------------------------------------------------------------

def test_demand_at_knee_by_hand():
    # knee = ridge x total/active in bf16: 295.34 x 671/37 = 5,356 tokens; 20 ms steps.
    demand = moe.demand_at_knee(total_params=671e9, active_params=37e9, step_time=0.02, **H100)
    assert demand == pytest.approx(989.4e12 / 3.35e12 * 671 / 37 / 0.02)


def test_fp8_weights_leave_the_demand_unchanged_on_nvidia():
    # fp8 halves the bytes per weight and doubles the FLOP/s: the knee stays where it was.
    bf16 = moe.demand_at_knee(total_params=671e9, active_params=37e9, step_time=0.02, **H100)
    fp8 = moe.demand_at_knee(total_params=671e9, active_params=37e9, step_time=0.02,
                             flops=2 * H100["flops"], bandwidth=H100["bandwidth"],
                             bytes_per_param=1)
    assert fp8 == pytest.approx(bf16)


def test_max_sparsity_by_hand_and_as_the_inverse_of_demand():
    # 100,000 tokens/s at 20 ms fill 2,000 sequences: 2,000 / 295.34 = 6.77 times sparser.
    s = moe.max_sparsity(demand=1e5, step_time=0.02, **H100)
    assert s == pytest.approx(2000 / (989.4e12 / 3.35e12))
    back = moe.demand_at_knee(total_params=s * 37e9, active_params=37e9, step_time=0.02, **H100)
    assert back == pytest.approx(1e5)


def test_max_sparsity_matches_sympy_solve_of_demand_at_knee():
    S, N, D, t, F, beta, b = sp.symbols("S N D t F beta b", positive=True)
    demand = moe.demand_at_knee(total_params=S * N, active_params=N, flops=F, bandwidth=beta,
                                step_time=t, bytes_per_param=b)
    solved = sp.solve(sp.Eq(demand, D), S)[0]
    closed = moe.max_sparsity(demand=D, flops=F, bandwidth=beta, step_time=t, bytes_per_param=b)
    assert sp.simplify(solved - closed) == 0
    assert sp.simplify(closed - 2 * D * t * beta / (b * F)) == 0


def test_replica_chips_by_hand():
    # 671 GB of fp8 weights read in 20 ms at 3.35 TB/s per chip: 10.0 chips.
    assert moe.replica_chips(671e9, 3.35e12, 0.02) == pytest.approx(671e9 / 3.35e12 / 0.02)


def test_quality_table_matches_deepspeed_moe_table_2():
    dense, sparse = quality.get("Dense 1.3B"), quality.get("350M+MoE-128")
    assert dense.scores[0] == 63.65 and sparse.scores[0] == 62.70  # LAMBADA
    assert quality.get("350M+PR-MoE-32/64").scores[0] == dense.scores[0]
    assert sparse.total_params / dense.total_params == pytest.approx(10, rel=0.01)
    assert all(len(r.scores) == len(quality.QUALITY_TASKS) and "Table 2" in r.source
               for r in quality.QUALITY)
    with pytest.raises(ValueError, match="known results: Dense 350M"):
        quality.get("GPT-5")


# -- experts on GPUs -----------------------------------------------------------------------------

def test_experts_per_gpu_by_hand():
    assert expert_parallel.experts_per_gpu(256, 64) == 4  # the lecture's example
    assert expert_parallel.experts_per_gpu(384, 64) == 6  # Kimi K2
    assert expert_parallel.experts_per_gpu(256, 72) == 4  # 3.56 on average, 4 on the fullest GPU
    assert list(expert_parallel.experts_per_gpu(256, np.array([8, 320]))) == [32, 1]


def test_deepseek_v3_expert_sizes_by_hand():
    # one expert: 3 matrices of 7,168 x 2,048; 256 per layer; 58 MoE layers
    expert = 3 * 7168 * 2048
    assert expert_parallel.routed_params(V3) == 58 * 256 * expert
    assert expert_parallel.layer_expert_bytes(V3, "fp8") == 256 * expert
    attention_params = attention.params_per_layer(V3)
    assert expert_parallel.active_params_per_moe_layer(V3) == attention_params + 7168 * 256 + 9 * expert


def test_weights_per_gpu_copy_the_dense_part_and_split_the_experts():
    # Every GPU copies all but the routed experts: embeddings 2 x 129,280 x 7,168 = 1,853,358,080;
    # attention 61 x 187,105,280 = 11,413,422,080; 3 dense feed-forward layers of 3 x 7,168 x
    # 18,432 = 1,189,085,184; routers 58 x 7,168 x 256 = 106,430,464; shared experts 58 x 3 x
    # 7,168 x 2,048 = 2,554,331,136; in all 17,116,626,944. The routed experts, 58 x 256 x
    # 44,040,192 = 653,908,770,816, are split.
    assert expert_parallel.copied_params(V3) == 17_116_626_944
    # fp8, 16 GPUs: 17.117 GB + 653.909 GB / 16 = 57.986 GB (57,985,925,120 B)
    assert expert_parallel.weight_bytes_per_gpu(V3, "fp8", 16) == pytest.approx(57_985_925_120)
    # bf16 doubles it; on 8 GPUs fp8 needs 98.9 GB per GPU: more than an H100's 80 GB
    assert expert_parallel.weight_bytes_per_gpu(V3, "bf16", 16) == pytest.approx(2 * 57_985_925_120)
    assert expert_parallel.weight_bytes_per_gpu(V3, "fp8", 8) == pytest.approx(98_855_223_296)
    # 80 GB leaves 62.88 GB for experts: 653.9 GB / (8 x 62.88 GB) = 1.3, so 2 domains of 8
    assert expert_parallel.fewest_domains(V3, "fp8", 8, 80e9) == 2
    # 186 GB leaves 168.9 GB: 653.9 GB / (72 x 168.9 GB) = 0.05, one domain of 72
    assert expert_parallel.fewest_domains(V3, "fp8", 72, 186e9) == 1
    # at half the HBM for weights, 40 GB leaves 22.88 GB: 653.9 / (8 x 22.88) = 3.57, so 4
    assert expert_parallel.fewest_domains(V3, "fp8", 8, 80e9, weight_share=0.5) == 4
    assert expert_parallel.fewest_domains(V3, "bf16", 8, 20e9) == np.inf  # the copied part alone overflows


def test_the_byte_forms_of_the_weight_layout_take_symbols():
    # the forms a live widget calls with catalog bytes: 17.117 GB copied, 653.909 GB split
    copied, routed, gpus, hbm = sp.symbols("copied routed gpus hbm", positive=True)
    per_gpu = expert_parallel.split_weight_bytes(copied, routed, gpus)
    numbers = {copied: 17_116_626_944, routed: 653_908_770_816, gpus: 16, hbm: 80e9}
    assert float(per_gpu.subs(numbers)) == pytest.approx(57_985_925_120)
    fewest = expert_parallel.fewest_domains_for(copied, routed, 8, hbm)
    assert float(fewest.subs(numbers)) == 2
    assert fewest.subs(numbers | {hbm: 10e9}) == sp.oo  # the copied part alone overflows
    with pytest.raises(ValueError, match="routed_bytes"):
        expert_parallel.split_weight_bytes(1e9, 0, 8)


def test_with_experts_recomputes_the_sizes():
    assert moe.with_experts(V3, 256, 8) is V3  # nothing changed: the published sizes stay
    same = moe.with_experts(V3, 256, 7)
    assert same.total_params == pytest.approx(V3.total_params, rel=0.01)
    half = moe.with_experts(V3, 128, 7)
    # only the router, which scores every expert, shrinks in the active count
    router = V3.moe_layers * V3.d_model * 128
    assert same.active_params - half.active_params == router
    assert same.total_params - half.total_params == expert_parallel.routed_params(V3) / 2 + router


@pytest.mark.parametrize("call, name", [
    (lambda: moe.with_experts(V3, 8, 16), "top_k must be at most experts"),
    (lambda: moe.with_experts(models.get("Llama 3.1 70B"), 8, 2), "is dense"),
    (lambda: expert_parallel.experts_per_gpu(256, 0), "gpus"),
    (lambda: expert_parallel.weight_bytes_per_gpu(V3, "int4", 8), "precision"),
    (lambda: expert_parallel.fewest_domains(V3, "fp8", 8, 80e9, weight_share=2), "weight_share"),
    (lambda: moe.max_sparsity(demand=-1, step_time=0.02, **H100), "demand"),
    (lambda: moe.demand_at_knee(total_params=1, active_params=1, step_time=0, **H100),
     "step_time"),
    (lambda: expert_parallel.dispatch_bytes(0, 7168), "top_k"),
    (lambda: expert_parallel.remote_share(float("nan")), "parts"),
    (lambda: expert_parallel.all_to_all_time(100, **(LAYOUT | dict(domains=0))), "domains"),
    (lambda: expert_parallel.all_to_all_time(100, **(LAYOUT | dict(domains=2, scaleout_bandwidth=0))),
     "scaleout_bandwidth"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


# -- the all-to-all ------------------------------------------------------------------------------

def test_dispatch_bytes_by_hand():
    # DeepSeek-V3: 8 copies of 7,168 bf16 values = 114,688 bytes out, as many back
    assert expert_parallel.dispatch_bytes(8, 7168) == 8 * 7168 * 2


def test_shares_of_remote_copies():
    assert expert_parallel.remote_share(2) == 0.5 and expert_parallel.remote_share(1) == 0
    assert expert_parallel.scaleout_copies(8, 2) == 4
    assert expert_parallel.scaleout_copies(8, 2, deduplicate=True) == pytest.approx(1 - 0.5**8)
    assert expert_parallel.scaleup_copies(8, 8, 1) == 7
    assert expert_parallel.scaleup_copies(8, 8, 2) == 3.5
    assert expert_parallel.scaleup_copies(8, 8, 2, deduplicate=True) == 7


def test_all_to_all_time_by_hand():
    # one domain of 8 H100s, 100 tokens per GPU: 2 x 100 x 7 copies x 14,336 B / 450 GB/s
    one = expert_parallel.all_to_all_time(100, domains=1, **LAYOUT)
    assert one == pytest.approx(2 * 100 * 7 * 7168 * 2 / 450e9)
    # two domains: 4 copies over 50 GB/s outweigh 3.5 over 450 GB/s
    two = expert_parallel.all_to_all_time(100, domains=2, **LAYOUT)
    assert two == pytest.approx(2 * 100 * 4 * 7168 * 2 / 50e9)
    assert expert_parallel.spanning_slowdown(top_k=8, gpus_per_domain=8, domains=2, scaleup_bandwidth=450e9,
                                 scaleout_bandwidth=50e9) == pytest.approx(two / one)


def test_spanning_slowdown_tends_to_the_bandwidth_ratio_times_g_over_g_minus_1():
    far = expert_parallel.spanning_slowdown(top_k=8, gpus_per_domain=8, domains=1e6, scaleup_bandwidth=450e9,
                                scaleout_bandwidth=50e9)
    assert far == pytest.approx(9 * 8 / 7, rel=1e-5)


def test_comm_to_compute_by_hand_and_free_of_the_batch():
    # One DeepSeek-V3 layer, a token multiplies 585,302,016 weights (attention 187,105,280 +
    # router 1,835,008 + 9 experts of 44,040,192): 2 x 585,302,016 / 1,978.9e12 = 0.5915 µs in
    # fp8 on an H100. Its all-to-all inside one domain of 8: 2 x 7 copies x 14,336 B / 450 GB/s
    # = 0.4460 µs. The ratio is 0.754, whatever the batch.
    assert expert_parallel.active_params_per_moe_layer(V3) == 585_302_016
    ratio = expert_parallel.comm_to_compute(active_params_per_layer=585_302_016,
                                            flops=1978.9e12, domains=1, **LAYOUT)
    assert ratio == pytest.approx((2 * 7 * 14_336 / 450e9) / (2 * 585_302_016 / 1978.9e12))
    assert ratio == pytest.approx(0.75398, abs=1e-5)
    # Across 2 domains the slow network sets it: 2 x 4 copies x 14,336 B / 50 GB/s = 2.294 µs
    two = expert_parallel.comm_to_compute(active_params_per_layer=585_302_016,
                                          flops=1978.9e12, domains=2, **LAYOUT)
    assert two == pytest.approx(3.8776, abs=1e-4)


def test_symbolic_all_to_all_matches_the_lecture_form():
    b, k, d, g, R, up, out = sp.symbols("b k d g R up out", positive=True)
    t = expert_parallel.all_to_all_time(b, top_k=k, d_model=d, gpus_per_domain=g, domains=R,
                            scaleup_bandwidth=up, scaleout_bandwidth=out, activation_bytes=2)
    slow = t.args[0] if t.args[0].has(out) else t.args[1]
    assert sp.simplify(slow - 2 * b * k * d * 2 * (R - 1) / R / out) == 0


layouts = st.fixed_dictionaries(dict(
    top_k=st.integers(1, 16), d_model=st.integers(256, 16384),
    gpus_per_domain=st.sampled_from([4, 8, 72, 144]),
    scaleup_bandwidth=st.floats(1e10, 4e12), scaleout_bandwidth=st.floats(1e9, 4e11),
    deduplicate=st.booleans()))


@given(layout=layouts, r1=st.integers(1, 256), r2=st.integers(1, 256),
       tokens=st.floats(1, 1e4))
def test_more_domains_never_speed_up_the_all_to_all_when_scaleout_is_twice_slower(layout, r1, r2,
                                                                                  tokens):
    # With a slow network at least half as fast as the fast one, spreading over more domains can
    # help, since each GPU then sends over both networks at once; below that it never does.
    lo, hi = sorted((r1, r2))
    if layout["scaleup_bandwidth"] < 2 * layout["scaleout_bandwidth"]:
        return
    times = [expert_parallel.all_to_all_time(tokens, domains=r, **layout) for r in (lo, hi)]
    assert times[0] <= times[1] * (1 + 1e-12)


@given(layout=layouts, domains=st.integers(1, 256))
def test_deduplication_never_sends_more_across_domains(layout, domains):
    plain = expert_parallel.scaleout_copies(layout["top_k"], domains)
    dedup = expert_parallel.scaleout_copies(layout["top_k"], domains, deduplicate=True)
    assert dedup <= plain + 1e-12
    assert dedup <= domains - 1 + 1e-12  # at most one copy to each other domain


@given(layout=layouts, domains=st.integers(1, 64), tokens=st.floats(1, 1e4))
def test_symbolic_and_numeric_all_to_all_agree(layout, domains, tokens):
    names = ("top_k", "d_model", "gpus_per_domain", "scaleup_bandwidth", "scaleout_bandwidth")
    syms = {name: sp.Symbol(name, positive=True) for name in names}
    b, R = sp.symbols("b R", positive=True)
    expr = expert_parallel.all_to_all_time(b, domains=R, deduplicate=layout["deduplicate"], **syms)
    values = {syms[n]: layout[n] for n in names} | {b: tokens, R: domains}
    numeric = expert_parallel.all_to_all_time(tokens, domains=domains, **layout)
    assert float(expr.subs(values)) == pytest.approx(float(numeric), rel=1e-9)
