"""dlspec.audio.spectrogram against the discrete Fourier transform written out, and against
what a spectrogram must show: a tone in its bin, an impulse in the frames that hold it."""

import numpy as np
import pytest

from dlspec.audio import DEFAULT_FLOOR, spectrogram


def spectrogram_by_loops(x, frame_length, hop, floor=DEFAULT_FLOOR):
    """The definition, one frame and one frequency at a time."""
    N = frame_length
    window = [0.5 - 0.5 * np.cos(2 * np.pi * n / (N - 1)) for n in range(N)]
    rows = []
    t = 0
    while t * hop + N <= len(x):
        frame = [window[n] * x[t * hop + n] for n in range(N)]
        row = []
        for k in range(N // 2 + 1):
            X_k = sum(frame[n] * np.exp(-2j * np.pi * k * n / N) for n in range(N))
            row.append(10 * np.log10(abs(X_k) ** 2 + floor))
        rows.append(row)
        t += 1
    return np.array(rows)


@pytest.mark.parametrize("n_samples, frame_length, hop", [(40, 8, 4), (37, 7, 3), (16, 16, 5), (30, 4, 9)])
def test_equals_the_fourier_sum_written_out(n_samples, frame_length, hop, rng):
    x = rng.standard_normal(n_samples)
    S = spectrogram(x, frame_length=frame_length, hop=hop)
    assert S.shape == (1 + (n_samples - frame_length) // hop, frame_length // 2 + 1)
    np.testing.assert_allclose(S, spectrogram_by_loops(x, frame_length, hop), rtol=1e-9, atol=1e-9)


def test_a_tone_peaks_in_its_bin_in_every_frame():
    sample_rate, N = 4000, 128  # bins 31.25 Hz apart
    t = np.arange(sample_rate) / sample_rate
    S = spectrogram(np.sin(2 * np.pi * 1000 * t), frame_length=N, hop=32)
    assert np.all(S.argmax(axis=1) == 1000 / (sample_rate / N))  # bin 32


def test_an_impulse_shows_only_in_the_frames_that_hold_it():
    x = np.zeros(64)
    x[20] = 1.0
    S = spectrogram(x, frame_length=16, hop=4)
    holds = [4 * t < 20 < 4 * t + 15 for t in range(len(S))]  # inside, not on the window's zero ends
    silent = 10 * np.log10(DEFAULT_FLOOR)
    for t, inside in enumerate(holds):
        if inside:
            assert np.all(S[t] > silent + 1), t
        else:
            np.testing.assert_allclose(S[t], silent, atol=1e-9)


def test_power_adds_up_to_the_windowed_energy(rng):
    # Parseval: sum_n |w_n x_n|^2 = (1/N) sum over all N frequencies of |X_k|^2, and the
    # frequencies above N/2 mirror those below, so the one-sided bins count twice.
    N = 32
    x = rng.standard_normal(N)
    power = 10 ** (spectrogram(x, frame_length=N, hop=1, floor=1e-300)[0] / 10)
    two_sided = power[0] + 2 * power[1:-1].sum() + power[-1]
    np.testing.assert_allclose(two_sided / N, np.sum((np.hanning(N) * x) ** 2), rtol=1e-10)


def test_float32_stays_float32(rng):
    x = rng.standard_normal(64).astype(np.float32)
    S = spectrogram(x, frame_length=16, hop=8)
    assert S.dtype == np.float32
    np.testing.assert_allclose(S, spectrogram(x.astype(np.float64), frame_length=16, hop=8), atol=1e-3)


def test_loud_signals_do_not_overflow(rng):
    with np.errstate(all="raise"):
        S = spectrogram(1e6 * rng.standard_normal(256), frame_length=32, hop=16)
    assert np.all(np.isfinite(S))
