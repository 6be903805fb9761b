r"""Spectrograms: sound as an image of time against frequency, for trigger-word detection.

Course 5, Week 3. A microphone gives a long 1-D signal, thousands of samples a second. A
detector reads it more easily as a **spectrogram**: cut the signal into short overlapping
frames, taper each frame with a window, take its discrete Fourier transform and keep the
log of the power at each frequency::

    S = spectrogram(x, frame_length=128, hop=32)   # x: (n_samples,) -> S: (n_frames, 65)

Row ``t`` of ``S`` is frame ``t``, the samples ``x[t * hop : t * hop + frame_length]``;
column ``k`` is the frequency ``k * sample_rate / frame_length`` (0 up to half the sample
rate), in decibels. The window is Hann's, :math:`w_n = \tfrac12 - \tfrac12 \cos(2\pi n /
(N - 1))` (NumPy's ``np.hanning``): without it, the cut at each end of a frame spreads a pure
tone over many frequencies.
"""

import numpy as np

from dlspec._validate import as_float_array, check_finite, check_int, check_positive

#: Added to the power before the logarithm, so that silence gives -100 dB, not -infinity.
DEFAULT_FLOOR = 1e-10


def spectrogram(x, *, frame_length, hop, floor=DEFAULT_FLOOR):
    r"""Log power, in decibels, of the Hann-windowed overlapping frames of a signal.

    Parameters
    ----------
    x : ndarray of shape (n_samples,)
        The signal, finite. float32 stays float32.
    frame_length : int
        Samples per frame, ``N`` >= 2 and at most ``n_samples``.
    hop : int
        Samples from the start of one frame to the start of the next, >= 1 (frames overlap
        when ``hop < frame_length``).
    floor : float, default 1e-10
        Added to the power before the logarithm (silence gives :math:`10 \log_{10}` of it).

    Returns
    -------
    S : ndarray of shape (n_frames, frame_length // 2 + 1)
        ``n_frames = 1 + (n_samples - frame_length) // hop``; samples after the last whole
        frame are not used.

    Raises
    ------
    ValueError
        If ``x`` is not 1-D, has a NaN or an infinity, or is shorter than one frame; if
        ``frame_length`` < 2, ``hop`` < 1 or ``floor`` <= 0.
    TypeError
        If ``x`` is not numeric, or the settings are not numbers of the right kind.

    Notes
    -----
    With :math:`w` the window and :math:`x^{(t)}_n = x_{t\,\mathrm{hop} + n}`,

    .. math::
        S_{t,k} = 10 \log_{10}\Big(\Big|\sum_{n=0}^{N-1} w_n x^{(t)}_n
                  e^{-2\pi i k n / N}\Big|^2 + \text{floor}\Big),
        \qquad k = 0, \dots, \lfloor N/2 \rfloor.

    The sum is the discrete Fourier transform, computed for all frames at once by
    ``np.fft.rfft`` (the real-input FFT returns exactly these :math:`\lfloor N/2 \rfloor + 1`
    frequencies; the others mirror them). The tests check it against the sum written out.
    """
    x = as_float_array("x", x)
    if x.ndim != 1:
        raise ValueError(f"x must be a 1-D signal (n_samples,), got shape {x.shape}")
    check_finite("x", x)
    frame_length = check_int("frame_length", frame_length, minimum=2)
    hop = check_int("hop", hop)
    floor = check_positive("floor", floor)
    if x.size < frame_length:
        raise ValueError(
            f"x must hold at least one frame of frame_length={frame_length} samples, "
            f"got {x.size}"
        )
    n_frames = 1 + (x.size - frame_length) // hop
    starts = hop * np.arange(n_frames)
    frames = x[starts[:, None] + np.arange(frame_length)]  # (n_frames, N), one frame per row
    windowed = frames * np.hanning(frame_length).astype(x.dtype)
    power = np.abs(np.fft.rfft(windowed, axis=1)) ** 2
    return (10 * np.log10(power + floor)).astype(x.dtype, copy=False)
