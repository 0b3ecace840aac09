"""Number formats: bytes per stored value. Weights and matmuls use the same format here."""

from .. import checks

BYTES_PER_VALUE = {"bf16": 2.0, "fp8": 1.0, "fp4": 0.5}
PRECISIONS = tuple(BYTES_PER_VALUE)


def bytes_per_value(precision: str) -> float:
    """Bytes per weight (or cache entry) stored in `precision` ('bf16', 'fp8' or 'fp4')."""
    return BYTES_PER_VALUE[checks.one_of("precision", precision, PRECISIONS)]
