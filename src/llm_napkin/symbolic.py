"""Arithmetic that works on SymPy symbols and on NumPy numbers alike.

Every formula in the package is written once, with arithmetic operators and the helpers below, so
that one function both derives a result (called with SymPy symbols) and computes it (called with
numbers or arrays). Each helper returns a SymPy expression when any argument is symbolic, and a
NumPy result otherwise.
"""

import numpy as np
import sympy as sp


def is_symbolic(*values) -> bool:
    """True when any value is a SymPy expression."""
    return any(isinstance(v, sp.Basic) for v in values)


def maximum(a, b):
    """The larger of a and b, elementwise."""
    return sp.Max(a, b) if is_symbolic(a, b) else np.maximum(a, b)


def minimum(a, b):
    """The smaller of a and b, elementwise."""
    return sp.Min(a, b) if is_symbolic(a, b) else np.minimum(a, b)


def sqrt(x):
    """Square root."""
    return sp.sqrt(x) if is_symbolic(x) else np.sqrt(x)


def log(x):
    """Natural logarithm."""
    return sp.log(x) if is_symbolic(x) else np.log(x)


def log2(x):
    """Base-2 logarithm."""
    return sp.log(x, 2) if is_symbolic(x) else np.log2(x)


def ceil(x):
    """Smallest integer not less than x."""
    return sp.ceiling(x) if is_symbolic(x) else np.ceil(x)


def floor(x):
    """Largest integer not greater than x."""
    return sp.floor(x) if is_symbolic(x) else np.floor(x)


def where(condition, if_true, if_false):
    """`if_true` where `condition` holds and `if_false` elsewhere (a SymPy Piecewise for symbols).

    For numbers both branches are evaluated, so neither may raise where it is not chosen.
    """
    if is_symbolic(condition, if_true, if_false):
        return sp.Piecewise((if_true, condition), (if_false, True))
    return np.where(condition, if_true, if_false)[()]
