"""Display formatting, the only place where SI values become strings like '4.8 TB/s' or '29 ms'."""

import math

_PREFIXES = [(1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"), (1, ""),
             (1e-3, "m"), (1e-6, "µ"), (1e-9, "n")]


def sig(value: float, digits: int = 3) -> str:
    """`value` to `digits` significant figures, with thousands separators: 70272.0 -> '70,300'."""
    if value == 0 or not math.isfinite(value):
        return str(value) if not math.isfinite(value) else "0"
    decimals = digits - 1 - math.floor(math.log10(abs(value)))
    rounded = round(value, decimals)
    if abs(rounded) >= 10 ** (digits - decimals):  # rounding carried into the next power of ten
        decimals -= 1
    return f"{rounded:,.{max(decimals, 0)}f}"


def _trim(text: str) -> str:
    """Drop trailing zeros after a decimal point: '1.50' -> '1.5', '12.0' -> '12'."""
    return text.rstrip("0").rstrip(".") if "." in text else text


def si(value: float, unit: str, digits: int = 3) -> str:
    """`value` in base units with an SI prefix: si(4.8e12, 'B/s') -> '4.8 TB/s'."""
    if value == 0 or not math.isfinite(value):
        return f"{sig(value, digits)} {unit}"
    for scale, prefix in _PREFIXES:
        if abs(value) >= scale * (1 - 0.5 * 10 ** -digits):
            break
    return f"{_trim(sig(value / scale, digits))} {prefix}{unit}"


def seconds(value: float, digits: int = 3) -> str:
    """A duration: '530 µs', '29.4 ms', '4.2 s', '12 min', '3.5 h', '2.1 days'."""
    for size, unit in ((86400, "days"), (3600, "h"), (60, "min")):
        if abs(value) >= size:
            return f"{_trim(sig(value / size, digits))} {unit}"
    return si(value, "s", digits)


def count(value: float, digits: int = 3) -> str:
    """A large count the way model sizes are written: 6.71e11 -> '671B', 1.04e12 -> '1.04T'."""
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= scale:
            return _trim(sig(value / scale, digits)) + suffix
    return sig(value, digits)


def dollars(value: float, digits: int = 3) -> str:
    """US dollars: 0.0123 -> '$0.0123', 1234.5 -> '$1,230'."""
    return f"${sig(value, digits)}"


def per_million_tokens(dollars_per_token: float, digits: int = 3) -> str:
    """A price per token as API price lists show it: '$2.19 per M tokens'."""
    return f"{dollars(dollars_per_token * 1e6, digits)} per M tokens"


def percent(fraction: float, digits: int = 2) -> str:
    """0.891 -> '89%'."""
    return f"{sig(100 * fraction, digits)}%"


_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def sci(value: float, digits: int = 2) -> str:
    """Scientific notation the way a page prints it: 3.8e25 -> '3.8 × 10²⁵'."""
    if value == 0 or not math.isfinite(value):
        return sig(value, digits)
    exponent = math.floor(math.log10(abs(value)))
    mantissa = value / 10**exponent
    if round(mantissa, digits - 1) >= 10:  # 9.99e24 rounds up to 10 × 10²⁴: carry it over
        exponent, mantissa = exponent + 1, mantissa / 10
    return f"{_trim(f'{mantissa:.{digits - 1}f}')} × 10{str(exponent).translate(_SUPERSCRIPTS)}"
