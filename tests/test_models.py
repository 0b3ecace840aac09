import pytest

from llm_napkin import attention, moe, parameters
from llm_napkin.catalogs import models


def test_deepseek_v3_mla_cache_is_70272_bytes_per_token_in_bf16():
    # 61 layers x (512 latent + 64 rotary key) x 2 bytes
    assert attention.kv_bytes_per_token(models.get("DeepSeek-V3"), "bf16") == 70_272


def test_gqa_mqa_mha_caches_by_hand():
    # 2 (K and V) x layers x KV heads x head width x 2 bytes
    assert attention.kv_bytes_per_token(models.get("Llama 3.1 70B")) == 2 * 80 * 8 * 128 * 2
    assert attention.kv_bytes_per_token(models.get("Llama 3.1 405B")) == 2 * 126 * 8 * 128 * 2
    assert attention.kv_bytes_per_token(models.get("PaLM 540B")) == 2 * 118 * 1 * 256 * 2
    assert attention.kv_bytes_per_token(models.get("GPT-3")) == 2 * 96 * 96 * 128 * 2
    assert attention.kv_bytes_per_token(models.get("Mixtral"), "fp8") == 2 * 32 * 8 * 128


@pytest.mark.parametrize("model", models.MODELS, ids=lambda m: m.name)
def test_architecture_reproduces_the_published_sizes(model):
    if model.name in models.UNCOUNTED:
        pytest.skip(models.UNCOUNTED[model.name])
    counts = parameters.counts(model)
    assert sum(counts["total"].values()) == pytest.approx(model.total_params, rel=0.015)
    assert sum(counts["active"].values()) == pytest.approx(model.active_params, rel=0.015)


def test_sparsity_and_expert_split():
    v3 = models.get("deepseek v3")
    assert moe.sparsity(v3.total_params, v3.active_params) == pytest.approx(671 / 37)
    assert v3.moe_layers == 58 and v3.n_dense_layers == 3
    dense = models.get("Llama 3.1 70B")
    assert moe.sparsity(dense.total_params, dense.active_params) == 1 and not dense.is_moe and dense.moe_layers == 0


def test_weight_bytes_by_precision():
    v3 = models.get("DeepSeek-V3")
    assert v3.weight_bytes("fp8") == 671e9
    assert v3.weight_bytes("bf16") == 2 * 671e9
    with pytest.raises(ValueError, match="precision must be one of 'bf16', 'fp8', 'fp4'"):
        v3.weight_bytes("int3")


def test_unknown_model_lists_the_known_ones():
    with pytest.raises(ValueError, match="known models: DeepSeek-V3, Kimi K2"):
        models.get("GPT-7")


def test_unknown_attention_type():
    with pytest.raises(ValueError, match="attention must be one of 'MHA', 'GQA', 'MQA', 'MLA'"):
        attention.kv_values_per_token_per_layer("linear", kv_heads=1, d_head=1)
