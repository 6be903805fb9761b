r"""Gradient checking: compare backpropagation with finite differences.

Course 2, Week 1. A backward pass is easy to get subtly wrong; the cure is
to compare it with a numerical derivative of the forward pass. For a scalar
function :math:`f` and a tiny :math:`\varepsilon`, the centred difference

.. math:: \frac{\partial f}{\partial \theta_i} \approx
          \frac{f(\theta + \varepsilon e_i) - f(\theta - \varepsilon e_i)}{2\varepsilon}

has error :math:`O(\varepsilon^2)`, and the two gradients are compared with
the relative error

.. math:: \frac{\lVert g_{\mathrm{backprop}} - g_{\mathrm{numeric}} \rVert_2}
               {\lVert g_{\mathrm{backprop}} \rVert_2 + \lVert g_{\mathrm{numeric}} \rVert_2}.

In float64 with ``eps = 1e-6``, a correct gradient of a smooth function
gives errors around 1e-9 to 1e-11. dlspec's own tests require **< 1e-7 in
float64**; an error above 1e-3 almost certainly means a bug. float32 has only
about 7 significant digits, so finite differences with ``eps = 1e-6`` are
meaningless there and are refused.

Two checkers build on :func:`numerical_gradient`:

* :func:`check_gradients` checks a whole model: a loss closure over a dict
  of parameters against a dict of gradients;
* :func:`check_backward` checks one layer: a ``forward``/``backward`` pair,
  driven by a random upstream gradient.

Both refuse, with a ``ValueError`` naming the culprit, a NaN or infinite
gradient (analytic or numerical), parameter or cost. A NaN relative error
would compare ``False`` with every tolerance and vanish in the ``max`` over
parameters, so a broken backward pass could otherwise look perfect.
"""

from collections.abc import Mapping
from numbers import Integral

import numpy as np

from dlspec._validate import (
    as_float_array,
    as_name_list,
    check_finite,
    check_positive,
    check_int,
    check_rng,
)


def _check_float64(name, x):
    """Raise ``TypeError`` unless ``x`` is a float64 ndarray that can be perturbed."""
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        what = f"dtype {x.dtype}" if isinstance(x, np.ndarray) else type(x).__name__
        raise TypeError(
            f"{name} must be a float64 ndarray (it is perturbed in place), got {what}; "
            "finite differences with eps=1e-6 are meaningless in float32"
        )


def _check_callable(name, f):
    """Raise ``TypeError`` unless ``f`` can be called."""
    if not callable(f):
        raise TypeError(f"{name} must be callable, got {type(f).__name__}")


def _scalar(value, f_name, nudged):
    """Return ``f()``'s result as a finite float; a size-1 array such as (1, 1) is accepted.

    ``nudged`` is ``(x_name, index, sign)``, the entry just moved, named when the value is
    NaN or infinite.
    """
    value = np.asarray(value)
    if value.size != 1:
        raise ValueError(f"{f_name} must return a scalar, got an array of shape {value.shape}")
    value = float(value.item())
    if not np.isfinite(value):
        x_name, idx, sign = nudged
        entry = f"{x_name}[{', '.join(map(str, idx)) or '()'}]"  # e.g. "x[0, 1]"
        raise ValueError(
            f"{f_name} gave {value} when {entry} was nudged by {sign}eps; it must give a "
            "finite number (a NaN or infinite cost has no finite differences to compare with)"
        )
    return value


def _centred_differences(f, x, eps, f_name, x_name):
    """The loop of :func:`numerical_gradient`; ``f_name`` and ``x_name`` label its errors."""
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        original = x[idx]
        try:
            x[idx] = original + eps
            f_plus = _scalar(f(), f_name, (x_name, idx, "+"))
            x[idx] = original - eps
            f_minus = _scalar(f(), f_name, (x_name, idx, "-"))
        finally:
            x[idx] = original
        grad[idx] = (f_plus - f_minus) / (2.0 * eps)
    check_finite(f"the numerical gradient of {x_name}", grad)  # e.g. 1e308 - (-1e308)
    return grad


def numerical_gradient(f, x, eps=1e-6):
    r"""Centred finite-difference gradient of ``f()`` with respect to ``x``.

    Parameters
    ----------
    f : callable
        Takes no arguments and returns a scalar (or a size-1 array); it must
        read ``x`` (for example a closure over it), because ``x`` is changed
        in place.
    x : ndarray of any shape, float64
        The variable. Each entry is nudged by ``+eps`` and ``-eps`` in place
        and then restored exactly, even if ``f`` raises.
    eps : float, default 1e-6
        Step size.

    Returns
    -------
    ndarray of the same shape as ``x``

    Raises
    ------
    TypeError
        If ``f`` is not callable, or ``x`` is not a float64 ndarray (float32 is too
        imprecise; an integer array could not be nudged in place).
    ValueError
        If ``x`` holds NaN or infinity, ``eps`` is not positive, or ``f``
        returns more than one number or a NaN or infinite one.

    Notes
    -----
    .. math:: g_i = \frac{f(x + \varepsilon e_i) - f(x - \varepsilon e_i)}{2\varepsilon}

    It costs two calls of ``f`` per entry of ``x``, which is why it is only
    used to check gradients, never to train. Tolerance used in the tests:
    relative error < 1e-7 in float64.

    Course 2, Week 1.
    """
    _check_callable("f", f)
    _check_float64("x", x)
    check_finite("x", x)
    eps = check_positive("eps", eps)
    return _centred_differences(f, x, eps, "f", "x")


def relative_error(a, b):
    r"""Relative distance between two arrays of the same shape.

    Parameters
    ----------
    a, b : ndarray of the same shape

    Returns
    -------
    float
        In [0, 1]; 0.0 when both are zero.

    Raises
    ------
    ValueError
        If the shapes differ, or ``a`` or ``b`` holds NaN or infinity (the
        error would be NaN, which every ``<`` and ``max`` quietly ignores).

    Notes
    -----
    .. math:: \frac{\lVert a - b \rVert_2}{\lVert a \rVert_2 + \lVert b \rVert_2}

    Dividing by the sizes makes the number independent of the gradient's
    scale. Tolerance used in the tests: < 1e-7 in float64.

    Course 2, Week 1.
    """
    a = as_float_array("a", a)
    b = as_float_array("b", b)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    check_finite("a", a)
    check_finite("b", b)
    denominator = np.linalg.norm(a.ravel()) + np.linalg.norm(b.ravel())
    if denominator == 0.0:
        return 0.0
    return float(np.linalg.norm((a - b).ravel()) / denominator)


def dict_to_vector(d, keys=None):
    r"""Stack the arrays of a dict into one column vector.

    Parameters
    ----------
    d : dict of str to ndarray
        E.g. ``{"W1": (4, 3), "b1": (4, 1)}``.
    keys : list of str, optional
        Order in which to stack; by default the dict's own order.

    Returns
    -------
    vector : ndarray of shape (n, 1)
        ``n`` is the total number of entries; each array is flattened in C
        (row-major) order.
    shapes : dict of str to tuple
        ``{key: shape}`` in stacking order; pass it to
        :func:`vector_to_dict` to undo the stacking.

    Raises
    ------
    ValueError
        If a key is missing from ``d``.

    Notes
    -----
    .. math:: \theta = [\mathrm{vec}(W^{[1]}); \mathrm{vec}(b^{[1]}); \dots]

    Course 2, Week 1.
    """
    if not isinstance(d, Mapping):
        raise TypeError(f"d must be a dict of arrays, got {type(d).__name__}")
    keys = list(d) if keys is None else as_name_list("keys", keys)
    missing = [k for k in keys if k not in d]
    if missing:
        raise ValueError(f"d is missing key(s) {missing}; it has {list(d)}")
    arrays = [as_float_array(f"d[{k!r}]", d[k]) for k in keys]
    shapes = {k: a.shape for k, a in zip(keys, arrays, strict=True)}
    if not arrays:
        return np.zeros((0, 1)), shapes
    return np.concatenate([a.reshape(-1, 1) for a in arrays]), shapes


def vector_to_dict(vec, shapes):
    r"""Split a column vector back into named arrays; inverse of :func:`dict_to_vector`.

    Parameters
    ----------
    vec : ndarray of shape (n, 1)
    shapes : dict of str to tuple
        As returned by :func:`dict_to_vector`; the order matters.

    Returns
    -------
    dict of str to ndarray
        New arrays (copies) with the given shapes.

    Raises
    ------
    ValueError
        If ``vec`` is not a column, or its length is not the total size.
    TypeError
        If ``shapes`` is not a dict of tuples of integers.

    Notes
    -----
    Course 2, Week 1.
    """
    vec = as_float_array("vec", vec)
    if not isinstance(shapes, Mapping):
        raise TypeError(f"shapes must be a dict {{name: shape}}, got {type(shapes).__name__}")
    for key, shape in shapes.items():
        if not isinstance(shape, (tuple, list)) or not all(isinstance(n, Integral) for n in shape):
            raise TypeError(f"shapes[{key!r}] must be a tuple of sizes, got {shape!r}")
    total = sum(int(np.prod(s)) for s in shapes.values())
    if vec.shape != (total, 1):
        raise ValueError(f"vec must have shape ({total}, 1) to match shapes, got {vec.shape}")
    out, start = {}, 0
    for key, shape in shapes.items():
        size = int(np.prod(shape))
        out[key] = vec[start : start + size, 0].reshape(shape).copy()
        start += size
    return out


def _finite_gradient(label, g):
    """``g`` as a float array, refusing NaN and infinity under the name ``label``."""
    g = as_float_array(label, g)
    check_finite(label, g)
    return g


def _gradient_for(grads, name, where):
    """Find the gradient of ``name`` in ``grads``: key ``"d" + name``, else ``name``."""
    for key in ("d" + name, name):
        if key in grads:
            return _finite_gradient(f"{where}[{key!r}]", grads[key])
    raise ValueError(f"{where} has no gradient for {name!r} (looked for 'd{name}' and {name!r})")


def check_gradients(loss_fn, params, grads, eps=1e-6):
    r"""Largest relative error between ``grads`` and numerical gradients of ``loss_fn``.

    Parameters
    ----------
    loss_fn : callable
        Takes no arguments and returns the scalar cost computed from the
        arrays in ``params`` (a closure over the dict).
    params : dict of str to float64 ndarray
        The parameters; each is perturbed in place and restored.
    grads : dict of str to ndarray
        Backprop gradients, keyed ``"d" + name`` (course style, e.g.
        ``"dw"``) or by the parameter name itself.
    eps : float, default 1e-6

    Returns
    -------
    float
        ``max`` over the parameters of :func:`relative_error`, so a small
        parameter's error cannot hide behind a large one's.

    Raises
    ------
    ValueError
        If a gradient is missing, has the wrong shape or holds NaN or
        infinity; if a parameter holds NaN or infinity; or if ``loss_fn``
        returns NaN or infinity at a nudged parameter. (A NaN error would
        otherwise vanish inside ``max`` and the check would pass.)
    TypeError
        If ``loss_fn`` is not callable or a parameter is not a float64 ndarray.

    Notes
    -----
    For each parameter :math:`\theta`:

    .. math:: \frac{\lVert d\theta - d\theta_{\mathrm{approx}} \rVert_2}
              {\lVert d\theta \rVert_2 + \lVert d\theta_{\mathrm{approx}} \rVert_2}

    Tolerance used in the tests: < 1e-7 in float64.

    Course 2, Week 1.
    """
    _check_callable("loss_fn", loss_fn)
    if not isinstance(params, Mapping) or not isinstance(grads, Mapping):
        raise TypeError("params and grads must be dicts of arrays")
    eps = check_positive("eps", eps)
    worst = 0.0
    for name, value in params.items():
        _check_float64(f"params[{name!r}]", value)
        check_finite(f"params[{name!r}]", value)
        analytic = _gradient_for(grads, name, "grads")
        if analytic.shape != value.shape:
            raise ValueError(
                f"grads for {name!r} must have shape {value.shape}, got {analytic.shape}"
            )
        numeric = _centred_differences(loss_fn, value, eps, "loss_fn", f"params[{name!r}]")
        worst = max(worst, relative_error(analytic, numeric))
    return worst


def check_backward(forward, backward, x, params=None, *, rng, m=None, eps=1e-6):
    r"""Check a block's backward pass against its forward pass.

    Parameters
    ----------
    forward : callable
        ``forward(x, params) -> (out, cache)``, or ``forward(x) -> (out, cache)``
        when ``params`` is None: dlspec's block convention. Use a ``lambda`` or
        ``functools.partial`` to fix settings (``activation="relu"``, a dropout
        ``rng`` made anew on each call so that every call draws the same mask).
    backward : callable
        ``backward(dout, cache) -> (dx, grads)``, ``grads`` holding ``"d" + name``
        for every parameter.
    x : float64 ndarray
        The block's input. It is copied, so the caller's array is never touched.
    params : dict of str to float64 ndarray, optional
        The block's parameters, also copied.
    rng : numpy.random.Generator
        Draws the upstream gradient ``G``.
    m : int, optional
        The number of examples in ``x``; default ``x.shape[1]`` (examples are columns).
    eps : float, default 1e-6

    Returns
    -------
    dict of str to float
        :func:`relative_error` for ``"x"`` and for every parameter name.

    Raises
    ------
    TypeError
        If ``x`` or a parameter is not a float64 ndarray, ``forward`` or ``backward`` is
        not callable, ``rng`` is not a Generator, or ``backward`` does not return a pair
        ``(dx, grads)``.
    ValueError
        If a gradient is missing, has the wrong shape or holds NaN or infinity; or
        the input, a parameter or ``forward``'s output holds NaN or infinity.

    Notes
    -----
    A block has an array output, not a scalar. Picking a random ``G`` of the
    output's shape and defining

    .. math:: L = \sum_{k} \mathrm{out}_k\, G_k
              \quad\Longrightarrow\quad
              \frac{\partial L}{\partial \mathrm{out}} = G,

    turns it into a scalar whose true gradients are what ``backward(G, cache)``
    must return: exactly for ``dx`` (per example, as ``G`` is), and ``1/m`` times
    them for the parameters (gradients of the mean cost, the convention of
    :mod:`dlspec`), so these are compared after multiplying by ``m``. A random ``G`` weighs every output
    differently. (With an all-ones ``G`` and a softmax layer, ``L`` would be
    constant, and a backward pass that wrongly returned zeros would pass.)
    Tolerance used in the tests: < 1e-7 in float64.

    Course 2, Week 1.
    """
    check_rng(rng)
    eps = check_positive("eps", eps)
    _check_callable("forward", forward)
    _check_callable("backward", backward)
    _check_float64("x", x)
    check_finite("x", x)
    x = x.copy()
    if m is None and x.ndim < 2:
        raise ValueError(f"x has shape {x.shape}: pass m, the number of examples (default x.shape[1])")
    m = x.shape[1] if m is None else check_int("m", m)
    if params is not None:
        if not isinstance(params, Mapping):
            raise TypeError(f"params must be a dict of arrays, got {type(params).__name__}")
        for key, value in params.items():
            _check_float64(f"params[{key!r}]", value)
            check_finite(f"params[{key!r}]", value)
        params = {key: value.copy() for key, value in params.items()}

    def run():
        return forward(x) if params is None else forward(x, params)

    out, cache = run()
    check_finite("forward's output", as_float_array("forward's output", out))
    G = rng.standard_normal(np.shape(out))
    result = backward(G.copy(), cache)
    if not (isinstance(result, tuple) and len(result) == 2 and isinstance(result[1], Mapping)):
        raise TypeError("backward must return the pair (dx, grads), grads a dict")
    dx, grads = result
    analytic = {"x": _finite_gradient("dx", dx)}
    for name in params or {}:
        analytic[name] = m * _gradient_for(grads, name, "backward's grads")
    variables = {"x": x, **(params or {})}

    def scalar_loss():
        return np.sum(run()[0] * G)

    errors = {}
    for name, g in analytic.items():
        if g.shape != variables[name].shape:
            raise ValueError(
                f"gradient of {name!r} must have shape {variables[name].shape}, got {g.shape}"
            )
        numeric = _centred_differences(scalar_loss, variables[name], eps, "sum(out * G)", name)
        errors[name] = relative_error(g, numeric)
    return errors
