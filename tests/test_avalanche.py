import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from llm_napkin import avalanche as av

BLOCKS = av.random_bits(64, 128, seed=1)


def test_aes_matches_the_fips_197_known_answer():
    # FIPS-197 appendix C.1: key 000102...0f, plaintext 00112233...ff.
    key = bytes(range(16))
    plain = np.unpackbits(np.frombuffer(bytes.fromhex("00112233445566778899aabbccddeeff"),
                                        np.uint8))[None].astype(bool)
    out = np.packbits(av.aes_encrypt_bits(plain, key)).tobytes().hex()
    assert out == "69c4e0d86a7b0430d8cdb78070b4c55a"


def test_aes_avalanche_is_near_one_half_and_meets_the_sac():
    p = av.flip_probabilities(av.aes_encrypt_bits, BLOCKS)
    assert p.shape == (128, 128)
    assert abs(av.avalanche(p) - 0.5) < 0.01
    # within 10% of pure sampling noise: 1/sqrt(2 pi 64) = 0.0499
    assert av.sac_deviation(p) < 1.1 * av.sac_noise_floor(64)


def test_flip_probabilities_by_hand():
    # Identity on 4 bits: flipping bit i flips output bit i only; avalanche 1/4, SAC deviation 1/2.
    p = av.flip_probabilities(lambda b: b, av.random_bits(5, 4))
    assert np.array_equal(p, np.eye(4))
    assert av.avalanche(p) == 0.25 and av.sac_deviation(p) == 0.5
    # Keep the leading axes: two "depths", the identity and the complement.
    p2 = av.flip_probabilities(lambda b: np.stack([b, ~b]), av.random_bits(5, 4), [0, 2])
    assert p2.shape == (2, 2, 4)


def test_sac_noise_floor_by_hand_and_symbolically():
    # 1 / sqrt(2 pi 100) = 0.03989
    assert av.sac_noise_floor(100) == pytest.approx(0.0398942, rel=1e-5)
    n = sp.Symbol("n", positive=True)
    assert av.sac_noise_floor(n) == 1 / sp.sqrt(2 * sp.pi * n)


def test_a_standard_random_mlp_is_a_poor_scrambler_and_a_chaotic_one_a_good_one():
    small = BLOCKS[:16]
    flips = np.arange(0, 128, 8)
    standard = av.avalanche(av.flip_probabilities(av.random_mlp(16, 128).encrypt_bits, small,
                                                  flips))
    chaotic = av.avalanche(av.flip_probabilities(
        av.random_mlp(16, 128, gain=4).encrypt_bits, small, flips))
    assert standard[-1] < 0.15
    assert chaotic[-1] > 0.4
    assert chaotic[0] < chaotic[-1]


def test_feistel_of_random_mlps_inverts_and_avalanches():
    cipher = av.feistel_mlp(8, 128)
    out = cipher.encrypt_bits(BLOCKS)
    assert out.shape == (8, 64, 128)
    assert np.array_equal(cipher.decrypt_bits(out[-1]), BLOCKS)
    a = av.avalanche(av.flip_probabilities(cipher.encrypt_bits, BLOCKS[:16]))
    assert a[0] < 0.1 and abs(a[-1] - 0.5) < 0.03


def test_jacobian_matches_finite_differences():
    for residual, norm in [(False, False), (True, False), (False, True), (True, True)]:
        net = av.random_mlp(5, 16, residual, norm, gain=1.5, seed=3)
        x = np.random.default_rng(0).normal(size=16)
        jac = net.jacobians(x)
        eps = 1e-6
        numeric = np.stack([(net.states(x + eps * e)[1:] - net.states(x - eps * e)[1:]) / (2 * eps)
                            for e in np.eye(16)], axis=-1)
        assert np.allclose(jac, numeric, atol=1e-6)


def test_difference_ratio_tends_to_the_jacobian():
    net = av.random_mlp(6, 32, gain=2, seed=2)
    x = av.signs(BLOCKS[0, :32])
    d = np.eye(32)[0]
    small = av.difference_ratio(net, x, d, 1e-7)
    assert np.allclose(small, np.linalg.norm(net.jacobians(x)[:, :, 0], axis=-1), rtol=1e-4)


def test_singular_values_and_rms_gain_by_hand():
    # diag(3, 4): singular values 4, 3; RMS = sqrt((9 + 16) / 2) = 3.5355
    j = np.diag([3.0, 4.0])
    assert av.singular_values(j).tolist() == [4.0, 3.0]
    assert av.rms_gain(j) == pytest.approx(np.sqrt(12.5))


@pytest.mark.parametrize("call, name", [
    (lambda: av.random_mlp(0, 8), "depth"),
    (lambda: av.random_mlp(2, 8, gain=-1), "gain"),
    (lambda: av.feistel_mlp(2, 7), "width"),
    (lambda: av.aes_encrypt_bits(np.zeros((2, 64), bool)), "blocks"),
    (lambda: av.aes_encrypt_bits(np.zeros((2, 128), bool), key=b"short"), "key"),
    (lambda: av.sac_noise_floor(0), "samples"),
    (lambda: av.random_bits(0, 8), "samples"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 6), st.integers(0, 1000))
def test_any_feistel_mlp_decrypts_what_it_encrypts(rounds, seed):
    cipher = av.feistel_mlp(rounds, 16, seed=seed)
    blocks = av.random_bits(8, 16, seed)
    assert np.array_equal(cipher.decrypt_bits(cipher.encrypt_bits(blocks)[-1]), blocks)


def test_rounds_to_avalanche_by_hand():
    # Within 0.01 of one half from the third entry on; a dip back out moves the answer later.
    assert av.rounds_to_avalanche([0.1, 0.3, 0.495, 0.505, 0.5]) == 3
    assert av.rounds_to_avalanche([0.5, 0.2, 0.5]) == 3
    assert av.rounds_to_avalanche([0.1, 0.2]) == 0


def test_survey_measures_every_machine_on_the_same_blocks():
    s = av.survey(depth=4, rounds=3, samples=8, flipped=8)
    assert set(s.curves) == set(av.NETWORKS) | {"Feistel of random MLPs"}
    assert len(s.curves["random MLP"][1]) == 4 and len(s.curves["Feistel of random MLPs"][1]) == 3
    assert abs(s.aes[0] - 0.5) < 0.05
    assert av.survey(depth=4, rounds=3, samples=8, flipped=8) is s  # remembered
