"""Tests for dlspec.augmentation: flips, crops, shifts and noise on images (Course 4 Week 2)."""

import numpy as np
import pytest

from dlspec.augmentation import add_noise, augment, flip_horizontal, random_crop, random_shift

# One 2x3 image with one channel, worked by hand below:
#   1 2 3
#   4 5 6
IMAGE = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]).reshape(1, 2, 3, 1)

# Every shift of IMAGE by at most one pixel, (d_h, d_w) -> the shifted image, written out by hand
# (d_h > 0 moves the content down, d_w > 0 to the right; zeros come in from outside).
SHIFTED_BY_ONE = {
    (0, 0): [[1, 2, 3], [4, 5, 6]],
    (0, 1): [[0, 1, 2], [0, 4, 5]],
    (0, -1): [[2, 3, 0], [5, 6, 0]],
    (1, 0): [[0, 0, 0], [1, 2, 3]],
    (-1, 0): [[4, 5, 6], [0, 0, 0]],
    (1, 1): [[0, 0, 0], [0, 1, 2]],
    (1, -1): [[0, 0, 0], [2, 3, 0]],
    (-1, 1): [[0, 4, 5], [0, 0, 0]],
    (-1, -1): [[5, 6, 0], [0, 0, 0]],
}


def images(rng, m=4, n_H=5, n_W=7, n_C=3, dtype=np.float64):
    """A random batch, non-square, with distinct entries (so a crop's position is unique)."""
    return rng.permutation(m * n_H * n_W * n_C).reshape(m, n_H, n_W, n_C).astype(dtype) + 1.0


ALL = [
    ("flip_horizontal", lambda X, rng: flip_horizontal(X)),
    ("random_crop", lambda X, rng: random_crop(X, (2, 3), rng=rng)),
    ("random_shift", lambda X, rng: random_shift(X, 1, rng=rng)),
    ("add_noise", lambda X, rng: add_noise(X, 0.1, rng=rng)),
    ("augment", lambda X, rng: augment(X, rng=rng, max_shift=1, noise_std=0.1)),
]


# --- by hand --------------------------------------------------------------------------------------


def test_flip_of_a_2x3_image_by_hand():
    out = flip_horizontal(IMAGE)
    np.testing.assert_array_equal(out[0, :, :, 0], [[3.0, 2.0, 1.0], [6.0, 5.0, 4.0]], strict=True)


def test_flip_mirrors_each_channel_and_leaves_the_channel_order():
    X = np.stack([IMAGE[..., 0], 10 * IMAGE[..., 0]], axis=-1)  # (1, 2, 3, 2)
    out = flip_horizontal(X)
    np.testing.assert_array_equal(out[0, :, :, 1], [[30.0, 20.0, 10.0], [60.0, 50.0, 40.0]])
    np.testing.assert_array_equal(out[0, :, :, 0], [[3.0, 2.0, 1.0], [6.0, 5.0, 4.0]])


def test_a_shift_by_one_pixel_is_one_of_the_nine_by_hand():
    """Each image, shifted by at most one pixel, is one of the nine shifts written out above,
    and with 300 images every one of the nine turns up."""
    X = np.repeat(IMAGE, 300, axis=0)
    out = random_shift(X, 1, rng=np.random.default_rng(5))
    seen = set()
    for image in out[..., 0]:
        matches = [d for d, expected in SHIFTED_BY_ONE.items() if np.array_equal(image, expected)]
        assert len(matches) == 1, image
        seen.add(matches[0])
    assert seen == set(SHIFTED_BY_ONE)


def test_a_crop_of_the_whole_image_is_the_image():
    X = images(np.random.default_rng(0))
    np.testing.assert_array_equal(random_crop(X, (5, 7), rng=np.random.default_rng(0)), X, strict=True)


def test_a_shift_of_zero_and_noise_of_zero_give_a_copy():
    X = images(np.random.default_rng(0))
    rng = np.random.default_rng(0)
    for out in (random_shift(X, 0, rng=rng), add_noise(X, 0.0, rng=rng),
                augment(X, rng=rng, flip=False, max_shift=0)):
        np.testing.assert_array_equal(out, X, strict=True)
        assert out is not X and not np.shares_memory(out, X)


# --- properties -----------------------------------------------------------------------------------


def test_flip_twice_is_the_identity(rng):
    X = rng.standard_normal((3, 4, 5, 2))
    np.testing.assert_array_equal(flip_horizontal(flip_horizontal(X)), X, strict=True)


def test_flip_against_a_plain_loop(rng):
    X = rng.standard_normal((2, 3, 5, 3))
    expected = np.empty_like(X)
    for w in range(5):
        expected[:, :, w, :] = X[:, :, 4 - w, :]
    np.testing.assert_array_equal(flip_horizontal(X), expected, strict=True)


@pytest.mark.parametrize("size", [(1, 1), (2, 3), (5, 1), (1, 7), (4, 6), 3])
def test_each_crop_is_a_window_inside_its_image(rng, size):
    X = images(rng)
    size_h, size_w = (size, size) if isinstance(size, int) else size
    out = random_crop(X, size, rng=rng)
    assert out.shape == (4, size_h, size_w, 3)
    for i in range(4):
        # the crop's first entry is unique in X[i], so it gives the window's corner
        top, left, channel = np.argwhere(X[i] == out[i, 0, 0, 0])[0]
        assert channel == 0
        assert 0 <= top <= 5 - size_h and 0 <= left <= 7 - size_w
        np.testing.assert_array_equal(out[i], X[i, top : top + size_h, left : left + size_w, :])


def test_crops_reach_every_position(rng):
    """The positions are drawn uniformly, corners included: 400 crops of 2x2 from a 3x4 image."""
    X = np.repeat(images(rng, m=1, n_H=3, n_W=4, n_C=1), 400, axis=0)
    out = random_crop(X, 2, rng=rng)
    corners = {tuple(np.argwhere(X[0] == crop[0, 0, 0])[0][:2]) for crop in out}
    assert corners == {(t, l) for t in range(2) for l in range(3)}


@pytest.mark.parametrize("max_shift", [1, 2, 3])
def test_shifted_content_equals_the_original_where_it_overlaps(rng, max_shift):
    """Find each image's shift from where its entries landed; then every pixel is either the
    original pixel it came from or a zero that came in from outside."""
    X = images(rng, m=6)  # entries >= 1, so a 0 can only be fill
    out = random_shift(X, max_shift, rng=rng)
    n_H, n_W = 5, 7
    for i in range(6):
        # where the first non-zero output pixel came from gives the image's shift
        h1, w1, c = np.argwhere(out[i] != 0)[0]
        h0, w0, _ = np.argwhere(X[i] == out[i, h1, w1, c])[0]
        d_h, d_w = h1 - h0, w1 - w0
        assert abs(d_h) <= max_shift and abs(d_w) <= max_shift
        for h in range(n_H):
            for w in range(n_W):
                h_src, w_src = h - d_h, w - d_w
                inside = 0 <= h_src < n_H and 0 <= w_src < n_W
                expected = X[i, h_src, w_src, :] if inside else np.zeros(3)
                np.testing.assert_array_equal(out[i, h, w, :], expected)


def test_shifts_reach_every_offset(rng):
    X = np.repeat(IMAGE, 500, axis=0)
    out = random_shift(X, 1, rng=rng)
    seen = {d for image in out[..., 0] for d, e in SHIFTED_BY_ONE.items() if np.array_equal(image, e)}
    assert seen == set(SHIFTED_BY_ONE)


@pytest.mark.parametrize("std", [0.01, 1.0, 3.0])
def test_noise_has_mean_zero_and_the_standard_deviation_asked_for(rng, std):
    """The noise of N = 20 000 entries: its mean has standard error std / sqrt(N), its sample
    standard deviation about std / sqrt(2 N); both must lie within 5 standard errors."""
    X = images(rng, m=20, n_H=10, n_W=25, n_C=4)  # N = 20 000
    N = X.size
    noise = add_noise(X, std, rng=rng) - X
    assert abs(noise.mean()) < 5 * std / np.sqrt(N)
    assert abs(noise.std() - std) < 5 * std / np.sqrt(2 * N)


def test_augment_flips_each_image_on_its_own(rng):
    """Without shift and noise, each image comes back as itself or mirrored, both about half
    the time."""
    X = np.repeat(images(rng, m=1), 400, axis=0)
    out = augment(X, rng=rng, flip=True, max_shift=0)
    mirror = flip_horizontal(X[:1])[0]
    flipped = np.array([np.array_equal(o, mirror) for o in out])
    kept = np.array([np.array_equal(o, X[0]) for o in out])
    assert np.all(flipped ^ kept)
    # Binomial(400, 1/2): mean 200, standard deviation 10; allow 5 of them
    assert abs(flipped.sum() - 200) < 50


def test_augment_is_flip_then_shift_then_noise(rng):
    """Every image of augment(...) minus its noise is one of the shifts of the image or of
    its mirror image."""
    X = np.repeat(IMAGE, 200, axis=0)
    out = augment(X, rng=rng, flip=True, max_shift=1, noise_std=1e-3)
    candidates = list(SHIFTED_BY_ONE.values())
    mirrored = flip_horizontal(np.array(candidates, dtype=float)[..., None])[..., 0]  # F(shift(x))
    # shift and flip commute up to the sign of d_w, so the mirrored shifts are the shifts of F(x)
    candidates = np.concatenate([np.array(candidates, dtype=float), mirrored])
    for image in out[..., 0]:
        distance = np.abs(candidates - image).max(axis=(1, 2)).min()
        assert 0 < distance < 0.01  # noise there, and below 10 of its standard deviations


def test_augment_without_flip_never_mirrors(rng):
    X = np.repeat(images(rng, m=1), 50, axis=0)
    out = augment(X, rng=rng, flip=False, max_shift=0)
    np.testing.assert_array_equal(out, X, strict=True)


# --- dtype, copies, seeds -------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "f"), ALL, ids=[n for n, _ in ALL])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_the_dtype_is_kept(name, f, dtype):
    X = images(np.random.default_rng(0), dtype=dtype)
    assert f(X, np.random.default_rng(0)).dtype == dtype


@pytest.mark.parametrize(("name", "f"), ALL, ids=[n for n, _ in ALL])
def test_integer_images_become_float64(name, f):
    X = np.arange(4 * 5 * 7 * 3, dtype=np.uint8).reshape(4, 5, 7, 3)
    out = f(X, np.random.default_rng(0))
    assert out.dtype == np.float64
    reference = f(X.astype(np.float64), np.random.default_rng(0))
    np.testing.assert_array_equal(out, reference, strict=True)


@pytest.mark.parametrize(("name", "f"), ALL, ids=[n for n, _ in ALL])
def test_a_new_array_and_the_input_untouched(name, f):
    X = images(np.random.default_rng(0))
    before = X.copy()
    out = f(X, np.random.default_rng(0))
    assert not np.shares_memory(out, X)
    np.testing.assert_array_equal(X, before, strict=True)


@pytest.mark.parametrize(("name", "f"), ALL[1:], ids=[n for n, _ in ALL[1:]])
def test_a_seed_reproduces_the_batch_and_another_seed_changes_it(name, f):
    X = images(np.random.default_rng(0), m=8)
    first = f(X, np.random.default_rng(7))
    np.testing.assert_array_equal(f(X, np.random.default_rng(7)), first, strict=True)
    assert not np.array_equal(f(X, np.random.default_rng(8)), first)


# --- bad input ------------------------------------------------------------------------------------


def seeded():
    return np.random.default_rng(0)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: flip_horizontal(IMAGE[0]),
         ValueError, r"^X must have shape \(m, n_H, n_W, n_C\), got \(2, 3, 1\)"),
        (lambda: flip_horizontal([["a"]]), TypeError, r"^X must be a numeric"),
        (lambda: flip_horizontal(IMAGE * np.nan), ValueError, r"^X must contain only finite numbers"),
        (lambda: random_crop(IMAGE, (3, 1), rng=seeded()), ValueError,
         r"^size must fit inside the images: \(size_h, size_w\) = \(3, 1\) for X of shape \(1, 2, 3, 1\)"),
        (lambda: random_crop(IMAGE, 0, rng=seeded()), ValueError, r"^size must be an integer >= 1"),
        (lambda: random_crop(IMAGE, (1, 2, 3), rng=seeded()),
         ValueError, r"^size must be an integer or a pair"),
        (lambda: random_crop(IMAGE, (1, 2.0), rng=seeded()), TypeError, r"^size\[1\] must be an integer"),
        (lambda: random_crop(IMAGE, 1, rng=0), TypeError, r"^rng must be a numpy.random.Generator"),
        (lambda: random_shift(IMAGE, 2, rng=seeded()), ValueError,
         r"^max_shift must be smaller than the image's height and width \(n_H = 2, n_W = 3"),
        (lambda: random_shift(IMAGE, -1, rng=seeded()), ValueError, r"^max_shift must be an integer >= 0"),
        (lambda: random_shift(IMAGE, 1.0, rng=seeded()), TypeError, r"^max_shift must be an integer"),
        (lambda: add_noise(IMAGE, -0.1, rng=seeded()), ValueError, r"^std must be"),
        (lambda: add_noise(IMAGE, "0.1", rng=seeded()), TypeError, r"^std must be a real number"),
        (lambda: augment(IMAGE, rng=seeded(), flip=1), TypeError, r"^flip must be True or False"),
        (lambda: augment(IMAGE, rng=seeded(), max_shift=2), ValueError, r"^max_shift must be smaller"),
        (lambda: augment(IMAGE, rng=seeded(), max_shift=1, noise_std=np.inf),
         ValueError, r"^noise_std must be"),
        (lambda: augment(IMAGE, rng=None), TypeError, r"^rng must be"),
    ],
)
def test_bad_input_is_refused_by_name(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_an_empty_batch_is_fine():
    X = np.zeros((0, 4, 4, 3))
    assert augment(X, rng=np.random.default_rng(0), noise_std=0.1).shape == (0, 4, 4, 3)
    assert random_crop(X, 2, rng=np.random.default_rng(0)).shape == (0, 2, 2, 3)
