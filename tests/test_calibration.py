import pytest

from llm_napkin import measurements
from llm_napkin.catalogs import hardware

H200 = hardware.get("H200")
H100 = hardware.get("H100")


def test_calibration_is_the_fit_over_the_peak():
    for name, sweep in measurements.sweeps().items():
        fit = measurements.fit_roofline(sweep)
        eff = measurements.calibrate(sweep, H200)
        assert eff.memory == pytest.approx(fit.bandwidth / 4.8e12)
        assert eff.compute == pytest.approx(fit.flops / 989.4e12)
        # Kernels reach 80-90% of the HBM bandwidth and 65-70% of the bf16 FLOP/s.
        assert 0.75 < eff.memory < 0.95 and 0.6 < eff.compute < 0.75, name


def test_prediction_on_the_h200_reproduces_the_fit():
    sweep = measurements.dense_sweep()
    eff = measurements.calibrate(sweep, H200)
    fit = measurements.fit_roofline(sweep)
    p = measurements.predict(sweep, H200, eff)
    assert p.knee == pytest.approx(sweep.model_knee(fit.flops, fit.bandwidth))
    # The plateau of the fitted model is within 3% of the measured one.
    assert p.plateau == pytest.approx(measurements.plateau(sweep.throughput), rel=0.03)
    assert p.reached


def test_prediction_on_an_h100_by_hand():
    # Same FLOP/s, 3.35 TB/s instead of 4.8: the dense knee grows by 4.8/3.35; the plateau
    # (compute bound) does not change.
    sweep = measurements.dense_sweep()
    eff = measurements.calibrate(sweep, H200)
    h200, h100 = (measurements.predict(sweep, c, eff) for c in (H200, H100))
    assert h100.knee == pytest.approx(h200.knee * 4.8 / 3.35)
    assert h100.plateau == pytest.approx(h200.plateau, rel=1e-6)
    # Knee by hand: the ridge at the fitted rates times bytes per weight over 2.
    assert h100.knee == pytest.approx(989.4e12 * eff.compute / (3.35e12 * eff.memory) * 2 / 2)


def test_bad_efficiency():
    bad = measurements.Efficiency(memory=1.2, compute=0.5)
    with pytest.raises(ValueError, match="memory efficiency"):
        measurements.predict(measurements.dense_sweep(), H100, bad)
