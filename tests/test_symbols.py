"""Every public formula accepts SymPy symbols: called with a symbol for each of its numeric
arguments, it returns a SymPy expression in them, and substituting numbers into that expression
gives what the function computes from the numbers directly.

The formulas are found by inspection, so a formula added later is checked without being listed
here. An argument is numeric unless its annotation names a catalog entry (a `Model`, a `Chip`),
a string (a precision, a choice) or a flag, or its default is a string or a flag. Functions that
build a catalog entry or a deployment (`moe.with_experts`, `serving.deploy`) are not formulas.
"""

import inspect
from dataclasses import replace

import numpy as np
import pytest
import sympy as sp

from llm_napkin import attention, expert_parallel, moe, parameters, roofline, scaleup, serving
from llm_napkin.catalogs import hardware, models

MODULES = (roofline, attention, parameters, serving, moe, expert_parallel, scaleup)
V3 = models.get("DeepSeek-V3")
H100 = hardware.get("H100 SXM")
FIXED = {"Model": V3, "Chip": H100, "str": "fp8"}
"""What a non-numeric argument gets, by its annotation."""

CHOICES = {"attention": ("GQA", "MLA")}
"""Arguments that pick a variant: the formula is checked once for each."""

# Numbers that every formula accepts together (top_k <= experts, fractions in (0, 1], HBM that
# holds the copied weights, a context short enough for a knee to exist, ...); any argument not
# listed gets 3.
VALUES = dict(experts=64, top_k=4, gpus=16, gpus_per_domain=8, domains=2, parts=4,
              memory_efficiency=0.6, compute_efficiency=0.7, weight_share=0.5, hbm_bytes=80e9,
              weight_bytes=40e9, flops=1e15, bandwidth=3e12, scaleup_bandwidth=450e9,
              scaleout_bandwidth=50e9, batch=512, context=64, kv_bytes_per_token=70_000,
              active_params=3e10, total_params=6e11, step_time=0.02, demand=1e5,
              tokens_per_gpu=100, d_model=7168, heads=16, kv_heads=8, d_head=128,
              kv_lora_rank=512, rope_dim=64, ports_per_switch=64, links_per_gpu=18,
              links_per_gpu_per_switch=2, capacity=80e9, price_per_chip_hour=2.0, chips=8,
              expert_params=4e7, bytes_per_param=1, activation_bytes=2, active_params_per_layer=6e8)


def _numeric(parameter: inspect.Parameter) -> bool:
    annotation = parameter.annotation
    name = getattr(annotation, "__name__", str(annotation))
    if name in FIXED or annotation is bool or parameter.name in CHOICES:
        return False
    return not isinstance(parameter.default, (str, bool))


def _layout_parameters() -> list[str]:
    """The keyword arguments behind `**layout` (see expert_parallel.dispatch_times)."""
    signature = inspect.signature(expert_parallel.dispatch_times)
    return [p.name for p in signature.parameters.values()
            if p.kind is p.KEYWORD_ONLY and _numeric(p)]


def _calls():
    """(id, function, [numeric argument names], {fixed arguments}) for every public formula."""
    functions = [(f"{m.__name__.rsplit('.', 1)[1]}.{name}", f) for m in MODULES
                 for name, f in inspect.getmembers(m, inspect.isfunction)
                 if not name.startswith("_") and f.__module__ == m.__name__]
    deployment = serving.deploy("H100", "DeepSeek-V3", "fp8")
    functions += [(f"Deployment.{name}", getattr(deployment, name))
                  for name, f in inspect.getmembers(serving.Deployment, inspect.isfunction)
                  if not name.startswith("_")]
    for label, f in functions:
        if inspect.signature(f).return_annotation in (models.Model, serving.Deployment):
            continue
        parameters_ = inspect.signature(f).parameters.values()
        names, fixed, variants = [], {}, [{}]
        for p in parameters_:
            if p.kind is p.VAR_KEYWORD:
                names += _layout_parameters()
            elif p.name in CHOICES:
                variants = [{p.name: choice} for choice in CHOICES[p.name]]
            elif _numeric(p):
                names.append(p.name)
            elif p.default is p.empty:
                annotation = p.annotation
                fixed[p.name] = FIXED[getattr(annotation, "__name__", str(annotation))]
        if not names:
            continue  # nothing to make symbolic: a catalog lookup, not a formula of numbers
        for variant in variants:
            suffix = "[" + ",".join(variant.values()) + "]" if variant else ""
            yield pytest.param(f, names, fixed | variant, id=label + suffix)


def _expressions(result):
    """The quantities in a result: a tuple's items, a dict's values, or the result itself."""
    if isinstance(result, dict):
        return tuple(result.values())
    return result if isinstance(result, tuple) else (result,)


@pytest.mark.parametrize("function, names, fixed", list(_calls()))
def test_every_formula_accepts_symbols_and_agrees_with_numbers(function, names, fixed):
    symbols = {name: sp.Symbol(name, positive=True) for name in names}
    symbolic = function(**symbols, **fixed)
    numbers = {name: VALUES.get(name, 3) for name in names}
    numeric = function(**numbers, **fixed)
    substitutions = {symbols[name]: value for name, value in numbers.items()}
    expressions = _expressions(symbolic)
    # A quantity that does not depend on any argument may stay a number (in a dict of knees by
    # part, the parts that do not read the KV cache do not depend on the context).
    assert any(isinstance(e, sp.Basic) and e.free_symbols & set(symbols.values())
               for e in expressions), f"{function.__name__} returned {symbolic!r}"
    for expr, value in zip(expressions, _expressions(numeric), strict=True):
        assert isinstance(expr, (sp.Basic, int, float)), type(expr).__name__
        assert float(sp.sympify(expr).subs(substitutions)) == pytest.approx(float(value),
                                                                             rel=1e-9)


def test_the_symbol_check_covers_the_formulas_the_issue_names():
    ids = {p.id for p in _calls()}
    for name in ("serving.largest_batch_in_memory", "serving.fewest_chips", "roofline.knee_batch",
                 "expert_parallel.fewest_domains", "moe.moe_step_time", "scaleup.links",
                 "attention.context_limit", "attention.kv_values_per_token_per_layer[MLA]",
                 "Deployment.step_time"):
        assert name in ids
