"""Helpers that let one formula serve SymPy and NumPy alike.

Each helper returns a SymPy expression when any argument is symbolic, and a NumPy result for
numbers and arrays. Formulas in this package use only arithmetic operators and these helpers.
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


def ceil(x):
    """Smallest integer not less than x."""
    return sp.ceiling(x) if is_symbolic(x) else np.ceil(x)

