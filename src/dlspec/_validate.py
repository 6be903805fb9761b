"""Input checks shared by every public function of dlspec.

Each public function converts and checks its arguments here, once, at the
boundary, so the arithmetic that follows can stay short and readable.
The rules are the ones used throughout the course:

* numbers are floating point: float32 stays float32, float64 stays float64,
  and integer or boolean input is converted to float64;
* examples are stored as columns, so a data matrix has shape ``(n_x, m)``,
  labels have shape ``(1, m)`` and a weight vector has shape ``(n_x, 1)``;
* a rank-1 array of shape ``(n,)`` is never accepted where a column
  ``(n, 1)`` or a row ``(1, m)`` is meant.

Errors name the argument and show both the expected and the actual shape,
for example ``"w must have shape (3, 1), got (3,)"``.
"""

from collections.abc import Iterable, Mapping
from numbers import Integral, Real

import numpy as np

#: Floating point types that are kept as they are.
_KEPT_FLOATS = (np.float32, np.float64)


def as_float_array(name, a):
    """Return ``a`` as a float32 or float64 ndarray.

    float32 and float64 arrays are returned unchanged (no copy); integer,
    boolean and other floating point input is converted to float64.

    Raises
    ------
    TypeError
        If ``a`` is not numeric (strings, objects, complex numbers, ...).
    """
    try:
        arr = np.asarray(a)
    except (TypeError, ValueError) as exc:  # e.g. a ragged nested list
        raise TypeError(f"{name} must be a numeric array, got {type(a).__name__}") from exc
    if arr.dtype.type in _KEPT_FLOATS:
        return arr
    if arr.dtype.kind in "biuf":
        return arr.astype(np.float64)
    raise TypeError(
        f"{name} must be a numeric (real) array, got {type(a).__name__} with dtype {arr.dtype}"
    )


def _format_shape(shape):
    """Format an expected shape; ``None`` prints as ``?``, a string as itself."""
    parts = ["?" if d is None else str(d) for d in shape]
    if len(parts) == 1:
        return f"({parts[0]},)"
    return "(" + ", ".join(parts) + ")"


def check_shape(name, a, expected, hint=""):
    """Raise ``ValueError`` unless ``a.shape`` matches ``expected``.

    ``expected`` is a tuple whose entries are integers (that exact size),
    strings such as ``"m"`` (any size, the string only labels the message)
    or ``None`` (any size). ``hint`` is appended to the message, e.g.
    ``"to match X of shape (3, 5)"``; it may also be a function returning that
    text, so that code run in every training step formats it only on failure.
    """
    # A plain loop: this runs several times per layer and step, so it stays cheap
    # (no generator, no abstract-class isinstance).
    ok = a.ndim == len(expected)
    if ok:
        for d, e in zip(a.shape, expected):
            if e is not None and not isinstance(e, str) and d != e:
                ok = False
                break
    if not ok:
        hint = hint() if callable(hint) else hint
        where = f" {hint}" if hint else ""
        raise ValueError(f"{name} must have shape {_format_shape(expected)}{where}, got {a.shape}")


def check_same_shape(name_a, a, name_b, b):
    """Raise ``ValueError`` unless ``a`` and ``b`` have the same shape."""
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape, got {a.shape} and {b.shape}"
        )


def check_same_m(name_a, a, name_b, b):
    """Raise ``ValueError`` unless ``a`` and ``b`` have the same number of columns."""
    if a.shape[1] != b.shape[1]:
        raise ValueError(
            f"{name_a} and {name_b} must have the same number of examples m (columns), "
            f"got {a.shape} and {b.shape}"
        )


def check_finite(name, a):
    """Raise ``ValueError`` unless every entry of ``a`` is finite (no NaN, no infinity)."""
    if not np.all(np.isfinite(a)):
        bad = "NaN" if np.any(np.isnan(a)) else "infinity"
        raise ValueError(f"{name} must contain only finite numbers, found {bad}")


def check_binary(name, a):
    """Raise ``ValueError`` unless every entry of ``a`` is 0 or 1."""
    if not np.all((a == 0) | (a == 1)):
        bad = np.unique(a[(a != 0) & (a != 1)])[:5]
        raise ValueError(f"{name} must contain only 0 and 1, found {bad.tolist()}")


def check_in_unit_interval(name, a):
    """Raise ``ValueError`` unless every entry of ``a`` lies in [0, 1]."""
    if not np.all((a >= 0) & (a <= 1)):
        raise ValueError(
            f"{name} must contain probabilities in [0, 1], got values in [{np.min(a)}, {np.max(a)}]"
        )


def check_params(name, params, keys):
    """Check that ``params`` is a dict holding ``keys``; return their arrays.

    Raises
    ------
    TypeError
        If ``params`` is not a mapping.
    ValueError
        If a key is missing (the message lists the expected keys).
    """
    if not isinstance(params, Mapping):
        raise TypeError(
            f"{name} must be a dict with keys {list(keys)}, got {type(params).__name__}"
        )
    missing = [k for k in keys if k not in params]
    if missing:
        raise ValueError(
            f"{name} is missing key(s) {missing}; expected keys {list(keys)}, got {list(params)}"
        )
    arrays = [params[k] for k in keys]
    return [  # float arrays as they are; anything else converted (or refused) by name
        a if isinstance(a, np.ndarray) and a.dtype.type in _KEPT_FLOATS
        else as_float_array(f"{name}[{k!r}]", a)
        for k, a in zip(keys, arrays, strict=True)
    ]


def check_int(name, n, minimum=1):
    """Return ``n`` as an ``int`` if it is an integer >= ``minimum`` (bool is refused)."""
    if isinstance(n, bool) or not isinstance(n, Integral):
        raise TypeError(f"{name} must be an integer, got {type(n).__name__}")
    if n < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {n}")
    return int(n)


def check_real(name, x, low=None, high=None):
    """Return ``x`` as a ``float`` if it is a real number within [low, high]."""
    if isinstance(x, bool) or not isinstance(x, Real):
        raise TypeError(f"{name} must be a real number, got {type(x).__name__}")
    x = float(x)
    lo = -np.inf if low is None else low
    hi = np.inf if high is None else high
    if not (np.isfinite(x) and lo <= x <= hi):
        raise ValueError(f"{name} must be a finite number in [{lo}, {hi}], got {x}")
    return x


def check_positive(name, x):
    """Return ``x`` as a ``float`` if it is a finite real number greater than 0."""
    x = check_real(name, x, low=0.0)
    if x == 0.0:
        raise ValueError(f"{name} must be positive, got 0.0")
    return x


def check_rng(rng):
    """Raise ``TypeError`` unless ``rng`` is a ``numpy.random.Generator``."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            "rng must be a numpy.random.Generator, e.g. np.random.default_rng(0), "
            f"got {type(rng).__name__}"
        )


def check_float_dtype(name, dtype):
    """Return ``dtype`` as a NumPy dtype if it is float32 or float64."""
    try:
        dt = np.dtype(dtype)
    except TypeError as exc:
        raise TypeError(f"{name} must be float32 or float64, got {dtype!r}") from exc
    if dt.type not in _KEPT_FLOATS:
        raise TypeError(f"{name} must be float32 or float64, got {dt}")
    return dt


def as_name_list(name, items):
    """Return ``items`` (an iterable of strings) as a list of strings."""
    if isinstance(items, str) or not isinstance(items, Iterable):
        raise TypeError(f"{name} must be a list of strings, got {type(items).__name__}")
    items = list(items)
    if not all(isinstance(s, str) for s in items):
        raise TypeError(f"{name} must contain only strings, got {items!r}")
    return items


# --- caches of the forward/backward blocks -------------------------------------------------
# Every block's forward pass returns ``(out, cache)`` where ``cache`` is a dict whose key
# "block" names the forward function that made it; the backward pass reads it back here,
# so a cache handed to the wrong backward function is refused by name, never misread.


def make_cache(block, **items):
    """Return the cache of the forward function ``block`` (e.g. ``"linear_forward"``)."""
    return {"block": block, **items}


def read_cache(cache, block, keys):
    """Return ``[cache[k] for k in keys]`` after checking that ``block`` made ``cache``."""
    if not isinstance(cache, Mapping) or "block" not in cache:
        raise TypeError(f"cache must be the cache returned by {block}, got {type(cache).__name__}")
    if cache["block"] != block:
        raise TypeError(f"cache was made by {cache['block']}, but this backward pass needs {block}'s")
    return [cache[k] for k in keys]


def check_upstream(name, d, out_shape, block):
    """Return the upstream gradient ``d`` as a float array of the forward output's shape."""
    d = as_float_array(name, d)
    if d.shape != out_shape:
        raise ValueError(f"{name} must have shape {out_shape}, the shape of {block}'s output, got {d.shape}")
    return d


def check_recurrent_input(name, x, ndim):
    """A gated cell's input: one step ``(n_x, m)`` (``ndim`` 2) or a sequence ``(n_x, m, T_x)``
    (``ndim`` 3), with m >= 1 and T_x >= 1, finite (:mod:`dlspec.gru`, :mod:`dlspec.lstm`)."""
    x = as_float_array(name, x)
    expected = ("n_x", "m") if ndim == 2 else ("n_x", "m", "T_x")
    one_step = ndim == 3 and x.ndim == 2
    hint = "(one time step of shape (n_x, m) as x[:, :, None])" if one_step else ""
    check_shape(name, x, expected, hint=hint)
    if x.shape[1] == 0:
        raise ValueError(f"{name} must hold at least one example (axis 1), got m = 0 in shape {x.shape}")
    if ndim == 3 and x.shape[2] == 0:
        raise ValueError(f"{name} must hold at least one time step (axis 2), got T_x = 0 in shape {x.shape}")
    check_finite(name, x)
    return x


def check_gate_params(params, names, n_x):
    """A gated cell's parameters as a dict: every ``W*`` of ``names`` (n_a, n_a + n_x), every
    ``b*`` (n_a, 1), all finite; ``n_a`` is read from the first name's rows."""
    arrays = dict(zip(names, check_params("params", params, names), strict=True))
    first = names[0]
    check_shape(first, arrays[first], ("n_a", "n_a + n_x"))
    n_a = arrays[first].shape[0]
    sizes = f"for n_a = {n_a} (the rows of {first}) and n_x = {n_x} (the rows of the input)"
    for name in names:
        if name.startswith("W"):
            check_shape(name, arrays[name], (n_a, n_a + n_x), hint=f"= (n_a, n_a + n_x) {sizes}")
        else:
            check_shape(name, arrays[name], (n_a, 1), hint=f"= (n_a, 1) {sizes}")
        check_finite(name, arrays[name])
    return arrays


def check_layer_dims(layer_dims):
    """Return ``layer_dims`` as a list of at least two positive ints ``[n_x, n_1, ..., n_L]``."""
    if isinstance(layer_dims, (str, bytes)) or not isinstance(layer_dims, Iterable):
        raise TypeError(f"layer_dims must be a list of integers, got {type(layer_dims).__name__}")
    dims = list(layer_dims)
    if len(dims) < 2:
        raise ValueError(f"layer_dims must list at least two sizes [n_x, ..., n_L], got {dims}")
    return [check_int(f"layer_dims[{i}]", n) for i, n in enumerate(dims)]


def check_data(name, a, rows=None, hint=""):
    """Return a data matrix ``a`` of shape ``(rows, m)`` with m >= 1 and only finite entries.

    ``hint`` is passed on to :func:`check_shape`, e.g. ``"to match W of shape (4, 3)"``.
    """
    a = as_float_array(name, a)
    check_shape(name, a, ("n" if rows is None else rows, "m"), hint=hint)
    if a.shape[1] == 0:
        raise ValueError(f"{name} must hold at least one example (column), got m = 0")
    check_finite(name, a)
    return a
