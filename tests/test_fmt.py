import math

import pytest

from llm_napkin.show import fmt


@pytest.mark.parametrize("value, unit, text", [
    (4.8e12, "B/s", "4.8 TB/s"), (989.4e12, "FLOP/s", "989 TFLOP/s"), (0.0294, "s", "29.4 ms"),
    (5.3e-4, "s", "530 µs"), (999.9, "B", "1 kB"), (0, "B", "0 B"), (70272, "B", "70.3 kB"),
])
def test_si(value, unit, text):
    assert fmt.si(value, unit) == text


def test_other_formats():
    assert fmt.sig(70272) == "70,300"
    assert fmt.sig(295.34) == "295"
    # rounding up into the next power of ten keeps the number of figures
    assert (fmt.sig(99.96), fmt.sig(9.996), fmt.sig(0.09996)) == ("100", "10.0", "0.100")
    assert fmt.sig(2 ** math.log2(100)) == "100"  # a log slider's 99.99999999999997
    assert fmt.count(671e9) == "671B" and fmt.count(1.04e12) == "1.04T"
    assert fmt.seconds(90) == "1.5 min" and fmt.seconds(7200) == "2 h"
    assert fmt.per_million_tokens(2.19e-6) == "$2.19 per M tokens"
    assert fmt.percent(0.891) == "89%"
    assert fmt.sig(float("inf")) == "inf"
