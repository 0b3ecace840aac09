import numpy as np
import pytest
import sympy as sp

from llm_napkin import checks, symbolic


def test_helpers_return_sympy_for_symbols_and_numpy_for_numbers():
    x = sp.Symbol("x", positive=True)
    assert symbolic.maximum(x, 2) == sp.Max(x, 2)
    assert symbolic.minimum(x, 2) == sp.Min(x, 2)
    assert symbolic.sqrt(x) == sp.sqrt(x)
    assert symbolic.log(x) == sp.log(x)
    assert symbolic.ceil(x) == sp.ceiling(x)
    assert symbolic.maximum(np.array([1, 5]), 3).tolist() == [3, 5]
    assert symbolic.minimum(np.array([1, 5]), 3).tolist() == [1, 3]
    assert symbolic.ceil(2.1) == 3
    assert symbolic.sqrt(9.0) == 3


@pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf"), "3", None, True, [1, -2]])
def test_positive_rejects_with_the_name_and_value(bad):
    with pytest.raises(ValueError, match="batch"):
        checks.positive("batch", bad)


def test_checks_pass_good_values_and_symbols_through():
    assert checks.positive("x", 2.5) == 2.5
    assert checks.non_negative("x", 0) == 0
    assert checks.fraction("x", 1) == 1
    symbol = sp.Symbol("s")
    assert checks.positive("x", symbol) is symbol


@pytest.mark.parametrize("bad", [0, 1.01, -0.5])
def test_fraction_says_what_is_accepted(bad):
    with pytest.raises(ValueError, match=r"\(0, 1\]"):
        checks.fraction("memory_efficiency", bad)


def test_one_of_lists_the_choices():
    with pytest.raises(ValueError, match="'bf16', 'fp8'"):
        checks.one_of("precision", "int4", ["bf16", "fp8"])


def test_at_most_names_both_sides():
    assert checks.at_most("top_k", 8, "experts", 256) == 8
    with pytest.raises(ValueError, match=r"top_k must be at most experts \(4\), got 8"):
        checks.at_most("top_k", 8, "experts", 4)
