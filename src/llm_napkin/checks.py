"""Input checks shared by every formula: a clear ValueError that names the parameter, the value
and what is accepted. Symbolic (SymPy) arguments pass unchecked, since they stand for any value."""

from collections.abc import Iterable

import numpy as np

from .symbolic import is_symbolic


def _numbers(name: str, value) -> np.ndarray:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        raise ValueError(f"{name} must be a number, got {value!r}")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return array


def positive(name: str, value):
    """Return value if every element is a finite number > 0; else raise ValueError."""
    if not is_symbolic(value) and not np.all(_numbers(name, value) > 0):
        raise ValueError(f"{name} must be greater than 0, got {value!r}")
    return value


def non_negative(name: str, value):
    """Return value if every element is a finite number >= 0; else raise ValueError."""
    if not is_symbolic(value) and not np.all(_numbers(name, value) >= 0):
        raise ValueError(f"{name} must be 0 or more, got {value!r}")
    return value


def fraction(name: str, value):
    """Return value if every element lies in (0, 1]; else raise ValueError."""
    if not is_symbolic(value):
        array = _numbers(name, value)
        if not np.all((array > 0) & (array <= 1)):
            raise ValueError(f"{name} must lie in (0, 1], got {value!r}")
    return value


def at_most(name: str, value, limit_name: str, limit):
    """Return value if no element exceeds `limit` (itself called `limit_name`); else ValueError."""
    if not is_symbolic(value, limit) and np.any(np.asarray(value) > np.asarray(limit)):
        raise ValueError(f"{name} must be at most {limit_name} ({limit!r}), got {value!r}")
    return value


def one_of(name: str, value, accepted: Iterable):
    """Return value if it is one of the accepted choices; else raise ValueError listing them."""
    accepted = list(accepted)
    if value not in accepted:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, accepted))}; got {value!r}")
    return value
