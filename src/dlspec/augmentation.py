r"""Data augmentation: new training images made from the ones you have.

Course 4, Week 2. A small image set can be stretched by showing the network transformed
copies that keep the label: a cat flipped left to right is still a cat, and so is a cat a
pixel or two to the left. Each function takes a batch of images of shape
``(m, n_H, n_W, n_C)`` (examples first, channels last, as everywhere in Course 4) and
returns a NEW array of the same dtype; the input is never changed. Randomness comes only
from the ``rng`` argument, so a seed reproduces an augmented batch exactly::

    X_flipped = flip_horizontal(X)                          # every image mirrored
    X_crops = random_crop(X, (24, 24), rng=rng)             # one random 24x24 window each
    X_moved = random_shift(X, 2, rng=rng)                   # up to 2 pixels each way, zeros fill
    X_noisy = add_noise(X, 0.05, rng=rng)                   # + N(0, 0.05^2) per entry
    X_aug = augment(X, rng=rng, flip=True, max_shift=2)     # per image: maybe flip, then shift

Augmentation runs on the inputs of each training step (draw anew every epoch), never on
the test set. Like the rest of dlspec, integer images (e.g. ``uint8`` pixels) are
converted to float64; float32 stays float32.
"""

import numpy as np

from dlspec._validate import (
    as_float_array,
    check_finite,
    check_int,
    check_real,
    check_rng,
    check_shape,
)

# --- checks ---------------------------------------------------------------------------------


def _check_images(X):
    """Return the batch ``X`` as a float array of shape (m, n_H, n_W, n_C) with finite entries."""
    X = as_float_array("X", X)
    check_shape("X", X, ("m", "n_H", "n_W", "n_C"))
    check_finite("X", X)
    return X


def _check_size(size, X):
    """Return the crop size ``(size_h, size_w)``: an int (a square) or a pair, inside the image."""
    if isinstance(size, (tuple, list)):
        if len(size) != 2:
            raise ValueError(
                f"size must be an integer or a pair (size_h, size_w), got {tuple(size)}"
            )
        size_h, size_w = check_int("size[0]", size[0]), check_int("size[1]", size[1])
    else:
        size_h = size_w = check_int("size", size)
    n_H, n_W = X.shape[1:3]
    if size_h > n_H or size_w > n_W:
        raise ValueError(
            f"size must fit inside the images: (size_h, size_w) = ({size_h}, {size_w}) "
            f"for X of shape {X.shape} (n_H = {n_H}, n_W = {n_W})"
        )
    return size_h, size_w


def _check_max_shift(max_shift, X):
    """Return ``max_shift`` as an int >= 0, smaller than the image's height and width."""
    max_shift = check_int("max_shift", max_shift, minimum=0)
    n_H, n_W = X.shape[1:3]
    if max_shift >= min(n_H, n_W):
        raise ValueError(
            f"max_shift must be smaller than the image's height and width (n_H = {n_H}, "
            f"n_W = {n_W}, X of shape {X.shape}), got {max_shift}: a larger shift can move "
            "an image out of its frame"
        )
    return max_shift


# --- the unchecked cores ------------------------------------------------------------------------


def _flip(X, which):
    """Mirror the images ``X[which]`` left to right (the width axis); a new array."""
    out = X.copy()
    out[which] = X[which][:, :, ::-1, :]
    return out


def _crop(X, size_h, size_w, rng):
    """One ``size_h x size_w`` window per image, its top-left corner drawn uniformly."""
    m, n_H, n_W, n_C = X.shape
    top = rng.integers(0, n_H - size_h + 1, size=m)  # every position where the window fits
    left = rng.integers(0, n_W - size_w + 1, size=m)
    out = np.empty((m, size_h, size_w, n_C), dtype=X.dtype)
    for i in range(m):
        out[i] = X[i, top[i] : top[i] + size_h, left[i] : left[i] + size_w, :]
    return out


def _shift(X, max_shift, rng):
    """Pad with ``max_shift`` zeros on every side, then crop the original size at random."""
    if max_shift == 0:
        return X.copy()
    s = max_shift
    padded = np.pad(X, ((0, 0), (s, s), (s, s), (0, 0)))  # zeros, same dtype
    return _crop(padded, X.shape[1], X.shape[2], rng)


def _noise(X, std, rng):
    """``X`` plus Gaussian noise of standard deviation ``std``, drawn in ``X``'s dtype."""
    return X + std * rng.standard_normal(X.shape, dtype=X.dtype)


# --- the public functions -----------------------------------------------------------------------


def flip_horizontal(X):
    r"""Mirror every image left to right.

    Parameters
    ----------
    X : ndarray of shape (m, n_H, n_W, n_C)
        A batch of images, channels last.

    Returns
    -------
    ndarray of shape (m, n_H, n_W, n_C)
        A new array of ``X``'s dtype (float64 for integer input).

    Raises
    ------
    ValueError
        If ``X`` is not 4-D or holds NaN or infinity.
    TypeError
        If ``X`` is not numeric.

    Notes
    -----
    :math:`\tilde x_{h, w, c} = x_{h,\, n_W - 1 - w,\, c}`. Flipping twice gives the image
    back. Course 4, Week 2 (data augmentation).
    """
    X = _check_images(X)
    return X[:, :, ::-1, :].copy()  # copy: a new array, not a view of X


def random_crop(X, size, *, rng):
    r"""Cut one window of ``size`` out of each image, at a random position.

    Parameters
    ----------
    X : ndarray of shape (m, n_H, n_W, n_C)
    size : int or (int, int)
        ``(size_h, size_w)`` of the crop, at most ``(n_H, n_W)``; an int is a square.
    rng : numpy.random.Generator
        Draws each image's window position.

    Returns
    -------
    ndarray of shape (m, size_h, size_w, n_C)
        A new array of ``X``'s dtype.

    Raises
    ------
    ValueError
        If ``X`` is not 4-D or not finite, or ``size`` is < 1 or larger than the images.
    TypeError
        If ``size`` is not an integer or a pair of integers, or ``rng`` is not a Generator.

    Notes
    -----
    :math:`\tilde x^{(i)} = x^{(i)}_{t_i : t_i + s_h,\; l_i : l_i + s_w,\; :}` with
    :math:`t_i \sim \mathcal{U}\{0, \dots, n_H - s_h\}` and
    :math:`l_i \sim \mathcal{U}\{0, \dots, n_W - s_w\}`, so every crop lies inside its image.
    Course 4, Week 2.
    """
    X = _check_images(X)
    size_h, size_w = _check_size(size, X)
    check_rng(rng)
    return _crop(X, size_h, size_w, rng)


def random_shift(X, max_shift, *, rng):
    r"""Move each image by up to ``max_shift`` pixels in each direction, filling with zeros.

    Parameters
    ----------
    X : ndarray of shape (m, n_H, n_W, n_C)
    max_shift : int
        Largest shift, >= 0 and smaller than ``n_H`` and ``n_W``; each image draws its
        vertical and horizontal shift uniformly from ``-max_shift, ..., max_shift``.
    rng : numpy.random.Generator

    Returns
    -------
    ndarray of shape (m, n_H, n_W, n_C)
        A new array of ``X``'s dtype: pixels shifted in from outside the image are 0.

    Raises
    ------
    ValueError
        If ``X`` is not 4-D or not finite, or ``max_shift`` is negative or not smaller
        than the image's height and width.
    TypeError
        If ``max_shift`` is not an integer or ``rng`` is not a Generator.

    Notes
    -----
    A shift is a crop of the zero-padded image: pad ``s = max_shift`` zeros on every side,
    then take an ``n_H x n_W`` window at a random position; the window at offset
    :math:`(t, l)` moves the content by :math:`(s - t, s - l)`:

    .. math:: \tilde x_{h, w, c} = x_{h - d_h,\, w - d_w,\, c}
              \ (\text{0 outside the image}), \qquad d_h, d_w \in \{-s, \dots, s\}.

    Course 4, Week 2.
    """
    X = _check_images(X)
    max_shift = _check_max_shift(max_shift, X)
    check_rng(rng)
    return _shift(X, max_shift, rng)


def add_noise(X, std, *, rng):
    r"""Add Gaussian noise of standard deviation ``std`` to every entry.

    Parameters
    ----------
    X : ndarray of shape (m, n_H, n_W, n_C)
    std : float
        Standard deviation of the noise, >= 0 (0 returns a copy of ``X``).
    rng : numpy.random.Generator

    Returns
    -------
    ndarray of shape (m, n_H, n_W, n_C)
        A new array of ``X``'s dtype (the noise is drawn in that dtype).

    Raises
    ------
    ValueError
        If ``X`` is not 4-D or not finite, or ``std`` is negative or not finite.
    TypeError
        If ``std`` is not a real number or ``rng`` is not a Generator.

    Notes
    -----
    :math:`\tilde x = x + \sigma \varepsilon`, :math:`\varepsilon \sim \mathcal{N}(0, 1)`
    drawn independently for every entry. Course 4, Week 2.
    """
    X = _check_images(X)
    std = check_real("std", std, low=0.0)
    check_rng(rng)
    return _noise(X, std, rng)


def augment(X, *, rng, flip=True, max_shift=2, noise_std=0.0):
    r"""Augment a batch: a random horizontal flip per image, a random shift, then noise.

    Parameters
    ----------
    X : ndarray of shape (m, n_H, n_W, n_C)
    rng : numpy.random.Generator
    flip : bool, default True
        Mirror each image with probability 1/2 (each image decides on its own).
    max_shift : int, default 2
        As in :func:`random_shift`; 0 does not shift.
    noise_std : float, default 0.0
        As ``std`` in :func:`add_noise`; 0 adds no noise.

    Returns
    -------
    ndarray of shape (m, n_H, n_W, n_C)
        A new array of ``X``'s dtype.

    Raises
    ------
    ValueError
        As :func:`random_shift` and :func:`add_noise`.
    TypeError
        If ``flip`` is not a bool, another argument has the wrong type or ``rng`` is not
        a Generator.

    Notes
    -----
    :math:`\tilde x^{(i)} = \mathrm{shift}_{d^{(i)}}(F^{b_i} x^{(i)}) + \sigma\varepsilon^{(i)}`
    with :math:`F` the flip and :math:`b_i \sim \mathrm{Bernoulli}(1/2)`. Each call draws
    new flips, shifts and noise, so call it on every mini-batch of every epoch.
    Course 4, Week 2.
    """
    X = _check_images(X)
    check_rng(rng)
    if not isinstance(flip, bool):
        raise TypeError(f"flip must be True or False, got {type(flip).__name__}")
    max_shift = _check_max_shift(max_shift, X)
    noise_std = check_real("noise_std", noise_std, low=0.0)
    out = _flip(X, rng.random(X.shape[0]) < 0.5) if flip else X
    out = _shift(out, max_shift, rng)  # a new array, even for max_shift = 0
    if noise_std > 0:
        out = _noise(out, noise_std, rng)
    return out
