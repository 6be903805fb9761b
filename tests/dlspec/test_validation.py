"""Tests for dlspec._validate, the single place where inputs are checked."""

import numpy as np
import pytest

from dlspec._validate import (
    as_float_array,
    as_name_list,
    check_binary,
    check_data,
    check_finite,
    check_float_dtype,
    check_in_unit_interval,
    check_int,
    check_layer_dims,
    check_params,
    check_positive,
    check_real,
    check_rng,
    check_same_m,
    check_same_shape,
    check_shape,
    check_upstream,
    make_cache,
    read_cache,
)

# --- as_float_array ---------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_float32_and_float64_are_returned_as_they_are(dtype):
    a = np.ones((2, 2), dtype=dtype)
    assert as_float_array("a", a) is a


@pytest.mark.parametrize(
    "value", [np.array([[1, 2]]), np.array([[True]]), np.array([1], np.uint8), [[1, 2]], 3, 2.5]
)
def test_integers_bools_and_python_numbers_become_float64(value):
    assert as_float_array("a", value).dtype == np.float64


def test_float16_is_upcast_to_float64():
    assert as_float_array("a", np.ones(2, np.float16)).dtype == np.float64


@pytest.mark.parametrize(
    "value", [["a", "b"], {"w": 1}, None, np.array([1j]), [[1, 2], [3]], object()]
)
def test_non_numeric_input_is_a_type_error(value):
    with pytest.raises(TypeError, match="X must be a numeric"):
        as_float_array("X", value)


# --- shape checks -------------------------------------------------------------------------


def test_check_shape_message_names_argument_and_both_shapes():
    with pytest.raises(ValueError, match=r"^w must have shape \(3, 1\), got \(3,\)$"):
        check_shape("w", np.ones(3), (3, 1))


def test_check_shape_wildcards_and_hint():
    check_shape("Y", np.ones((1, 7)), (1, "m"))
    check_shape("A", np.ones((4, 2)), (None, None))
    check_shape("v", np.ones(5), ("k",))
    with pytest.raises(ValueError, match=r"^Y must have shape \(1, m\), got \(7, 1\)$"):
        check_shape("Y", np.ones((7, 1)), (1, "m"))
    with pytest.raises(ValueError, match=r"^A must have shape \(\?, \?\), got \(4,\)$"):
        check_shape("A", np.ones(4), (None, None))
    with pytest.raises(ValueError, match=r"^X must have shape \(3, m\) to match w, got \(2, 5\)$"):
        check_shape("X", np.ones((2, 5)), (3, "m"), hint="to match w")


def test_check_same_shape_and_same_m():
    check_same_shape("a", np.ones((2, 3)), "b", np.zeros((2, 3)))
    with pytest.raises(
        ValueError, match=r"a and b must have the same shape, got \(2, 3\) and \(3, 2\)"
    ):
        check_same_shape("a", np.ones((2, 3)), "b", np.zeros((3, 2)))
    check_same_m("X", np.ones((4, 3)), "Y", np.ones((1, 3)))
    with pytest.raises(
        ValueError,
        match=r"X and Y must have the same number of examples m \(columns\), "
        r"got \(4, 3\) and \(1, 2\)",
    ):
        check_same_m("X", np.ones((4, 3)), "Y", np.ones((1, 2)))


# --- value checks ----------------------------------------------------------------------------


def test_check_binary_and_unit_interval():
    check_binary("Y", np.array([[0.0, 1.0, 1.0]]))
    with pytest.raises(ValueError, match=r"Y must contain only 0 and 1, found \[0.5, 3.0\]"):
        check_binary("Y", np.array([[0.0, 3.0, 0.5, 3.0]]))
    check_in_unit_interval("A", np.array([[0.0, 0.3, 1.0]]))
    with pytest.raises(
        ValueError, match=r"A must contain probabilities in \[0, 1\], got values in \[-0.5, 1.0\]"
    ):
        check_in_unit_interval("A", np.array([[-0.5, 1.0]]))
    with pytest.raises(ValueError, match="A must contain probabilities"):
        check_in_unit_interval("A", np.array([[np.nan]]))


def test_check_params():
    w, _ = check_params("params", {"w": [[1]], "b": np.zeros((1, 1))}, ("w", "b"))
    assert w.dtype == np.float64
    with pytest.raises(
        ValueError,
        match=r"params is missing key\(s\) \['w'\]; expected keys \['w', 'b'\], got \['b'\]",
    ):
        check_params("params", {"b": 0.0}, ("w", "b"))
    with pytest.raises(TypeError, match=r"params must be a dict with keys \['w', 'b'\], got tuple"):
        check_params("params", (1, 2), ("w", "b"))
    with pytest.raises(TypeError, match=r"params\['w'\] must be a numeric"):
        check_params("params", {"w": "abc", "b": 0.0}, ("w", "b"))


def test_scalar_checks():
    assert check_int("n", np.int64(3)) == 3
    assert check_int("n", 0, minimum=0) == 0
    with pytest.raises(TypeError, match="n must be an integer, got bool"):
        check_int("n", True)
    with pytest.raises(ValueError, match="n must be an integer >= 1, got 0"):
        check_int("n", 0)
    assert check_real("lr", 1, low=0.0) == 1.0
    with pytest.raises(TypeError, match="lr must be a real number, got str"):
        check_real("lr", "0.1")
    with pytest.raises(ValueError, match=r"lr must be a finite number in \[0.0, inf\], got inf"):
        check_real("lr", float("inf"), low=0.0)


def test_check_rng_dtype_and_names():
    check_rng(np.random.default_rng(0))
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        check_rng(np.random.RandomState(0))
    assert check_float_dtype("dtype", "float32") == np.float32
    with pytest.raises(TypeError, match="dtype must be float32 or float64, got int32"):
        check_float_dtype("dtype", np.int32)
    with pytest.raises(TypeError, match="dtype must be float32 or float64"):
        check_float_dtype("dtype", "not a dtype")
    assert as_name_list("names", ("a", "b")) == ["a", "b"]
    with pytest.raises(TypeError, match="names must be a list of strings, got str"):
        as_name_list("names", "ab")
    with pytest.raises(TypeError, match="names must contain only strings"):
        as_name_list("names", ["a", 1])


def test_check_positive():
    assert check_positive("eps", 1e-8) == 1e-8
    with pytest.raises(ValueError, match="eps must be positive, got 0.0"):
        check_positive("eps", 0)
    with pytest.raises(ValueError, match=r"eps must be a finite number in \[0.0, inf\], got -1.0"):
        check_positive("eps", -1.0)


# --- finite values and data matrices ------------------------------------------------------


def test_check_finite_names_nan_or_infinity():
    check_finite("X", np.array([[0.0, -1e308, 1e308]]))
    check_finite("X", np.ones((2, 0)))
    with pytest.raises(ValueError, match="^X must contain only finite numbers, found NaN$"):
        check_finite("X", np.array([[1.0, np.nan, np.inf]]))  # NaN is named first
    with pytest.raises(ValueError, match="^Y must contain only finite numbers, found infinity$"):
        check_finite("Y", np.array([[1.0, -np.inf]], dtype=np.float32))


def test_check_data():
    X32 = np.ones((3, 4), dtype=np.float32)
    assert check_data("X", X32) is X32  # float32 kept, no copy
    assert check_data("X", [[1, 2], [3, 4]], rows=2).dtype == np.float64
    with pytest.raises(ValueError, match=r"^X must have shape \(3, m\), got \(2, 4\)$"):
        check_data("X", np.ones((2, 4)), rows=3)
    with pytest.raises(ValueError, match=r"^X must have shape \(n, m\), got \(4,\)$"):
        check_data("X", np.ones(4))
    with pytest.raises(ValueError, match=r"X must hold at least one example \(column\), got m = 0"):
        check_data("X", np.ones((3, 0)))
    with pytest.raises(ValueError, match="X must contain only finite numbers, found NaN"):
        check_data("X", np.array([[np.nan]]))
    with pytest.raises(TypeError, match="X must be a numeric"):
        check_data("X", [["a"]])


def test_check_layer_dims():
    assert check_layer_dims((np.int64(3), 4, 1)) == [3, 4, 1]
    assert all(type(n) is int for n in check_layer_dims(np.array([3, 1])))
    with pytest.raises(
        ValueError, match=r"layer_dims must list at least two sizes \[n_x, \.\.\., n_L\], got \[3\]"
    ):
        check_layer_dims([3])
    with pytest.raises(ValueError, match=r"layer_dims\[1\] must be an integer >= 1, got 0"):
        check_layer_dims([3, 0])
    with pytest.raises(TypeError, match=r"layer_dims\[0\] must be an integer, got float"):
        check_layer_dims([3.0, 1])
    with pytest.raises(TypeError, match="layer_dims must be a list of integers, got str"):
        check_layer_dims("31")
    with pytest.raises(TypeError, match="layer_dims must be a list of integers, got int"):
        check_layer_dims(3)


# --- caches of the forward/backward blocks ---------------------------------------------------


def test_make_cache_and_read_cache():
    A, W = np.ones((2, 3)), np.zeros((4, 2))
    cache = make_cache("linear_forward", A_prev=A, W=W, has_bias=True)
    assert cache["block"] == "linear_forward"
    A_back, W_back, bias = read_cache(cache, "linear_forward", ("A_prev", "W", "has_bias"))
    assert A_back is A and W_back is W and bias is True


def test_read_cache_names_both_blocks_and_refuses_other_objects():
    cache = make_cache("dropout_forward", mask=np.ones((2, 2)), keep_prob=0.5)
    with pytest.raises(
        TypeError,
        match="^cache was made by dropout_forward, but this backward pass needs linear_forward's$",
    ):
        read_cache(cache, "linear_forward", ("A_prev",))
    for wrong in ((np.ones(2), 0.5), {"mask": np.ones(2)}, None):
        with pytest.raises(
            TypeError, match="^cache must be the cache returned by dropout_forward, got "
        ):
            read_cache(wrong, "dropout_forward", ("mask",))


def test_check_upstream():
    d = np.ones((2, 3), dtype=np.float32)
    assert check_upstream("dZ", d, (2, 3), "linear_forward") is d
    assert check_upstream("dZ", [[1, 2, 3]], (1, 3), "linear_forward").dtype == np.float64
    with pytest.raises(
        ValueError,
        match=r"^dZ must have shape \(2, 3\), the shape of linear_forward's output, got \(3, 2\)$",
    ):
        check_upstream("dZ", np.ones((3, 2)), (2, 3), "linear_forward")
    with pytest.raises(TypeError, match="dA must be a numeric"):
        check_upstream("dA", "x", (1, 1), "activation_forward")
