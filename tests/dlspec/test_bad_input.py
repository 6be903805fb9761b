"""Every public function and class of dlspec, called with bad input.

One table, :data:`TABLE`, holds for each public name (``"module.name"``, and
``"module.Class.method"`` for the public methods of ``Network``, ``BatchNorm`` and the
optimisers):

* ``valid``: a call that works, built from the small fixtures below (``None`` only for
  the data loaders, which are called with bad arguments only);
* ``bad``: calls with bad input, each with the error it must raise (``ValueError`` or
  ``TypeError``) and a pattern its message must match, which names the argument;
* ``same``: calls with integer or boolean arrays or Python lists, which must be accepted
  and give the values (and dtypes) of the same call with float64 arrays;
* ``legit``: unusual input that is valid and must not be refused, such as more features
  than examples.

A bad case with a ``gap`` documents a check that is known to be missing; it runs as a
strict xfail, so it turns red once the check exists and the mark can go.
:func:`test_every_public_name_is_in_the_table` lists every public function and class of
every public module (and the public methods of the classes above) with :mod:`inspect`,
so a new public function cannot escape the table.
"""

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Mapping
from functools import partial
from typing import NamedTuple

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import dlspec  # noqa: E402
from dlspec import (  # noqa: E402
    activations,
    blocks,
    data,
    gradcheck,
    initializers,
    layers,
    logistic_regression,
    losses,
    metrics,
    network,
    normalization,
    optimizers,
    planar_data,
    plotting,
    regularization,
    shallow_network,
    strategy,
    training,
    tuning,
)
from dlspec.network import Network, dense_network  # noqa: E402
from dlspec.normalization import BatchNorm  # noqa: E402
from dlspec.optimizers import Adam, GradientDescent, Momentum, RMSprop  # noqa: E402

NAN, INF = float("nan"), float("inf")


def _optimizer_classes(cls=GradientDescent):
    """GradientDescent and its subclasses in dlspec (not those that tests define)."""
    subclasses = [c for sub in cls.__subclasses__() for c in _optimizer_classes(sub)]
    return [cls, *(c for c in subclasses if c.__module__.startswith("dlspec."))]


#: Classes whose public methods are in the table too: every optimiser, including new ones.
CLASSES_WITH_METHODS = (Network, BatchNorm, *_optimizer_classes())

#: Names without a valid call: loaders of the real data set, called with bad arguments only.
LOADERS = {"data.load_digits_images", "data.load_digits_binary"}


# --- the table's rows -----------------------------------------------------------------------


class Bad(NamedTuple):
    """A call with bad input and the error it must raise."""

    label: str
    call: Callable
    error: type
    match: str  # re.search pattern; it names the argument
    gap: str = ""  # non-empty: the check is missing from a file this test may not change


def _identity(result):
    return result


class Same(NamedTuple):
    """Integer, boolean or list input that must give the float64 call's values."""

    label: str
    call: Callable
    reference: Callable
    view: Callable = _identity  # what to compare, e.g. the data of a plot
    gap: str = ""  # as in Bad: accepted input that a file this test may not change refuses


class Entry(NamedTuple):
    """One row of :data:`TABLE` (see the module docstring)."""

    valid: Callable | None
    bad: list
    same: list
    legit: list


TABLE = {}


def add(name, valid, bad=(), same=(), legit=()):
    """Put ``name``'s row in :data:`TABLE`; ``legit`` holds ``(label, call)`` pairs."""
    assert name not in TABLE, f"{name} is in the table twice"
    TABLE[name] = Entry(valid, list(bad), list(same), list(legit))


# --- small fixtures: n_x = 3 features, m = 5 examples, never square ----------------------------


def seeded():
    """A fresh generator, so that two calls that draw get the same numbers."""
    return np.random.default_rng(0)


def as_float(d):
    """A dict of arrays as float64, the reference for a dict of integer or boolean arrays."""
    return {k: np.asarray(v, dtype=np.float64) for k, v in d.items()}


def poisoned(a, value):
    """A float64 copy of ``a`` with one entry replaced by ``value`` (NaN or infinity)."""
    a = np.array(a, dtype=np.float64)
    a.flat[1] = value
    return a


_draw = np.random.default_rng(2024)
X = _draw.standard_normal((3, 5))  # (n_x, m)
XI = np.array([[1, -2, 0, 3, 1], [0, 1, -1, 2, 2], [2, 0, 1, -3, 1]])  # int64, same shape
XF = XI.astype(np.float64)
Y = np.array([[0.0, 1.0, 1.0, 0.0, 1.0]])  # (1, m) labels
YI, YB = Y.astype(np.int64), Y.astype(bool)
P = np.array([[0.2, 0.9, 0.6, 0.1, 0.7]])  # probabilities, not labels
LABELS = np.array([0, 2, 1, 1, 0])  # class labels of 3 classes
Y3 = np.eye(3)[:, LABELS]  # (3, m) one-hot
EMPTY = np.zeros((3, 0))  # m = 0

W, B = _draw.standard_normal((2, 3)), _draw.standard_normal((2, 1))
LIN = {"W": W, "b": B}  # a layer of 2 units on 3 inputs
LIN_I = {"W": np.array([[1, 0, -1], [2, 1, 0]]), "b": np.array([[1], [0]])}
LIN_F = as_float(LIN_I)
LOG = {"w": _draw.standard_normal((3, 1)), "b": np.array([[0.1]])}
LOG_I = {"w": np.array([[1], [0], [-1]]), "b": np.array([[2]])}
LOG_F = as_float(LOG_I)
SH = shallow_network.initialize_shallow(3, 4, 1, rng=seeded(), scale=0.5)  # W1, b1, W2, b2
BNP = {"gamma": np.array([[1.0], [2.0], [0.5]]), "beta": np.array([[0.0], [1.0], [-1.0]])}
BNP_I = {"gamma": [[1], [2], [3]], "beta": [[0], [1], [0]]}  # nested lists of ints

NET = dense_network([3, 4, 1])
NET_P = NET.initialize(rng=seeded())
NET_SM = dense_network([3, 4, 3], output="softmax")
NET_SM_P = NET_SM.initialize(rng=seeded())
NET_DROP = dense_network([3, 4, 1], keep_prob=0.5)
NET_BN = dense_network([3, 4, 1], batch_norm=True)
NET_BN_P = NET_BN.initialize(rng=seeded())
NET_I = {"W1": np.arange(12).reshape(4, 3) % 3 - 1, "b1": np.zeros((4, 1), int),
         "W2": np.array([[1, -1, 0, 2]]), "b2": np.array([[1]])}  # int parameters of NET and SH
NET_F = as_float(NET_I)

# The caches of every block, to hand to the wrong backward pass.
LIN_Z, LIN_CACHE = layers.linear_forward(X, LIN)
_, ACT_CACHE = activations.activation_forward(X, "relu")
LA_A, LA_CACHE = layers.linear_activation_forward(X, LIN, "tanh")
_, DROP_CACHE = regularization.dropout_forward(X, 0.5, rng=seeded())
_, BN_CACHE = normalization.batchnorm_forward(X, BNP)
LOG_Z, LOG_CACHE = logistic_regression.logistic_forward(X, LOG)
_, LOG_CACHE_N = logistic_regression.logistic_forward_naive(X, LOG)
SH_Z, SH_CACHE = shallow_network.shallow_forward(X, SH)
NET_Z, NET_CACHE = NET.forward(X, NET_P, training=True)
_, NET_BN_TEST_CACHE = NET_BN.forward(X, NET_BN_P)  # training=False: batch norm keeps no cache

PARAMS = {"W1": W, "b1": B}
GRADS = {"dW1": np.ones((2, 3)), "db1": np.ones((2, 1))}
PARAMS_I = {"W1": np.array([[1, 0, 2], [0, -1, 1]]), "b1": np.array([[1], [0]])}
GRADS_I = {"dW1": np.array([[1, 2, 0], [0, 1, 1]]), "db1": np.array([[True], [False]])}


def without(d, key):
    """A copy of the dict ``d`` without ``key``."""
    return {k: v for k, v in d.items() if k != key}


def lowered(d):
    """A copy of the dict ``d`` with lower-case keys ("W1" -> "w1")."""
    return {k.lower(): v for k, v in d.items()}


def gradients_of(params):
    """Gradients keyed "d" + name, equal to the parameters (any numbers will do)."""
    return {f"d{k}": v for k, v in params.items()}


def named(pattern, name):
    """``pattern`` with ``{}`` standing for ``name``, e.g. the argument of one of several functions."""
    return pattern.replace("{}", name)


# --- activations --------------------------------------------------------------------------------

Z = np.array([[-2.0, 0.0, 0.5], [3.0, -0.1, 1.0]])  # (2, 3)
ZI = np.array([[-2, 0, 1], [3, -1, 1]])

for _name in ("sigmoid", "sigmoid_derivative", "tanh", "tanh_derivative", "relu",
              "relu_derivative", "leaky_relu", "leaky_relu_derivative", "softmax"):
    _f = getattr(activations, _name)
    _bad = [
        Bad("strings", partial(_f, ["a", "b"]), TypeError, r"^z must be a numeric"),
        Bad("ragged list", partial(_f, [[1.0, 2.0], [3.0]]), TypeError, r"^z must be a numeric"),
        Bad("None", partial(_f, None), TypeError, r"^z must be a numeric"),
        Bad("complex", partial(_f, np.array([1j])), TypeError, r"^z must be a numeric"),
    ]
    if _name.startswith("leaky"):
        _bad += [
            Bad("slope > 1", partial(_f, Z, slope=2.0), ValueError, r"^slope must be"),
            Bad("slope a string", partial(_f, Z, slope="0.1"), TypeError, r"^slope must be"),
        ]
    if _name == "softmax":
        _bad += [
            Bad("axis out of range", partial(_f, Z, axis=2), ValueError, r"^axis must be"),
            Bad("axis a float", partial(_f, Z, axis=0.5), TypeError, r"^axis must be"),
        ]
    add(
        f"activations.{_name}",
        valid=partial(_f, Z),
        bad=_bad,
        same=[
            Same("int array", partial(_f, ZI), partial(_f, ZI.astype(np.float64))),
            Same("bool array", partial(_f, ZI > 0), partial(_f, (ZI > 0).astype(np.float64))),
            Same("nested list", partial(_f, Z.tolist()), partial(_f, Z)),
        ],
        # Elementwise functions of any shape, like NumPy's: NaN in gives NaN out.
        legit=[("rank-1", partial(_f, np.array([1.0, -1.0]))), ("NaN", partial(_f, poisoned(Z, NAN)))],
    )

add(
    "activations.check_activation",
    valid=lambda: activations.check_activation("hidden", "relu"),
    bad=[
        Bad("unknown name", lambda: activations.check_activation("hidden", "softmax"),
            ValueError, r"^hidden must be one of"),
        Bad("not a string", lambda: activations.check_activation("hidden", None),
            ValueError, r"^hidden must be one of"),
    ],
)

add(
    "activations.activation_forward",
    valid=lambda: activations.activation_forward(X, "relu"),
    bad=[
        Bad("Z rank-1", lambda: activations.activation_forward(X[0], "relu"),
            ValueError, r"^Z must have shape \(n_l, m\), or \(m, n_H, n_W, n_C\) after a convolution, got \(5,\)"),
        Bad("Z a number", lambda: activations.activation_forward(1.0, "relu"),
            ValueError, r"^Z must have shape .*got \(\)"),
        Bad("Z strings", lambda: activations.activation_forward([["a"]], "relu"),
            TypeError, r"^Z must be a numeric"),
        Bad("Z NaN", lambda: activations.activation_forward(poisoned(X, NAN), "relu"),
            ValueError, r"^Z must contain only finite numbers, found NaN"),
        Bad("Z infinity", lambda: activations.activation_forward(poisoned(X, INF), "tanh"),
            ValueError, r"^Z must contain only finite numbers, found infinity"),
        Bad("unknown activation", lambda: activations.activation_forward(X, "softmax"),
            ValueError, r"^activation must be one of"),
        Bad("arguments swapped", lambda: activations.activation_forward("relu", X),
            ValueError, r"^activation must be one of"),
    ],
    same=[Same("int Z", lambda: activations.activation_forward(XI, "relu"),
               lambda: activations.activation_forward(XF, "relu"))],
    legit=[("m = 0", lambda: activations.activation_forward(EMPTY, "relu")),
           ("Z 3-D", lambda: activations.activation_forward(X[None], "relu")),
           ("Z feature maps (m, n_H, n_W, n_C)", lambda: activations.activation_forward(X.reshape(1, 3, 5, 1), "tanh"))],
)

add(
    "activations.activation_backward",
    valid=lambda: activations.activation_backward(np.ones((3, 5)), ACT_CACHE),
    bad=[
        Bad("cache of linear_forward", lambda: activations.activation_backward(X, LIN_CACHE),
            TypeError, r"^cache was made by linear_forward, but .* needs activation_forward"),
        Bad("cache a tuple", lambda: activations.activation_backward(X, (X, "relu")),
            TypeError, r"^cache must be the cache returned by activation_forward"),
        Bad("cache None", lambda: activations.activation_backward(X, None),
            TypeError, r"^cache must be"),
        Bad("dA transposed", lambda: activations.activation_backward(X.T, ACT_CACHE),
            ValueError, r"^dA must have shape \(3, 5\)"),
        Bad("dA rank-1", lambda: activations.activation_backward(X[0], ACT_CACHE),
            ValueError, r"^dA must have shape \(3, 5\)"),
        Bad("dA strings", lambda: activations.activation_backward([["a"]], ACT_CACHE),
            TypeError, r"^dA must be a numeric"),
    ],
    same=[Same("int dA", lambda: activations.activation_backward(XI, ACT_CACHE),
               lambda: activations.activation_backward(XF, ACT_CACHE))],
)

# --- layers ---------------------------------------------------------------------------------------

for _name, _extra in (("linear_forward", ()), ("linear_activation_forward", ("relu",))):
    _f = getattr(layers, _name)
    add(
        f"layers.{_name}",
        valid=partial(_f, X, LIN, *_extra),
        bad=[
            Bad("A_prev transposed", partial(_f, X.T, LIN, *_extra),
                ValueError, r"^A_prev must have shape \(3, m\) to match W of shape \(2, 3\), got \(5, 3\)"),
            Bad("A_prev rank-1", partial(_f, X[:, 0], LIN, *_extra),
                ValueError, r"^A_prev must have shape"),
            Bad("A_prev m = 0", partial(_f, EMPTY, LIN, *_extra),
                ValueError, r"^A_prev must hold at least one example"),
            Bad("A_prev NaN", partial(_f, poisoned(X, NAN), LIN, *_extra),
                ValueError, r"^A_prev must contain only finite numbers, found NaN"),
            Bad("A_prev infinity", partial(_f, poisoned(X, -INF), LIN, *_extra),
                ValueError, r"^A_prev must contain only finite numbers, found infinity"),
            Bad("A_prev strings", partial(_f, [["a"] * 5] * 3, LIN, *_extra),
                TypeError, r"^A_prev must be a numeric"),
            Bad("W transposed", partial(_f, X, {"W": W.T, "b": B}, *_extra),
                ValueError, r"to match W of shape \(3, 2\)"),
            Bad("W rank-1", partial(_f, X, {"W": W[0], "b": B}, *_extra),
                ValueError, r"^W must have shape"),
            Bad("b rank-1", partial(_f, X, {"W": W, "b": B[:, 0]}, *_extra),
                ValueError, r"^b must have shape \(2, 1\) to match W of shape \(2, 3\), got \(2,\)"),
            Bad("b a row", partial(_f, X, {"W": W, "b": B.T}, *_extra),
                ValueError, r"^b must have shape \(2, 1\)"),
            Bad("key 'w' for 'W'", partial(_f, X, {"w": W, "b": B}, *_extra),
                ValueError, r"^params is missing key\(s\) \['W'\]"),
            Bad("key 'B' for 'b'", partial(_f, X, {"W": W, "B": B}, *_extra),
                ValueError, r"^params has unexpected key\(s\) \['B'\]"),
            Bad("params a list", partial(_f, X, [W, B], *_extra), TypeError, r"^params must be a dict"),
            Bad("W strings", partial(_f, X, {"W": "W", "b": B}, *_extra),
                TypeError, r"^params\['W'\] must be a numeric"),
            *[Bad("unknown activation", partial(_f, X, LIN, "softmax"),
                  ValueError, r"^activation must be one of") for _ in _extra],
        ],
        same=[
            Same("int A_prev and params", partial(_f, XI, LIN_I, *_extra), partial(_f, XF, LIN_F, *_extra)),
            Same("nested lists", partial(_f, X.tolist(), {k: v.tolist() for k, v in LIN.items()}, *_extra),
                 partial(_f, X, LIN, *_extra)),
        ],
        legit=[("no bias", partial(_f, X, {"W": W}, *_extra)),
               ("more features than examples", partial(_f, np.ones((3, 2)), LIN, *_extra))],
    )

add(
    "layers.linear_backward",
    valid=lambda: layers.linear_backward(LIN_Z, LIN_CACHE),
    bad=[
        Bad("cache of activation_forward", lambda: layers.linear_backward(LIN_Z, ACT_CACHE),
            TypeError, r"^cache was made by activation_forward, but .* needs linear_forward"),
        Bad("cache of linear_activation_forward", lambda: layers.linear_backward(LIN_Z, LA_CACHE),
            TypeError, r"^cache was made by linear_activation_forward"),
        Bad("cache the old tuple", lambda: layers.linear_backward(LIN_Z, (X, W, B)),
            TypeError, r"^cache must be the cache returned by linear_forward"),
        Bad("dZ transposed", lambda: layers.linear_backward(LIN_Z.T, LIN_CACHE),
            ValueError, r"^dZ must have shape \(2, 5\)"),
        Bad("dZ rank-1", lambda: layers.linear_backward(LIN_Z[0], LIN_CACHE),
            ValueError, r"^dZ must have shape"),
    ],
    same=[Same("int dZ", lambda: layers.linear_backward(XI[:2], LIN_CACHE),
               lambda: layers.linear_backward(XF[:2], LIN_CACHE))],
)

add(
    "layers.linear_activation_backward",
    valid=lambda: layers.linear_activation_backward(LA_A, LA_CACHE),
    bad=[
        Bad("cache of linear_forward", lambda: layers.linear_activation_backward(LA_A, LIN_CACHE),
            TypeError, r"^cache was made by linear_forward, but .* needs linear_activation_forward"),
        Bad("dA transposed", lambda: layers.linear_activation_backward(LA_A.T, LA_CACHE),
            ValueError, r"^dA must have shape \(2, 5\)"),
        Bad("dA rank-1", lambda: layers.linear_activation_backward(LA_A[0], LA_CACHE),
            ValueError, r"^dA must have shape"),
    ],
    same=[Same("int dA", lambda: layers.linear_activation_backward(XI[:2], LA_CACHE),
               lambda: layers.linear_activation_backward(XF[:2], LA_CACHE))],
)

# --- losses ---------------------------------------------------------------------------------------

for _name in ("l1_loss", "l2_loss"):
    _f = getattr(losses, _name)
    add(
        f"losses.{_name}",
        valid=partial(_f, P, Y),
        bad=[
            Bad("y transposed", partial(_f, P, Y.T), ValueError, r"^y_hat and y must have the same shape"),
            Bad("y rank-1", partial(_f, P, Y[0]), ValueError, r"^y_hat and y must have the same shape"),
            Bad("y_hat strings", partial(_f, ["a"], [1.0]), TypeError, r"^y_hat must be a numeric"),
            Bad("y_hat NaN", partial(_f, poisoned(P, NAN), Y),
                ValueError, r"^y_hat must contain only finite"),
            Bad("y infinity", partial(_f, P, poisoned(Y, INF)), ValueError, r"^y must contain only finite"),
        ],
        same=[
            Same("int arrays", partial(_f, XI, XI * 2), partial(_f, XF, XF * 2)),
            Same("lists", partial(_f, P.tolist(), Y.tolist()), partial(_f, P, Y)),
        ],
        # A sum over any shape: the NumPy warm-up's losses take vectors; empty sums to 0.
        legit=[("rank-1", partial(_f, P[0], Y[0])), ("empty", partial(_f, EMPTY, EMPTY))],
    )


def _label_cases(f, name, *, softmax=False):
    """Bad calls of a cost ``f(prediction, Y)`` whose prediction argument is called ``name``."""
    pred, target = (X, Y3) if softmax else (P, Y)
    return [
        Bad("Y transposed", partial(f, pred, target.T), ValueError,
            named(r"^Y must have shape \(\d, 5\) to match {} of shape", name)),
        Bad(f"{name} transposed", partial(f, pred.T, target),
            ValueError, named(r"to match {} of shape \(5, \d\)", name)),
        Bad(f"{name} rank-1", partial(f, pred[0], target[0]),
            ValueError, named(r"^{} must have shape \(n_y, m\)", name)),
        Bad("m = 0", partial(f, pred[:, :0], target[:, :0]),
            ValueError, named(r"got {} of shape \(\d, 0\) \(m = 0\)", name)),
        Bad(f"{name} NaN", partial(f, poisoned(pred, NAN), target),
            ValueError, named(r"^{} must contain only finite", name)),
        Bad(f"{name} infinity", partial(f, poisoned(pred, INF), target), ValueError,
            named(r"^{} must contain only finite numbers, found infinity", name)),
        Bad("Y NaN", partial(f, pred, poisoned(target, NAN)),
            ValueError, r"^Y must contain only 0 and 1, found \[nan\]"),
        Bad("probabilities as labels", partial(f, pred, P if not softmax else activations.softmax(X)),
            ValueError, r"^Y must contain only 0 and 1"),
        Bad("arguments swapped", partial(f, target, pred), ValueError, r"^Y must contain only 0 and 1"),
        Bad("Y strings", partial(f, pred, [["a"]]), TypeError, r"^Y must be a numeric"),
    ]


for _name, _pred in (("binary_cross_entropy", "A"), ("binary_cross_entropy_backward", "A"),
                     ("binary_cross_entropy_with_logits", "Z"),
                     ("binary_cross_entropy_with_logits_backward", "Z")):
    _f = getattr(losses, _name)
    _bad = _label_cases(_f, _pred)
    if _pred == "A":
        _bad.append(Bad("A outside [0, 1]", partial(_f, P * 2, Y),
                        ValueError, r"^A must contain probabilities in \[0, 1\]"))
    add(
        f"losses.{_name}",
        valid=partial(_f, P, Y),
        bad=_bad,
        same=[
            Same("int and bool labels", partial(_f, P, YI), partial(_f, P, Y)),
            Same("bool labels", partial(_f, P, YB), partial(_f, P, Y)),
            Same("lists", partial(_f, P.tolist(), Y.tolist()), partial(_f, P, Y)),
        ],
        legit=[("several outputs (n_y = 3)", partial(_f, activations.sigmoid(X), Y3))],
    )

for _name in ("softmax_cross_entropy", "softmax_cross_entropy_backward"):
    _f = getattr(losses, _name)
    add(
        f"losses.{_name}",
        valid=partial(_f, X, Y3),
        bad=[
            *_label_cases(_f, "Z", softmax=True),
            Bad("not one-hot", partial(_f, X, np.ones((3, 5))), ValueError, r"^Y must be one-hot"),
            Bad("class labels for one-hot", partial(_f, X, LABELS.reshape(1, -1)),
                ValueError, r"^Y must have shape \(3, 5\) to match Z"),
        ],
        same=[Same("int logits and labels", partial(_f, XI, Y3.astype(int)), partial(_f, XF, Y3)),
              Same("bool labels", partial(_f, X, Y3.astype(bool)), partial(_f, X, Y3))],
    )

add(
    "losses.check_labels",
    valid=lambda: losses.check_labels("A", P, Y),
    bad=[
        *_label_cases(lambda A, Y: losses.check_labels("A", A, Y), "A"),
        Bad("not one-hot", lambda: losses.check_labels("Z", X, np.ones((3, 5)), one_hot=True),
            ValueError, r"^Y must be one-hot"),
    ],
    same=[Same("int labels", lambda: losses.check_labels("A", P, YI),
               lambda: losses.check_labels("A", P, Y))],
)

add(
    "losses.check_targets",
    valid=lambda: losses.check_targets(Y),
    bad=[
        Bad("probabilities", lambda: losses.check_targets(P), ValueError, r"^Y must contain only 0 and 1"),
        Bad("NaN", lambda: losses.check_targets(poisoned(Y, NAN)),
            ValueError, r"^Y must contain only 0 and 1"),
        Bad("not one-hot", lambda: losses.check_targets(Y, one_hot=True),
            ValueError, r"^Y must be one-hot"),
        Bad("strings", lambda: losses.check_targets([["a"]]), TypeError, r"^Y must be a numeric"),
    ],
    same=[Same("int", lambda: losses.check_targets(YI), lambda: losses.check_targets(Y)),
          Same("bool", lambda: losses.check_targets(YB), lambda: losses.check_targets(Y)),
          Same("list", lambda: losses.check_targets(Y.tolist()), lambda: losses.check_targets(Y))],
)

add(
    "losses.one_hot",
    valid=lambda: losses.one_hot(LABELS, 3),
    bad=[
        Bad("float labels", lambda: losses.one_hot(LABELS.astype(float), 3),
            TypeError, r"^labels must be an integer array"),
        Bad("column of labels", lambda: losses.one_hot(LABELS.reshape(-1, 1), 3),
            ValueError, r"^labels must have shape \(m,\) or \(1, m\), got \(5, 1\)"),
        Bad("label out of range", lambda: losses.one_hot(LABELS, 2),
            ValueError, r"^labels must be in 0\.\.1, found \[2\]"),
        Bad("negative label", lambda: losses.one_hot(-LABELS, 3), ValueError, r"^labels must be in 0\.\.2"),
        Bad("num_classes 1", lambda: losses.one_hot(LABELS * 0, 1),
            ValueError, r"^num_classes must be an integer >= 2"),
        Bad("num_classes a float", lambda: losses.one_hot(LABELS, 3.0),
            TypeError, r"^num_classes must be an integer"),
        Bad("dtype int", lambda: losses.one_hot(LABELS, 3, dtype=int),
            TypeError, r"^dtype must be float32 or float64"),
    ],
    same=[Same("list and (1, m) row", lambda: losses.one_hot([LABELS.tolist()], 3),
               lambda: losses.one_hot(LABELS, 3))],
)

add(
    "losses.Output",
    valid=lambda: losses.Output(*losses.OUTPUTS["sigmoid"]),
    bad=[Bad("field missing", lambda: losses.Output(*losses.OUTPUTS["sigmoid"][:3]),
             TypeError, r"'one_hot'")],
)

add(
    "losses.check_output",
    valid=lambda: losses.check_output("output", "softmax"),
    bad=[Bad("an activation", lambda: losses.check_output("output", "relu"),
             ValueError, r"^output must be one of"),
         Bad("not a string", lambda: losses.check_output("output", 1),
             ValueError, r"^output must be one of")],
)

# --- regularization ---------------------------------------------------------------------------------

add(
    "regularization.check_keep_prob",
    valid=lambda: regularization.check_keep_prob("keep_prob", 0.8),
    bad=[
        Bad("0", lambda: regularization.check_keep_prob("keep_prob", 0),
            ValueError, r"^keep_prob must be in \(0, 1\]"),
        Bad("above 1", lambda: regularization.check_keep_prob("keep_prob", 1.5),
            ValueError, r"^keep_prob must be in"),
        Bad("NaN", lambda: regularization.check_keep_prob("keep_prob", NAN),
            ValueError, r"^keep_prob must be a finite"),
        Bad("a string", lambda: regularization.check_keep_prob("keep_prob", "0.5"),
            TypeError, r"^keep_prob must be a real"),
    ],
)

add(
    "regularization.l2_penalty",
    valid=lambda: regularization.l2_penalty(NET_P, 0.1, 5),
    bad=[
        Bad("params a list", lambda: regularization.l2_penalty([W], 0.1, 5),
            TypeError, r"^params must be a dict"),
        Bad("weight of strings", lambda: regularization.l2_penalty({"W1": "abc"}, 0.1, 5),
            TypeError, r"^params\['W1'\] must be a numeric"),
        Bad("lambd negative", lambda: regularization.l2_penalty(NET_P, -0.1, 5),
            ValueError, r"^lambd must be"),
        Bad("m = 0", lambda: regularization.l2_penalty(NET_P, 0.1, 0),
            ValueError, r"^m must be an integer >= 1"),
        Bad("m a float", lambda: regularization.l2_penalty(NET_P, 0.1, 5.0),
            TypeError, r"^m must be an integer"),
    ],
    same=[Same("int weights", lambda: regularization.l2_penalty(NET_I, 0.1, 5),
               lambda: regularization.l2_penalty(NET_F, 0.1, 5)),
          Same("list weights", lambda: regularization.l2_penalty({"W1": W.tolist()}, 0.1, 5),
               lambda: regularization.l2_penalty({"W1": W}, 0.1, 5))],
    # Only "W..." entries are weights: biases, batch norm's gamma and beta (and logistic
    # regression's lower-case "w") add nothing, as test_regularization.py requires.
    legit=[("no weights", lambda: regularization.l2_penalty(LOG, 0.1, 5))],
)

_NET_GRADS = gradients_of(NET_P)
add(
    "regularization.l2_gradients",
    valid=lambda: regularization.l2_gradients(_NET_GRADS, NET_P, 0.1, 5),
    bad=[
        Bad("dW1 missing", lambda: regularization.l2_gradients({"db1": 0}, NET_P, 0.1, 5),
            ValueError, r"^grads is missing key 'dW1'"),
        Bad("key 'W1' for 'dW1'", lambda: regularization.l2_gradients(NET_P, NET_P, 0.1, 5),
            ValueError, r"^grads is missing key 'dW1'"),
        Bad("dW1 transposed",
            lambda: regularization.l2_gradients({**_NET_GRADS, "dW1": _NET_GRADS["dW1"].T}, NET_P, 0.1, 5),
            ValueError, r"^grads\['dW1'\] must have shape \(4, 3\)"),
        Bad("grads a list", lambda: regularization.l2_gradients([1], NET_P, 0.1, 5),
            TypeError, r"^grads must be a dict"),
        Bad("params a list", lambda: regularization.l2_gradients(_NET_GRADS, [1], 0.1, 5),
            TypeError, r"^params must be a dict"),
        Bad("lambd negative", lambda: regularization.l2_gradients(_NET_GRADS, NET_P, -1, 5),
            ValueError, r"^lambd must be"),
        Bad("m = 0", lambda: regularization.l2_gradients(_NET_GRADS, NET_P, 0.1, 0),
            ValueError, r"^m must be"),
    ],
    # The "dW" entries become float64; the others ("db1", ...) are passed on as they are.
    same=[Same("int arrays", lambda: regularization.l2_gradients(gradients_of(NET_I), NET_I, 0.1, 5),
               lambda: regularization.l2_gradients(gradients_of(NET_F), NET_F, 0.1, 5),
               lambda grads: {k: v for k, v in grads.items() if k.startswith("dW")})],
)

add(
    "regularization.dropout_forward",
    valid=lambda: regularization.dropout_forward(X, 0.5, rng=seeded()),
    bad=[
        Bad("A rank-1", lambda: regularization.dropout_forward(X[0], 0.5, rng=seeded()),
            ValueError, r"^A must have shape \(n_l, m\)"),
        Bad("arguments swapped", lambda: regularization.dropout_forward(0.5, X, rng=seeded()),
            ValueError, r"^A must have shape"),
        Bad("A NaN", lambda: regularization.dropout_forward(poisoned(X, NAN), 0.5, rng=seeded()),
            ValueError, r"^A must contain only finite numbers, found NaN"),
        Bad("A infinity", lambda: regularization.dropout_forward(poisoned(X, INF), 0.5, rng=seeded()),
            ValueError, r"^A must contain only finite"),
        Bad("keep_prob 0", lambda: regularization.dropout_forward(X, 0.0, rng=seeded()),
            ValueError, r"^keep_prob must be in"),
        Bad("rng a seed", lambda: regularization.dropout_forward(X, 0.5, rng=0),
            TypeError, r"^rng must be a numpy\.random\.Generator"),
        Bad("rng a RandomState",
            lambda: regularization.dropout_forward(X, 0.5, rng=np.random.RandomState(0)),
            TypeError, r"^rng must be"),
        Bad("rng missing", lambda: regularization.dropout_forward(X, 0.5), TypeError, r"'rng'"),
    ],
    same=[Same("int A", lambda: regularization.dropout_forward(XI, 0.5, rng=seeded()),
               lambda: regularization.dropout_forward(XF, 0.5, rng=seeded()))],
    legit=[("m = 0", lambda: regularization.dropout_forward(EMPTY, 0.5, rng=seeded()))],
)

add(
    "regularization.dropout_backward",
    valid=lambda: regularization.dropout_backward(X, DROP_CACHE),
    bad=[
        Bad("cache of activation_forward", lambda: regularization.dropout_backward(X, ACT_CACHE),
            TypeError, r"^cache was made by activation_forward, but .* needs dropout_forward"),
        Bad("the mask as cache", lambda: regularization.dropout_backward(X, DROP_CACHE["mask"]),
            TypeError, r"^cache must be the cache returned by dropout_forward"),
        Bad("dA_drop transposed", lambda: regularization.dropout_backward(X.T, DROP_CACHE),
            ValueError, r"^dA_drop must have shape \(3, 5\)"),
    ],
    same=[Same("int dA_drop", lambda: regularization.dropout_backward(XI, DROP_CACHE),
               lambda: regularization.dropout_backward(XF, DROP_CACHE))],
)

# --- normalization ------------------------------------------------------------------------------

add(
    "normalization.batchnorm_forward",
    valid=lambda: normalization.batchnorm_forward(X, BNP),
    bad=[
        Bad("Z m = 1", lambda: normalization.batchnorm_forward(X[:, :1], BNP),
            ValueError, r"got Z of shape \(3, 1\)"),
        Bad("Z m = 0", lambda: normalization.batchnorm_forward(EMPTY, BNP),
            ValueError, r"got Z of shape \(3, 0\)"),
        Bad("Z rank-1", lambda: normalization.batchnorm_forward(X[0], BNP),
            ValueError, r"^Z must have shape"),
        Bad("Z transposed", lambda: normalization.batchnorm_forward(X.T, BNP),
            ValueError, r"^gamma must have shape \(5, 1\) to match Z of shape \(5, 3\)"),
        Bad("Z NaN", lambda: normalization.batchnorm_forward(poisoned(X, NAN), BNP),
            ValueError, r"^Z must contain only finite numbers, found NaN"),
        Bad("Z infinity", lambda: normalization.batchnorm_forward(poisoned(X, INF), BNP),
            ValueError, r"^Z must contain only finite"),
        Bad("keys 'g', 'b'", lambda: normalization.batchnorm_forward(X, {"g": 1, "b": 0}),
            ValueError, r"^params is missing key\(s\) \['gamma', 'beta'\]"),
        Bad("gamma rank-1", lambda: normalization.batchnorm_forward(X, {**BNP, "gamma": np.ones(3)}),
            ValueError, r"^gamma must have shape \(3, 1\)"),
        Bad("beta a row", lambda: normalization.batchnorm_forward(X, {**BNP, "beta": np.zeros((1, 3))}),
            ValueError, r"^beta must have shape \(3, 1\)"),
        Bad("epsilon 0", lambda: normalization.batchnorm_forward(X, BNP, epsilon=0),
            ValueError, r"^epsilon must be positive"),
        Bad("params a tuple", lambda: normalization.batchnorm_forward(X, (1, 0)),
            TypeError, r"^params must be a dict"),
    ],
    same=[Same("int Z and params", lambda: normalization.batchnorm_forward(XI, BNP_I),
               lambda: normalization.batchnorm_forward(XF, as_float(BNP_I)))],
)

for _name in ("batchnorm_backward", "batchnorm_backward_naive"):
    _f = getattr(normalization, _name)
    add(
        f"normalization.{_name}",
        valid=partial(_f, X, BN_CACHE),
        bad=[
            Bad("cache of linear_forward", partial(_f, X, LIN_CACHE),
                TypeError, r"^cache was made by linear_forward, but .* needs batchnorm_forward"),
            Bad("cache of a test-time pass", partial(_f, X, None),
                TypeError, r"^cache must be the cache returned by batchnorm_forward"),
            Bad("dZ_tilde transposed", partial(_f, X.T, BN_CACHE),
                ValueError, r"^dZ_tilde must have shape \(3, 5\)"),
        ],
        same=[Same("int dZ_tilde", partial(_f, XI, BN_CACHE), partial(_f, XF, BN_CACHE))],
    )

add(
    "normalization.BatchNorm",
    valid=lambda: BatchNorm(3),
    bad=[
        Bad("n 0", lambda: BatchNorm(0), ValueError, r"^n must be an integer >= 1"),
        Bad("n a float", lambda: BatchNorm(3.0), TypeError, r"^n must be an integer"),
        Bad("momentum 1", lambda: BatchNorm(3, momentum=1.0), ValueError, r"^momentum must be in \[0, 1\)"),
        Bad("momentum 0.9 as a string", lambda: BatchNorm(3, momentum="0.9"),
            TypeError, r"^momentum must be a real"),
        Bad("epsilon negative", lambda: BatchNorm(3, epsilon=-1e-5), ValueError, r"^epsilon must be"),
        Bad("dtype int", lambda: BatchNorm(3, dtype=int), TypeError, r"^dtype must be float32 or float64"),
    ],
)

add("normalization.BatchNorm.initial_params", valid=lambda: BatchNorm(3).initial_params())
add("normalization.BatchNorm.reset", valid=lambda: BatchNorm(3).reset())

add(
    "normalization.BatchNorm.forward",
    valid=lambda: BatchNorm(3).forward(X, BNP, training=True),
    bad=[
        Bad("training missing", lambda: BatchNorm(3).forward(X, BNP), TypeError, r"'training'"),
        Bad("training 1", lambda: BatchNorm(3).forward(X, BNP, training=1),
            TypeError, r"^training must be True or False"),
        Bad("Z transposed", lambda: BatchNorm(3).forward(X.T, BNP, training=True),
            ValueError, r"^Z must have shape \(3, m\) to match BatchNorm\(3\), got \(5, 3\)"),
        Bad("Z float32", lambda: BatchNorm(3).forward(X.astype(np.float32), BNP, training=False),
            TypeError, r"^Z must have dtype float64"),
        Bad("Z NaN in training", lambda: BatchNorm(3).forward(poisoned(X, NAN), BNP, training=True),
            ValueError, r"^Z must contain only finite numbers, found NaN"),
        Bad("Z NaN at test time", lambda: BatchNorm(3).forward(poisoned(X, NAN), BNP, training=False),
            ValueError, r"^Z must contain only finite numbers, found NaN"),
        Bad("Z infinity at test time", lambda: BatchNorm(3).forward(poisoned(X, INF), BNP, training=False),
            ValueError, r"^Z must contain only finite"),
        Bad("m = 1 in training", lambda: BatchNorm(3).forward(X[:, :1], BNP, training=True),
            ValueError, r"Z of shape \(3, 1\)"),
        Bad("params keys", lambda: BatchNorm(3).forward(X, {"W": 1}, training=False),
            ValueError, r"^params is missing key"),
    ],
    same=[Same("int Z", lambda: BatchNorm(3).forward(XI, BNP, training=True),
               lambda: BatchNorm(3).forward(XF, BNP, training=True)),
          Same("int Z at test time", lambda: BatchNorm(3).forward(XI, BNP, training=False),
               lambda: BatchNorm(3).forward(XF, BNP, training=False))],
    legit=[("one example at test time", lambda: BatchNorm(3).forward(X[:, :1], BNP, training=False))],
)

# --- initializers -------------------------------------------------------------------------------

_SHAPE_CASES = [  # (label, shape, error, pattern) for every function taking a shape
    ("shape an int", 3, TypeError, r"^shape must be a tuple of integers"),
    ("size 0", (0, 2), ValueError, r"^shape\[0\] must be an integer >= 1"),
    ("size a float", (2, 3.0), TypeError, r"^shape\[1\] must be an integer"),
]
add(
    "initializers.zeros",
    valid=lambda: initializers.zeros((2, 3)),
    bad=[*(Bad(lbl, partial(initializers.zeros, s), e, p) for lbl, s, e, p in _SHAPE_CASES),
         Bad("dtype int", lambda: initializers.zeros((2, 3), dtype=int),
             TypeError, r"^dtype must be float32 or float64")],
    same=[Same("shape a list", lambda: initializers.zeros([2, 3]), lambda: initializers.zeros((2, 3)))],
)
add(
    "initializers.scaled_normal",
    valid=lambda: initializers.scaled_normal((2, 3), 0.1, rng=seeded()),
    bad=[*(Bad(lbl, partial(initializers.scaled_normal, s, 0.1, rng=seeded()), e, p)
           for lbl, s, e, p in _SHAPE_CASES),
         Bad("scale negative", lambda: initializers.scaled_normal((2, 3), -0.1, rng=seeded()),
             ValueError, r"^scale must be"),
         Bad("rng None", lambda: initializers.scaled_normal((2, 3), 0.1, rng=None),
             TypeError, r"^rng must be"),
         Bad("dtype int", lambda: initializers.scaled_normal((2, 3), 0.1, rng=seeded(), dtype="int32"),
             TypeError, r"^dtype must be")],
    same=[Same("int scale", lambda: initializers.scaled_normal((2, 3), 2, rng=seeded()),
               lambda: initializers.scaled_normal((2, 3), 2.0, rng=seeded()))],
)
for _name in ("xavier_normal", "he_normal"):
    _f = getattr(initializers, _name)
    add(
        f"initializers.{_name}",
        valid=partial(_f, 2, 3, rng=seeded()),
        bad=[Bad("n_in 0", partial(_f, 2, 0, rng=seeded()), ValueError, r"^n_in must be an integer >= 1"),
             Bad("n_out a float", partial(_f, 2.5, 3, rng=seeded()),
                 TypeError, r"^n_out must be an integer"),
             Bad("rng a seed", partial(_f, 2, 3, rng=0), TypeError, r"^rng must be"),
             Bad("dtype int", partial(_f, 2, 3, rng=seeded(), dtype=int), TypeError, r"^dtype must be")],
        same=[Same("numpy int sizes", partial(_f, np.int64(2), np.int32(3), rng=seeded()),
                   partial(_f, 2, 3, rng=seeded()))],
    )
add(
    "initializers.check_method",
    valid=lambda: initializers.check_method("random", 0.5),
    bad=[Bad("old name 'scaled'", lambda: initializers.check_method("scaled"),
             ValueError, r"^method must be one of"),
         Bad("not a string", lambda: initializers.check_method(None),
             ValueError, r"^method must be one of"),
         Bad("scale with 'he'", lambda: initializers.check_method("he", 0.5),
             ValueError, r"^scale applies only to method='random'"),
         Bad("scale negative", lambda: initializers.check_method("random", -1.0),
             ValueError, r"^scale must be")],
)
add(
    "initializers.initialize_weight",
    valid=lambda: initializers.initialize_weight((2, 3), "he", rng=seeded()),
    bad=[*(Bad(lbl, partial(initializers.initialize_weight, s, "he", rng=seeded()), e, p)
           for lbl, s, e, p in _SHAPE_CASES),
         Bad("method 'glorot'", lambda: initializers.initialize_weight((2, 3), "glorot", rng=seeded()),
             ValueError, r"^method must be"),
         Bad("rng None with 'zeros'", lambda: initializers.initialize_weight((2, 3), "zeros", rng=None),
             TypeError, r"^rng must be"),
         Bad("rank-1 shape without fan_in",
             lambda: initializers.initialize_weight((3,), "he", rng=seeded()),
             ValueError, r"^fan_in must be given for shape \(3,\)"),
         Bad("fan_in 0", lambda: initializers.initialize_weight((2, 3), "he", rng=seeded(), fan_in=0),
             ValueError, r"^fan_in must be"),
         Bad("dtype int", lambda: initializers.initialize_weight((2, 3), "zeros", rng=seeded(), dtype=int),
             TypeError, r"^dtype must be")],
    legit=[("rank-1 shape with fan_in",
            lambda: initializers.initialize_weight((3,), "he", rng=seeded(), fan_in=3)),
           ("rank-1 shape, zeros", lambda: initializers.initialize_weight((3,), "zeros", rng=seeded()))],
)
add(
    "initializers.initialize_parameters",
    valid=lambda: initializers.initialize_parameters([3, 4, 1], method="he", rng=seeded()),
    bad=[Bad("one size", lambda: initializers.initialize_parameters([3], method="he", rng=seeded()),
             ValueError, r"^layer_dims must list at least two sizes"),
         Bad("a string", lambda: initializers.initialize_parameters("3,4", method="he", rng=seeded()),
             TypeError, r"^layer_dims must be a list of integers"),
         Bad("size 0", lambda: initializers.initialize_parameters([3, 0], method="he", rng=seeded()),
             ValueError, r"^layer_dims\[1\] must be an integer >= 1"),
         Bad("size a float",
             lambda: initializers.initialize_parameters([3, 2.5], method="he", rng=seeded()),
             TypeError, r"^layer_dims\[1\] must be an integer"),
         Bad("old method 'small'",
             lambda: initializers.initialize_parameters([3, 1], method="small", rng=seeded()),
             ValueError, r"^method must be one of"),
         Bad("rng None", lambda: initializers.initialize_parameters([3, 1], method="zeros", rng=None),
             TypeError, r"^rng must be")],
    same=[Same("dims an array",
               lambda: initializers.initialize_parameters(np.array([3, 4, 1]), method="he", rng=seeded()),
               lambda: initializers.initialize_parameters([3, 4, 1], method="he", rng=seeded()))],
)

# --- optimizers ---------------------------------------------------------------------------------

_SETTINGS = {  # per class: bad constructor arguments beyond the learning rate
    GradientDescent: [],
    Momentum: [("beta 1", {"beta": 1.0}, ValueError, r"^beta must be in \[0, 1\)"),
               ("beta a string", {"beta": "0.9"}, TypeError, r"^beta must be a real")],
    RMSprop: [("beta negative", {"beta": -0.1}, ValueError, r"^beta must be in"),
              ("epsilon 0", {"epsilon": 0.0}, ValueError, r"^epsilon must be positive")],
    Adam: [("beta1 1", {"beta1": 1.0}, ValueError, r"^beta1 must be in \[0, 1\)"),
           ("beta2 NaN", {"beta2": NAN}, ValueError, r"^beta2 must be a finite"),
           ("epsilon negative", {"epsilon": -1e-8}, ValueError, r"^epsilon must be")],
}


def _switch_models(cls):
    """Step on one model, then on parameters of another shape without reset()."""
    opt = cls(0.1)
    opt.step({"W1": np.ones((2, 3))}, {"dW1": np.ones((2, 3))})
    return opt.step({"W1": np.ones((3, 2))}, {"dW1": np.ones((3, 2))})


for _cls, _settings in _SETTINGS.items():
    _key = f"optimizers.{_cls.__name__}"
    add(
        _key,
        valid=partial(_cls, 0.1),
        bad=[Bad("learning_rate 0", partial(_cls, 0.0), ValueError, r"^learning_rate must be positive"),
             Bad("learning_rate negative", partial(_cls, -0.1), ValueError, r"^learning_rate must be"),
             Bad("learning_rate NaN", partial(_cls, NAN), ValueError, r"^learning_rate must be a finite"),
             Bad("learning_rate a string", partial(_cls, "0.1"),
                 TypeError, r"^learning_rate must be a real"),
             Bad("learning_rate True", partial(_cls, True), TypeError, r"^learning_rate must be a real"),
             *(Bad(lbl, partial(_cls, 0.1, **kw), e, p) for lbl, kw, e, p in _settings)],
        same=[Same("int learning_rate", lambda c=_cls: c(1).step(PARAMS, GRADS),
                   lambda c=_cls: c(1.0).step(PARAMS, GRADS))],
    )
    _step_bad = [
        Bad("grads keyed like params", lambda c=_cls: c(0.1).step(PARAMS, PARAMS),
            ValueError, r"^grads is missing key\(s\) \['dW1', 'db1'\]"),
        Bad("dW1 missing", lambda c=_cls: c(0.1).step(PARAMS, {"db1": GRADS["db1"]}),
            ValueError, r"^grads is missing key\(s\) \['dW1'\]"),
        Bad("dW1 transposed", lambda c=_cls: c(0.1).step(PARAMS, {**GRADS, "dW1": GRADS["dW1"].T}),
            ValueError, r"^grads\['dW1'\] must have shape \(2, 3\) to match params\['W1'\], got \(3, 2\)"),
        Bad("db1 rank-1", lambda c=_cls: c(0.1).step(PARAMS, {**GRADS, "db1": np.ones(2)}),
            ValueError, r"^grads\['db1'\] must have shape \(2, 1\)"),
        Bad("params empty", lambda c=_cls: c(0.1).step({}, {}), ValueError, r"^params must not be empty"),
        Bad("params a list", lambda c=_cls: c(0.1).step([W], GRADS), TypeError, r"^params must be a dict"),
        Bad("grads a list", lambda c=_cls: c(0.1).step(PARAMS, [W]), TypeError, r"^grads must be a dict"),
        Bad("grads of strings", lambda c=_cls: c(0.1).step(PARAMS, {"dW1": "x", "db1": 0}),
            TypeError, r"^grads\['dW1'\] must be"),
    ]
    if _cls is not GradientDescent:  # only optimisers with state can mix up models
        _step_bad.append(Bad("another model without reset()", partial(_switch_models, _cls), ValueError,
                             r"^params\['W1'\] has shape \(3, 2\), but the state .* for \(2, 3\)"))
    add(
        f"{_key}.step",
        valid=lambda c=_cls: c(0.1).step(PARAMS, GRADS),
        bad=_step_bad,
        same=[Same("int and bool arrays", lambda c=_cls: c(0.1).step(PARAMS_I, GRADS_I),
                   lambda c=_cls: c(0.1).step(as_float(PARAMS_I), as_float(GRADS_I))),
              Same("lists", lambda c=_cls: c(0.1).step({k: v.tolist() for k, v in PARAMS.items()}, GRADS),
                   lambda c=_cls: c(0.1).step(PARAMS, GRADS))],
    )
    add(f"{_key}.reset", valid=lambda c=_cls: c(0.1).reset())
    add(
        f"{_key}.learning_rate",
        valid=lambda c=_cls: setattr(c(0.1), "learning_rate", 0.05),
        bad=[Bad("set to 0", lambda c=_cls: setattr(c(0.1), "learning_rate", 0),
                 ValueError, r"^learning_rate must be positive"),
             Bad("set to a string", lambda c=_cls: setattr(c(0.1), "learning_rate", "fast"),
                 TypeError, r"^learning_rate must be")],
    )

add(
    "optimizers.check_optimizer",
    valid=lambda: optimizers.check_optimizer(Adam(0.01)),
    bad=[Bad("the class Adam", lambda: optimizers.check_optimizer(Adam),
             TypeError, r"^optimizer must be an instance such as Adam\(0\.01\)"),
         Bad("a name", lambda: optimizers.check_optimizer("adam"),
             TypeError, r"^optimizer must be a dlspec\.optimizers object")],
)

add(
    "optimizers.ewa",
    valid=lambda: optimizers.ewa(X[0], 0.9),
    bad=[Bad("empty", lambda: optimizers.ewa([], 0.9), ValueError, r"^values must be a non-empty sequence"),
         Bad("a single number", lambda: optimizers.ewa(3.0, 0.9),
             ValueError, r"^values must be a non-empty sequence"),
         Bad("NaN", lambda: optimizers.ewa(poisoned(X[0], NAN), 0.9),
             ValueError, r"^values must contain only finite"),
         Bad("strings", lambda: optimizers.ewa(["a"], 0.9), TypeError, r"^values must be a numeric"),
         Bad("beta 1", lambda: optimizers.ewa(X[0], 1.0), ValueError, r"^beta must be in \[0, 1\)")],
    same=[Same("int list", lambda: optimizers.ewa(XI[0].tolist(), 0.9, bias_correction=True),
               lambda: optimizers.ewa(XF[0], 0.9, bias_correction=True))],
)

_SCHEDULES = {  # name: (valid arguments, bad cases beyond alpha0 and epoch)
    "inverse_time_decay": (
        (0.1, 1.0, 3),
        [("decay_rate negative", (0.1, -1.0, 3), ValueError, r"^decay_rate must be")],
    ),
    "staircase_decay": (
        (0.1, 1.0, 3, 2),
        [("interval 0", (0.1, 1.0, 3, 0), ValueError, r"^interval must be an integer >= 1"),
         ("interval a float", (0.1, 1.0, 3, 2.0), TypeError, r"^interval must be an integer")],
    ),
    "exponential_decay": (
        (0.1, 0.95, 3),
        [("base 0", (0.1, 0.0, 3), ValueError, r"^base must be in \(0, 1\]"),
         ("base above 1", (0.1, 1.5, 3), ValueError, r"^base must be in")],
    ),
    "sqrt_decay": (
        (0.1, 1.0, 3),
        [("epoch 0", (0.1, 1.0, 0), ValueError, r"^epoch must be an integer >= 1"),
         ("k 0", (0.1, 0.0, 3), ValueError, r"^k must be positive")],
    ),
}
for _name, (_args, _extra) in _SCHEDULES.items():
    _f = getattr(optimizers, _name)
    add(
        f"optimizers.{_name}",
        valid=partial(_f, *_args),
        bad=[Bad("alpha0 0", partial(_f, 0.0, *_args[1:]), ValueError, r"^alpha0 must be positive"),
             Bad("epoch negative", partial(_f, *_args[:2], -1, *_args[3:]),
                 ValueError, r"^epoch must be an integer >= [01]"),
             Bad("epoch a float", partial(_f, *_args[:2], 1.5, *_args[3:]),
                 TypeError, r"^epoch must be an integer"),
             *(Bad(lbl, partial(_f, *a), e, p) for lbl, a, e, p in _extra)],
        same=[Same("int alpha0", partial(_f, 1, *_args[1:]), partial(_f, 1.0, *_args[1:]))],
    )

# --- logistic_regression ------------------------------------------------------------------------

add(
    "logistic_regression.initialize_zeros",
    valid=lambda: logistic_regression.initialize_zeros(3),
    bad=[Bad("n_x 0", lambda: logistic_regression.initialize_zeros(0),
             ValueError, r"^n_x must be an integer >= 1"),
         Bad("n_x a float", lambda: logistic_regression.initialize_zeros(3.0),
             TypeError, r"^n_x must be an integer"),
         Bad("n_x an array", lambda: logistic_regression.initialize_zeros(X),
             TypeError, r"^n_x must be an integer"),
         Bad("dtype int", lambda: logistic_regression.initialize_zeros(3, dtype=int),
             TypeError, r"^dtype must be")],
)

for _name in ("logistic_forward", "logistic_forward_naive"):
    _f = getattr(logistic_regression, _name)
    add(
        f"logistic_regression.{_name}",
        valid=partial(_f, X, LOG),
        bad=[
            Bad("X transposed", partial(_f, X.T, LOG),
                ValueError, r"^X must have shape \(3, m\) to match w of shape \(3, 1\), got \(5, 3\)"),
            Bad("X rank-1", partial(_f, X[:, 0], LOG), ValueError, r"^X must have shape"),
            Bad("X m = 0", partial(_f, EMPTY, LOG), ValueError, r"^X must hold at least one example"),
            Bad("X NaN", partial(_f, poisoned(X, NAN), LOG),
                ValueError, r"^X must contain only finite numbers, found NaN"),
            Bad("X infinity", partial(_f, poisoned(X, INF), LOG),
                ValueError, r"^X must contain only finite"),
            Bad("w rank-1", partial(_f, X, {**LOG, "w": LOG["w"][:, 0]}),
                ValueError, r"^w must have shape \(n_x, 1\), got \(3,\)"),
            Bad("w a row", partial(_f, X, {**LOG, "w": LOG["w"].T}),
                ValueError, r"^w must have shape \(n_x, 1\), got \(1, 3\)"),
            Bad("b a number", partial(_f, X, {**LOG, "b": 0.0}),
                ValueError, r"^b must have shape \(1, 1\), got \(\)"),
            Bad("keys 'W', 'b'", partial(_f, X, {"W": LOG["w"], "b": LOG["b"]}),
                ValueError, r"^params is missing key\(s\) \['w'\]"),
            Bad("arguments in the old order", partial(_f, LOG, X), TypeError, r"^params must be a dict"),
        ],
        same=[Same("int X and params", partial(_f, XI, LOG_I), partial(_f, XF, LOG_F)),
              Same("bool X", partial(_f, XI > 0, LOG), partial(_f, (XI > 0).astype(float), LOG))],
        legit=[("one example", partial(_f, X[:, :1], LOG)),
               ("more features than examples", partial(_f, X[:, :2], LOG))],
    )

for _name, _cache, _other in (("logistic_backward", LOG_CACHE, LOG_CACHE_N),
                              ("logistic_backward_naive", LOG_CACHE_N, LOG_CACHE)):
    _f = getattr(logistic_regression, _name)
    _made_by = "logistic_forward_naive" if _other is LOG_CACHE_N else "logistic_forward"
    add(
        f"logistic_regression.{_name}",
        valid=partial(_f, LOG_Z, _cache),
        bad=[Bad("cache of the other pass", partial(_f, LOG_Z, _other),
                 TypeError, rf"^cache was made by {_made_by}, but"),
             Bad("cache of linear_forward", partial(_f, LOG_Z, LIN_CACHE),
                 TypeError, r"^cache was made by linear_forward"),
             Bad("dZ transposed", partial(_f, LOG_Z.T, _cache),
                 ValueError, r"^dZ must have shape \(1, 5\)"),
             Bad("dZ rank-1", partial(_f, LOG_Z[0], _cache), ValueError, r"^dZ must have shape \(1, 5\)")],
        same=[Same("int dZ", partial(_f, XI[:1], _cache), partial(_f, XF[:1], _cache))],
    )

add(
    "logistic_regression.logistic_cost",
    valid=lambda: logistic_regression.logistic_cost(X, LOG, Y),
    bad=[
        Bad("probabilities as labels", lambda: logistic_regression.logistic_cost(X, LOG, P),
            ValueError, r"^Y must contain only 0 and 1"),
        Bad("Y transposed", lambda: logistic_regression.logistic_cost(X, LOG, Y.T),
            ValueError, r"^Y must have shape \(1, 5\)"),
        Bad("Y rank-1", lambda: logistic_regression.logistic_cost(X, LOG, Y[0]),
            ValueError, r"^Y must have shape \(1, 5\)"),
        Bad("Y NaN", lambda: logistic_regression.logistic_cost(X, LOG, poisoned(Y, NAN)),
            ValueError, r"^Y must contain only 0 and 1"),
        Bad("X NaN", lambda: logistic_regression.logistic_cost(poisoned(X, NAN), LOG, Y),
            ValueError, r"^X must contain only finite"),
        Bad("X infinity", lambda: logistic_regression.logistic_cost(poisoned(X, INF), LOG, Y),
            ValueError, r"^X must contain only finite"),
        Bad("m = 0", lambda: logistic_regression.logistic_cost(EMPTY, LOG, Y[:, :0]),
            ValueError, r"^X must hold at least one example"),
        Bad("X transposed", lambda: logistic_regression.logistic_cost(X.T, LOG, Y),
            ValueError, r"^X must have shape \(3, m\)"),
        Bad("arguments in the old order", lambda: logistic_regression.logistic_cost(LOG, X, Y),
            TypeError, r"^params must be a dict"),
    ],
    same=[Same("int X, params and Y", lambda: logistic_regression.logistic_cost(XI, LOG_I, YI),
               lambda: logistic_regression.logistic_cost(XF, LOG_F, Y)),
          Same("bool Y", lambda: logistic_regression.logistic_cost(X, LOG, YB),
               lambda: logistic_regression.logistic_cost(X, LOG, Y))],
)


def _fit_logistic(X_, Y_, **kw):
    settings = {"num_iterations": 3, "record_every": 1, **kw}
    return logistic_regression.fit_logistic_regression(X_, Y_, **settings)


add(
    "logistic_regression.fit_logistic_regression",
    valid=lambda: _fit_logistic(X, Y),
    bad=[
        Bad("probabilities as labels", lambda: _fit_logistic(X, P),
            ValueError, r"^Y must contain only 0 and 1"),
        Bad("Y transposed", lambda: _fit_logistic(X, Y.T),
            ValueError, r"^Y must have shape \(1, m\), got \(5, 1\)"),
        Bad("Y rank-1", lambda: _fit_logistic(X, Y[0]),
            ValueError, r"^Y must have shape \(1, m\), got \(5,\)"),
        Bad("Y NaN", lambda: _fit_logistic(X, poisoned(Y, NAN)),
            ValueError, r"^Y must contain only 0 and 1"),
        Bad("X transposed", lambda: _fit_logistic(X.T, Y),
            ValueError, r"^X and Y must have the same number of examples"),
        Bad("X NaN", lambda: _fit_logistic(poisoned(X, NAN), Y),
            ValueError, r"^X must contain only finite numbers, found NaN"),
        Bad("X infinity", lambda: _fit_logistic(poisoned(X, INF), Y),
            ValueError, r"^X must contain only finite"),
        Bad("m = 0", lambda: _fit_logistic(EMPTY, Y[:, :0]),
            ValueError, r"^X must hold at least one example"),
        Bad("learning_rate 0", lambda: _fit_logistic(X, Y, learning_rate=0),
            ValueError, r"^learning_rate must be positive"),
        Bad("num_iterations negative", lambda: _fit_logistic(X, Y, num_iterations=-1),
            ValueError, r"^num_iterations must be an integer >= 0"),
        Bad("record_every 0", lambda: _fit_logistic(X, Y, record_every=0),
            ValueError, r"^record_every must be an integer >= 1"),
        Bad("params keys", lambda: _fit_logistic(X, Y, params={"W": LOG["w"], "b": LOG["b"]}),
            ValueError, r"^params is missing key"),
        Bad("w transposed", lambda: _fit_logistic(X, Y, params={**LOG, "w": LOG["w"].T}),
            ValueError, r"^w must have shape"),
    ],
    same=[Same("int X and Y", lambda: _fit_logistic(XI, YI), lambda: _fit_logistic(XF, Y)),
          Same("bool Y, list X", lambda: _fit_logistic(X.tolist(), YB), lambda: _fit_logistic(X, Y))],
    legit=[("more features than examples", lambda: _fit_logistic(X[:, :2], Y[:, :2]))],
)

add(
    "logistic_regression.predict_logistic",
    valid=lambda: logistic_regression.predict_logistic(X, LOG),
    bad=[
        Bad("threshold above 1", lambda: logistic_regression.predict_logistic(X, LOG, threshold=1.5),
            ValueError, r"^threshold must be"),
        Bad("threshold a string", lambda: logistic_regression.predict_logistic(X, LOG, threshold="0.5"),
            TypeError, r"^threshold must be"),
        Bad("X NaN", lambda: logistic_regression.predict_logistic(poisoned(X, NAN), LOG),
            ValueError, r"^X must contain only finite"),
        Bad("X infinity", lambda: logistic_regression.predict_logistic(poisoned(X, INF), LOG),
            ValueError, r"^X must contain only finite"),
        Bad("X transposed", lambda: logistic_regression.predict_logistic(X.T, LOG),
            ValueError, r"^X must have shape \(3, m\)"),
        Bad("m = 0", lambda: logistic_regression.predict_logistic(EMPTY, LOG),
            ValueError, r"^X must hold at least one example"),
        Bad("arguments in the old order", lambda: logistic_regression.predict_logistic(LOG, X),
            TypeError, r"^params must be a dict"),
    ],
    same=[Same("int X and params", lambda: logistic_regression.predict_logistic(XI, LOG_I),
               lambda: logistic_regression.predict_logistic(XF, LOG_F))],
)

# --- shallow_network ------------------------------------------------------------------------------

add(
    "shallow_network.initialize_shallow",
    valid=lambda: shallow_network.initialize_shallow(3, 4, rng=seeded()),
    bad=[Bad("n_h 0", lambda: shallow_network.initialize_shallow(3, 0, rng=seeded()),
             ValueError, r"^n_h must be an integer >= 1"),
         Bad("n_y a float", lambda: shallow_network.initialize_shallow(3, 4, 1.0, rng=seeded()),
             TypeError, r"^n_y must be an integer"),
         Bad("rng missing", lambda: shallow_network.initialize_shallow(3, 4), TypeError, r"'rng'"),
         Bad("rng a seed", lambda: shallow_network.initialize_shallow(3, 4, rng=1),
             TypeError, r"^rng must be"),
         Bad("scale negative", lambda: shallow_network.initialize_shallow(3, 4, rng=seeded(), scale=-1),
             ValueError, r"^scale must be"),
         Bad("dtype int", lambda: shallow_network.initialize_shallow(3, 4, rng=seeded(), dtype=int),
             TypeError, r"^dtype must be")],
    same=[Same("int scale", lambda: shallow_network.initialize_shallow(3, 4, rng=seeded(), scale=1),
               lambda: shallow_network.initialize_shallow(3, 4, rng=seeded(), scale=1.0))],
)

add(
    "shallow_network.shallow_forward",
    valid=lambda: shallow_network.shallow_forward(X, SH),
    bad=[
        Bad("X transposed", lambda: shallow_network.shallow_forward(X.T, SH),
            ValueError, r"^X must have shape \(3, m\) to match W1"),
        Bad("X rank-1", lambda: shallow_network.shallow_forward(X[:, 0], SH),
            ValueError, r"^X must have shape"),
        Bad("X m = 0", lambda: shallow_network.shallow_forward(EMPTY, SH),
            ValueError, r"^X must hold at least one example"),
        Bad("X NaN", lambda: shallow_network.shallow_forward(poisoned(X, NAN), SH),
            ValueError, r"^X must contain only finite numbers, found NaN"),
        Bad("X infinity", lambda: shallow_network.shallow_forward(poisoned(X, INF), SH),
            ValueError, r"^X must contain only finite"),
        Bad("b2 missing", lambda: shallow_network.shallow_forward(X, without(SH, "b2")),
            ValueError, r"^params is missing key\(s\) \['b2'\]"),
        Bad("keys 'w1', ...", lambda: shallow_network.shallow_forward(X, lowered(SH)),
            ValueError, r"^params is missing key\(s\) \['W1', 'W2'\]"),
        Bad("W2 transposed", lambda: shallow_network.shallow_forward(X, {**SH, "W2": SH["W2"].T}),
            ValueError, r"^W2 must have shape"),
        Bad("b1 rank-1", lambda: shallow_network.shallow_forward(X, {**SH, "b1": SH["b1"][:, 0]}),
            ValueError, r"^b1 must have shape \(4, 1\)"),
        Bad("unknown activation", lambda: shallow_network.shallow_forward(X, SH, "softmax"),
            ValueError, r"^hidden_activation must be one of"),
        Bad("arguments in the old order", lambda: shallow_network.shallow_forward(SH, X),
            TypeError, r"^params must be a dict"),
    ],
    same=[Same("int X and params", lambda: shallow_network.shallow_forward(XI, NET_I, "relu"),
               lambda: shallow_network.shallow_forward(XF, NET_F, "relu"))],
    legit=[("more features than examples", lambda: shallow_network.shallow_forward(X[:, :2], SH))],
)

add(
    "shallow_network.shallow_backward",
    valid=lambda: shallow_network.shallow_backward(SH_Z, SH_CACHE),
    bad=[Bad("cache of linear_activation_forward", lambda: shallow_network.shallow_backward(SH_Z, LA_CACHE),
             TypeError, r"^cache was made by linear_activation_forward, but .* needs shallow_forward"),
         Bad("dZ2 transposed", lambda: shallow_network.shallow_backward(SH_Z.T, SH_CACHE),
             ValueError, r"^dZ2 must have shape \(1, 5\)"),
         Bad("dZ2 rank-1", lambda: shallow_network.shallow_backward(SH_Z[0], SH_CACHE),
             ValueError, r"^dZ2 must have shape")],
    same=[Same("int dZ2", lambda: shallow_network.shallow_backward(XI[:1], SH_CACHE),
               lambda: shallow_network.shallow_backward(XF[:1], SH_CACHE))],
)

# --- metrics ----------------------------------------------------------------------------------------

Y_PRED = np.array([[0.0, 1.0, 0.0, 0.0, 1.0]])
for _name in ("accuracy", "confusion_matrix", "precision", "recall", "f1_score"):
    _f = getattr(metrics, _name)
    _bad = [
        Bad("probabilities as Y_pred", partial(_f, P, Y),
            ValueError, r"^Y_pred must contain .*not probabilities"),
        Bad("probabilities as Y", partial(_f, Y_PRED, P),
            ValueError, r"^Y must contain .*not probabilities"),
        Bad("Y_pred rank-1", partial(_f, Y_PRED[0], Y),
            ValueError, r"^Y_pred must have shape \(1, m\), got \(5,\)"),
        Bad("Y transposed", partial(_f, Y_PRED, Y.T),
            ValueError, r"^Y must have shape \(1, m\), got \(5, 1\)"),
        Bad("different m", partial(_f, Y_PRED, Y[:, :4]),
            ValueError, r"^Y_pred and Y must have the same number of examples"),
        Bad("m = 0", partial(_f, Y_PRED[:, :0], Y[:, :0]), ValueError, r"Y_pred and Y .*\(m = 0\)"),
        Bad("Y_pred NaN", partial(_f, poisoned(Y_PRED, NAN), Y),
            ValueError, r"^Y_pred must contain only finite numbers, found NaN"),
        Bad("Y infinity", partial(_f, Y_PRED, poisoned(Y, INF)),
            ValueError, r"^Y must contain only finite"),
        Bad("strings", partial(_f, [["a"]], Y), TypeError, r"^Y_pred must be a numeric"),
    ]
    _legit = []
    if _name == "accuracy":  # accuracy also takes class numbers; the others are binary
        _legit.append(("class numbers", partial(_f, LABELS.reshape(1, -1), LABELS.reshape(1, -1))))
    else:
        _bad.append(Bad("class label 2", partial(_f, Y_PRED * 2, Y),
                        ValueError, r"^Y_pred must contain only 0 and 1, found \[2\.0\]"))
    add(
        f"metrics.{_name}",
        valid=partial(_f, Y_PRED, Y),
        bad=_bad,
        same=[Same("int and bool labels", partial(_f, Y_PRED.astype(np.int64), YB), partial(_f, Y_PRED, Y)),
              Same("lists", partial(_f, Y_PRED.tolist(), Y.tolist()), partial(_f, Y_PRED, Y))],
        legit=_legit,
    )

# --- data ------------------------------------------------------------------------------------------

add(
    "data.load_digits_images",
    valid=None,
    bad=[Bad("rng a seed", lambda: data.load_digits_images(rng=0),
             TypeError, r"^rng must be a numpy\.random\.Generator"),
         Bad("rng a RandomState", lambda: data.load_digits_images(rng=np.random.RandomState(0)),
             TypeError, r"^rng must be")],
)
add(
    "data.load_digits_binary",
    valid=None,
    bad=[Bad("positive empty", lambda: data.load_digits_binary([], rng=seeded()),
             ValueError, r"^positive must be a non-empty proper subset"),
         Bad("positive 10", lambda: data.load_digits_binary([10], rng=seeded()),
             ValueError, r"^positive must be"),
         Bad("every digit", lambda: data.load_digits_binary(range(10), rng=seeded()),
             ValueError, r"^positive must be"),
         Bad("positive strings", lambda: data.load_digits_binary(["1"], rng=seeded()),
             TypeError, r"^positive must contain integers"),
         Bad("positive a number", lambda: data.load_digits_binary(3, rng=seeded()),
             TypeError, r"^positive must be a sequence"),
         Bad("test_fraction 0", lambda: data.load_digits_binary(rng=seeded(), test_fraction=0.0),
             ValueError, r"^test_fraction must be"),
         Bad("test_fraction 25", lambda: data.load_digits_binary(rng=seeded(), test_fraction=25),
             ValueError, r"^test_fraction must be"),
         Bad("rng missing", lambda: data.load_digits_binary(), TypeError, r"'rng'"),
         Bad("rng None", lambda: data.load_digits_binary(rng=None), TypeError, r"^rng must be")],
)

IMAGES_I = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
add(
    "data.flatten_images",
    valid=lambda: data.flatten_images(IMAGES_I / 255),
    bad=[Bad("a matrix", lambda: data.flatten_images(X),
             ValueError, r"^images must have shape \(m, h, w\) or \(m, h, w, c\)"),
         Bad("NaN", lambda: data.flatten_images(poisoned(IMAGES_I, NAN)),
             ValueError, r"^images must contain only finite"),
         Bad("infinity", lambda: data.flatten_images(poisoned(IMAGES_I, INF)),
             ValueError, r"^images must contain only finite"),
         Bad("strings", lambda: data.flatten_images([[["a"]]]), TypeError, r"^images must be a numeric")],
    same=[Same("uint8 images", lambda: data.flatten_images(IMAGES_I),
               lambda: data.flatten_images(IMAGES_I.astype(float))),
          Same("nested lists", lambda: data.flatten_images(IMAGES_I.tolist()),
               lambda: data.flatten_images(IMAGES_I.astype(float)))],
)
add(
    "data.normalize_rows",
    valid=lambda: data.normalize_rows(X),
    bad=[Bad("rank-1", lambda: data.normalize_rows(X[0]),
             ValueError, r"^x must have shape \(n, d\), got \(5,\)"),
         Bad("NaN", lambda: data.normalize_rows(poisoned(X, NAN)),
             ValueError, r"^x must contain only finite"),
         Bad("infinity", lambda: data.normalize_rows(poisoned(X, INF)),
             ValueError, r"^x must contain only finite")],
    same=[Same("int x", lambda: data.normalize_rows(XI), lambda: data.normalize_rows(XF))],
    legit=[("a row of zeros", lambda: data.normalize_rows(np.zeros((2, 3))))],
)

_MEAN, _STD = X.mean(axis=1, keepdims=True), X.std(axis=1, keepdims=True)
add(
    "data.standardize",
    valid=lambda: data.standardize(X),
    bad=[
        Bad("X transposed against saved statistics", lambda: data.standardize(X.T, _MEAN, _STD),
            ValueError, r"^X has shape \(5, 3\) but mean and std have shape \(3, 1\): X looks transposed"),
        Bad("X rank-1", lambda: data.standardize(X[0]), ValueError, r"^X must have shape \(n_x, m\)"),
        Bad("X m = 0", lambda: data.standardize(EMPTY), ValueError, r"^X must hold at least one example"),
        Bad("X NaN", lambda: data.standardize(poisoned(X, NAN)),
            ValueError, r"^X must contain only finite numbers, found NaN"),
        Bad("X infinity", lambda: data.standardize(poisoned(X, INF)),
            ValueError, r"^X must contain only finite"),
        Bad("mean without std", lambda: data.standardize(X, _MEAN), ValueError, r"^pass both mean and std"),
        Bad("mean rank-1", lambda: data.standardize(X, _MEAN[:, 0], _STD),
            ValueError, r"^mean must have shape \(3, 1\)"),
        Bad("std a row", lambda: data.standardize(X, _MEAN, _STD.T),
            ValueError, r"^std must have shape \(3, 1\)"),
        Bad("std negative", lambda: data.standardize(X, _MEAN, -_STD),
            ValueError, r"^std must be non-negative"),
        Bad("mean NaN", lambda: data.standardize(X, poisoned(_MEAN, NAN), _STD),
            ValueError, r"^mean must contain only finite"),
    ],
    same=[Same("int X", lambda: data.standardize(XI), lambda: data.standardize(XF)),
          Same("int statistics", lambda: data.standardize(X, [[0], [1], [2]], [[1], [2], [1]]),
               lambda: data.standardize(X, np.array([[0.0], [1], [2]]), np.array([[1.0], [2], [1]])))],
    legit=[("more features than examples", lambda: data.standardize(np.arange(12.0).reshape(6, 2))),
           ("m = 0 with saved statistics", lambda: data.standardize(EMPTY, _MEAN, _STD)),
           ("a constant feature", lambda: data.standardize(np.ones((2, 4))))],
)

# --- planar_data -------------------------------------------------------------------------------------

_PLANAR = {  # per generator: bad keyword arguments beyond m and rng
    "make_flower": [("petals 1", {"petals": 1}, ValueError, r"^petals must be an integer >= 2"),
                    ("noise negative", {"noise": -0.1}, ValueError, r"^noise must be")],
    "make_noisy_circles": [("factor 1", {"factor": 1.0}, ValueError, r"^factor must be in \[0, 1\)"),
                           ("noise a string", {"noise": "0.2"}, TypeError, r"^noise must be a real")],
    "make_moons": [("noise negative", {"noise": -0.1}, ValueError, r"^noise must be")],
    "make_blobs": [("one centre", {"centers": [[0.0, 0.0]]}, ValueError, r"^centers must hold at least 2"),
                   ("centres in 3-D", {"centers": np.zeros((3, 3))}, ValueError,
                    r"^centers must have shape \(k, 2\)"),
                   ("centers 1", {"centers": 1}, ValueError, r"^centers must be an integer >= 2"),
                   ("centers a string", {"centers": "six"}, TypeError, r"^centers must be a numeric"),
                   ("std 0", {"std": 0.0}, ValueError, r"^std must be positive")],
    "make_gaussian_quantiles": [("cov 0", {"cov": 0}, ValueError, r"^cov must be positive")],
}
for _name, _extra in _PLANAR.items():
    _f = getattr(planar_data, _name)
    add(
        f"planar_data.{_name}",
        valid=partial(_f, 10, rng=seeded()),
        bad=[Bad("m 1", partial(_f, 1, rng=seeded()), ValueError, r"^m must be an integer >= 2"),
             Bad("m a float", partial(_f, 10.0, rng=seeded()), TypeError, r"^m must be an integer"),
             Bad("rng a seed", partial(_f, 10, rng=0),
                 TypeError, r"^rng must be a numpy\.random\.Generator"),
             Bad("rng missing", partial(_f, 10), TypeError, r"'rng'"),
             *(Bad(lbl, partial(_f, 10, rng=seeded(), **kw), e, p) for lbl, kw, e, p in _extra)],
        same=[Same("numpy int m", partial(_f, np.int64(10), rng=seeded()), partial(_f, 10, rng=seeded()))],
    )

# --- plotting (Agg backend) ---------------------------------------------------------------------------


def _line(ax):
    return ax.lines[0].get_xydata()


def _pixels(fig):
    return [np.asarray(im.get_array()) for ax in fig.axes for im in ax.images]


def _points(ax):
    return np.asarray(ax.collections[-1].get_offsets())


def _predict_region(P_):
    return (P_[:1] > 0).astype(int)


add(
    "plotting.plot_costs",
    valid=lambda: plotting.plot_costs([0.7, 0.5, 0.4]),
    bad=[Bad("costs 2-D", lambda: plotting.plot_costs(X), ValueError, r"^costs must have shape \(k,\)"),
         Bad("costs strings", lambda: plotting.plot_costs(["a"]), TypeError, r"^costs must be a numeric"),
         Bad("record_every 0", lambda: plotting.plot_costs([0.5], record_every=0),
             ValueError, r"^record_every must be an integer >= 1")],
    same=[Same("int costs", lambda: plotting.plot_costs([3, 2, 1]),
               lambda: plotting.plot_costs(np.array([3.0, 2, 1])), _line)],
    legit=[("a diverged run (NaN, infinity)", lambda: plotting.plot_costs([0.7, INF, NAN]))],
)
add(
    "plotting.show_images",
    valid=lambda: plotting.show_images(IMAGES_I / 255, titles=[0, 1]),
    bad=[Bad("a matrix", lambda: plotting.show_images(X),
             ValueError, r"^images must have shape \(k, h, w\)"),
         Bad("no image", lambda: plotting.show_images(np.zeros((0, 3, 4))),
             ValueError, r"^images must have shape .* k >= 1"),
         Bad("titles too short", lambda: plotting.show_images(IMAGES_I, titles=["a"]),
             ValueError, r"^titles must have one entry per image"),
         Bad("titles a number", lambda: plotting.show_images(IMAGES_I, titles=3),
             TypeError, r"^titles must be a sequence"),
         Bad("titles one string", lambda: plotting.show_images(IMAGES_I, titles="ab"),
             TypeError, r"^titles must be a sequence"),
         Bad("ncols 0", lambda: plotting.show_images(IMAGES_I, ncols=0),
             ValueError, r"^ncols must be an integer >= 1")],
    same=[Same("uint8 images", lambda: plotting.show_images(IMAGES_I),
               lambda: plotting.show_images(IMAGES_I.astype(float)), _pixels)],
)
def _boundary(X_=X[:2], Y_=Y, predict=_predict_region, resolution=5):
    return plotting.plot_decision_boundary(predict, X_, Y_, resolution=resolution)


add(
    "plotting.plot_decision_boundary",
    valid=lambda: _boundary(),
    bad=[
        Bad("X transposed", lambda: _boundary(X_=X[:2].T), ValueError, r"^X must have shape \(2, m\)"),
        Bad("Y rank-1", lambda: _boundary(Y_=Y[0]), ValueError, r"^Y must have shape \(1, m\)"),
        Bad("X NaN", lambda: _boundary(X_=poisoned(X[:2], NAN)), ValueError,
            r"^X must contain only finite"),
        Bad("Y infinity", lambda: _boundary(Y_=poisoned(Y, INF)), ValueError,
            r"^Y must contain only finite"),
        Bad("predict not callable", lambda: _boundary(predict=Y), TypeError, r"^predict must be callable"),
        Bad("predict gives rank-1", lambda: _boundary(predict=lambda P_: P_[0] > 0),
            ValueError, r"^predict\(grid\) must have shape \(1, 25\)"),
        Bad("resolution 1", lambda: _boundary(resolution=1), ValueError,
            r"^resolution must be an integer >= 2"),
    ],
    same=[Same("int X and Y", lambda: _boundary(X_=XI[:2], Y_=YI), lambda: _boundary(X_=XF[:2]), _points)],
)

# --- tuning -----------------------------------------------------------------------------------------

for _name, (_low, _high), _extra in (
    ("sample_log_uniform", (1e-4, 1.0), [("low 0", (0.0, 1.0), ValueError, r"^low must be positive")]),
    ("sample_one_minus_log", (0.9, 0.999),
     [("high 1", (0.9, 1.0), ValueError, r"^high must be smaller than 1")]),
):
    _f = getattr(tuning, _name)
    add(
        f"tuning.{_name}",
        valid=partial(_f, _low, _high, rng=seeded()),
        bad=[Bad("low above high", partial(_f, _high, _low, rng=seeded()),
                 ValueError, r"^low must be smaller than high"),
             Bad("low NaN", partial(_f, NAN, _high, rng=seeded()), ValueError, r"^low must be a finite"),
             Bad("high a string", partial(_f, _low, "1", rng=seeded()), TypeError, r"^high must be a real"),
             Bad("size negative", partial(_f, _low, _high, -1, rng=seeded()),
                 ValueError, r"^size must be an integer >= 0"),
             Bad("size a float", partial(_f, _low, _high, 2.0, rng=seeded()),
                 TypeError, r"^size must be an integer"),
             Bad("rng None", partial(_f, _low, _high, rng=None), TypeError, r"^rng must be"),
             *(Bad(lbl, partial(_f, *a, rng=seeded()), e, p) for lbl, a, e, p in _extra)],
        same=[Same("numpy int size", partial(_f, _low, _high, np.int64(3), rng=seeded()),
                   partial(_f, _low, _high, 3, rng=seeded()))],
    )

_SPACE = {"alpha": lambda rng: tuning.sample_log_uniform(1e-3, 1.0, rng=rng)}


def _search(objective=len, space=_SPACE, n_trials=3, **kw):
    return tuning.random_search(objective, space, n_trials, **{"rng": seeded(), **kw})


add(
    "tuning.random_search",
    valid=lambda: _search(lambda p: p["alpha"]),
    bad=[
        Bad("objective not callable", lambda: _search(0.5), TypeError, r"^objective must be callable"),
        Bad("objective gives a string", lambda: _search(lambda p: "low"),
            TypeError, r"^objective must return a number"),
        Bad("objective gives an array", lambda: _search(lambda p: np.ones(2)),
            TypeError, r"^objective must return a number"),
        Bad("space a list", lambda: _search(space=[1e-3]), TypeError, r"^space must be a dict"),
        Bad("space of numbers", lambda: _search(space={"alpha": 1e-3}), TypeError,
            r"^space must be a dict"),
        Bad("space empty", lambda: _search(space={}), ValueError, r"^space must name at least one"),
        Bad("n_trials 0", lambda: _search(n_trials=0), ValueError, r"^n_trials must be an integer >= 1"),
        Bad("maximize 'yes'", lambda: _search(maximize="yes"), TypeError, r"^maximize must be"),
        Bad("rng a seed", lambda: _search(rng=0), TypeError, r"^rng must be"),
    ],
    same=[Same("integer scores", lambda: _search(lambda p: int(p["alpha"] * 100)),
               lambda: _search(lambda p: float(int(p["alpha"] * 100))))],
    legit=[("a NaN score (a diverged run)", lambda: _search(lambda p: NAN))],
)

_BOUNDS = {"alpha": (1e-4, 1.0, "log"), "beta": (0.9, 0.999, "one_minus_log"), "units": (10, 50, "linear")}
_BOUNDS_CASES = [  # (label, bounds, error, pattern), shared by make_space and zoom
    ("bounds empty", {}, TypeError, r"^bounds must be a non-empty dict"),
    ("bounds a list", [(0, 1, "linear")], TypeError, r"^bounds must be a non-empty dict"),
    ("unknown scale", {"a": (0, 1, "cubic")}, ValueError, r"^bounds\['a'\] must be \(low, high, scale\)"),
    ("two entries", {"a": (0, 1)}, ValueError, r"^bounds\['a'\] must be \(low, high, scale\)"),
    ("low above high", {"a": (1.0, 0.5, "linear")}, ValueError,
     r"^bounds\['a'\]: low must be smaller than high"),
    ("log from 0", {"a": (0.0, 1.0, "log")}, ValueError, r"^bounds\['a'\]: low must be positive"),
    ("a string bound", {"a": ("0", 1.0, "linear")}, TypeError, r"^bounds\['a'\]: low must be a real"),
]
add(
    "tuning.make_space",
    valid=lambda: tuning.make_space(_BOUNDS),
    bad=[Bad(lbl, partial(tuning.make_space, b), e, p) for lbl, b, e, p in _BOUNDS_CASES],
)
_BEST = [{"alpha": 0.01, "beta": 0.95, "units": 20}, {"alpha": 0.02, "beta": 0.99, "units": 30}]
add(
    "tuning.zoom",
    valid=lambda: tuning.zoom(_BOUNDS, _BEST),
    bad=[*(Bad(lbl, partial(tuning.zoom, b, _BEST), e, p) for lbl, b, e, p in _BOUNDS_CASES),
         Bad("no points", lambda: tuning.zoom(_BOUNDS, []),
             ValueError, r"^best_points must be a non-empty list"),
         Bad("one dict", lambda: tuning.zoom(_BOUNDS, _BEST[0]),
             ValueError, r"^best_points must be a non-empty list"),
         Bad("a name missing", lambda: tuning.zoom(_BOUNDS, [{"alpha": 0.1}]),
             ValueError, r"^every point in best_points must hold a number for 'beta'"),
         Bad("points as tuples", lambda: tuning.zoom(_BOUNDS, [(0.1, 0.9, 20)]),
             ValueError, r"^every point in best_points"),
         Bad("a value outside", lambda: tuning.zoom(_BOUNDS, [{**_BEST[0], "alpha": 2.0}]),
             ValueError, r"^best_points hold alpha values outside"),
         Bad("a NaN value", lambda: tuning.zoom(_BOUNDS, [{**_BEST[0], "alpha": NAN}]),
             ValueError, r"^the 'alpha' values of best_points must contain only finite numbers, found NaN"),
         Bad("factor below 1", lambda: tuning.zoom(_BOUNDS, _BEST, 0.5), ValueError, r"^factor must be")],
    same=[Same("int factor", lambda: tuning.zoom(_BOUNDS, _BEST, 2),
               lambda: tuning.zoom(_BOUNDS, _BEST, 2.0))],
)

# --- strategy --------------------------------------------------------------------------------------

_RATES = {"human": 0.01, "train": 0.08, "train_dev": 0.1, "dev": 0.12, "test": 0.13}
_DIAGNOSIS = strategy.diagnose_errors(**_RATES)
add(
    "strategy.ErrorDiagnosis",
    valid=lambda: strategy.ErrorDiagnosis(**vars(_DIAGNOSIS)),
    bad=[Bad("field missing", lambda: strategy.ErrorDiagnosis(**without(vars(_DIAGNOSIS), "variance")),
             TypeError, r"'variance'")],
)
add(
    "strategy.diagnose_errors",
    valid=lambda: strategy.diagnose_errors(**_RATES),
    bad=[Bad("a percentage", lambda: strategy.diagnose_errors(**{**_RATES, "train": 8}),
             ValueError, r"^train must be a finite number in \[0\.0, 1\.0\]"),
         Bad("negative", lambda: strategy.diagnose_errors(**{**_RATES, "human": -0.01}),
             ValueError, r"^human must be"),
         Bad("NaN", lambda: strategy.diagnose_errors(**{**_RATES, "test": NAN}),
             ValueError, r"^test must be a finite"),
         Bad("a string", lambda: strategy.diagnose_errors(**{**_RATES, "dev": "0.1"}),
             TypeError, r"^dev must be a real number"),
         Bad("a bool", lambda: strategy.diagnose_errors(**{**_RATES, "train_dev": True}),
             TypeError, r"^train_dev must be a real"),
         Bad("train missing", lambda: strategy.diagnose_errors(dev=0.1), TypeError, r"'train'")],
    same=[Same("int rates", lambda: strategy.diagnose_errors(train=0, dev=1),
               lambda: strategy.diagnose_errors(train=0.0, dev=1.0))],
)
add(
    "strategy.ErrorCategory",
    valid=lambda: strategy.ErrorCategory("blurry", 2, 0.5, 0.05),
    bad=[Bad("field missing", lambda: strategy.ErrorCategory("blurry", 2, 0.5), TypeError, r"'ceiling'")],
)
_TAGS = [{"dog"}, {"blurry", "great_cat"}, set(), ["dog"]]
add(
    "strategy.error_analysis_table",
    valid=lambda: strategy.error_analysis_table(_TAGS, dev_error=0.1),
    bad=[Bad("tags a string", lambda: strategy.error_analysis_table("dog", dev_error=0.1),
             TypeError, r"^tags must be a list"),
         Bad("an entry a string", lambda: strategy.error_analysis_table(["dog"], dev_error=0.1),
             TypeError, r"^tags\[0\] must be a list of strings"),
         Bad("a tag a number", lambda: strategy.error_analysis_table([{"dog"}, {1}], dev_error=0.1),
             TypeError, r"^tags\[1\] must contain only strings"),
         Bad("no tags", lambda: strategy.error_analysis_table([], dev_error=0.1),
             ValueError, r"^tags must hold at least one"),
         Bad("dev_error 0", lambda: strategy.error_analysis_table(_TAGS, dev_error=0.0),
             ValueError, r"^dev_error must be positive"),
         Bad("dev_error a percentage", lambda: strategy.error_analysis_table(_TAGS, dev_error=10),
             ValueError, r"^dev_error must be a finite number in"),
         Bad("dev_error missing", lambda: strategy.error_analysis_table(_TAGS), TypeError, r"'dev_error'"),
         Bad("categories repeat",
             lambda: strategy.error_analysis_table(_TAGS, dev_error=0.1, categories=["dog", "dog"]),
             ValueError, r"^categories must not repeat"),
         Bad("a tag not in categories",
             lambda: strategy.error_analysis_table(_TAGS, dev_error=0.1, categories=["dog", "blurry"]),
             ValueError, r"^tags \['great_cat'\] are not in categories")],
    same=[Same("int dev_error", lambda: strategy.error_analysis_table(_TAGS, dev_error=1),
               lambda: strategy.error_analysis_table(_TAGS, dev_error=1.0))],
)

# --- gradcheck ---------------------------------------------------------------------------------------

_V = np.array([[1.0, -2.0], [0.5, 3.0]])


def _square_sum():
    return np.sum(_V**2)


add(
    "gradcheck.numerical_gradient",
    valid=lambda: gradcheck.numerical_gradient(_square_sum, _V),
    bad=[
        Bad("f not callable", lambda: gradcheck.numerical_gradient(1.0, _V),
            TypeError, r"^f must be callable"),
        # x is nudged in place, which f must see: a converted copy would not be, so ints are refused.
        Bad("x int", lambda: gradcheck.numerical_gradient(_square_sum, XI),
            TypeError, r"^x must be a float64 ndarray"),
        Bad("x a list", lambda: gradcheck.numerical_gradient(_square_sum, [1.0]),
            TypeError, r"^x must be a float64 ndarray"),
        Bad("x float32", lambda: gradcheck.numerical_gradient(_square_sum, _V.astype(np.float32)),
            TypeError, r"^x must be a float64"),
        Bad("x NaN", lambda: gradcheck.numerical_gradient(_square_sum, poisoned(_V, NAN)),
            ValueError, r"^x must contain only finite"),
        Bad("eps 0", lambda: gradcheck.numerical_gradient(_square_sum, _V, eps=0),
            ValueError, r"^eps must be positive"),
        Bad("f gives a vector", lambda: gradcheck.numerical_gradient(lambda: _V[0], _V),
            ValueError, r"^f must return a scalar"),
    ],
)
add(
    "gradcheck.relative_error",
    valid=lambda: gradcheck.relative_error(X, X + 1e-9),
    bad=[Bad("b transposed", lambda: gradcheck.relative_error(X, X.T),
             ValueError, r"^a and b must have the same shape"),
         Bad("b rank-1", lambda: gradcheck.relative_error(X[:1], X[0]),
             ValueError, r"^a and b must have the same shape"),
         Bad("a NaN", lambda: gradcheck.relative_error(poisoned(X, NAN), X),
             ValueError, r"^a must contain only finite"),
         Bad("b infinity", lambda: gradcheck.relative_error(X, poisoned(X, INF)),
             ValueError, r"^b must contain only finite"),
         Bad("a strings", lambda: gradcheck.relative_error(["a"], [1.0]),
             TypeError, r"^a must be a numeric")],
    same=[Same("int arrays", lambda: gradcheck.relative_error(XI, XI + 1),
               lambda: gradcheck.relative_error(XF, XF + 1)),
          Same("lists", lambda: gradcheck.relative_error(X.tolist(), (X + 1).tolist()),
               lambda: gradcheck.relative_error(X, X + 1))],
)
add(
    "gradcheck.dict_to_vector",
    valid=lambda: gradcheck.dict_to_vector(NET_P),
    bad=[Bad("d a list", lambda: gradcheck.dict_to_vector([W]), TypeError, r"^d must be a dict"),
         Bad("a key missing", lambda: gradcheck.dict_to_vector(NET_P, ["W1", "W3"]),
             ValueError, r"^d is missing key\(s\) \['W3'\]"),
         Bad("keys a string", lambda: gradcheck.dict_to_vector(NET_P, "W1"),
             TypeError, r"^keys must be a list of strings"),
         Bad("strings", lambda: gradcheck.dict_to_vector({"W1": "abc"}),
             TypeError, r"^d\['W1'\] must be a numeric")],
    same=[Same("int arrays", lambda: gradcheck.dict_to_vector(NET_I),
               lambda: gradcheck.dict_to_vector(NET_F))],
)
_VEC, _SHAPES = gradcheck.dict_to_vector(NET_P)
add(
    "gradcheck.vector_to_dict",
    valid=lambda: gradcheck.vector_to_dict(_VEC, _SHAPES),
    bad=[Bad("vec rank-1", lambda: gradcheck.vector_to_dict(_VEC[:, 0], _SHAPES),
             ValueError, r"^vec must have shape \(21, 1\)"),
         Bad("vec a row", lambda: gradcheck.vector_to_dict(_VEC.T, _SHAPES),
             ValueError, r"^vec must have shape \(21, 1\)"),
         Bad("vec too short", lambda: gradcheck.vector_to_dict(_VEC[1:], _SHAPES),
             ValueError, r"^vec must have shape \(21, 1\)"),
         Bad("shapes a list", lambda: gradcheck.vector_to_dict(_VEC, list(_SHAPES.values())),
             TypeError, r"^shapes must be a dict"),
         Bad("a shape a string", lambda: gradcheck.vector_to_dict(_VEC, {"W1": "ab"}),
             TypeError, r"^shapes\['W1'\] must be a tuple"),
         Bad("vec strings", lambda: gradcheck.vector_to_dict([["a"]], {"a": (1, 1)}),
             TypeError, r"^vec must be a numeric")],
    same=[Same("int vec", lambda: gradcheck.vector_to_dict(np.arange(6).reshape(6, 1), {"a": (2, 3)}),
               lambda: gradcheck.vector_to_dict(np.arange(6.0).reshape(6, 1), {"a": (2, 3)}))],
)

_W_ONLY = {"W": np.array([[1.0, 2.0]])}
_relu = partial(activations.activation_forward, activation="relu")  # a block without parameters


def _cost_of_w():
    return float(np.sum(_W_ONLY["W"] ** 2))


_DW = {"dW": 2 * _W_ONLY["W"]}
add(
    "gradcheck.check_gradients",
    valid=lambda: gradcheck.check_gradients(_cost_of_w, _W_ONLY, _DW),
    bad=[
        Bad("loss_fn not callable", lambda: gradcheck.check_gradients(1.0, _W_ONLY, _DW),
            TypeError, r"^loss_fn must be callable"),
        Bad("params a list", lambda: gradcheck.check_gradients(_cost_of_w, [W], _DW),
            TypeError, r"^params and grads must be dicts"),
        Bad("gradient missing", lambda: gradcheck.check_gradients(_cost_of_w, _W_ONLY, {"db": 0}),
            ValueError, r"^grads has no gradient for 'W'"),
        Bad("gradient transposed", lambda: gradcheck.check_gradients(_cost_of_w, _W_ONLY,
                                                                     {"dW": _DW["dW"].T}),
            ValueError, r"^grads for 'W' must have shape \(1, 2\)"),
        Bad("gradient NaN", lambda: gradcheck.check_gradients(_cost_of_w, _W_ONLY,
                                                              {"dW": poisoned(_DW["dW"], NAN)}),
            ValueError, r"^grads\['dW'\] must contain only finite"),
        Bad("int parameter", lambda: gradcheck.check_gradients(_cost_of_w, {"W": np.array([[1, 2]])}, _DW),
            TypeError, r"^params\['W'\] must be a float64 ndarray"),
        Bad("eps 0", lambda: gradcheck.check_gradients(_cost_of_w, _W_ONLY, _DW, eps=0),
            ValueError, r"^eps must be positive"),
    ],
    same=[Same("int gradients", lambda: gradcheck.check_gradients(_cost_of_w, _W_ONLY, {"dW": [[2, 4]]}),
               lambda: gradcheck.check_gradients(_cost_of_w, _W_ONLY, {"dW": np.array([[2.0, 4.0]])}))],
)


def _check_linear(x, params=LIN, forward=layers.linear_forward, backward=layers.linear_backward, **kw):
    return gradcheck.check_backward(forward, backward, x, params, **{"rng": seeded(), **kw})


add(
    "gradcheck.check_backward",
    valid=lambda: _check_linear(X),
    bad=[
        Bad("forward not callable", lambda: _check_linear(X, forward=None),
            TypeError, r"^forward must be callable"),
        Bad("backward not callable", lambda: _check_linear(X, backward="linear_backward"),
            TypeError, r"^backward must be callable"),
        Bad("the wrong backward pass", lambda: _check_linear(X, backward=activations.activation_backward),
            TypeError, r"^cache was made by linear_forward, but .* needs activation_forward"),
        # Like numerical_gradient and check_gradients (and as test_gradcheck.py requires),
        # check_backward takes float64 arrays only, although it nudges copies.
        Bad("x float32", lambda: _check_linear(X.astype(np.float32)), TypeError, r"^x must be a float64"),
        Bad("x int", lambda: _check_linear(XI), TypeError, r"^x must be a float64 ndarray"),
        Bad("x a list", lambda: _check_linear(X.tolist()), TypeError, r"^x must be a float64 ndarray"),
        Bad("x NaN", lambda: _check_linear(poisoned(X, NAN)), ValueError, r"^x must contain only finite"),
        Bad("x rank-1 without m", lambda: _check_linear(X[0], None, _relu, activations.activation_backward),
            ValueError, r"^x has shape \(5,\): pass m"),
        Bad("parameter float32", lambda: _check_linear(X, {"W": W.astype(np.float32), "b": B}),
            TypeError, r"^params\['W'\] must be a float64"),
        Bad("params a list", lambda: _check_linear(X, [W, B]), TypeError, r"^params must be a dict"),
        Bad("m 0", lambda: _check_linear(X, m=0), ValueError, r"^m must be an integer >= 1"),
        Bad("rng a seed", lambda: _check_linear(X, rng=0), TypeError, r"^rng must be"),
        Bad("backward gives three values",
            lambda: _check_linear(X, backward=lambda d, c: (*layers.linear_backward(d, c), None)),
            TypeError, r"^backward must return the pair \(dx, grads\)"),
    ],
)

# --- network --------------------------------------------------------------------------------------

add(
    "blocks.Block",
    valid=lambda: blocks.Block("linear", layers.linear_forward, layers.linear_forward, layers.linear_backward),
    bad=[Bad("backward missing", lambda: blocks.Block("linear", layers.linear_forward, layers.linear_forward),
             TypeError, r"'backward'")],
)
add(
    "layers.linear_block",
    valid=lambda: layers.linear_block(3, 2, 1),
    bad=[Bad("n_in 0", lambda: layers.linear_block(0, 2, 1),
             ValueError, r"^n_in must be an integer >= 1"),
         Bad("n_out a float", lambda: layers.linear_block(3, 2.5, 1),
             TypeError, r"^n_out must be an integer"),
         Bad("l 0", lambda: layers.linear_block(3, 2, 0),
             ValueError, r"^l must be an integer >= 1"),
         Bad("bias 1", lambda: layers.linear_block(3, 2, 1, bias=1),
             TypeError, r"^bias must be True or False")],
)
add(
    "activations.activation_block",
    valid=lambda: activations.activation_block("tanh"),
    bad=[Bad("softmax", lambda: activations.activation_block("softmax"),
             ValueError, r"^activation must be one of")],
)
add(
    "regularization.dropout_block",
    valid=lambda: regularization.dropout_block(0.8),
    bad=[Bad("keep_prob 0", lambda: regularization.dropout_block(0),
             ValueError, r"^keep_prob must be in \(0, 1\]"),
         Bad("keep_prob a string", lambda: regularization.dropout_block("0.8"),
             TypeError, r"^keep_prob must be a real")],
)
add(
    "normalization.batchnorm_block",
    valid=lambda: normalization.batchnorm_block(4, 1),
    bad=[Bad("n 0", lambda: normalization.batchnorm_block(0, 1), ValueError, r"^n must be an integer >= 1"),
         Bad("dtype int", lambda: normalization.batchnorm_block(4, 1, dtype=int),
             TypeError, r"^dtype must be"),
         Bad("momentum 1", lambda: normalization.batchnorm_block(4, 1, momentum=1.0),
             ValueError, r"^momentum must be in \[0, 1\)"),
         Bad("l a string", lambda: normalization.batchnorm_block(4, "x"),
             TypeError, r"^l must be an integer")],
)
add(
    "network.Network",
    valid=lambda: Network(list(NET.blocks), output="sigmoid"),
    bad=[Bad("no blocks", lambda: Network([], output="sigmoid"), ValueError, r"^blocks must not be empty"),
         Bad("one Block", lambda: Network(NET.blocks[0], output="sigmoid"),
             TypeError, r"^blocks must be a list of dlspec\.blocks\.Block"),
         Bad("forward functions", lambda: Network([layers.linear_forward], output="sigmoid"),
             TypeError, r"^blocks must be a list of dlspec\.blocks\.Block"),
         Bad("blocks None", lambda: Network(None, output="sigmoid"),
             TypeError, r"^blocks must be a list of dlspec\.blocks\.Block"),
         Bad("output 'relu'", lambda: Network(list(NET.blocks), output="relu"),
             ValueError, r"^output must be one of"),
         Bad("output missing", lambda: Network(list(NET.blocks)), TypeError, r"'output'")],
)
add(
    "network.dense_network",
    valid=lambda: dense_network([3, 4, 1], keep_prob=[0.5], batch_norm=True),
    bad=[Bad("one size", lambda: dense_network([3]), ValueError, r"^layer_dims must list at least two"),
         Bad("size 0", lambda: dense_network([3, 0, 1]),
             ValueError, r"^layer_dims\[1\] must be an integer >= 1"),
         Bad("hidden 'softmax'", lambda: dense_network([3, 4, 1], hidden="softmax"),
             ValueError, r"^hidden must be one of"),
         Bad("output 'tanh'", lambda: dense_network([3, 4, 1], output="tanh"),
             ValueError, r"^output must be one of"),
         Bad("keep_prob 0", lambda: dense_network([3, 4, 1], keep_prob=0),
             ValueError, r"^keep_prob must be in"),
         Bad("keep_prob too many", lambda: dense_network([3, 4, 1], keep_prob=[0.5, 0.5]),
             ValueError, r"^keep_prob must hold one value per hidden layer"),
         Bad("keep_prob[0] 2", lambda: dense_network([3, 4, 1], keep_prob=[2.0]),
             ValueError, r"^keep_prob\[0\] must be in"),
         Bad("batch_norm 1", lambda: dense_network([3, 4, 1], batch_norm=1),
             TypeError, r"^batch_norm must be True or False"),
         Bad("dtype int with batch norm", lambda: dense_network([3, 4, 1], batch_norm=True, dtype=int),
             TypeError, r"^dtype must be"),
         Bad("dtype int without batch norm", lambda: dense_network([3, 4, 1], dtype=int),
             TypeError, r"^dtype must be")],
    same=[Same("dims an array", lambda: dense_network(np.array([3, 4, 1])).param_shapes,
               lambda: dense_network([3, 4, 1]).param_shapes)],
)

add(
    "network.Network.param_shapes",
    valid=lambda: NET.param_shapes,
)
add(
    "network.Network.initialize",
    valid=lambda: NET.initialize(rng=seeded(), method="xavier"),
    bad=[Bad("old method 'scaled'", lambda: NET.initialize(rng=seeded(), method="scaled"),
             ValueError, r"^method must be one of"),
         Bad("rng missing", lambda: NET.initialize(), TypeError, r"'rng'"),
         Bad("rng a seed", lambda: NET.initialize(rng=0), TypeError, r"^rng must be"),
         Bad("scale with 'he'", lambda: NET.initialize(rng=seeded(), scale=0.1),
             ValueError, r"^scale applies only"),
         Bad("dtype int", lambda: NET.initialize(rng=seeded(), dtype=int), TypeError, r"^dtype must be")],
    same=[Same("int scale", lambda: NET.initialize(rng=seeded(), method="random", scale=1),
               lambda: NET.initialize(rng=seeded(), method="random", scale=1.0))],
)


def _net_param_cases(call):
    """Bad ``params`` for a Network method ``call(params)`` (the network is NET, [3, 4, 1])."""
    return [
        Bad("W2 missing", lambda: call(without(NET_P, "W2")),
            ValueError, r"^params is missing key\(s\) \['W2'\]"),
        Bad("keys of initialize_shallow in lower case", lambda: call(lowered(NET_P)),
            ValueError, r"^params is missing key\(s\) \['W1', 'W2'\]"),
        Bad("W1 transposed", lambda: call({**NET_P, "W1": NET_P["W1"].T}),
            ValueError, r"^params\['W1'\] must have shape \(4, 3\)"),
        Bad("b1 rank-1", lambda: call({**NET_P, "b1": NET_P["b1"][:, 0]}),
            ValueError, r"^params\['b1'\] must have shape \(4, 1\)"),
        Bad("params a list", lambda: call(list(NET_P.values())), TypeError, r"^params must be a dict"),
    ]


def _net_X_cases(call):
    """Bad ``X`` for a Network method ``call(X)``."""
    return [
        Bad("X transposed", lambda: call(X.T), ValueError, r"^X must have shape \(3, m\), got \(5, 3\)"),
        Bad("X rank-1", lambda: call(X[:, 0]), ValueError, r"^X must have shape \(3, m\), got \(3,\)"),
        Bad("X m = 0", lambda: call(EMPTY), ValueError, r"^X must hold at least one example"),
        Bad("X NaN", lambda: call(poisoned(X, NAN)),
            ValueError, r"^X must contain only finite numbers, found NaN"),
        Bad("X infinity", lambda: call(poisoned(X, INF)),
            ValueError, r"^X must contain only finite numbers, found infinity"),
        Bad("X strings", lambda: call([["a"] * 5] * 3), TypeError, r"^X must be a numeric"),
    ]


add(
    "network.Network.check_params",
    valid=lambda: NET.check_params(NET_P),
    bad=_net_param_cases(NET.check_params),
    same=[Same("int parameters", lambda: NET.check_params(NET_I), lambda: NET.check_params(NET_F))],
)
add(
    "network.Network.forward",
    valid=lambda: NET.forward(X, NET_P),
    bad=[*_net_X_cases(lambda X_: NET.forward(X_, NET_P)),
         *_net_param_cases(lambda p: NET.forward(X, p)),
         Bad("training 'yes'", lambda: NET.forward(X, NET_P, training="yes"),
             TypeError, r"^training must be True or False"),
         Bad("dropout without rng", lambda: NET_DROP.forward(X, NET_P, training=True),
             TypeError, r"^rng must be"),
         Bad("arguments swapped", lambda: NET.forward(NET_P, X), TypeError, r"^params must be a dict")],
    same=[Same("int X and parameters", lambda: NET.forward(XI, NET_I), lambda: NET.forward(XF, NET_F)),
          Same("nested list X", lambda: NET.forward(X.tolist(), NET_P), lambda: NET.forward(X, NET_P))],
    legit=[("more features than examples", lambda: NET.forward(X[:, :2], NET_P)),
           ("one example through batch norm at test time", lambda: NET_BN.forward(X[:, :1], NET_BN_P))],
)
add(
    "network.Network.run",  # unchecked on purpose (the loop of fit): only its flag is checked
    valid=lambda: NET.run(X, NET_P, training=False, rng=None),
    bad=[Bad("training 'yes'", lambda: NET.run(X, NET_P, training="yes", rng=None),
             TypeError, r"^training must be True or False")],
)
add(
    "network.Network.check_input",
    valid=lambda: NET.check_input(X),
    bad=[*_net_X_cases(NET.check_input),
         Bad("float32 X for a float64 batch norm", lambda: NET_BN.check_input(X.astype(np.float32)),
             TypeError, r"^X must have dtype float64, the dtype of the network's batch norm")],
    same=[Same("int X", lambda: NET.check_input(XI), lambda: NET.check_input(XF))],
)
add(
    "network.Network.check_targets",
    valid=lambda: NET_SM.check_targets(LABELS),
    bad=[Bad("probabilities as labels", lambda: NET.check_targets(P), ValueError, r"^Y must contain only 0 and 1"),
         Bad("Y transposed", lambda: NET.check_targets(Y.T), ValueError, r"^Y must have shape \(1, m\)"),
         Bad("class label out of range", lambda: NET_SM.check_targets(LABELS + 1),
             ValueError, r"^Y \(integer class labels\): labels must be in 0\.\.2"),
         Bad("dtype int", lambda: NET.check_targets(Y, dtype=int), TypeError, r"dtype")],
    same=[Same("bool Y", lambda: NET.check_targets(YB), lambda: NET.check_targets(Y))],
)
add(
    "network.Network.backward",
    valid=lambda: NET.backward(NET_Z, NET_CACHE),
    bad=[Bad("cache of linear_forward", lambda: NET.backward(NET_Z, LIN_CACHE),
             TypeError, r"^cache must be the list returned by Network\.forward"),
         Bad("cache of a block", lambda: NET.backward(NET_Z, [LIN_CACHE]),
             TypeError, r"^cache must be the list returned by Network\.forward"),
         Bad("cache of a test-time pass through batch norm",
             lambda: NET_BN.backward(NET_Z, NET_BN_TEST_CACHE),
             ValueError, r"^cache is from a test-time pass"),
         Bad("dZL transposed", lambda: NET.backward(NET_Z.T, NET_CACHE),
             ValueError, r"^dZL must have shape \(1, 5\)"),
         Bad("dZL rank-1", lambda: NET.backward(NET_Z[0], NET_CACHE), ValueError, r"^dZL must have shape")],
    same=[Same("int dZL", lambda: NET.backward(XI[:1], NET_CACHE),
               lambda: NET.backward(XF[:1], NET_CACHE))],
)
add(
    "network.Network.cost",
    valid=lambda: NET.cost(X, NET_P, Y),
    bad=[*_net_X_cases(lambda X_: NET.cost(X_, NET_P, Y)),
         *_net_param_cases(lambda p: NET.cost(X, p, Y)),
         Bad("probabilities as labels", lambda: NET.cost(X, NET_P, P),
             ValueError, r"^Y must contain only 0 and 1"),
         Bad("Y transposed", lambda: NET.cost(X, NET_P, Y.T), ValueError, r"^Y must have shape \(1, m\)"),
         Bad("Y NaN", lambda: NET.cost(X, NET_P, poisoned(Y, NAN)),
             ValueError, r"^Y must contain only 0 and 1, found \[nan\]"),
         Bad("Y not one-hot", lambda: NET_SM.cost(X, NET_SM_P, np.ones((3, 5))),
             ValueError, r"^Y must be one-hot")],
    same=[Same("int X, parameters and Y", lambda: NET.cost(XI, NET_I, YI), lambda: NET.cost(XF, NET_F, Y)),
          Same("bool Y", lambda: NET.cost(X, NET_P, YB), lambda: NET.cost(X, NET_P, Y))],
)
add(
    "network.Network.probabilities",
    valid=lambda: NET.probabilities(X, NET_P),
    bad=[*_net_X_cases(lambda X_: NET.probabilities(X_, NET_P)),
         *_net_param_cases(lambda p: NET.probabilities(X, p))],
    same=[Same("int X and parameters", lambda: NET.probabilities(XI, NET_I),
               lambda: NET.probabilities(XF, NET_F))],
)
add(
    "network.Network.predict",
    valid=lambda: NET_SM.predict(X, NET_SM_P),
    bad=[*_net_X_cases(lambda X_: NET.predict(X_, NET_P)), *_net_param_cases(lambda p: NET.predict(X, p)),
         Bad("threshold above 1", lambda: NET.predict(X, NET_P, threshold=1.5),
             ValueError, r"^threshold must be")],
    same=[Same("int X and parameters", lambda: NET.predict(XI, NET_I), lambda: NET.predict(XF, NET_F))],
)

# --- training ---------------------------------------------------------------------------------------

add(
    "training.random_mini_batches",
    valid=lambda: training.random_mini_batches(X, Y, 2, rng=seeded()),
    bad=[Bad("example_axis 2", lambda: training.random_mini_batches(X, Y, 2, rng=seeded(), example_axis=2),
             ValueError, r"^example_axis must be 1"),
         Bad("different m", lambda: training.random_mini_batches(X, Y[:, :4], 2, rng=seeded()),
             ValueError, r"^X and Y must have the same number of examples"),
         Bad("X transposed", lambda: training.random_mini_batches(X.T, Y, 2, rng=seeded()),
             ValueError, r"^X and Y must have the same number of examples m, got 3 \(X of shape \(5, 3\)"),
         Bad("Y rank-1", lambda: training.random_mini_batches(X, Y[0], 2, rng=seeded()),
             ValueError, r"^Y must have shape \(n_y, m\)"),
         Bad("batch_size 0", lambda: training.random_mini_batches(X, Y, 0, rng=seeded()),
             ValueError, r"^batch_size must be an integer >= 1"),
         Bad("batch_size a float", lambda: training.random_mini_batches(X, Y, 2.0, rng=seeded()),
             TypeError, r"^batch_size must be an integer"),
         Bad("rng missing", lambda: training.random_mini_batches(X, Y, 2), TypeError, r"'rng'"),
         Bad("m = 0", lambda: training.random_mini_batches(EMPTY, Y[:, :0], 2, rng=seeded()),
             ValueError, r"X .*m = 0")],
    same=[Same("int X and Y", lambda: training.random_mini_batches(XI, YI, 2, rng=seeded()),
               lambda: training.random_mini_batches(XF, Y, 2, rng=seeded()))],
    legit=[("batch_size above m", lambda: training.random_mini_batches(X, Y, 64, rng=seeded()))],
)


def _fit(net=NET, X_=X, Y_=Y, **kw):
    settings = {"rng": seeded(), "optimizer": GradientDescent(0.1), "num_epochs": 3, **kw}
    return training.fit(net, X_, Y_, **settings)


add(
    "training.fit",
    valid=lambda: _fit(),
    bad=[
        Bad("optimizer the class Adam", lambda: _fit(optimizer=Adam),
            TypeError, r"^optimizer must be an instance such as Adam\(0\.01\)"),
        Bad("optimizer a name", lambda: _fit(optimizer="adam"),
            TypeError, r"^optimizer must be a dlspec\.optimizers object"),
        Bad("net a list of sizes", lambda: _fit(net=[3, 4, 1]),
            TypeError, r"^net must be a dlspec\.network\.Network"),
        *_net_X_cases(lambda X_: _fit(X_=X_)),
        Bad("probabilities as labels", lambda: _fit(Y_=P), ValueError, r"^Y must contain only 0 and 1"),
        Bad("Y transposed", lambda: _fit(Y_=Y.T),
            ValueError, r"^Y must have shape \(1, m\) for a network with 1 output units, got \(5, 1\)"),
        Bad("Y rank-1", lambda: _fit(Y_=Y[0]), ValueError, r"^Y must have shape \(1, m\)"),
        Bad("Y NaN", lambda: _fit(Y_=poisoned(Y, NAN)),
            ValueError, r"^Y must contain only 0 and 1, found \[nan\]"),
        Bad("Y of another m", lambda: _fit(Y_=Y[:, :4]),
            ValueError, r"^X and Y must have the same number of examples"),
        Bad("Y not one-hot", lambda: _fit(NET_SM, Y_=np.ones((3, 5))), ValueError, r"^Y must be one-hot"),
        Bad("class label out of range", lambda: _fit(NET_SM, Y_=LABELS + 1),
            ValueError, r"^Y \(integer class labels\)"),
        Bad("num_epochs negative", lambda: _fit(num_epochs=-1),
            ValueError, r"^num_epochs must be an integer >= 0"),
        Bad("batch_size 0", lambda: _fit(batch_size=0), ValueError, r"^batch_size must be an integer >= 1"),
        Bad("schedule a number", lambda: _fit(schedule=0.1),
            TypeError, r"^schedule must be a function of the epoch"),
        Bad("lambd negative", lambda: _fit(lambd=-0.1), ValueError, r"^lambd must be"),
        Bad("record_every 0", lambda: _fit(record_every=0),
            ValueError, r"^record_every must be an integer >= 1"),
        Bad("rng a seed", lambda: _fit(rng=0), TypeError, r"^rng must be"),
        Bad("init 'scaled'", lambda: _fit(init="scaled"),
            ValueError, r"^init must be one of"),
        *_net_param_cases(lambda p: _fit(params=p)),
    ],
    same=[Same("int X and Y", lambda: _fit(X_=XI, Y_=YI), lambda: _fit(X_=XF, Y_=Y)),
          Same("bool Y, list X", lambda: _fit(X_=X.tolist(), Y_=YB), lambda: _fit()),
          Same("int parameters", lambda: _fit(params=NET_I), lambda: _fit(params=NET_F)),
          Same("class labels for a softmax output", lambda: _fit(NET_SM, Y_=LABELS),
               lambda: _fit(NET_SM, Y_=Y3)),
          Same("class labels (m,) with m = C", lambda: _fit(NET_SM, X_=X[:, :3], Y_=LABELS[:3]),
               lambda: _fit(NET_SM, X_=X[:, :3], Y_=Y3[:, :3]))],
    legit=[("more features than examples", lambda: _fit(X_=X[:, :2], Y_=Y[:, :2])),
           ("one example", lambda: _fit(X_=X[:, :1], Y_=Y[:, :1]))],
)


# --- augmentation (images (m, n_H, n_W, n_C), examples first) -------------------------------------

from dlspec import augmentation  # noqa: E402

IMG = _draw.standard_normal((2, 4, 5, 3))  # m = 2, non-square, 3 channels
IMG_I = np.arange(2 * 4 * 5 * 3).reshape(2, 4, 5, 3) % 7 - 3  # int64, same shape
IMG_F = IMG_I.astype(np.float64)


def _image_cases(call):
    """Bad batches of images for an augmentation function ``call(X)``."""
    return [
        Bad("X a (n_x, m) matrix", lambda: call(X), ValueError,
            r"^X must have shape \(m, n_H, n_W, n_C\), got \(3, 5\)"),
        Bad("X one image", lambda: call(IMG[0]), ValueError, r"^X must have shape \(m, n_H, n_W, n_C\)"),
        Bad("X strings", lambda: call([[[["a"]]]]), TypeError, r"^X must be a numeric"),
        Bad("X NaN", lambda: call(poisoned(IMG, NAN)), ValueError, r"^X must contain only finite numbers, found NaN"),
        Bad("X infinity", lambda: call(poisoned(IMG, INF)), ValueError, r"^X must contain only finite"),
    ]


def _image_same(call):
    """Integer and nested-list images give the float64 call's values."""
    return [Same("int X", lambda: call(IMG_I), lambda: call(IMG_F)),
            Same("nested list X", lambda: call(IMG.tolist()), lambda: call(IMG))]


add(
    "augmentation.flip_horizontal",
    valid=lambda: augmentation.flip_horizontal(IMG),
    bad=_image_cases(augmentation.flip_horizontal),
    same=_image_same(augmentation.flip_horizontal),
    legit=[("m = 0", lambda: augmentation.flip_horizontal(IMG[:0]))],
)
add(
    "augmentation.random_crop",
    valid=lambda: augmentation.random_crop(IMG, (2, 3), rng=seeded()),
    bad=[*_image_cases(lambda X_: augmentation.random_crop(X_, 2, rng=seeded())),
         Bad("rng a seed", lambda: augmentation.random_crop(IMG, 2, rng=0), TypeError, r"^rng must be"),
         Bad("size larger than the image", lambda: augmentation.random_crop(IMG, (5, 2), rng=seeded()),
             ValueError, r"^size must fit inside the images: \(size_h, size_w\) = \(5, 2\) for X of shape"),
         Bad("size 0", lambda: augmentation.random_crop(IMG, 0, rng=seeded()),
             ValueError, r"^size must be an integer >= 1"),
         Bad("size a float", lambda: augmentation.random_crop(IMG, 2.0, rng=seeded()),
             TypeError, r"^size must be an integer"),
         Bad("size a triple", lambda: augmentation.random_crop(IMG, (2, 2, 3), rng=seeded()),
             ValueError, r"^size must be an integer or a pair")],
    same=_image_same(lambda X_: augmentation.random_crop(X_, (2, 3), rng=seeded())),
    legit=[("the whole image", lambda: augmentation.random_crop(IMG, (4, 5), rng=seeded()))],
)
add(
    "augmentation.random_shift",
    valid=lambda: augmentation.random_shift(IMG, 2, rng=seeded()),
    bad=[*_image_cases(lambda X_: augmentation.random_shift(X_, 1, rng=seeded())),
         Bad("rng missing", lambda: augmentation.random_shift(IMG, 1), TypeError, r"'rng'"),
         Bad("max_shift the height", lambda: augmentation.random_shift(IMG, 4, rng=seeded()),
             ValueError, r"^max_shift must be smaller than the image's height and width \(n_H = 4, n_W = 5"),
         Bad("max_shift negative", lambda: augmentation.random_shift(IMG, -1, rng=seeded()),
             ValueError, r"^max_shift must be an integer >= 0"),
         Bad("max_shift a float", lambda: augmentation.random_shift(IMG, 1.5, rng=seeded()),
             TypeError, r"^max_shift must be an integer")],
    same=_image_same(lambda X_: augmentation.random_shift(X_, 2, rng=seeded())),
    legit=[("max_shift 0", lambda: augmentation.random_shift(IMG, 0, rng=seeded()))],
)
add(
    "augmentation.add_noise",
    valid=lambda: augmentation.add_noise(IMG, 0.1, rng=seeded()),
    bad=[*_image_cases(lambda X_: augmentation.add_noise(X_, 0.1, rng=seeded())),
         Bad("rng None", lambda: augmentation.add_noise(IMG, 0.1, rng=None), TypeError, r"^rng must be"),
         Bad("std negative", lambda: augmentation.add_noise(IMG, -1.0, rng=seeded()), ValueError, r"^std must be"),
         Bad("std NaN", lambda: augmentation.add_noise(IMG, NAN, rng=seeded()), ValueError, r"^std must be"),
         Bad("std an array", lambda: augmentation.add_noise(IMG, np.ones(3), rng=seeded()),
             TypeError, r"^std must be a real number")],
    same=_image_same(lambda X_: augmentation.add_noise(X_, 0.1, rng=seeded())),
    legit=[("std 0", lambda: augmentation.add_noise(IMG, 0.0, rng=seeded()))],
)
add(
    "augmentation.augment",
    valid=lambda: augmentation.augment(IMG, rng=seeded(), noise_std=0.1),
    bad=[*_image_cases(lambda X_: augmentation.augment(X_, rng=seeded(), max_shift=1)),
         Bad("rng a seed", lambda: augmentation.augment(IMG, rng=0), TypeError, r"^rng must be"),
         Bad("flip 1", lambda: augmentation.augment(IMG, rng=seeded(), flip=1),
             TypeError, r"^flip must be True or False"),
         Bad("max_shift the height", lambda: augmentation.augment(IMG, rng=seeded(), max_shift=4),
             ValueError, r"^max_shift must be smaller"),
         Bad("noise_std negative", lambda: augmentation.augment(IMG, rng=seeded(), noise_std=-0.1),
             ValueError, r"^noise_std must be")],
    same=_image_same(lambda X_: augmentation.augment(X_, rng=seeded(), noise_std=0.1)),
    legit=[("nothing to do", lambda: augmentation.augment(IMG, rng=seeded(), flip=False, max_shift=0)),
           ("m = 0", lambda: augmentation.augment(IMG[:0], rng=seeded()))],
)


# --- pooling and flatten (images (m, n_H, n_W, n_C), examples first) ------------------------------

from dlspec import pooling  # noqa: E402

POOL_IN = seeded().standard_normal((2, 5, 4, 3))  # m = 2, non-square, 3 channels
POOL_IN_I = np.arange(2 * 5 * 4 * 3).reshape(2, 5, 4, 3) % 5 - 2  # int64, same shape
POOL_A, POOL_CACHE = pooling.pool_forward(POOL_IN, f=2, stride=1)  # (2, 4, 3, 3)
FLAT_A, FLAT_CACHE = layers.flatten_forward(POOL_IN)  # (60, 2)

for _name in ("pool_forward", "pool_forward_naive"):
    _f = getattr(pooling, _name)
    add(
        f"pooling.{_name}",
        valid=partial(_f, POOL_IN, f=2, stride=1, mode="average"),
        bad=[
            Bad("A_prev one image", partial(_f, POOL_IN[0]), ValueError,
                r"^A_prev must have shape \(m, n_H_prev, n_W_prev, n_C\) with examples first .*got \(5, 4, 3\)"),
            Bad("A_prev a (n_x, m) matrix", partial(_f, X), ValueError, r"^A_prev must have shape"),
            Bad("A_prev m = 0", partial(_f, POOL_IN[:0]), ValueError, r"^A_prev must hold at least one example"),
            Bad("A_prev NaN", partial(_f, poisoned(POOL_IN, NAN)),
                ValueError, r"^A_prev must contain only finite numbers, found NaN"),
            Bad("A_prev infinity", partial(_f, poisoned(POOL_IN, -INF)),
                ValueError, r"^A_prev must contain only finite numbers, found infinity"),
            Bad("A_prev strings", partial(_f, [[[["a"]]]]), TypeError, r"^A_prev must be a numeric"),
            Bad("f larger than the input", partial(_f, POOL_IN, f=5), ValueError,
                r"^f must be at most the height and width of A_prev of shape \(2, 5, 4, 3\)"),
            Bad("f 0", partial(_f, POOL_IN, f=0), ValueError, r"^f must be an integer >= 1"),
            Bad("f a float", partial(_f, POOL_IN, f=2.0), TypeError, r"^f must be an integer"),
            Bad("stride 0", partial(_f, POOL_IN, stride=0), ValueError, r"^stride must be an integer >= 1, got 0"),
            Bad("stride None", partial(_f, POOL_IN, stride=None), TypeError, r"^stride must be an integer"),
            Bad("mode unknown", partial(_f, POOL_IN, mode="avg"),
                ValueError, r"^mode must be 'max' or 'average', got 'avg'"),
            Bad("mode None", partial(_f, POOL_IN, mode=None), ValueError, r"^mode must be 'max' or 'average'"),
        ],
        same=[Same("int A_prev", partial(_f, POOL_IN_I, mode="average"),
                   partial(_f, POOL_IN_I.astype(np.float64), mode="average")),
              Same("nested list A_prev", partial(_f, POOL_IN.tolist()), partial(_f, POOL_IN))],
        legit=[("f the whole height", partial(_f, POOL_IN, f=4, stride=1)),
               ("stride larger than f", partial(_f, POOL_IN, f=1, stride=3)),
               ("one example, one channel", partial(_f, POOL_IN[:1, :, :, :1]))],
    )

for _name in ("pool_backward", "pool_backward_naive"):
    _f = getattr(pooling, _name)
    add(
        f"pooling.{_name}",
        valid=partial(_f, POOL_A, POOL_CACHE),
        bad=[
            Bad("cache of flatten_forward", partial(_f, POOL_A, FLAT_CACHE),
                TypeError, r"^cache was made by flatten_forward, but .* needs pool_forward"),
            Bad("cache None", partial(_f, POOL_A, None), TypeError, r"^cache must be the cache returned by pool_forward"),
            Bad("dA of the input's shape", partial(_f, POOL_IN, POOL_CACHE), ValueError,
                r"^dA must have shape \(2, 4, 3, 3\), the shape of pool_forward's output, got \(2, 5, 4, 3\)"),
            Bad("dA one example", partial(_f, POOL_A[0], POOL_CACHE), ValueError, r"^dA must have shape"),
            Bad("dA strings", partial(_f, [["a"]], POOL_CACHE), TypeError, r"^dA must be a numeric"),
        ],
        same=[Same("int dA", partial(_f, np.ones((2, 4, 3, 3), int), POOL_CACHE),
                   partial(_f, np.ones((2, 4, 3, 3)), POOL_CACHE))],
    )

add(
    "pooling.pool_block",
    valid=lambda: pooling.pool_block(3, 1, "average"),
    bad=[Bad("mode 'min'", lambda: pooling.pool_block(mode="min"), ValueError, r"^mode must be 'max' or 'average'"),
         Bad("stride 0", lambda: pooling.pool_block(stride=0), ValueError, r"^stride must be an integer >= 1"),
         Bad("f a float", lambda: pooling.pool_block(2.5), TypeError, r"^f must be an integer")],
)
add(
    "layers.flatten_forward",
    valid=lambda: layers.flatten_forward(POOL_IN),
    bad=[Bad("A rank-1", lambda: layers.flatten_forward(X[0]), ValueError,
             r"^A must have shape \(m, n_H, n_W, n_C\), or any \(m, \.\.\.\) with examples first, got \(5,\)"),
         Bad("A a number", lambda: layers.flatten_forward(1.0), ValueError, r"^A must have shape"),
         Bad("A m = 0", lambda: layers.flatten_forward(POOL_IN[:0]), ValueError, r"^A must hold at least one example"),
         Bad("A NaN", lambda: layers.flatten_forward(poisoned(POOL_IN, NAN)),
             ValueError, r"^A must contain only finite numbers, found NaN"),
         Bad("A infinity", lambda: layers.flatten_forward(poisoned(POOL_IN, INF)),
             ValueError, r"^A must contain only finite numbers, found infinity"),
         Bad("A strings", lambda: layers.flatten_forward([["a"]]), TypeError, r"^A must be a numeric")],
    same=[Same("int A", lambda: layers.flatten_forward(POOL_IN_I),
               lambda: layers.flatten_forward(POOL_IN_I.astype(np.float64))),
          Same("nested list A", lambda: layers.flatten_forward(POOL_IN.tolist()),
               lambda: layers.flatten_forward(POOL_IN))],
    legit=[("A (m, n)", lambda: layers.flatten_forward(X.T)),
           ("A sequences (m, n, n_C)", lambda: layers.flatten_forward(POOL_IN[:, :, :, 0])),
           ("one example", lambda: layers.flatten_forward(POOL_IN[:1]))],
)
add(
    "layers.flatten_backward",
    valid=lambda: layers.flatten_backward(FLAT_A, FLAT_CACHE),
    bad=[Bad("cache of pool_forward", lambda: layers.flatten_backward(FLAT_A, POOL_CACHE),
             TypeError, r"^cache was made by pool_forward, but .* needs flatten_forward"),
         Bad("cache of linear_forward", lambda: layers.flatten_backward(FLAT_A, LIN_CACHE),
             TypeError, r"^cache was made by linear_forward, but .* needs flatten_forward"),
         Bad("dZ examples first", lambda: layers.flatten_backward(FLAT_A.T, FLAT_CACHE), ValueError,
             r"^dZ must have shape \(60, 2\), the shape of flatten_forward's output, got \(2, 60\)"),
         Bad("dZ the images", lambda: layers.flatten_backward(POOL_IN, FLAT_CACHE),
             ValueError, r"^dZ must have shape \(60, 2\)"),
         Bad("dZ strings", lambda: layers.flatten_backward([["a"]], FLAT_CACHE), TypeError, r"^dZ must be a numeric")],
    same=[Same("int dZ", lambda: layers.flatten_backward(np.ones((60, 2), int), FLAT_CACHE),
               lambda: layers.flatten_backward(np.ones((60, 2)), FLAT_CACHE))],
)
add("layers.flatten_block", valid=lambda: layers.flatten_block())


# --- residual (ResNet blocks on images (m, n_H, n_W, n_C)) -----------------------------------------

from dlspec import residual  # noqa: E402

RES = {"Wa": _draw.standard_normal((3, 3, 3, 3)), "ba": _draw.standard_normal((1, 1, 1, 3)),
       "Wb": _draw.standard_normal((3, 3, 3, 3)), "bb": _draw.standard_normal((1, 1, 1, 3))}
RES_PROJ = {"Wa": _draw.standard_normal((3, 3, 3, 2)), "ba": _draw.standard_normal((1, 1, 1, 2)),
            "Wb": _draw.standard_normal((3, 3, 2, 2)), "bb": _draw.standard_normal((1, 1, 1, 2)),
            "Ws": _draw.standard_normal((1, 1, 3, 2)), "bs": _draw.standard_normal((1, 1, 1, 2))}
RES_I = {k: np.sign(v).astype(np.int64) for k, v in RES.items()}
RES_OUT, RES_CACHE = residual.residual_forward(IMG, RES)


def _residual(X_=IMG, params=RES, **kw):
    return residual.residual_forward(X_, params, **kw)


add(
    "residual.residual_forward",
    valid=lambda: _residual(IMG, RES_PROJ, stride=2),
    bad=[
        Bad("identity block with new channels", lambda: _residual(params=without(without(RES_PROJ, "Ws"), "bs")),
            ValueError, r"^an identity block .*n_C_prev = 3, n_C = 2 .*a projection is needed"),
        Bad("identity block with stride 2", lambda: _residual(stride=2),
            ValueError, r"^an identity block .*stride 2: a projection is needed"),
        Bad("A_prev channels first", lambda: _residual(IMG.transpose(0, 3, 1, 2)),
            ValueError, r"^A_prev must have shape \(m, n_H_prev, n_W_prev, 3\) to match Wa of shape "
                        r"\(3, 3, 3, 3\) \(channels first\? .*\), got \(2, 3, 4, 5\)"),
        Bad("A_prev one image", lambda: _residual(IMG[0]), ValueError, r"^A_prev must have shape"),
        Bad("A_prev an (n_x, m) matrix", lambda: _residual(X), ValueError, r"^A_prev must have shape"),
        Bad("A_prev m = 0", lambda: _residual(IMG[:0]), ValueError, r"^A_prev must hold at least one example"),
        Bad("A_prev NaN", lambda: _residual(poisoned(IMG, NAN)),
            ValueError, r"^A_prev must contain only finite numbers, found NaN"),
        Bad("A_prev strings", lambda: _residual([[[["a"]]]]), TypeError, r"^A_prev must be a numeric"),
        Bad("Ws without bs", lambda: _residual(params=without(RES_PROJ, "bs")),
            ValueError, r"^params is missing key\(s\) \['bs'\]"),
        Bad("key 'W' for 'Wa'", lambda: _residual(params={**without(RES, "Wa"), "W": RES["Wa"]}),
            ValueError, r"^params has unexpected key\(s\) \['W'\]"),
        Bad("params a list", lambda: _residual(params=list(RES.values())), TypeError, r"^params must be a dict"),
        Bad("Wa even f", lambda: _residual(params={**RES, "Wa": np.ones((2, 2, 3, 3))}),
            ValueError, r"^Wa must have shape \(f, f, n_C_prev, n_C\) with an odd f"),
        Bad("Wb of another f", lambda: _residual(params={**RES, "Wb": np.ones((1, 1, 3, 3))}),
            ValueError, r"^Wb must have shape \(3, 3, 3, 3\) to match Wa of shape \(3, 3, 3, 3\)"),
        Bad("bb rank-1", lambda: _residual(params={**RES, "bb": np.ones(3)}),
            ValueError, r"^bb must have shape \(1, 1, 1, 3\)"),
        Bad("Ws 3x3", lambda: _residual(params={**RES_PROJ, "Ws": np.ones((3, 3, 3, 2))}),
            ValueError, r"^Ws must have shape \(1, 1, 3, 2\)"),
        Bad("Wa strings", lambda: _residual(params={**RES, "Wa": "W"}), TypeError, r"^params\['Wa'\] must be a numeric"),
        Bad("stride 0", lambda: _residual(stride=0), ValueError, r"^stride must be an integer >= 1"),
        Bad("stride a float", lambda: _residual(stride=1.0), TypeError, r"^stride must be an integer"),
    ],
    same=[Same("int A_prev and parameters", lambda: _residual(IMG_I, RES_I), lambda: _residual(IMG_F, as_float(RES_I))),
          Same("nested list A_prev", lambda: _residual(IMG.tolist()), lambda: _residual(IMG))],
    legit=[("one example", lambda: _residual(IMG[:1])),
           ("a projection without new channels", lambda: _residual(IMG, {**RES, "Ws": np.ones((1, 1, 3, 3)),
                                                                       "bs": np.zeros((1, 1, 1, 3))}))],
)
add(
    "residual.residual_backward",
    valid=lambda: residual.residual_backward(np.ones(RES_OUT.shape), RES_CACHE),
    bad=[
        Bad("cache of linear_forward", lambda: residual.residual_backward(RES_OUT, LIN_CACHE),
            TypeError, r"^cache was made by linear_forward, but .* needs residual_forward"),
        Bad("cache None", lambda: residual.residual_backward(RES_OUT, None), TypeError, r"^cache must be"),
        Bad("dout of another shape", lambda: residual.residual_backward(RES_OUT[:, :2], RES_CACHE),
            ValueError, r"^dout must have shape \(2, 4, 5, 3\)"),
        Bad("dout strings", lambda: residual.residual_backward([["a"]], RES_CACHE), TypeError, r"^dout must be a numeric"),
        Bad("need_dA_prev None", lambda: residual.residual_backward(RES_OUT, RES_CACHE, need_dA_prev=None),
            TypeError, r"^need_dA_prev must be True or False"),
    ],
    same=[Same("int dout", lambda: residual.residual_backward(IMG_I, RES_CACHE),
               lambda: residual.residual_backward(IMG_F, RES_CACHE))],
)
add(
    "residual.residual_block",
    valid=lambda: residual.residual_block(3, 8, 2, stride=2),
    bad=[Bad("f even", lambda: residual.residual_block(3, 3, 1, f=4), ValueError, r"^f must be odd"),
         Bad("n_C 0", lambda: residual.residual_block(3, 0, 1), ValueError, r"^n_C must be an integer >= 1"),
         Bad("l a string", lambda: residual.residual_block(3, 3, "1"), TypeError, r"^l must be an integer"),
         Bad("stride a float", lambda: residual.residual_block(3, 3, 1, stride=2.0),
             TypeError, r"^stride must be an integer")],
)


# --- conv (convolutions on images (m, n_H, n_W, n_C) and sequences (m, n, n_C)) -------------------

from dlspec import conv  # noqa: E402

_conv_draw = np.random.default_rng(44)
CONV = {"W": _conv_draw.standard_normal((3, 3, 3, 2)), "b": _conv_draw.standard_normal((1, 1, 1, 2))}
CONV_I = {"W": np.arange(54).reshape(3, 3, 3, 2) % 3 - 1, "b": np.array([[[[1, -1]]]])}
DW = {"W": _conv_draw.standard_normal((3, 3, 3)), "b": _conv_draw.standard_normal((1, 1, 1, 3))}
DW_I = {"W": np.arange(27).reshape(3, 3, 3) % 3 - 1, "b": np.zeros((1, 1, 1, 3), int)}
SEQ, SEQ_I = IMG[:, 0], IMG_I[:, 0]  # (2, 5, 3): 2 sequences of length 5, 3 channels
C1 = {"W": _conv_draw.standard_normal((2, 3, 4)), "b": _conv_draw.standard_normal((1, 1, 4))}
C1_I = {"W": np.arange(24).reshape(2, 3, 4) % 3 - 1, "b": np.ones((1, 1, 4), int)}
CONV_Z, CONV_CACHE = conv.conv2d_forward(IMG, CONV, stride=2, padding=1)  # (2, 2, 3, 2)
_, CONV_NAIVE_CACHE = conv.conv2d_forward_naive(IMG, CONV, stride=2, padding=1)
DW_Z, DW_CACHE = conv.depthwise_conv2d_forward(IMG, DW, padding="same")  # (2, 4, 5, 3)
C1_Z, C1_CACHE = conv.conv1d_forward(SEQ, C1)  # (2, 4, 4)


def _conv_cases(f, params, W_shape, b_shape):
    """Bad input shared by the image convolutions ``f(A_prev, params, **settings)``."""
    W_, b_ = params["W"], params["b"]
    return [
        Bad("filter larger than the padded input",
            lambda: f(IMG, {"W": np.ones((5, 5, *W_.shape[2:])), "b": b_}),
            ValueError, r"^A_prev's n_H_prev \+ 2 \* pad = 4 \+ 2 \* 0 = 4 is smaller than the filter"),
        Bad("A_prev channels first", lambda: f(IMG.transpose(0, 3, 1, 2), params),
            ValueError, r"^A_prev must have shape \(m, n_H_prev, n_W_prev, 3\) \(channels last\) to match "
                        rf"W of shape {W_shape}, got \(2, 3, 4, 5\), which looks channels-first"),
        Bad("A_prev one image", lambda: f(IMG[0], params),
            ValueError, r"^A_prev must have shape .*one example as A_prev\[None\], got \(4, 5, 3\)"),
        Bad("A_prev an (n_x, m) matrix", lambda: f(X, params), ValueError, r"^A_prev must have shape"),
        Bad("A_prev m = 0", lambda: f(IMG[:0], params),
            ValueError, r"^A_prev must hold at least one example"),
        Bad("A_prev NaN", lambda: f(poisoned(IMG, NAN), params),
            ValueError, r"^A_prev must contain only finite numbers, found NaN"),
        Bad("A_prev infinity", lambda: f(poisoned(IMG, INF), params),
            ValueError, r"^A_prev must contain only finite numbers, found infinity"),
        Bad("A_prev strings", lambda: f([[[["a"]]]], params), TypeError, r"^A_prev must be a numeric"),
        Bad("b rank-1", lambda: f(IMG, {"W": W_, "b": b_.ravel()}),
            ValueError, rf"^b must have shape {b_shape} to match W of shape {W_shape}, got"),
        Bad("b (n_C, 1) as in a dense layer", lambda: f(IMG, {"W": W_, "b": b_.reshape(-1, 1)}),
            ValueError, r"^b must have shape"),
        Bad("W not square", lambda: f(IMG, {"W": W_[:2], "b": b_}), ValueError, r"^W must hold square f x f"),
        Bad("W missing an axis", lambda: f(IMG, {"W": W_[..., 0], "b": b_}),
            ValueError, r"^W must have shape"),
        Bad("W strings", lambda: f(IMG, {"W": "W", "b": b_}), TypeError, r"^params\['W'\] must be a numeric"),
        Bad("key 'B' for 'b'", lambda: f(IMG, {"W": W_, "B": b_}),
            ValueError, r"^params is missing key\(s\) \['b'\]"),
        Bad("an extra key", lambda: f(IMG, {**params, "W2": W_}),
            ValueError, r"^params has unexpected key\(s\) \['W2'\]"),
        Bad("params a list", lambda: f(IMG, [W_, b_]), TypeError, r"^params must be a dict"),
        Bad("stride 0", lambda: f(IMG, params, stride=0),
            ValueError, r"^stride must be an integer >= 1, got 0"),
        Bad("stride a float", lambda: f(IMG, params, stride=2.0), TypeError, r"^stride must be an integer"),
        Bad("padding 'full'", lambda: f(IMG, params, padding="full"),
            ValueError, r"^padding must be an integer >= 0, 'valid' or 'same', got 'full'"),
        Bad("padding -1", lambda: f(IMG, params, padding=-1),
            ValueError, r"^padding must be an integer >= 0"),
        Bad("padding 'same' with stride 2", lambda: f(IMG, params, stride=2, padding="same"),
            ValueError, r"^padding='same' keeps the size only with stride 1"),
        Bad("padding a float", lambda: f(IMG, params, padding=1.0),
            TypeError, r"^padding must be an integer"),
    ]


add(
    "conv.zero_pad",
    valid=lambda: conv.zero_pad(IMG, 2),
    bad=[Bad("X an (n_x, m) matrix", lambda: conv.zero_pad(X, 1),
             ValueError, r"^X must have shape \(m, n_H, n_W, n_C\)"),
         Bad("X strings", lambda: conv.zero_pad([[[["a"]]]], 1), TypeError, r"^X must be a numeric"),
         Bad("pad -1", lambda: conv.zero_pad(IMG, -1), ValueError, r"^pad must be an integer >= 0"),
         Bad("pad 'same'", lambda: conv.zero_pad(IMG, "same"), TypeError, r"^pad must be an integer")],
    same=[Same("int X", lambda: conv.zero_pad(IMG_I, 1), lambda: conv.zero_pad(IMG_F, 1))],
    legit=[("pad 0", lambda: conv.zero_pad(IMG, 0))],
)
add(
    "conv.conv_output_size",
    valid=lambda: conv.conv_output_size(5, 3, 1, 2),
    bad=[Bad("filter larger than the padded input", lambda: conv.conv_output_size(2, 5, 1, 1),
             ValueError, r"^n \+ 2 \* pad = 2 \+ 2 \* 1 = 4 is smaller than the filter size f = 5"),
         Bad("n 0", lambda: conv.conv_output_size(0, 3, 1, 1), ValueError, r"^n must be an integer >= 1"),
         Bad("f a float", lambda: conv.conv_output_size(5, 3.0, 1, 1), TypeError, r"^f must be an integer"),
         Bad("pad -1", lambda: conv.conv_output_size(5, 3, -1, 1),
             ValueError, r"^pad must be an integer >= 0"),
         Bad("stride 0", lambda: conv.conv_output_size(5, 3, 0, 0),
             ValueError, r"^stride must be an integer >= 1")],
    same=[Same("NumPy integers", lambda: conv.conv_output_size(np.int64(7), 3, 0, 2),
               lambda: conv.conv_output_size(7, 3, 0, 2))],
)
add(
    "conv.resolve_padding",
    valid=lambda: conv.resolve_padding("same", 5, 1),
    bad=[Bad("'same' with stride 2", lambda: conv.resolve_padding("same", 3, 2),
             ValueError, r"^padding='same' keeps the size only with stride 1, got stride = 2"),
         Bad("'same' with an even f", lambda: conv.resolve_padding("same", 2, 1),
             ValueError, r"^padding='same' needs an odd filter size f"),
         Bad("'SAME'", lambda: conv.resolve_padding("SAME", 3, 1),
             ValueError, r"^padding must be an integer >= 0"),
         Bad("padding -2", lambda: conv.resolve_padding(-2, 3, 1),
             ValueError, r"^padding must be an integer >= 0"),
         Bad("padding None", lambda: conv.resolve_padding(None, 3, 1),
             TypeError, r"^padding must be an integer"),
         Bad("f 0", lambda: conv.resolve_padding(0, 0, 1), ValueError, r"^f must be an integer >= 1")],
)
add(
    "conv.conv_single_step",
    valid=lambda: conv.conv_single_step(IMG[0, :3, :3], CONV["W"][..., 0], 0.5),
    bad=[Bad("W of another size", lambda: conv.conv_single_step(IMG[0, :3, :3], CONV["W"][:2, :2, :, 0], 0.5),
             ValueError, r"^W must have shape \(3, 3, 3\) to match a_slice_prev, got \(2, 2, 3\)"),
         Bad("a_slice_prev 2-D", lambda: conv.conv_single_step(IMG[0, :3, :3, 0], CONV["W"][..., 0, 0], 0.5),
             ValueError, r"^a_slice_prev must have shape \(f, f, n_C_prev\)"),
         Bad("b of every filter", lambda: conv.conv_single_step(IMG[0, :3, :3], CONV["W"][..., 0], CONV["b"]),
             ValueError, r"^b must be one number"),
         Bad("a_slice_prev strings", lambda: conv.conv_single_step("abc", CONV["W"][..., 0], 0.5),
             TypeError, r"^a_slice_prev must be a numeric")],
    same=[Same("int arrays", lambda: conv.conv_single_step(IMG_I[0, :3, :3], CONV_I["W"][..., 0], 1),
               lambda: conv.conv_single_step(IMG_F[0, :3, :3], as_float(CONV_I)["W"][..., 0], 1.0))],
    legit=[("b of shape (1, 1, 1)",
            lambda: conv.conv_single_step(IMG[0, :3, :3], CONV["W"][..., 0], np.ones((1, 1, 1))))],
)
for _name in ("conv2d_forward", "conv2d_forward_naive"):
    _f = getattr(conv, _name)
    add(
        f"conv.{_name}",
        valid=partial(_f, IMG, CONV, stride=2, padding=1),
        bad=_conv_cases(_f, CONV, r"\(3, 3, 3, 2\)", r"\(1, 1, 1, 2\)"),
        same=[Same("int A_prev and params", partial(_f, IMG_I, CONV_I, padding="same"),
                   partial(_f, IMG_F, as_float(CONV_I), padding="same")),
              Same("nested lists", partial(_f, IMG.tolist(), {k: v.tolist() for k, v in CONV.items()}),
                   partial(_f, IMG, CONV))],
        legit=[("one example", partial(_f, IMG[:1], CONV)),
               ("a filter as large as the padded input",
                partial(_f, IMG, {"W": np.ones((6, 6, 3, 2)), "b": CONV["b"]}, padding=1)),
               ("stride larger than f", partial(_f, IMG, CONV, stride=4, padding=2))],
    )
for _name, _cache, _other in (("conv2d_backward", CONV_CACHE, CONV_NAIVE_CACHE),
                              ("conv2d_backward_naive", CONV_NAIVE_CACHE, CONV_CACHE)):
    _f = getattr(conv, _name)
    add(
        f"conv.{_name}",
        valid=partial(_f, CONV_Z, _cache),
        bad=[Bad("cache of the other version", partial(_f, CONV_Z, _other),
                 TypeError, r"^cache was made by conv2d_forward(_naive)?, but .* needs conv2d_forward"),
             Bad("cache of linear_forward", partial(_f, CONV_Z, LIN_CACHE),
                 TypeError, r"^cache was made by linear_forward, but .* needs conv2d_forward"),
             Bad("cache None", partial(_f, CONV_Z, None), TypeError, r"^cache must be"),
             Bad("dZ transposed", partial(_f, CONV_Z.transpose(0, 2, 1, 3), _cache),
                 ValueError, r"^dZ must have shape \(2, 2, 3, 2\)"),
             Bad("dZ flattened", partial(_f, CONV_Z.reshape(2, -1), _cache),
                 ValueError, r"^dZ must have shape"),
             Bad("dZ strings", partial(_f, [["a"]], _cache), TypeError, r"^dZ must be a numeric"),
             *([Bad("need_dA_prev None", partial(_f, CONV_Z, _cache, need_dA_prev=None),
                    TypeError, r"^need_dA_prev must be True or False")] if "naive" not in _name else [])],
        same=[Same("int dZ", partial(_f, np.sign(CONV_Z).astype(int), _cache),
                   partial(_f, np.sign(CONV_Z), _cache))],
    )


def _block_cases(make, *sizes, **settings):
    """Bad sizes and settings for a block factory ``make(*sizes, l, **settings)``."""
    return [
        Bad("a size 0", lambda: make(0, *sizes[1:], 1, **settings),
            ValueError, r"must be an integer >= 1, got 0"),
        Bad("a size a float", lambda: make(*sizes[:-1], 2.0, 1, **settings),
            TypeError, r"must be an integer"),
        Bad("l 0", lambda: make(*sizes, 0, **settings), ValueError, r"^l must be an integer >= 1"),
        Bad("l a string", lambda: make(*sizes, "1", **settings), TypeError, r"^l must be an integer"),
    ]


add(
    "conv.conv_block",
    valid=lambda: conv.conv_block(3, 3, 2, 1, padding="same"),
    bad=[*_block_cases(conv.conv_block, 3, 3, 2),
         Bad("stride 0", lambda: conv.conv_block(3, 3, 2, 1, stride=0),
             ValueError, r"^stride must be an integer >= 1"),
         Bad("padding 'same' with an even f", lambda: conv.conv_block(2, 3, 2, 1, padding="same"),
             ValueError, r"^padding='same' needs an odd filter size f"),
         Bad("padding -1", lambda: conv.conv_block(3, 3, 2, 1, padding=-1), ValueError, r"^padding must be")],
)
add(
    "conv.depthwise_conv2d_forward",
    valid=lambda: conv.depthwise_conv2d_forward(IMG, DW, stride=2, padding=1),
    bad=[c for c in _conv_cases(conv.depthwise_conv2d_forward, DW, r"\(3, 3, 3\)", r"\(1, 1, 1, 3\)")
         if c.label != "W not square"]
    + [Bad("W not square", lambda: conv.depthwise_conv2d_forward(IMG, {"W": DW["W"][:2], "b": DW["b"]}),
           ValueError, r"^W must hold square f x f filters, shape \(f, f, n_C\)"),
       Bad("W of a full convolution", lambda: conv.depthwise_conv2d_forward(IMG, CONV),
           ValueError, r"^W must have shape \(f, f, n_C\)")],
    same=[Same("int A_prev and params", lambda: conv.depthwise_conv2d_forward(IMG_I, DW_I),
               lambda: conv.depthwise_conv2d_forward(IMG_F, as_float(DW_I)))],
    legit=[("one example", lambda: conv.depthwise_conv2d_forward(IMG[:1], DW))],
)
add(
    "conv.depthwise_conv2d_backward",
    valid=lambda: conv.depthwise_conv2d_backward(DW_Z, DW_CACHE),
    bad=[Bad("cache of conv2d_forward", lambda: conv.depthwise_conv2d_backward(DW_Z, CONV_CACHE),
             TypeError, r"^cache was made by conv2d_forward, but .* needs depthwise_conv2d_forward"),
         Bad("dZ of another shape", lambda: conv.depthwise_conv2d_backward(DW_Z[:, :2], DW_CACHE),
             ValueError, r"^dZ must have shape \(2, 4, 5, 3\)"),
         Bad("dZ strings", lambda: conv.depthwise_conv2d_backward("a", DW_CACHE),
             TypeError, r"^dZ must be a numeric")],
    same=[Same("int dZ", lambda: conv.depthwise_conv2d_backward(IMG_I, DW_CACHE),
               lambda: conv.depthwise_conv2d_backward(IMG_F, DW_CACHE))],
)
add(
    "conv.depthwise_block",
    valid=lambda: conv.depthwise_block(3, 8, 2, stride=2, padding=1),
    bad=[*_block_cases(conv.depthwise_block, 3, 8),
         Bad("padding 'same' with stride 2", lambda: conv.depthwise_block(3, 8, 2, stride=2, padding="same"),
             ValueError, r"^padding='same' keeps the size only with stride 1")],
)
add(
    "conv.pointwise_block",
    valid=lambda: conv.pointwise_block(8, 16, 3),
    bad=_block_cases(conv.pointwise_block, 8, 16),
)
for _name in ("conv2d_multiplies", "depthwise_separable_multiplies"):
    _f = getattr(conv, _name)
    add(
        f"conv.{_name}",
        valid=partial(_f, 4, 4, 3, 3, 5),
        bad=[Bad("n_H 0", partial(_f, 0, 4, 3, 3, 5), ValueError, r"^n_H must be an integer >= 1"),
             Bad("f a float", partial(_f, 4, 4, 3.0, 3, 5), TypeError, r"^f must be an integer"),
             Bad("n_C None", partial(_f, 4, 4, 3, 3, None), TypeError, r"^n_C must be an integer")],
        same=[Same("NumPy integers", partial(_f, *np.array([4, 4, 3, 3, 5])), partial(_f, 4, 4, 3, 3, 5))],
    )
add(
    "conv.conv1d_forward",
    valid=lambda: conv.conv1d_forward(SEQ, C1, stride=2, padding="valid"),
    bad=[Bad("filter longer than the padded input",
             lambda: conv.conv1d_forward(SEQ, {"W": np.ones((8, 3, 4)), "b": C1["b"]}, padding=1),
             ValueError, r"^A_prev's n_prev \+ 2 \* pad = 5 \+ 2 \* 1 = 7 is smaller than the filter size"),
         Bad("A_prev channels first", lambda: conv.conv1d_forward(SEQ.transpose(0, 2, 1), C1),
             ValueError, r"^A_prev must have shape \(m, n_prev, 3\) \(channels last\) to match W of shape "
                         r"\(2, 3, 4\), got \(2, 3, 5\), which looks channels-first: use "
                         r"A_prev\.transpose\(0, 2, 1\)"),
         Bad("A_prev images", lambda: conv.conv1d_forward(IMG, C1),
             ValueError, r"^A_prev must have shape \(m, n_prev, 3\)"),
         Bad("A_prev NaN", lambda: conv.conv1d_forward(poisoned(SEQ, NAN), C1),
             ValueError, r"^A_prev must contain only finite numbers, found NaN"),
         Bad("A_prev m = 0", lambda: conv.conv1d_forward(SEQ[:0], C1),
             ValueError, r"^A_prev must hold at least one"),
         Bad("W of a 2-D convolution", lambda: conv.conv1d_forward(SEQ, CONV),
             ValueError, r"^W must have shape \(f, n_C_prev, n_C\)"),
         Bad("b of a 2-D convolution", lambda: conv.conv1d_forward(SEQ, {"W": C1["W"], "b": C1["b"][None]}),
             ValueError, r"^b must have shape \(1, 1, 4\) to match W of shape \(2, 3, 4\)"),
         Bad("an extra key", lambda: conv.conv1d_forward(SEQ, {**C1, "W2": C1["W"]}),
             ValueError, r"^params has unexpected key\(s\) \['W2'\]"),
         Bad("stride 0", lambda: conv.conv1d_forward(SEQ, C1, stride=0),
             ValueError, r"^stride must be an integer >= 1"),
         Bad("padding 'same' with an even f", lambda: conv.conv1d_forward(SEQ, C1, padding="same"),
             ValueError, r"^padding='same' needs an odd filter size f")],
    same=[Same("int A_prev and params", lambda: conv.conv1d_forward(SEQ_I, C1_I, padding=1),
               lambda: conv.conv1d_forward(SEQ_I.astype(float), as_float(C1_I), padding=1))],
    legit=[("one sequence", lambda: conv.conv1d_forward(SEQ[:1], C1))],
)
add(
    "conv.conv1d_backward",
    valid=lambda: conv.conv1d_backward(C1_Z, C1_CACHE),
    bad=[Bad("cache of conv2d_forward", lambda: conv.conv1d_backward(C1_Z, CONV_CACHE),
             TypeError, r"^cache was made by conv2d_forward, but .* needs conv1d_forward"),
         Bad("dZ of another length", lambda: conv.conv1d_backward(C1_Z[:, :2], C1_CACHE),
             ValueError, r"^dZ must have shape \(2, 4, 4\)"),
         Bad("dZ strings", lambda: conv.conv1d_backward("a", C1_CACHE), TypeError, r"^dZ must be a numeric"),
         Bad("need_dA_prev 0", lambda: conv.conv1d_backward(C1_Z, C1_CACHE, need_dA_prev=0),
             TypeError, r"^need_dA_prev must be True or False")],
    same=[Same("int dZ", lambda: conv.conv1d_backward(np.sign(C1_Z).astype(int), C1_CACHE),
               lambda: conv.conv1d_backward(np.sign(C1_Z), C1_CACHE))],
)
add(
    "conv.conv1d_block",
    valid=lambda: conv.conv1d_block(3, 3, 4, 1, padding="same"),
    bad=[*_block_cases(conv.conv1d_block, 3, 3, 4),
         Bad("stride a float", lambda: conv.conv1d_block(3, 3, 4, 1, stride=1.5),
             TypeError, r"^stride must be an integer")],
)


# --- siamese (embeddings as columns (n_e, m)) ----------------------------------------------------

from dlspec import siamese  # noqa: E402

EMB_A, EMB_P, EMB_N = (_draw.standard_normal((3, 5)) for _ in range(3))  # n_e = 3, m = 5
EMB_I = XI  # int64 (3, 5)
EMB_LABELS = np.array([0, 1, 0, 1, 2])
TRIPLET_J, TRIPLET_CACHE = siamese.triplet_loss_forward(EMB_A, EMB_P, EMB_N, margin=0.5)


def _pair_cases(call, first="E_1", second="E_2"):
    """Bad pairs of embedding batches for ``call(E_1, E_2)``."""
    return [
        Bad(f"{second} of another m", lambda: call(EMB_A, EMB_P[:, :4]), ValueError,
            rf"^{first} and {second} must have the same shape"),
        Bad(f"{second} of another n_e", lambda: call(EMB_A, EMB_P[:2]), ValueError,
            rf"^{second} must have shape \(3, m\) to match {first} of shape \(3, 5\)"),
        Bad(f"{first} rank 1", lambda: call(EMB_A[:, 0], EMB_P[:, 0]), ValueError,
            rf"^{first} must have shape \(n, m\) \(one embedding per column\), got \(3,\)"),
        Bad(f"{first} m = 0", lambda: call(EMB_A[:, :0], EMB_P[:, :0]), ValueError,
            rf"^{first} must hold at least one example"),
        Bad(f"{second} NaN", lambda: call(EMB_A, poisoned(EMB_P, NAN)), ValueError,
            rf"^{second} must contain only finite numbers, found NaN"),
        Bad(f"{first} strings", lambda: call([["a"]], EMB_P), TypeError, rf"^{first} must be a numeric"),
    ]


add(
    "siamese.squared_distance",
    valid=lambda: siamese.squared_distance(EMB_A, EMB_P),
    bad=_pair_cases(siamese.squared_distance),
    same=[Same("int and list E", lambda: siamese.squared_distance(EMB_I, EMB_I.tolist()[::-1]),
               lambda: siamese.squared_distance(EMB_I.astype(float), EMB_I[::-1].astype(float)))],
    legit=[("m = 1, n_e = 1", lambda: siamese.squared_distance(np.ones((1, 1)), np.zeros((1, 1))))],
)
add(
    "siamese.pairwise_squared_distances",
    valid=lambda: siamese.pairwise_squared_distances(EMB_A, EMB_P[:, :2]),
    bad=[c for c in _pair_cases(siamese.pairwise_squared_distances) if "another m" not in c.label],
    same=[Same("int E", lambda: siamese.pairwise_squared_distances(EMB_I, EMB_I),
               lambda: siamese.pairwise_squared_distances(EMB_I.astype(float), EMB_I.astype(float)))],
    legit=[("batches of different sizes", lambda: siamese.pairwise_squared_distances(EMB_A, EMB_P[:, :1]))],
)
add(
    "siamese.triplet_loss_forward",
    valid=lambda: siamese.triplet_loss_forward(EMB_A, EMB_P, EMB_N, margin=0.2),
    bad=[*_pair_cases(lambda a, p: siamese.triplet_loss_forward(a, p, p, margin=0.2), "anchor", "positive"),
         Bad("negative of another m", lambda: siamese.triplet_loss_forward(EMB_A, EMB_P, EMB_N[:, :4], margin=0.2),
             ValueError, r"^anchor and negative must have the same shape"),
         Bad("margin negative", lambda: siamese.triplet_loss_forward(EMB_A, EMB_P, EMB_N, margin=-1.0),
             ValueError, r"^margin must be a finite number in \[0.0, inf\]"),
         Bad("margin NaN", lambda: siamese.triplet_loss_forward(EMB_A, EMB_P, EMB_N, margin=NAN),
             ValueError, r"^margin must be a finite number"),
         Bad("margin an array", lambda: siamese.triplet_loss_forward(EMB_A, EMB_P, EMB_N, margin=np.ones(2)),
             TypeError, r"^margin must be a real number"),
         Bad("margin missing", lambda: siamese.triplet_loss_forward(EMB_A, EMB_P, EMB_N),
             TypeError, r"'margin'")],
    same=[Same("int embeddings", lambda: siamese.triplet_loss_forward(EMB_I, EMB_I[::-1], EMB_I[:, ::-1], margin=1),
               lambda: siamese.triplet_loss_forward(EMB_I.astype(float), EMB_I[::-1].astype(float),
                                                    EMB_I[:, ::-1].astype(float), margin=1.0))],
    legit=[("margin 0", lambda: siamese.triplet_loss_forward(EMB_A, EMB_P, EMB_N, margin=0))],
)
add(
    "siamese.triplet_loss_backward",
    valid=lambda: siamese.triplet_loss_backward(TRIPLET_CACHE),
    bad=[Bad("cache of linear_forward", lambda: siamese.triplet_loss_backward(LIN_CACHE),
             TypeError, r"^cache was made by linear_forward, but .* needs triplet_loss_forward"),
         Bad("cache None", lambda: siamese.triplet_loss_backward(None), TypeError, r"^cache must be")],
)
add(
    "siamese.verify",
    valid=lambda: siamese.verify(EMB_A, EMB_P, 2.0),
    bad=[*_pair_cases(lambda a, b: siamese.verify(a, b, 1.0)),
         Bad("threshold negative", lambda: siamese.verify(EMB_A, EMB_P, -0.5), ValueError,
             r"^threshold must be a finite number in \[0.0, inf\]"),
         Bad("threshold a string", lambda: siamese.verify(EMB_A, EMB_P, "0.7"), TypeError,
             r"^threshold must be a real number")],
    same=[Same("int E and threshold", lambda: siamese.verify(EMB_I, EMB_I[::-1], 10),
               lambda: siamese.verify(EMB_I.astype(float), EMB_I[::-1].astype(float), 10.0))],
    legit=[("threshold 0", lambda: siamese.verify(EMB_A, EMB_A, 0.0))],
)
add(
    "siamese.nearest_identity",
    valid=lambda: siamese.nearest_identity(EMB_A[:, :2], EMB_P, EMB_LABELS, threshold=3.0),
    bad=[Bad("gallery of another n_e", lambda: siamese.nearest_identity(EMB_A, EMB_P[:2], EMB_LABELS),
             ValueError, r"^gallery must have shape \(3, m\) to match query of shape \(3, 5\)"),
         Bad("query rank 1", lambda: siamese.nearest_identity(EMB_A[:, 0], EMB_P, EMB_LABELS),
             ValueError, r"^query must have shape \(n, m\)"),
         Bad("gallery NaN", lambda: siamese.nearest_identity(EMB_A, poisoned(EMB_P, NAN), EMB_LABELS),
             ValueError, r"^gallery must contain only finite"),
         Bad("gallery_labels too short", lambda: siamese.nearest_identity(EMB_A, EMB_P, EMB_LABELS[:4]),
             ValueError, r"^gallery_labels must have shape \(5,\) or \(1, 5\)"),
         Bad("gallery_labels a column", lambda: siamese.nearest_identity(EMB_A, EMB_P, EMB_LABELS[:, None]),
             ValueError, r"^gallery_labels must have shape \(5,\) or \(1, 5\)"),
         Bad("gallery_labels fractions", lambda: siamese.nearest_identity(EMB_A, EMB_P, EMB_LABELS + 0.5),
             ValueError, r"^gallery_labels must contain whole numbers"),
         Bad("gallery_labels negative", lambda: siamese.nearest_identity(EMB_A, EMB_P, EMB_LABELS - 1),
             ValueError, r"^gallery_labels must be identities >= 0"),
         Bad("gallery_labels strings", lambda: siamese.nearest_identity(EMB_A, EMB_P, list("abcde")),
             TypeError, r"^gallery_labels must be a numeric"),
         Bad("threshold NaN", lambda: siamese.nearest_identity(EMB_A, EMB_P, EMB_LABELS, threshold=NAN),
             ValueError, r"^threshold must be a finite number")],
    same=[Same("int embeddings, list labels", lambda: siamese.nearest_identity(EMB_I, EMB_I[::-1], [0, 1, 2, 3, 4]),
               lambda: siamese.nearest_identity(EMB_I.astype(float), EMB_I[::-1].astype(float), np.arange(5)))],
    legit=[("one gallery column", lambda: siamese.nearest_identity(EMB_A, EMB_P[:, :1], [7])),
           ("labels as a row", lambda: siamese.nearest_identity(EMB_A, EMB_P, EMB_LABELS[None]))],
)
add(
    "siamese.select_triplets",
    valid=lambda: siamese.select_triplets(EMB_A, EMB_LABELS, margin=0.2, rng=seeded()),
    bad=[Bad("rng a seed", lambda: siamese.select_triplets(EMB_A, EMB_LABELS, margin=0.2, rng=0),
             TypeError, r"^rng must be a numpy.random.Generator"),
         Bad("margin negative", lambda: siamese.select_triplets(EMB_A, EMB_LABELS, margin=-0.2, rng=seeded()),
             ValueError, r"^margin must be a finite number"),
         Bad("fallback unknown", lambda: siamese.select_triplets(EMB_A, EMB_LABELS, margin=0.2, rng=seeded(),
                                                                 fallback="easy"),
             ValueError, r"^fallback must be 'hardest' or 'random'"),
         Bad("labels too short", lambda: siamese.select_triplets(EMB_A, EMB_LABELS[:3], margin=0.2, rng=seeded()),
             ValueError, r"^labels must have shape \(5,\) or \(1, 5\)"),
         Bad("embeddings rank 1", lambda: siamese.select_triplets(EMB_A[0], EMB_LABELS, margin=0.2, rng=seeded()),
             ValueError, r"^embeddings must have shape \(n, m\)"),
         Bad("embeddings infinity", lambda: siamese.select_triplets(poisoned(EMB_A, INF), EMB_LABELS, margin=0.2,
                                                                    rng=seeded()),
             ValueError, r"^embeddings must contain only finite"),
         Bad("no triplet", lambda: siamese.select_triplets(EMB_A, np.arange(5), margin=0.2, rng=seeded()),
             ValueError, r"^labels hold no triplet")],
    same=[Same("int embeddings, list labels",
               lambda: siamese.select_triplets(EMB_I, EMB_LABELS.tolist(), margin=1, rng=seeded()),
               lambda: siamese.select_triplets(EMB_I.astype(float), EMB_LABELS, margin=1.0, rng=seeded()))],
    legit=[("labels as a row", lambda: siamese.select_triplets(EMB_A, EMB_LABELS[None], margin=0.2, rng=seeded())),
           ("margin 0", lambda: siamese.select_triplets(EMB_A, EMB_LABELS, margin=0, rng=seeded()))],
)


# --- feature_net and style_transfer (one image (1, n_H, n_W, n_C)) -------------------------------

from dlspec import feature_net, style_transfer  # noqa: E402

FEAT = feature_net.initialize_feature_net([3, 2, 4], rng=np.random.default_rng(45))
PIC, PIC_I = IMG[:1], IMG_I[:1]  # one image 4 x 5, 3 channels; float64 and int64
FEAT_ACTS, FEAT_CACHE = feature_net.feature_net_forward(PIC, FEAT)  # {1: (1, 4, 5, 2), 2: (1, 2, 2, 4)}
ACT, ACT_I = IMG[1:], IMG_I[1:]  # an activation (1, 4, 5, 3)


def _one_image_cases(call, name):
    """Bad activations (or images) for ``call(a)``, the argument being ``name``."""
    return [
        Bad(f"{name} two images", lambda: call(IMG), ValueError, rf"^{name} must have shape \(1, n_H, n_W, "),
        Bad(f"{name} without its example axis", lambda: call(IMG[0]), ValueError, rf"^{name} must have shape"),
        Bad(f"{name} NaN", lambda: call(poisoned(ACT, NAN)), ValueError, rf"^{name} must contain only finite"),
        Bad(f"{name} strings", lambda: call([[[["a"]]]]), TypeError, rf"^{name} must be a numeric"),
    ]


add(
    "feature_net.initialize_feature_net",
    valid=lambda: feature_net.initialize_feature_net([1, 3, 3], rng=seeded(), f=5),
    bad=[Bad("channels one size", lambda: feature_net.initialize_feature_net([3], rng=seeded()),
             ValueError, r"^channels must list at least two sizes"),
         Bad("channels an int", lambda: feature_net.initialize_feature_net(3, rng=seeded()),
             TypeError, r"^channels must be a list of integers"),
         Bad("channels with 0", lambda: feature_net.initialize_feature_net([3, 0], rng=seeded()),
             ValueError, r"^channels\[1\] must be an integer >= 1"),
         Bad("f even", lambda: feature_net.initialize_feature_net([3, 2], rng=seeded(), f=2),
             ValueError, r"^f must be odd"),
         Bad("rng None", lambda: feature_net.initialize_feature_net([3, 2], rng=None),
             TypeError, r"^rng must be a numpy.random.Generator"),
         Bad("dtype int", lambda: feature_net.initialize_feature_net([3, 2], rng=seeded(), dtype=int),
             TypeError, r"^dtype must be float32 or float64")],
    same=[Same("NumPy integers", lambda: feature_net.initialize_feature_net(np.array([3, 2]).tolist(), rng=seeded()),
               lambda: feature_net.initialize_feature_net((3, 2), rng=seeded()))],
)
add(
    "feature_net.feature_net_forward",
    valid=lambda: feature_net.feature_net_forward(PIC, FEAT, pool="max"),
    bad=[*_one_image_cases(lambda a: feature_net.feature_net_forward(a, FEAT), "image"),
         Bad("image grey", lambda: feature_net.feature_net_forward(PIC[..., :1], FEAT),
             ValueError, r"^image must have shape \(1, n_H, n_W, 3\) \(one image, channels last\) to match W1"),
         Bad("image too small to pool", lambda: feature_net.feature_net_forward(PIC[:, :1], FEAT),
             ValueError, r"^image of 1 x 5 pixels is too small"),
         Bad("pool 'min'", lambda: feature_net.feature_net_forward(PIC, FEAT, pool="min"),
             ValueError, r"^pool must be 'average', 'max' or None"),
         Bad("params missing b2", lambda: feature_net.feature_net_forward(PIC, {k: FEAT[k] for k in ("W1", "b1", "W2")}),
             ValueError, r"^params must hold W1, b1, \.\.\., WL, bL and nothing else"),
         Bad("params a list", lambda: feature_net.feature_net_forward(PIC, [FEAT["W1"]]),
             TypeError, r"^params must be a dict"),
         Bad("W2 not chained", lambda: feature_net.feature_net_forward(PIC, {**FEAT, "W2": FEAT["W2"][:, :, :1]}),
             ValueError, r"^W2 must have shape \(f, f, 2, n_C\) to follow W1"),
         Bad("W1 even filters", lambda: feature_net.feature_net_forward(PIC, {**FEAT, "W1": FEAT["W1"][:2, :2]}),
             ValueError, r"^W1 must hold square filters of an odd size f"),
         Bad("b1 NaN", lambda: feature_net.feature_net_forward(PIC, {**FEAT, "b1": poisoned(FEAT["b1"], NAN)}),
             ValueError, r"^b1 must contain only finite")],
    same=[Same("int image", lambda: feature_net.feature_net_forward(PIC_I, FEAT),
               lambda: feature_net.feature_net_forward(PIC_I.astype(float), FEAT))],
    legit=[("pool None on a 1-pixel-high image", lambda: feature_net.feature_net_forward(PIC[:, :1], FEAT, pool=None))],
)
add(
    "feature_net.feature_net_backward",
    valid=lambda: feature_net.feature_net_backward({1: FEAT_ACTS[1], 2: FEAT_ACTS[2]}, FEAT_CACHE),
    bad=[Bad("cache of conv2d_forward", lambda: feature_net.feature_net_backward({1: FEAT_ACTS[1]}, CONV_CACHE),
             TypeError, r"^cache was made by conv2d_forward, but .* needs feature_net_forward"),
         Bad("layer 0", lambda: feature_net.feature_net_backward({0: FEAT_ACTS[1]}, FEAT_CACHE),
             ValueError, r"^d_activations has layer 0, but the network has layers 1 to 2"),
         Bad("layer a string", lambda: feature_net.feature_net_backward({"1": FEAT_ACTS[1]}, FEAT_CACHE),
             TypeError, r"^d_activations' keys must be layer numbers"),
         Bad("gradient of another shape", lambda: feature_net.feature_net_backward({2: FEAT_ACTS[1]}, FEAT_CACHE),
             ValueError, r"^d_activations\[2\] must have shape \(1, 2, 2, 4\)"),
         Bad("d_activations a list", lambda: feature_net.feature_net_backward([FEAT_ACTS[1]], FEAT_CACHE),
             TypeError, r"^d_activations must be a dict")],
    same=[Same("int gradient", lambda: feature_net.feature_net_backward({1: np.ones((1, 4, 5, 2), int)}, FEAT_CACHE),
               lambda: feature_net.feature_net_backward({1: np.ones((1, 4, 5, 2))}, FEAT_CACHE))],
    legit=[("no gradient at all", lambda: feature_net.feature_net_backward({}, FEAT_CACHE))],
)
add(
    "style_transfer.unroll",
    valid=lambda: style_transfer.unroll(ACT),
    bad=_one_image_cases(style_transfer.unroll, "a"),
    same=[Same("int a", lambda: style_transfer.unroll(ACT_I), lambda: style_transfer.unroll(ACT_I.astype(float)))],
)
add(
    "style_transfer.gram_matrix",
    valid=lambda: style_transfer.gram_matrix(ACT),
    bad=[Bad("A two images", lambda: style_transfer.gram_matrix(IMG), ValueError, r"^A must have shape \(1, n_H"),
         Bad("A rank 3", lambda: style_transfer.gram_matrix(IMG[0]), ValueError,
             r"^A must have shape \(1, n_H, n_W, n_C\) or, unrolled, \(n_C, n_H \* n_W\)"),
         Bad("A empty", lambda: style_transfer.gram_matrix(np.ones((3, 0))), ValueError, r"^A must have shape"),
         Bad("A NaN", lambda: style_transfer.gram_matrix(poisoned(ACT, NAN)), ValueError, r"^A must contain only finite"),
         Bad("A strings", lambda: style_transfer.gram_matrix([["a"]]), TypeError, r"^A must be a numeric")],
    same=[Same("int A", lambda: style_transfer.gram_matrix(ACT_I), lambda: style_transfer.gram_matrix(ACT_I.astype(float))),
          Same("list unrolled A", lambda: style_transfer.gram_matrix(X.tolist()), lambda: style_transfer.gram_matrix(X))],
    legit=[("unrolled (n_C, n_H n_W)", lambda: style_transfer.gram_matrix(X))],
)
for _name, _target in (("content_cost", "a_C"), ("content_cost_backward", "a_C"),
                       ("layer_style_cost", "a_S"), ("layer_style_cost_backward", "a_S")):
    _f = getattr(style_transfer, _name)
    add(
        f"style_transfer.{_name}",
        valid=partial(_f, ACT, PIC),
        bad=[*_one_image_cases(lambda a, _f=_f: _f(ACT, a), "a_G"),
             Bad(f"{_target} of another size", partial(_f, ACT[:, :2], PIC), ValueError,
                 rf"^{_target} must have shape \(1, 4, 5, 3\) to match a_G of shape \(1, 4, 5, 3\)"),
             Bad(f"{_target} infinity", partial(_f, poisoned(ACT, INF), PIC), ValueError,
                 rf"^{_target} must contain only finite")],
        same=[Same("int activations", partial(_f, ACT_I, PIC_I), partial(_f, ACT_I.astype(float), PIC_I.astype(float)))],
        legit=[("a single pixel and channel", partial(_f, np.ones((1, 1, 1, 1)), np.zeros((1, 1, 1, 1))))],
    )
for _name in ("style_cost", "style_cost_backward"):
    _f = getattr(style_transfer, _name)
    add(
        f"style_transfer.{_name}",
        valid=partial(_f, [ACT, FEAT_ACTS[2]], [PIC, FEAT_ACTS[2] + 1], [0.5, 0.5]),
        bad=[Bad("weights longer", partial(_f, [ACT], [PIC], [0.5, 0.5]), ValueError,
                 r"^styles, generated and weights must be lists of one length >= 1"),
             Bad("no layer", partial(_f, [], [], []), ValueError, r"^styles, generated and weights must be lists"),
             Bad("styles an array", partial(_f, ACT, [PIC], [1.0]), TypeError, r"^styles must be a list"),
             Bad("weights a number", partial(_f, [ACT], [PIC], 1.0), TypeError, r"^weights must be a list"),
             Bad("weight negative", partial(_f, [ACT], [PIC], [-0.5]), ValueError, r"^weights\[0\] must be a finite"),
             Bad("pair of different shapes", partial(_f, [ACT, ACT], [PIC, FEAT_ACTS[2]], [1, 1]), ValueError,
                 r"^styles\[1\] must have shape \(1, 2, 2, 4\) to match generated\[1\]"),
             Bad("generated two images", partial(_f, [ACT], [IMG], [1.0]), ValueError,
                 r"^generated\[0\] must have shape \(1, n_H, n_W, n_C\)")],
        same=[Same("int activations and weights", partial(_f, [ACT_I], [PIC_I], [2]),
                   partial(_f, [ACT_I.astype(float)], [PIC_I.astype(float)], [2.0]))],
        legit=[("tuples", partial(_f, (ACT,), (PIC,), (1.0,)))],
    )
add(
    "style_transfer.total_cost",
    valid=lambda: style_transfer.total_cost(0.5, 0.25, alpha=1.0, beta=100.0),
    bad=[Bad("J_content negative", lambda: style_transfer.total_cost(-1.0, 0.25), ValueError,
             r"^J_content must be a finite number in \[0.0, inf\]"),
         Bad("J_style NaN", lambda: style_transfer.total_cost(1.0, NAN), ValueError, r"^J_style must be a finite"),
         Bad("alpha negative", lambda: style_transfer.total_cost(1.0, 1.0, -10), ValueError, r"^alpha must be a finite"),
         Bad("beta a string", lambda: style_transfer.total_cost(1.0, 1.0, 10, "40"), TypeError,
             r"^beta must be a real number"),
         Bad("J_style an array", lambda: style_transfer.total_cost(1.0, np.ones(2)), TypeError,
             r"^J_style must be a real number")],
    same=[Same("ints", lambda: style_transfer.total_cost(1, 2, 10, 40),
               lambda: style_transfer.total_cost(1.0, 2.0, 10.0, 40.0))],
)
_ST = dict(content=FEAT_ACTS, styles=FEAT_ACTS, content_layer=2, style_weights={1: 0.5, 2: 0.5})
add(
    "style_transfer.image_gradient",
    valid=lambda: style_transfer.image_gradient(PIC + 0.5, FEAT, **_ST),
    bad=[*_one_image_cases(lambda a: style_transfer.image_gradient(a, FEAT, **_ST), "image"),
         Bad("content_layer 3", lambda: style_transfer.image_gradient(PIC, FEAT, **{**_ST, "content_layer": 3}),
             ValueError, r"^content_layer must be a layer of the network, 1 to 2, got 3"),
         Bad("content_layer a string", lambda: style_transfer.image_gradient(PIC, FEAT, **{**_ST, "content_layer": "2"}),
             TypeError, r"^content_layer must be a layer number"),
         Bad("style_weights empty", lambda: style_transfer.image_gradient(PIC, FEAT, **{**_ST, "style_weights": {}}),
             ValueError, r"^style_weights must name at least one layer"),
         Bad("style_weights a list", lambda: style_transfer.image_gradient(PIC, FEAT, **{**_ST, "style_weights": [1]}),
             TypeError, r"^style_weights must be a dict"),
         Bad("style weight negative",
             lambda: style_transfer.image_gradient(PIC, FEAT, **{**_ST, "style_weights": {1: -1}}),
             ValueError, r"^style_weights\[1\] must be a finite number"),
         Bad("content without the layer",
             lambda: style_transfer.image_gradient(PIC, FEAT, **{**_ST, "content": {1: FEAT_ACTS[1]}}),
             ValueError, r"^content has no activation of layer 2"),
         Bad("styles of another image size",
             lambda: style_transfer.image_gradient(PIC, FEAT, **{**_ST, "styles": {1: ACT, 2: FEAT_ACTS[2]}}),
             ValueError, r"^styles\[1\] must have shape \(1, 4, 5, 2\) like the generated image's activation"),
         Bad("styles an array", lambda: style_transfer.image_gradient(PIC, FEAT, **{**_ST, "styles": ACT}),
             TypeError, r"^styles must be a dict"),
         Bad("beta negative", lambda: style_transfer.image_gradient(PIC, FEAT, **_ST, beta=-40),
             ValueError, r"^beta must be a finite number"),
         Bad("pool unknown", lambda: style_transfer.image_gradient(PIC, FEAT, **_ST, pool="sum"),
             ValueError, r"^pool must be 'average', 'max' or None")],
    same=[Same("int image", lambda: style_transfer.image_gradient(PIC_I, FEAT, **_ST),
               lambda: style_transfer.image_gradient(PIC_I.astype(float), FEAT, **_ST))],
    legit=[("alpha and beta 0", lambda: style_transfer.image_gradient(PIC, FEAT, **_ST, alpha=0, beta=0))],
)


# --- detection, yolo and transpose_conv (Course 4, Week 3), masks in metrics ---------------------------

from dlspec import detection, transpose_conv, yolo  # noqa: E402

DET = np.array([[0.0, 0.0, 2.0, 2.0], [1.0, 1.0, 3.0, 3.0], [0.5, 0.0, 2.0, 1.5]])  # corners, (3, 4)
DET_I = np.array([[0, 0, 2, 2], [1, 1, 3, 3], [1, 0, 2, 1]])
DET_F = DET_I.astype(np.float64)
DET_INVERTED = np.array([[0.0, 0.0, 2.0, 2.0], [3.0, 1.0, 1.0, 3.0]])  # box 1 has x2 < x1
DET_SCORES = np.array([0.9, 0.8, 0.7])
DET_CLASSES = np.array([0, 1, 0])
DET_CONF = np.array([[0.9, 0.2], [0.6, 0.7]])  # p_c of a grid of 2 cells with 2 anchors
DET_PROBS = np.array([[[0.5, 0.5], [0.1, 0.9]], [[1.0, 0.0], [0.3, 0.7]]])  # (2, 2, 2 classes)
DET_CBOXES = np.arange(16.0).reshape(2, 2, 4)

for _name in ("corners_to_centre", "box_area"):
    _f = getattr(detection, _name)
    add(
        f"detection.{_name}",
        valid=partial(_f, DET),
        bad=[Bad("x2 < x1", partial(_f, DET_INVERTED), ValueError,
                 r"^boxes must hold corners \(x1, y1, x2, y2\) with x1 <= x2 and y1 <= y2; box 1 is"),
             Bad("3 numbers a box", partial(_f, DET[:, :3]), ValueError, r"^boxes must have shape \(\.\.\., 4\)"),
             Bad("a scalar", partial(_f, 2.0), ValueError, r"^boxes must have shape \(\.\.\., 4\)"),
             Bad("NaN", partial(_f, poisoned(DET, NAN)), ValueError, r"^boxes must contain only finite"),
             Bad("strings", partial(_f, [["a", "b", "c", "d"]]), TypeError, r"^boxes must be a numeric")],
        same=[Same("int boxes", partial(_f, DET_I), partial(_f, DET_F)),
              Same("nested list", partial(_f, DET.tolist()), partial(_f, DET))],
        legit=[("one box (4,)", partial(_f, DET[0])), ("no boxes", partial(_f, np.zeros((0, 4)))),
               ("a zero-area box", partial(_f, [[1.0, 1.0, 1.0, 3.0]]))],
    )
add(
    "detection.centre_to_corners",
    valid=lambda: detection.centre_to_corners(DET),
    bad=[Bad("negative width", lambda: detection.centre_to_corners([[0.5, 0.5, -0.1, 0.2]]), ValueError,
             r"^boxes must hold \(x_c, y_c, w, h\) with w >= 0 and h >= 0; box 0 is"),
         Bad("5 numbers a box", lambda: detection.centre_to_corners(np.ones((2, 5))),
             ValueError, r"^boxes must have shape \(\.\.\., 4\)"),
         Bad("infinity", lambda: detection.centre_to_corners(poisoned(DET, INF)),
             ValueError, r"^boxes must contain only finite numbers, found infinity")],
    same=[Same("int boxes", lambda: detection.centre_to_corners(DET_I), lambda: detection.centre_to_corners(DET_F))],
)
add(
    "detection.iou",
    valid=lambda: detection.iou(DET, DET[:2]),
    bad=[Bad("one box rank-1", lambda: detection.iou(DET[0], DET), ValueError,
             r"^boxes_a must have shape \(n, 4\) \(one box per row; a single box as box\[None\]\), got \(4,\)"),
         Bad("boxes_b (4, n)", lambda: detection.iou(DET, DET.T), ValueError, r"^boxes_b must have shape \(n, 4\)"),
         Bad("boxes_b inverted", lambda: detection.iou(DET, DET_INVERTED), ValueError,
             r"^boxes_b must hold corners .*; boxes \(x_c, y_c, w, h\) go through centre_to_corners first"),
         Bad("boxes_a NaN", lambda: detection.iou(poisoned(DET, NAN), DET), ValueError,
             r"^boxes_a must contain only finite numbers, found NaN"),
         Bad("boxes_b strings", lambda: detection.iou(DET, "box"), TypeError, r"^boxes_b must be a numeric")],
    same=[Same("int boxes", lambda: detection.iou(DET_I, DET_I), lambda: detection.iou(DET_F, DET_F))],
    legit=[("no boxes", lambda: detection.iou(np.zeros((0, 4)), DET)),
           ("zero-area boxes", lambda: detection.iou([[1.0, 1.0, 1.0, 1.0]], [[1.0, 1.0, 1.0, 1.0]]))],
)
add(
    "detection.filter_boxes",
    valid=lambda: detection.filter_boxes(DET_CONF, DET_PROBS, DET_CBOXES, 0.5),
    bad=[Bad("confidence logits", lambda: detection.filter_boxes(DET_CONF * 3 - 1, DET_PROBS, DET_CBOXES, 0.5),
             ValueError, r"^confidence must contain probabilities in \[0, 1\]"),
         Bad("class_probs logits", lambda: detection.filter_boxes(DET_CONF, DET_PROBS * 3, DET_CBOXES, 0.5),
             ValueError, r"^class_probs must contain probabilities in \[0, 1\]"),
         Bad("class_probs of other boxes", lambda: detection.filter_boxes(DET_CONF, DET_PROBS[:1], DET_CBOXES, 0.5),
             ValueError, r"^class_probs must have shape \(2, 2, n_classes\) to match confidence of shape \(2, 2\)"),
         Bad("boxes (n, 4) for a grid", lambda: detection.filter_boxes(DET_CONF, DET_PROBS, DET, 0.5),
             ValueError, r"^boxes must have shape \(2, 2, 4\) to match confidence of shape \(2, 2\), got \(3, 4\)"),
         Bad("no class", lambda: detection.filter_boxes(DET_CONF, DET_PROBS[..., :0], DET_CBOXES, 0.5),
             ValueError, r"^class_probs must hold at least one class"),
         Bad("threshold 1.5", lambda: detection.filter_boxes(DET_CONF, DET_PROBS, DET_CBOXES, 1.5),
             ValueError, r"^threshold must be a finite number in \[0.0, 1.0\], got 1.5"),
         Bad("threshold a string", lambda: detection.filter_boxes(DET_CONF, DET_PROBS, DET_CBOXES, "0.5"),
             TypeError, r"^threshold must be a real number"),
         Bad("boxes NaN", lambda: detection.filter_boxes(DET_CONF, DET_PROBS, poisoned(DET_CBOXES, NAN), 0.5),
             ValueError, r"^boxes must contain only finite numbers")],
    same=[Same("lists", lambda: detection.filter_boxes(DET_CONF.tolist(), DET_PROBS.tolist(), DET_CBOXES.tolist(), 0.5),
               lambda: detection.filter_boxes(DET_CONF, DET_PROBS, DET_CBOXES, 0.5))],
    legit=[("keeps nothing", lambda: detection.filter_boxes(DET_CONF, DET_PROBS, DET_CBOXES, 1.0)),
           ("boxes of 3 images, flat", lambda: detection.filter_boxes(DET_SCORES, np.ones((3, 1)), DET, 0.0))],
)
add(
    "detection.non_max_suppression",
    valid=lambda: detection.non_max_suppression(DET, DET_SCORES, 0.3, max_boxes=2),
    bad=[Bad("scores (1, n)", lambda: detection.non_max_suppression(DET, DET_SCORES[None], 0.3),
             ValueError, r"^scores must have shape \(3,\) \(one score per box\), got \(1, 3\)"),
         Bad("scores NaN", lambda: detection.non_max_suppression(DET, poisoned(DET_SCORES, NAN), 0.3),
             ValueError, r"^scores must contain only finite numbers, found NaN"),
         Bad("boxes inverted", lambda: detection.non_max_suppression(DET_INVERTED, DET_SCORES[:2], 0.3),
             ValueError, r"^boxes must hold corners"),
         Bad("iou_threshold -0.1", lambda: detection.non_max_suppression(DET, DET_SCORES, -0.1),
             ValueError, r"^iou_threshold must be a finite number in \[0.0, 1.0\]"),
         Bad("iou_threshold None", lambda: detection.non_max_suppression(DET, DET_SCORES, None),
             TypeError, r"^iou_threshold must be a real number"),
         Bad("max_boxes 0", lambda: detection.non_max_suppression(DET, DET_SCORES, 0.3, max_boxes=0),
             ValueError, r"^max_boxes must be an integer >= 1, got 0"),
         Bad("max_boxes 1.5", lambda: detection.non_max_suppression(DET, DET_SCORES, 0.3, max_boxes=1.5),
             TypeError, r"^max_boxes must be an integer")],
    same=[Same("int boxes and scores", lambda: detection.non_max_suppression(DET_I, [3, 2, 1], 0.3),
               lambda: detection.non_max_suppression(DET_F, [3.0, 2.0, 1.0], 0.3))],
    legit=[("no boxes", lambda: detection.non_max_suppression(np.zeros((0, 4)), np.zeros(0), 0.5)),
           ("negative scores", lambda: detection.non_max_suppression(DET, -DET_SCORES, 0.5))],
)
add(
    "detection.non_max_suppression_per_class",
    valid=lambda: detection.non_max_suppression_per_class(DET, DET_SCORES, DET_CLASSES, 0.3),
    bad=[Bad("classes 0.5", lambda: detection.non_max_suppression_per_class(DET, DET_SCORES, [0, 0.5, 1], 0.3),
             ValueError, r"^classes must hold whole numbers"),
         Bad("classes one-hot", lambda: detection.non_max_suppression_per_class(DET, DET_SCORES, np.eye(3), 0.3),
             ValueError, r"^classes must have shape \(3,\) \(one class per box\), got \(3, 3\)"),
         Bad("classes NaN", lambda: detection.non_max_suppression_per_class(DET, DET_SCORES, [0, NAN, 1], 0.3),
             ValueError, r"^classes must contain only finite numbers"),
         Bad("scores of two boxes", lambda: detection.non_max_suppression_per_class(DET, DET_SCORES[:2], DET_CLASSES, 0.3),
             ValueError, r"^scores must have shape \(3,\)"),
         Bad("max_boxes -1", lambda: detection.non_max_suppression_per_class(DET, DET_SCORES, DET_CLASSES, 0.3, -1),
             ValueError, r"^max_boxes must be an integer >= 1")],
    same=[Same("float classes", lambda: detection.non_max_suppression_per_class(DET, DET_SCORES, [0.0, 1.0, 0.0], 0.3),
               lambda: detection.non_max_suppression_per_class(DET, DET_SCORES, DET_CLASSES, 0.3))],
    legit=[("no boxes", lambda: detection.non_max_suppression_per_class(np.zeros((0, 4)), [], [], 0.5))],
)

YOLO_ANCHORS = np.array([[0.2, 0.2], [0.4, 0.15]])
YOLO_OUT = np.random.default_rng(11).standard_normal((3, 2, 2, 5 + 2))  # S_h 3, S_w 2, 2 anchors, 2 classes
YOLO_OUT_I = np.arange(3 * 2 * 2 * 7).reshape(3, 2, 2, 7) % 5 - 2
YOLO_BOXES = np.array([[0.2, 0.3, 0.2, 0.2], [0.7, 0.8, 0.4, 0.1]])  # (x_c, y_c, w, h)
add(
    "yolo.decode_yolo",
    valid=lambda: yolo.decode_yolo(YOLO_OUT, YOLO_ANCHORS),
    bad=[Bad("output of another number of anchors", lambda: yolo.decode_yolo(YOLO_OUT, YOLO_ANCHORS[:1].repeat(3, 0)),
             ValueError, r"^output must have shape \(S_h, S_w, 3, 5 \+ n_classes\) or \(S_h, S_w, 3 \* "),
         Bad("no class", lambda: yolo.decode_yolo(YOLO_OUT[..., :5], YOLO_ANCHORS),
             ValueError, r"^output's last axis must hold 5 \+ n_classes >= 6"),
         Bad("output of a batch", lambda: yolo.decode_yolo(YOLO_OUT[None], YOLO_ANCHORS),
             ValueError, r"^output must have shape"),
         Bad("output NaN", lambda: yolo.decode_yolo(poisoned(YOLO_OUT, NAN), YOLO_ANCHORS),
             ValueError, r"^output must contain only finite numbers, found NaN"),
         Bad("t_w 1000", lambda: yolo.decode_yolo(YOLO_OUT + 1000, YOLO_ANCHORS),
             ValueError, r"^output's t_w and t_h must be small enough"),
         Bad("anchors (2, n_anchors)", lambda: yolo.decode_yolo(YOLO_OUT, np.full((2, 3), 0.2)),
             ValueError, r"^anchors must have shape \(n_anchors, 2\)"),
         Bad("anchor of width 0", lambda: yolo.decode_yolo(YOLO_OUT, [[0.2, 0.2], [0.0, 0.1]]),
             ValueError, r"^anchors must hold positive widths and heights"),
         Bad("no anchor", lambda: yolo.decode_yolo(YOLO_OUT, np.zeros((0, 2))),
             ValueError, r"^anchors must hold at least one anchor"),
         Bad("output strings", lambda: yolo.decode_yolo("out", YOLO_ANCHORS), TypeError, r"^output must be a numeric")],
    same=[Same("int output", lambda: yolo.decode_yolo(YOLO_OUT_I, YOLO_ANCHORS),
               lambda: yolo.decode_yolo(YOLO_OUT_I.astype(float), YOLO_ANCHORS))],
    legit=[("the network's layout", lambda: yolo.decode_yolo(YOLO_OUT.reshape(3, 2, 14), YOLO_ANCHORS)),
           ("one cell", lambda: yolo.decode_yolo(YOLO_OUT[:1, :1], YOLO_ANCHORS))],
)
add(
    "yolo.encode_yolo",
    valid=lambda: yolo.encode_yolo(YOLO_BOXES, [0, 1], YOLO_ANCHORS, (3, 2), 2),
    bad=[Bad("two boxes in one slot", lambda: yolo.encode_yolo(YOLO_BOXES[[0, 0]], [0, 1], YOLO_ANCHORS, 3, 2),
             ValueError, r"^boxes 0 and 1 both fall in cell \(row 0, column 0\) with anchor 0"),
         Bad("pixel boxes", lambda: yolo.encode_yolo(YOLO_BOXES * 64, [0, 1], YOLO_ANCHORS, 3, 2),
             ValueError, r"^boxes must have centres \(x_c, y_c\) in \[0, 1\], fractions of the image"),
         Bad("width 0", lambda: yolo.encode_yolo(YOLO_BOXES * [1, 1, 0, 1], [0, 1], YOLO_ANCHORS, 3, 2),
             ValueError, r"^boxes must have widths and heights w, h > 0"),
         Bad("boxes NaN", lambda: yolo.encode_yolo(poisoned(YOLO_BOXES, NAN), [0, 1], YOLO_ANCHORS, 3, 2),
             ValueError, r"^boxes must contain only finite numbers"),
         Bad("class 2 of 2", lambda: yolo.encode_yolo(YOLO_BOXES, [0, 2], YOLO_ANCHORS, 3, 2),
             ValueError, r"^classes must hold whole numbers in \[0, 2\)"),
         Bad("classes one-hot", lambda: yolo.encode_yolo(YOLO_BOXES, np.eye(2), YOLO_ANCHORS, 3, 2),
             ValueError, r"^classes must have shape \(2,\) \(one class per box\)"),
         Bad("grid_shape of 3", lambda: yolo.encode_yolo(YOLO_BOXES, [0, 1], YOLO_ANCHORS, (3, 2, 1), 2),
             ValueError, r"^grid_shape must be \(S_h, S_w\) or one integer S"),
         Bad("grid_shape a float", lambda: yolo.encode_yolo(YOLO_BOXES, [0, 1], YOLO_ANCHORS, 3.0, 2),
             TypeError, r"^grid_shape must be an integer"),
         Bad("n_classes 0", lambda: yolo.encode_yolo(YOLO_BOXES, [0, 1], YOLO_ANCHORS, 3, 0),
             ValueError, r"^n_classes must be an integer >= 1"),
         Bad("confidence 1", lambda: yolo.encode_yolo(YOLO_BOXES, [0, 1], YOLO_ANCHORS, 3, 2, confidence=1.0),
             ValueError, r"^confidence must lie strictly between 0.5 and 1"),
         Bad("confidence a string", lambda: yolo.encode_yolo(YOLO_BOXES, [0, 1], YOLO_ANCHORS, 3, 2, confidence="high"),
             TypeError, r"^confidence must be a real number")],
    same=[Same("lists and int classes", lambda: yolo.encode_yolo(YOLO_BOXES.tolist(), [0, 1], YOLO_ANCHORS, 3, 2),
               lambda: yolo.encode_yolo(YOLO_BOXES, np.array([0.0, 1.0]), YOLO_ANCHORS, 3, 2)),
          Same("NumPy integer sizes", lambda: yolo.encode_yolo(YOLO_BOXES, [0, 1], YOLO_ANCHORS, np.int64(3), np.int64(2)),
               lambda: yolo.encode_yolo(YOLO_BOXES, [0, 1], YOLO_ANCHORS, (3, 3), 2))],
    legit=[("no boxes", lambda: yolo.encode_yolo(np.zeros((0, 4)), [], YOLO_ANCHORS, 3, 2)),
           ("centres on the image's edge", lambda: yolo.encode_yolo([[1.0, 0.0, 0.1, 0.1]], [0], YOLO_ANCHORS, 3, 2))],
)

TC = {"W": np.random.default_rng(12).standard_normal((2, 2, 3, 2)), "b": np.ones((1, 1, 1, 2))}
TC_I = {"W": np.arange(24).reshape(2, 2, 3, 2) % 3 - 1, "b": np.array([[[[1, 0]]]])}
TC_Z, TC_CACHE = transpose_conv.conv2d_transpose_forward(IMG, TC, stride=2)  # (2, 8, 10, 2)
add(
    "transpose_conv.conv_transpose_output_size",
    valid=lambda: transpose_conv.conv_transpose_output_size(4, 3, 1, 2),
    bad=[Bad("padding cuts off everything", lambda: transpose_conv.conv_transpose_output_size(1, 2, 1, 1),
             ValueError, r"^n = 1 with f = 2, stride = 1 and pad = 1 gives an output of"),
         Bad("n 0", lambda: transpose_conv.conv_transpose_output_size(0, 2, 0, 2),
             ValueError, r"^n must be an integer >= 1"),
         Bad("f a float", lambda: transpose_conv.conv_transpose_output_size(4, 2.0, 0, 2),
             TypeError, r"^f must be an integer"),
         Bad("pad -1", lambda: transpose_conv.conv_transpose_output_size(4, 2, -1, 2),
             ValueError, r"^pad must be an integer >= 0"),
         Bad("stride 0", lambda: transpose_conv.conv_transpose_output_size(4, 2, 0, 0),
             ValueError, r"^stride must be an integer >= 1")],
    same=[Same("NumPy integers", lambda: transpose_conv.conv_transpose_output_size(*np.array([4, 3, 1, 2])),
               lambda: transpose_conv.conv_transpose_output_size(4, 3, 1, 2))],
)
for _name in ("conv2d_transpose_forward", "conv2d_transpose_forward_naive"):
    _f = getattr(transpose_conv, _name)
    add(
        f"transpose_conv.{_name}",
        valid=partial(_f, IMG, TC, stride=2, padding=1),
        bad=[Bad("A_prev channels first", partial(_f, IMG.transpose(0, 3, 1, 2), TC), ValueError,
                 r"^A_prev must have shape \(m, n_H_prev, n_W_prev, 3\) \(channels last\) to match W of shape "
                 r"\(2, 2, 3, 2\), got \(2, 3, 4, 5\)"),
             Bad("A_prev one image", partial(_f, IMG[0], TC), ValueError,
                 r"^A_prev must have shape .*one example as A_prev\[None\], got \(4, 5, 3\)"),
             Bad("A_prev m = 0", partial(_f, IMG[:0], TC), ValueError, r"^A_prev must hold at least one example"),
             Bad("A_prev NaN", partial(_f, poisoned(IMG, NAN), TC), ValueError,
                 r"^A_prev must contain only finite numbers, found NaN"),
             Bad("A_prev strings", partial(_f, [[[["a"]]]], TC), TypeError, r"^A_prev must be a numeric"),
             Bad("b rank-1", partial(_f, IMG, {"W": TC["W"], "b": TC["b"].ravel()}), ValueError,
                 r"^b must have shape \(1, 1, 1, 2\) to match W of shape \(2, 2, 3, 2\), got \(2,\)"),
             Bad("W not square", partial(_f, IMG, {"W": TC["W"][:1], "b": TC["b"]}), ValueError,
                 r"^W must hold square f x f filters"),
             Bad("W of a depthwise convolution", partial(_f, IMG, {"W": TC["W"][..., 0], "b": TC["b"]}), ValueError,
                 r"^W must have shape \(f, f, n_C_prev, n_C\)"),
             Bad("an extra key", partial(_f, IMG, {**TC, "W2": TC["W"]}), ValueError,
                 r"^params has unexpected key\(s\) \['W2'\]"),
             Bad("key 'B' for 'b'", partial(_f, IMG, {"W": TC["W"], "B": TC["b"]}), ValueError,
                 r"^params is missing key\(s\) \['b'\]"),
             Bad("params a list", partial(_f, IMG, [TC["W"], TC["b"]]), TypeError, r"^params must be a dict"),
             Bad("stride 0", partial(_f, IMG, TC, stride=0), ValueError, r"^stride must be an integer >= 1, got 0"),
             Bad("stride a float", partial(_f, IMG, TC, stride=2.0), TypeError, r"^stride must be an integer"),
             Bad("padding 'same'", partial(_f, IMG, TC, padding="same"), TypeError,
                 r"^padding must be an integer >= 0 \(a transpose convolution has no 'same' or 'valid'\)"),
             Bad("padding -1", partial(_f, IMG, TC, padding=-1), ValueError, r"^padding must be an integer >= 0"),
             Bad("padding cuts off everything", partial(_f, IMG[:, :1], TC, padding=1), ValueError,
                 r"^A_prev's n_H_prev = 1 with f = 2, stride = 1 and pad = 1 gives an output of")],
        same=[Same("int A_prev and params", partial(_f, IMG_I, TC_I, stride=2),
                   partial(_f, IMG_F, as_float(TC_I), stride=2)),
              Same("nested lists", partial(_f, IMG.tolist(), {k: v.tolist() for k, v in TC.items()}),
                   partial(_f, IMG, TC))],
        legit=[("one example", partial(_f, IMG[:1], TC)),
               ("stride larger than f", partial(_f, IMG, TC, stride=3))],
    )
add(
    "transpose_conv.conv2d_transpose_backward",
    valid=lambda: transpose_conv.conv2d_transpose_backward(TC_Z, TC_CACHE),
    bad=[Bad("cache of conv2d_forward", lambda: transpose_conv.conv2d_transpose_backward(TC_Z, CONV_CACHE),
             TypeError, r"^cache was made by conv2d_forward, but .* needs conv2d_transpose_forward"),
         Bad("cache None", lambda: transpose_conv.conv2d_transpose_backward(TC_Z, None), TypeError, r"^cache must be"),
         Bad("dZ of the input's shape", lambda: transpose_conv.conv2d_transpose_backward(IMG, TC_CACHE),
             ValueError, r"^dZ must have shape \(2, 8, 10, 2\), the shape of conv2d_transpose_forward's output"),
         Bad("dZ strings", lambda: transpose_conv.conv2d_transpose_backward("dZ", TC_CACHE),
             TypeError, r"^dZ must be a numeric"),
         Bad("need_dA_prev None", lambda: transpose_conv.conv2d_transpose_backward(TC_Z, TC_CACHE, need_dA_prev=None),
             TypeError, r"^need_dA_prev must be True or False")],
    same=[Same("int dZ", lambda: transpose_conv.conv2d_transpose_backward(np.sign(TC_Z).astype(int), TC_CACHE),
               lambda: transpose_conv.conv2d_transpose_backward(np.sign(TC_Z), TC_CACHE))],
)
add(
    "transpose_conv.conv_transpose_block",
    valid=lambda: transpose_conv.conv_transpose_block(2, 8, 4, 3, stride=2),
    bad=[*_block_cases(transpose_conv.conv_transpose_block, 2, 8, 4),
         Bad("stride 0", lambda: transpose_conv.conv_transpose_block(2, 8, 4, 3, stride=0),
             ValueError, r"^stride must be an integer >= 1"),
         Bad("padding 'same'", lambda: transpose_conv.conv_transpose_block(3, 8, 4, 3, padding="same"),
             TypeError, r"^padding must be an integer >= 0 \(a transpose convolution")],
)

MASK_TRUE = np.array([[[0, 0, 1], [1, 2, 2]], [[2, 2, 0], [0, 1, 1]]])  # (2, 2, 3): 2 images, 3 classes
MASK_PRED = np.array([[[0, 1, 1], [1, 2, 0]], [[2, 0, 0], [0, 1, 2]]])
for _name, _args in (("pixel_accuracy", ()), ("mean_iou", (3,))):
    _f = getattr(metrics, _name)
    _bad = [Bad("shapes differ", partial(_f, MASK_PRED, MASK_TRUE[0], *_args), ValueError,
                r"^pred_mask and true_mask must have the same shape, got \(2, 2, 3\) and \(2, 3\)"),
            Bad("probabilities", partial(_f, MASK_PRED / 4, MASK_TRUE, *_args), ValueError,
                r"^pred_mask must hold class labels 0, 1, 2, .*take argmax\(axis=-1\) first"),
            Bad("negative labels", partial(_f, MASK_PRED, -MASK_TRUE, *_args), ValueError,
                r"^true_mask must hold class labels"),
            Bad("no pixel", partial(_f, MASK_PRED[:0], MASK_TRUE[:0], *_args), ValueError,
                r"^the masks must hold at least one pixel"),
            Bad("NaN", partial(_f, poisoned(MASK_PRED, NAN), MASK_TRUE, *_args), ValueError,
                r"^pred_mask must contain only finite numbers"),
            Bad("strings", partial(_f, "mask", MASK_TRUE, *_args), TypeError, r"^pred_mask must be a numeric")]
    if _name == "mean_iou":
        _bad += [Bad("label 3 of 3 classes", partial(_f, MASK_PRED, MASK_TRUE + 1, 3), ValueError,
                     r"^true_mask must hold class labels 0, 1, 2, \.\.\. below n_classes = 3"),
                 Bad("n_classes 0", partial(_f, MASK_PRED, MASK_TRUE, 0), ValueError,
                     r"^n_classes must be an integer >= 1"),
                 Bad("n_classes a float", partial(_f, MASK_PRED, MASK_TRUE, 3.0), TypeError,
                     r"^n_classes must be an integer")]
    add(
        f"metrics.{_name}",
        valid=partial(_f, MASK_PRED, MASK_TRUE, *_args),
        bad=_bad,
        same=[Same("float and list masks", partial(_f, MASK_PRED.astype(float), MASK_TRUE.tolist(), *_args),
                   partial(_f, MASK_PRED, MASK_TRUE, *_args))],
        legit=[("one pixel", partial(_f, [[1]], [[1]], *_args)), ("a flat mask", partial(_f, [0, 1, 2], [0, 1, 1], *_args))],
    )


# --- embeddings, word2vec, glove and debiasing (Course 5, Week 2; E is (n_e, V)) --------------------

from dlspec import debiasing, embeddings, glove, word2vec  # noqa: E402

EMB_E = _draw.standard_normal((3, 6))  # n_e = 3, V = 6: one column per word
EMB_E_I = np.arange(1, 19).reshape(3, 6) % 5 - 2  # int64, no zero column
EMB_VOCAB = ["man", "woman", "king", "queen", "apple", "pear"]
EMB_IDX = np.array([[0, 5, 5, 2], [3, 1, 0, 0]])  # (m, T_x) = (2, 4), word 0 three times
EMB_OUT, EMB_CACHE = embeddings.embedding_forward(EMB_IDX, {"E": EMB_E})  # (3, 2, 4)
SG = {"E": EMB_E, "Theta": _draw.standard_normal((3, 6))}
SG_I = {"E": EMB_E_I, "Theta": np.arange(18).reshape(3, 6) % 3 - 1}
SG_C, SG_T, SG_N = np.array([0, 2, 4]), np.array([1, 3, 5]), np.array([[2, 3], [4, 0], [1, 1]])  # m = 3, k = 2
SG_LOSS, SG_CACHE = word2vec.skipgram_ns_forward(SG_C, SG_T, SG_N, SG)
GLOVE_X = np.array([[0, 3, 1, 0, 0, 2], [3, 0, 5, 1, 0, 0], [1, 5, 0, 0, 4, 0],
                    [0, 1, 0, 0, 2, 7], [0, 0, 4, 2, 0, 1], [2, 0, 0, 7, 1, 0]])  # int64 counts
GLOVE = {"Theta": _draw.standard_normal((3, 6)), "E": EMB_E, "b": np.zeros((6, 1)), "b_prime": np.ones((6, 1))}
GLOVE_I = {"Theta": SG_I["Theta"], "E": EMB_E_I, "b": np.zeros((6, 1), int), "b_prime": np.ones((6, 1), int)}
UNIT = EMB_E / np.linalg.norm(EMB_E, axis=0)
G_DIR = np.array([1.0, 0.0, 0.0])


def _emb_fwd(indices=EMB_IDX, params=None):
    return embeddings.embedding_forward(indices, {"E": EMB_E} if params is None else params)


add(
    "embeddings.check_indices",
    valid=lambda: embeddings.check_indices("indices", [[0, 5]], 6),
    bad=[Bad("float indices", lambda: embeddings.check_indices("words", [1.0], 6), TypeError,
             r"^words must hold integer word indices"),
         Bad("out of range", lambda: embeddings.check_indices("words", [6], 6), ValueError,
             r"^words must hold word indices in \[0, 5\]"),
         Bad("3-D", lambda: embeddings.check_indices("words", np.zeros((1, 1, 1), int), 6), ValueError,
             r"^words must have shape \(m,\) or \(m, T_x\)")],
    same=[Same("a list", lambda: embeddings.check_indices("i", [3, 1], 6),
               lambda: embeddings.check_indices("i", np.array([3, 1]), 6))],
)
add(
    "embeddings.check_embedding_matrix",
    valid=lambda: embeddings.check_embedding_matrix("E", EMB_E),
    bad=[Bad("rank-1", lambda: embeddings.check_embedding_matrix("E", EMB_E[0]), ValueError,
             r"^E must have shape \(n_e, V\), one column per word"),
         Bad("no word", lambda: embeddings.check_embedding_matrix("E", np.ones((3, 0))), ValueError,
             r"^E must have shape \(n_e, V\)"),
         Bad("NaN", lambda: embeddings.check_embedding_matrix("E", poisoned(EMB_E, NAN)), ValueError,
             r"^E must contain only finite numbers, found NaN"),
         Bad("strings", lambda: embeddings.check_embedding_matrix("E", [["a"]]), TypeError, r"^E must be a numeric")],
    same=[Same("int E", lambda: embeddings.check_embedding_matrix("E", EMB_E_I),
               lambda: embeddings.check_embedding_matrix("E", EMB_E_I.astype(float)))],
)
add(
    "embeddings.check_word_vector",
    valid=lambda: embeddings.check_word_vector("e", EMB_E[:, 0], 3),
    bad=[Bad("a column (n_e, 1)", lambda: embeddings.check_word_vector("e", EMB_E[:, :1], 3), ValueError,
             r"^e must have shape \(3,\) to match vectors of size n_e = 3, got \(3, 1\)"),
         Bad("another size", lambda: embeddings.check_word_vector("e", np.ones(4), 3), ValueError,
             r"^e must have shape \(3,\)"),
         Bad("infinity", lambda: embeddings.check_word_vector("e", poisoned(EMB_E[:, 0], INF)), ValueError,
             r"^e must contain only finite numbers, found infinity")],
    same=[Same("int vector", lambda: embeddings.check_word_vector("e", [1, 0, 2]),
               lambda: embeddings.check_word_vector("e", np.array([1.0, 0.0, 2.0])))],
    legit=[("columns when allowed", lambda: embeddings.check_word_vector("e", EMB_E, 3, columns=True))],
)
add(
    "embeddings.check_vocab",
    valid=lambda: embeddings.check_vocab(EMB_VOCAB, 6),
    bad=[Bad("too short", lambda: embeddings.check_vocab(EMB_VOCAB[:5], 6), ValueError,
             r"^vocab must have one word per column of E, 6, got 5"),
         Bad("repeats", lambda: embeddings.check_vocab(["a", "b", "a"], 3), ValueError,
             r"^vocab must hold distinct words, found \['a'\]"),
         Bad("a dict", lambda: embeddings.check_vocab({"a": 0}, 1), TypeError, r"^vocab must be a list of words"),
         Bad("bytes", lambda: embeddings.check_vocab([b"a"], 1), TypeError, r"^vocab must contain only strings")],
    legit=[("a tuple", lambda: embeddings.check_vocab(tuple(EMB_VOCAB), 6))],
)
add(
    "embeddings.word_index",
    valid=lambda: embeddings.word_index("king", {"king": 2}),
    bad=[Bad("unknown", lambda: embeddings.word_index("duke", {"king": 2}), ValueError, r"^word 'duke' is not in vocab"),
         Bad("an index", lambda: embeddings.word_index(2, {"king": 2}), TypeError, r"^word must be a word \(a string\)")],
)
add(
    "embeddings.embedding_forward",
    valid=lambda: _emb_fwd(),
    bad=[Bad("index V", lambda: _emb_fwd([[0, 6]]), ValueError,
             r"^indices must hold word indices in \[0, 5\] for a vocabulary of 6 words \(the columns of E\), found \[6\]"),
         Bad("index -1", lambda: _emb_fwd([-1, 0]), ValueError, r"^indices must hold word indices in \[0, 5\]"),
         Bad("float indices", lambda: _emb_fwd(EMB_IDX.astype(float)), TypeError,
             r"^indices must hold integer word indices \(a word is a column of E\), got dtype float64"),
         Bad("one-hot input", lambda: _emb_fwd(np.eye(6)[:, :3]), TypeError, r"^indices must hold integer word indices"),
         Bad("bool indices", lambda: _emb_fwd([True, False]), TypeError, r"^indices must hold integer"),
         Bad("3-D indices", lambda: _emb_fwd(EMB_IDX[None]), ValueError, r"^indices must have shape \(m,\) or \(m, T_x\)"),
         Bad("no example", lambda: _emb_fwd(np.zeros((0, 3), int)), ValueError, r"^indices must hold at least one example"),
         Bad("E transposed (V, n_e)", lambda: _emb_fwd([[0, 4]], {"E": EMB_E.T}), ValueError,
             r"^indices must hold word indices in \[0, 2\] for a vocabulary of 3 words"),
         Bad("E rank-1", lambda: _emb_fwd(params={"E": EMB_E[0]}), ValueError, r"^E must have shape \(n_e, V\)"),
         Bad("E NaN", lambda: _emb_fwd(params={"E": poisoned(EMB_E, NAN)}), ValueError, r"^E must contain only finite"),
         Bad("key 'W'", lambda: _emb_fwd(params={"W": EMB_E}), ValueError, r"^params is missing key\(s\) \['E'\]"),
         Bad("an extra key", lambda: _emb_fwd(params={"E": EMB_E, "b": 0}), ValueError,
             r"^params has unexpected key\(s\) \['b'\]"),
         Bad("params an array", lambda: _emb_fwd(params=EMB_E), TypeError, r"^params must be a dict")],
    same=[Same("int E", lambda: _emb_fwd(params={"E": EMB_E_I}), lambda: _emb_fwd(params={"E": EMB_E_I.astype(float)})),
          Same("nested list indices", lambda: _emb_fwd(EMB_IDX.tolist()), lambda: _emb_fwd(EMB_IDX))],
    legit=[("one word per example", lambda: _emb_fwd([4, 4, 1])), ("one example, one step", lambda: _emb_fwd([[2]])),
           ("uint8 indices", lambda: _emb_fwd(EMB_IDX.astype(np.uint8)))],
)
add(
    "embeddings.embedding_backward",
    valid=lambda: embeddings.embedding_backward(EMB_OUT, EMB_CACHE),
    bad=[Bad("cache of linear_forward", lambda: embeddings.embedding_backward(EMB_OUT, LIN_CACHE), TypeError,
             r"^cache was made by linear_forward, but this backward pass needs embedding_forward's"),
         Bad("dout without the time axis", lambda: embeddings.embedding_backward(EMB_OUT[:, :, 0], EMB_CACHE),
             ValueError, r"^dout must have shape \(3, 2, 4\), the shape of embedding_forward's output"),
         Bad("dout strings", lambda: embeddings.embedding_backward("a", EMB_CACHE), TypeError, r"^dout must be a numeric")],
    same=[Same("int dout", lambda: embeddings.embedding_backward(np.ones(EMB_OUT.shape, int), EMB_CACHE),
               lambda: embeddings.embedding_backward(np.ones(EMB_OUT.shape), EMB_CACHE))],
)
add(
    "embeddings.cosine_similarity",
    valid=lambda: embeddings.cosine_similarity(EMB_E[:, 0], EMB_E),
    bad=[Bad("u zero", lambda: embeddings.cosine_similarity(np.zeros(3), EMB_E[:, 0]), ValueError,
             r"^u is a zero vector: its cosine similarity is undefined"),
         Bad("v a zero column", lambda: embeddings.cosine_similarity(EMB_E[:, 0], np.c_[EMB_E, np.zeros(3)]),
             ValueError, r"^v is a zero vector \(column 6\)"),
         Bad("sizes differ", lambda: embeddings.cosine_similarity(EMB_E[:, 0], np.ones(4)), ValueError,
             r"^v must have shape \(3,\) or \(3, k\)"),
         Bad("E as rows", lambda: embeddings.cosine_similarity(EMB_E[:, 0], EMB_E.T), ValueError,
             r"^v must have shape \(3,\) or \(3, k\) to match vectors of size n_e = 3, got \(6, 3\)"),
         Bad("columns differ", lambda: embeddings.cosine_similarity(EMB_E, EMB_E[:, :2]), ValueError,
             r"^u and v must hold the same number of columns k"),
         Bad("NaN", lambda: embeddings.cosine_similarity(poisoned(EMB_E[:, 0], NAN), EMB_E[:, 1]), ValueError,
             r"^u must contain only finite numbers"),
         Bad("strings", lambda: embeddings.cosine_similarity("u", EMB_E[:, 1]), TypeError, r"^u must be a numeric")],
    same=[Same("int vectors", lambda: embeddings.cosine_similarity([1, 2, 2], [2, 0, 1]),
               lambda: embeddings.cosine_similarity(np.array([1.0, 2.0, 2.0]), np.array([2.0, 0.0, 1.0])))],
    legit=[("columns against columns", lambda: embeddings.cosine_similarity(EMB_E, UNIT))],
)
add(
    "embeddings.nearest_words",
    valid=lambda: embeddings.nearest_words(EMB_E[:, 2], EMB_E, EMB_VOCAB, 3, exclude=["king"]),
    bad=[Bad("v zero", lambda: embeddings.nearest_words(np.zeros(3), EMB_E, EMB_VOCAB), ValueError, r"^v is a zero vector"),
         Bad("v of another size", lambda: embeddings.nearest_words(np.ones(6), EMB_E, EMB_VOCAB), ValueError,
             r"^v must have shape \(3,\)"),
         Bad("vocab short", lambda: embeddings.nearest_words(np.ones(3), EMB_E, EMB_VOCAB[:2]), ValueError,
             r"^vocab must have one word per column of E, 6, got 2"),
         Bad("k 0", lambda: embeddings.nearest_words(np.ones(3), EMB_E, EMB_VOCAB, 0), ValueError, r"^k must be an integer >= 1"),
         Bad("exclude a word", lambda: embeddings.nearest_words(np.ones(3), EMB_E, EMB_VOCAB, exclude="man"), TypeError,
             r"^exclude must be a list of words"),
         Bad("exclude unknown", lambda: embeddings.nearest_words(np.ones(3), EMB_E, EMB_VOCAB, exclude=["duke"]),
             ValueError, r"^exclude word 'duke' is not in vocab")],
    same=[Same("int E and v", lambda: embeddings.nearest_words([1, 0, 1], EMB_E_I, EMB_VOCAB),
               lambda: embeddings.nearest_words(np.array([1.0, 0.0, 1.0]), EMB_E_I.astype(float), EMB_VOCAB))],
    legit=[("k larger than V", lambda: embeddings.nearest_words(np.ones(3), EMB_E, EMB_VOCAB, 50))],
)
add(
    "embeddings.most_similar",
    valid=lambda: embeddings.most_similar("king", EMB_E, EMB_VOCAB, 2),
    bad=[Bad("unknown word", lambda: embeddings.most_similar("duke", EMB_E, EMB_VOCAB), ValueError,
             r"^word 'duke' is not in vocab"),
         Bad("an index", lambda: embeddings.most_similar(2, EMB_E, EMB_VOCAB), TypeError, r"^word must be a word"),
         Bad("k a float", lambda: embeddings.most_similar("king", EMB_E, EMB_VOCAB, 2.0), TypeError,
             r"^k must be an integer"),
         Bad("E (V, n_e)", lambda: embeddings.most_similar("king", EMB_E.T, EMB_VOCAB), ValueError,
             r"^vocab must have one word per column of E, 3, got 6")],
    same=[Same("int E", lambda: embeddings.most_similar("king", EMB_E_I, EMB_VOCAB),
               lambda: embeddings.most_similar("king", EMB_E_I.astype(float), EMB_VOCAB))],
)
add(
    "embeddings.analogy",
    valid=lambda: embeddings.analogy("man", "woman", "king", EMB_E, EMB_VOCAB),
    bad=[Bad("unknown c", lambda: embeddings.analogy("man", "woman", "duke", EMB_E, EMB_VOCAB), ValueError,
             r"^c 'duke' is not in vocab"),
         Bad("a an index", lambda: embeddings.analogy(0, "woman", "king", EMB_E, EMB_VOCAB), TypeError,
             r"^a must be a word \(a string\)"),
         Bad("zero target", lambda: embeddings.analogy("a", "b", "c", np.array([[2.0, 1.0, 1.0, 4.0], [1.0, 1.0, 0.0, 1.0]]),
                                                       ["a", "b", "c", "d"]),
             ValueError, r"^e_b - e_a \+ e_c is a zero vector"),
         Bad("E NaN", lambda: embeddings.analogy("man", "woman", "king", poisoned(EMB_E, NAN), EMB_VOCAB), ValueError,
             r"^E must contain only finite numbers")],
    same=[Same("int E", lambda: embeddings.analogy("man", "woman", "king", EMB_E_I, EMB_VOCAB),
               lambda: embeddings.analogy("man", "woman", "king", EMB_E_I.astype(float), EMB_VOCAB))],
)
add(
    "word2vec.skipgram_pairs",
    valid=lambda: word2vec.skipgram_pairs([[0, 1, 2], [3, 4]], 2),
    bad=[Bad("float words", lambda: word2vec.skipgram_pairs([[0, 1], [1.5]], 1), TypeError,
             r"^sentences\[1\] must hold integer word indices, got dtype float64"),
         Bad("negative word", lambda: word2vec.skipgram_pairs([[0, -1]], 1), ValueError,
             r"^sentences\[0\] must hold word indices >= 0"),
         Bad("a 2-D sentence", lambda: word2vec.skipgram_pairs([np.zeros((2, 2), int)], 1), ValueError,
             r"^sentences\[0\] must be a 1-D sequence"),
         Bad("sentences a string", lambda: word2vec.skipgram_pairs("the king", 1), TypeError,
             r"^sentences must be a list of sentences"),
         Bad("window 0", lambda: word2vec.skipgram_pairs([[0, 1]], 0), ValueError, r"^window must be an integer >= 1"),
         Bad("window a float", lambda: word2vec.skipgram_pairs([[0, 1]], 2.0), TypeError, r"^window must be an integer")],
    same=[Same("arrays of sentences", lambda: word2vec.skipgram_pairs([np.array([0, 1, 2], np.int32)], 1),
               lambda: word2vec.skipgram_pairs([[0, 1, 2]], 1))],
    legit=[("no pairs", lambda: word2vec.skipgram_pairs([[3], []], 2))],
)
add(
    "word2vec.negative_sampling_distribution",
    valid=lambda: word2vec.negative_sampling_distribution([5, 0, 2], 0.75),
    bad=[Bad("negative count", lambda: word2vec.negative_sampling_distribution([5, -1]), ValueError,
             r"^counts must be >= 0, found \[-1.0\]"),
         Bad("all zero", lambda: word2vec.negative_sampling_distribution([0, 0]), ValueError,
             r"^counts must not all be zero"),
         Bad("a column", lambda: word2vec.negative_sampling_distribution(np.ones((3, 1))), ValueError,
             r"^counts must have shape \(V,\), one count per word"),
         Bad("NaN", lambda: word2vec.negative_sampling_distribution([1.0, NAN]), ValueError,
             r"^counts must contain only finite"),
         Bad("power -1", lambda: word2vec.negative_sampling_distribution([1, 2], -1.0), ValueError,
             r"^power must be a finite number in \[0.0, inf\]"),
         Bad("power a string", lambda: word2vec.negative_sampling_distribution([1, 2], "3/4"), TypeError,
             r"^power must be a real number")],
    same=[Same("int counts", lambda: word2vec.negative_sampling_distribution([4, 1, 0]),
               lambda: word2vec.negative_sampling_distribution(np.array([4.0, 1.0, 0.0])))],
)
add(
    "word2vec.sample_negatives",
    valid=lambda: word2vec.sample_negatives(np.array([0.5, 0.0, 0.5]), (4, 2), rng=seeded()),
    bad=[Bad("not adding up to 1", lambda: word2vec.sample_negatives(np.array([0.5, 0.6]), 3, rng=seeded()),
             ValueError, r"^dist must hold probabilities >= 0 adding up to 1, got a sum of 1.1"),
         Bad("counts for dist", lambda: word2vec.sample_negatives(np.array([3.0, 1.0]), 3, rng=seeded()),
             ValueError, r"^dist must hold probabilities >= 0 adding up to 1"),
         Bad("dist 2-D", lambda: word2vec.sample_negatives(np.ones((2, 2)) / 4, 3, rng=seeded()), ValueError,
             r"^dist must have shape \(V,\)"),
         Bad("shape a list", lambda: word2vec.sample_negatives(np.array([1.0]), [2, 3], rng=seeded()), TypeError,
             r"^shape must be an integer or a tuple of integers"),
         Bad("shape negative", lambda: word2vec.sample_negatives(np.array([1.0]), (2, -1), rng=seeded()), ValueError,
             r"^shape\[1\] must be an integer >= 0"),
         Bad("rng a seed", lambda: word2vec.sample_negatives(np.array([1.0]), 3, rng=0), TypeError,
             r"^rng must be a numpy.random.Generator")],
    same=[Same("a list dist", lambda: word2vec.sample_negatives([0.25, 0.75], 5, rng=seeded()),
               lambda: word2vec.sample_negatives(np.array([0.25, 0.75]), 5, rng=seeded()))],
    legit=[("no draw", lambda: word2vec.sample_negatives(np.array([1.0]), (0,), rng=seeded()))],
)
add(
    "word2vec.initialize_skipgram",
    valid=lambda: word2vec.initialize_skipgram(6, 3, rng=seeded()),
    bad=[Bad("n_e 0", lambda: word2vec.initialize_skipgram(6, 0, rng=seeded()), ValueError, r"^n_e must be an integer >= 1"),
         Bad("vocab_size a float", lambda: word2vec.initialize_skipgram(6.0, 3, rng=seeded()), TypeError,
             r"^vocab_size must be an integer"),
         Bad("rng missing", lambda: word2vec.initialize_skipgram(6, 3, rng=None), TypeError, r"^rng must be"),
         Bad("dtype int", lambda: word2vec.initialize_skipgram(6, 3, rng=seeded(), dtype=int), TypeError,
             r"^dtype must be float32 or float64")],
    same=[Same("NumPy integers", lambda: word2vec.initialize_skipgram(np.int64(6), np.int32(3), rng=seeded()),
               lambda: word2vec.initialize_skipgram(6, 3, rng=seeded()))],
)
add(
    "word2vec.skipgram_ns_forward",
    valid=lambda: word2vec.skipgram_ns_forward(SG_C, SG_T, SG_N, SG),
    bad=[Bad("target short", lambda: word2vec.skipgram_ns_forward(SG_C, SG_T[:2], SG_N, SG), ValueError,
             r"^target must have shape \(3,\) to match context, got \(2,\)"),
         Bad("negatives (k, m)", lambda: word2vec.skipgram_ns_forward(SG_C, SG_T, SG_N.T, SG), ValueError,
             r"^negatives must have shape \(3, k\) with k >= 1 to match context, got \(2, 3\)"),
         Bad("negatives 1-D", lambda: word2vec.skipgram_ns_forward(SG_C, SG_T, SG_N[:, 0], SG), ValueError,
             r"^negatives must have shape \(m, k\)"),
         Bad("context out of range", lambda: word2vec.skipgram_ns_forward([0, 2, 6], SG_T, SG_N, SG), ValueError,
             r"^context must hold word indices in \[0, 5\]"),
         Bad("float target", lambda: word2vec.skipgram_ns_forward(SG_C, SG_T.astype(float), SG_N, SG), TypeError,
             r"^target must hold integer word indices"),
         Bad("context (m, 1)", lambda: word2vec.skipgram_ns_forward(SG_C[:, None], SG_T, SG_N, SG), ValueError,
             r"^context must have shape \(m,\), got \(3, 1\)"),
         Bad("no Theta", lambda: word2vec.skipgram_ns_forward(SG_C, SG_T, SG_N, {"E": EMB_E}), ValueError,
             r"^params is missing key\(s\) \['Theta'\]"),
         Bad("Theta of another V", lambda: word2vec.skipgram_ns_forward(SG_C, SG_T, SG_N, {**SG, "Theta": SG["Theta"][:, :5]}),
             ValueError, r"^Theta must have shape \(3, 6\) to match E of shape \(3, 6\), got \(3, 5\)"),
         Bad("E infinity", lambda: word2vec.skipgram_ns_forward(SG_C, SG_T, SG_N, {**SG, "E": poisoned(EMB_E, INF)}),
             ValueError, r"^E must contain only finite numbers, found infinity"),
         Bad("an extra key", lambda: word2vec.skipgram_ns_forward(SG_C, SG_T, SG_N, {**SG, "b": 0}), ValueError,
             r"^params has unexpected key\(s\) \['b'\]")],
    same=[Same("int params and list indices", lambda: word2vec.skipgram_ns_forward([0, 2, 4], [1, 3, 5], SG_N.tolist(), SG_I),
               lambda: word2vec.skipgram_ns_forward(SG_C, SG_T, SG_N, as_float(SG_I)))],
    legit=[("one pair, one negative", lambda: word2vec.skipgram_ns_forward([1], [1], [[1]], SG))],
)
add(
    "word2vec.skipgram_ns_backward",
    valid=lambda: word2vec.skipgram_ns_backward(SG_CACHE),
    bad=[Bad("cache of embedding_forward", lambda: word2vec.skipgram_ns_backward(EMB_CACHE), TypeError,
             r"^cache was made by embedding_forward, but this backward pass needs skipgram_ns_forward's"),
         Bad("the loss for the cache", lambda: word2vec.skipgram_ns_backward(SG_LOSS), TypeError,
             r"^cache must be the cache returned by skipgram_ns_forward")],
)


def _fit_sg(context=SG_C, target=SG_T, counts=(3, 1, 2, 2, 1, 1), **kw):
    settings = {"n_e": 3, "rng": seeded(), "optimizer": GradientDescent(0.1), "num_epochs": 2, "batch_size": 2, **kw}
    return word2vec.fit_skipgram(context, target, counts, **settings)


add(
    "word2vec.fit_skipgram",
    valid=lambda: _fit_sg(k=3),
    bad=[Bad("counts of another V", lambda: _fit_sg(counts=(1, 1, 1)), ValueError,
             r"^context must hold word indices in \[0, 2\] for a vocabulary of 3 words"),
         Bad("target short", lambda: _fit_sg(target=SG_T[:1]), ValueError, r"^target must have shape \(3,\) to match context"),
         Bad("no pair", lambda: _fit_sg(context=[], target=[]), ValueError, r"^context must hold at least one example"),
         Bad("k 0", lambda: _fit_sg(k=0), ValueError, r"^k must be an integer >= 1"),
         Bad("n_e missing", lambda: word2vec.fit_skipgram(SG_C, SG_T, [1] * 6, rng=seeded(), optimizer=Adam(0.1)),
             TypeError, r"n_e"),
         Bad("optimizer a class", lambda: _fit_sg(optimizer=Adam), TypeError, r"^optimizer must be"),
         Bad("params of another n_e", lambda: _fit_sg(params={"E": np.ones((2, 6)), "Theta": np.ones((2, 6))}),
             ValueError, r"^E must have shape \(3, 6\) for n_e = 3 and a vocabulary of 6 words"),
         Bad("batch_size 0", lambda: _fit_sg(batch_size=0), ValueError, r"^batch_size must be an integer >= 1"),
         Bad("num_epochs -1", lambda: _fit_sg(num_epochs=-1), ValueError, r"^num_epochs must be an integer >= 0")],
    same=[Same("int params", lambda: _fit_sg(params=SG_I), lambda: _fit_sg(params=as_float(SG_I)))],
    legit=[("zero epochs", lambda: _fit_sg(num_epochs=0)), ("one pair", lambda: _fit_sg(context=[2], target=[2]))],
)
add(
    "glove.cooccurrence_counts",
    valid=lambda: glove.cooccurrence_counts(SG_C, SG_T, 6),
    bad=[Bad("out of range", lambda: glove.cooccurrence_counts(SG_C, SG_T, 5), ValueError,
             r"^target must hold word indices in \[0, 4\]"),
         Bad("lengths differ", lambda: glove.cooccurrence_counts(SG_C, SG_T[:2], 6), ValueError,
             r"^target must have shape \(3,\) to match context"),
         Bad("float context", lambda: glove.cooccurrence_counts(SG_C * 1.0, SG_T, 6), TypeError,
             r"^context must hold integer word indices"),
         Bad("vocab_size 0", lambda: glove.cooccurrence_counts(SG_C, SG_T, 0), ValueError,
             r"^vocab_size must be an integer >= 1")],
    same=[Same("lists", lambda: glove.cooccurrence_counts([0, 2, 4], [1, 3, 5], 6),
               lambda: glove.cooccurrence_counts(SG_C, SG_T, 6))],
)
add(
    "glove.glove_weight",
    valid=lambda: glove.glove_weight(GLOVE_X * 30.0),
    bad=[Bad("negative count", lambda: glove.glove_weight(np.array([1.0, -2.0])), ValueError,
             r"^X must hold counts >= 0"),
         Bad("x_max 0", lambda: glove.glove_weight(GLOVE_X, x_max=0), ValueError, r"^x_max must be positive"),
         Bad("alpha -1", lambda: glove.glove_weight(GLOVE_X, alpha=-1.0), ValueError, r"^alpha must be a finite number"),
         Bad("NaN", lambda: glove.glove_weight(np.array([NAN])), ValueError, r"^X must contain only finite")],
    same=[Same("int counts", lambda: glove.glove_weight(GLOVE_X), lambda: glove.glove_weight(GLOVE_X.astype(float)))],
)
for _name in ("glove_loss", "glove_gradients"):
    _f = getattr(glove, _name)
    add(
        f"glove.{_name}",
        valid=partial(_f, GLOVE_X, GLOVE, x_max=5.0),
        bad=[Bad("X not square", partial(_f, GLOVE_X[:5], GLOVE), ValueError, r"^X_counts must have shape \(V, V\)"),
             Bad("X of another V", partial(_f, GLOVE_X[:5, :5], GLOVE), ValueError,
                 r"^X_counts must have shape \(6, 6\) to match E of shape \(3, 6\)"),
             Bad("negative counts", partial(_f, -GLOVE_X, GLOVE), ValueError, r"^X_counts must hold counts >= 0"),
             Bad("b rank-1", partial(_f, GLOVE_X, {**GLOVE, "b": np.zeros(6)}), ValueError,
                 r"^b must have shape \(6, 1\) for a vocabulary of 6 words"),
             Bad("b_prime a row", partial(_f, GLOVE_X, {**GLOVE, "b_prime": np.ones((1, 6))}), ValueError,
                 r"^b_prime must have shape \(6, 1\)"),
             Bad("no b_prime", partial(_f, GLOVE_X, without(GLOVE, "b_prime")), ValueError,
                 r"^params is missing key\(s\) \['b_prime'\]"),
             Bad("Theta NaN", partial(_f, GLOVE_X, {**GLOVE, "Theta": poisoned(GLOVE["Theta"], NAN)}), ValueError,
                 r"^Theta must contain only finite"),
             Bad("x_max 0", partial(_f, GLOVE_X, GLOVE, x_max=0.0), ValueError, r"^x_max must be positive")],
        same=[Same("int counts and params", partial(_f, GLOVE_X, GLOVE_I),
                   partial(_f, GLOVE_X.astype(float), as_float(GLOVE_I)))],
    )
add(
    "debiasing.bias_direction",
    valid=lambda: debiasing.bias_direction([("man", "woman"), ("king", "queen")], EMB_E, EMB_VOCAB, method="pca"),
    bad=[Bad("no pair", lambda: debiasing.bias_direction([], EMB_E, EMB_VOCAB), ValueError,
             r"^pairs must hold at least one pair of words"),
         Bad("unknown word", lambda: debiasing.bias_direction([("man", "duchess")], EMB_E, EMB_VOCAB), ValueError,
             r"^pairs\[0\] word 'duchess' is not in vocab"),
         Bad("a pair of indices", lambda: debiasing.bias_direction([(0, 1)], EMB_E, EMB_VOCAB), TypeError,
             r"^pairs\[0\] word must be a word \(a string\)"),
         Bad("a word for a pair", lambda: debiasing.bias_direction(["man"], EMB_E, EMB_VOCAB), TypeError,
             r"^pairs\[0\] must be a pair of words"),
         Bad("method 'first'", lambda: debiasing.bias_direction([("man", "woman")], EMB_E, EMB_VOCAB, method="first"),
             ValueError, r"^method must be 'mean' or 'pca', got 'first'"),
         Bad("same words", lambda: debiasing.bias_direction([("man", "man")], EMB_E, EMB_VOCAB), ValueError,
             r"^the pairs give no bias direction")],
    same=[Same("int E", lambda: debiasing.bias_direction([("man", "woman")], EMB_E_I, EMB_VOCAB),
               lambda: debiasing.bias_direction([("man", "woman")], EMB_E_I.astype(float), EMB_VOCAB))],
    legit=[("pairs as lists", lambda: debiasing.bias_direction([["man", "woman"]], EMB_E, EMB_VOCAB))],
)
add(
    "debiasing.neutralize",
    valid=lambda: debiasing.neutralize(EMB_E, G_DIR),
    bad=[Bad("g zero", lambda: debiasing.neutralize(EMB_E[:, 0], np.zeros(3)), ValueError,
             r"^g must not be a zero vector"),
         Bad("g of another size", lambda: debiasing.neutralize(EMB_E[:, 0], np.ones(4)), ValueError,
             r"^g must have shape \(3,\) to match vectors of size n_e = 3"),
         Bad("g a column", lambda: debiasing.neutralize(EMB_E[:, 0], G_DIR[:, None]), ValueError, r"^g must have shape \(3,\)"),
         Bad("e 3-D", lambda: debiasing.neutralize(EMB_E[None], G_DIR), ValueError, r"^e must have shape \(n_e,\) or \(n_e, k\)"),
         Bad("e NaN", lambda: debiasing.neutralize(poisoned(EMB_E[:, 0], NAN), G_DIR), ValueError,
             r"^e must contain only finite")],
    same=[Same("int vectors", lambda: debiasing.neutralize([1, 2, 3], [1, 1, 0]),
               lambda: debiasing.neutralize(np.array([1.0, 2.0, 3.0]), np.array([1.0, 1.0, 0.0])))],
    legit=[("e along g", lambda: debiasing.neutralize(2 * G_DIR, G_DIR))],
)
add(
    "debiasing.equalize",
    valid=lambda: debiasing.equalize(UNIT[:, 0], UNIT[:, 1], G_DIR),
    bad=[Bad("same component along g", lambda: debiasing.equalize(np.array([0.6, 0.8]), np.array([0.6, -0.8]),
                                                                  np.array([1.0, 0.0])),
             ValueError, r"^e_w1 and e_w2 have the same component along g"),
         Bad("g zero", lambda: debiasing.equalize(UNIT[:, 0], UNIT[:, 1], np.zeros(3)), ValueError,
             r"^g must not be a zero vector"),
         Bad("e_w2 of another size", lambda: debiasing.equalize(UNIT[:, 0], np.ones(2), G_DIR), ValueError,
             r"^e_w2 must have shape \(3,\)"),
         Bad("e_w1 columns", lambda: debiasing.equalize(UNIT[:, :2], UNIT[:, 1], G_DIR), ValueError,
             r"^e_w1 must have shape \(n_e,\), got \(3, 2\)"),
         Bad("e_w1 strings", lambda: debiasing.equalize("man", UNIT[:, 1], G_DIR), TypeError, r"^e_w1 must be a numeric")],
    same=[Same("int vectors", lambda: debiasing.equalize([1, 0], [0, 1], [1, -1]),
               lambda: debiasing.equalize(np.array([1.0, 0.0]), np.array([0.0, 1.0]), np.array([1.0, -1.0])))],
    legit=[("vectors longer than 1", lambda: debiasing.equalize(EMB_E[:, 0], EMB_E[:, 1], G_DIR))],
)


# --- recurrent, gru, lstm and language_model (Course 5, Week 1; x is (n_x, m, T_x)) ---------------

from dlspec import gru, language_model, lstm, recurrent  # noqa: E402

_seq = np.random.default_rng(51)
SEQ_X = _seq.standard_normal((3, 5, 2))  # n_x = 3, m = 5, T_x = 2
SEQ_XI = np.arange(30).reshape(3, 5, 2) % 3 - 1  # int64, same shape
SEQ_A0 = _seq.standard_normal((4, 5))  # n_a = 4
RNN_P = {"Waa": 0.5 * _seq.standard_normal((4, 4)), "Wax": _seq.standard_normal((4, 3)),
         "ba": _seq.standard_normal((4, 1))}
RNN_PI = {"Waa": np.eye(4, dtype=int), "Wax": np.ones((4, 3), int), "ba": np.zeros((4, 1), int)}
GRU_P = {k: _seq.standard_normal((4, 7) if k.startswith("W") else (4, 1)) for k in gru.GRU_PARAMS}
GRU_PI = {k: np.ones((4, 7) if k.startswith("W") else (4, 1), int) for k in gru.GRU_PARAMS}
LSTM_P = {k: _seq.standard_normal((4, 7) if k.startswith("W") else (4, 1)) for k in lstm.LSTM_PARAMS}
LSTM_PI = {k: np.ones((4, 7) if k.startswith("W") else (4, 1), int) for k in lstm.LSTM_PARAMS}
RNN_A1, RNN_CELL_CACHE = recurrent.rnn_cell_forward(SEQ_X[:, :, 0], SEQ_A0, RNN_P)
RNN_A, RNN_CACHE = recurrent.rnn_forward(SEQ_X, SEQ_A0, RNN_P)  # (4, 5, 2)
GRU_A1, GRU_CELL_CACHE = gru.gru_cell_forward(SEQ_X[:, :, 0], SEQ_A0, GRU_P)
GRU_A, GRU_CACHE = gru.gru_forward(SEQ_X, SEQ_A0, GRU_P)
LSTM_A1, LSTM_C1, LSTM_CELL_CACHE = lstm.lstm_cell_forward(SEQ_X[:, :, 0], SEQ_A0, SEQ_A0, LSTM_P)
LSTM_A, LSTM_C, LSTM_CACHE = lstm.lstm_forward(SEQ_X, SEQ_A0, LSTM_P)
OUT_P = {"Wya": _seq.standard_normal((3, 4)), "by": _seq.standard_normal((3, 1))}  # n_y = 3
OUT_Y, OUT_CACHE = language_model.rnn_output_forward(RNN_A, OUT_P)  # (3, 5, 2)
SEQ_Y = np.eye(3)[:, np.arange(10).reshape(5, 2) % 3]  # one-hot (3, 5, 2)
CHAR_P = {**RNN_P, **OUT_P}  # a character model: n_x = n_y = 3
CLIP_G = {"dW": np.array([[3.0, -7.0]]), "db": np.array([[0.5]])}
CLIP_GI = {"dW": np.array([[3, -7]]), "db": np.array([[True]])}


def _sequence_bad(f, state_name, params, *rest):
    """The bad x, a0 and params of a sequence forward ``f(x, a0, params, *rest)``."""
    return [
        Bad("x 2-D", lambda: f(SEQ_X[:, :, 0], SEQ_A0, params, *rest), ValueError,
            r"^x must have shape \((3|n_x), m, T_x\).*\(one time step of shape \(n_x, m\) as x\[:, :, None\]\)"),
        Bad("x of another n_x", lambda: f(SEQ_X[:2], SEQ_A0, params, *rest), ValueError,
            r"^(x|W[rf]) must have shape"),
        Bad("x m = 0", lambda: f(SEQ_X[:, :0], SEQ_A0[:, :0], params, *rest), ValueError,
            r"^x must hold at least one example"),
        Bad("x T_x = 0", lambda: f(SEQ_X[:, :, :0], SEQ_A0, params, *rest), ValueError,
            r"^x must hold at least one time step"),
        Bad("x NaN", lambda: f(poisoned(SEQ_X, NAN), SEQ_A0, params, *rest), ValueError,
            r"^x must contain only finite numbers, found NaN"),
        Bad("x strings", lambda: f([[["a"]]], SEQ_A0, params, *rest), TypeError, r"^x must be a numeric"),
        Bad(f"{state_name} transposed", lambda: f(SEQ_X, SEQ_A0.T, params, *rest), ValueError,
            rf"^{state_name} must have shape \(4, 5\)"),
        Bad(f"{state_name} infinity", lambda: f(SEQ_X, poisoned(SEQ_A0, INF), params, *rest), ValueError,
            rf"^{state_name} must contain only finite numbers, found infinity"),
        Bad("params a list", lambda: f(SEQ_X, SEQ_A0, list(params.values()), *rest), TypeError,
            r"^params must be a dict"),
        Bad("params lower-case keys", lambda: f(SEQ_X, SEQ_A0, lowered(params), *rest), ValueError,
            r"^params is missing key\(s\)"),
        Bad("a weight NaN", lambda: f(SEQ_X, SEQ_A0, {k: poisoned(v, NAN) if k.startswith("W") else v
                                                       for k, v in params.items()}, *rest), ValueError,
            r"^W\w+ must contain only finite numbers, found NaN"),
        Bad("a bias rank-1", lambda: f(SEQ_X, SEQ_A0, {k: v[:, 0] if k.startswith("b") else v
                                                        for k, v in params.items()}, *rest), ValueError,
            r"^b\w* must have shape \(4, 1\)"),
    ]


def _backward_bad(f, out, cache, other_cache, block, other_block, upstream="da", extra=()):
    return [
        Bad(f"cache of {other_block}", lambda: f(out, *extra, other_cache), TypeError,
            rf"^cache was made by {other_block}, but .* needs {block}"),
        Bad("cache None", lambda: f(out, *extra, None), TypeError, rf"^cache must be the cache returned by {block}"),
        Bad(f"{upstream} transposed", lambda: f(np.swapaxes(out, 0, 1), *extra, cache), ValueError,
            rf"^{upstream} must have shape \({', '.join(map(str, out.shape))}\), the shape of {block}'s output"),
        Bad(f"{upstream} strings", lambda: f([["a"]], *extra, cache), TypeError, rf"^{upstream} must be a numeric"),
    ]


add(
    "recurrent.rnn_forward",
    valid=lambda: recurrent.rnn_forward(SEQ_X, SEQ_A0, RNN_P),
    bad=[*_sequence_bad(recurrent.rnn_forward, "a0", RNN_P),
         Bad("Waa not square", lambda: recurrent.rnn_forward(SEQ_X, SEQ_A0, {**RNN_P, "Waa": RNN_P["Wax"]}),
             ValueError, r"^Waa must be square")],
    same=[Same("int x and params", lambda: recurrent.rnn_forward(SEQ_XI, SEQ_A0, RNN_PI),
               lambda: recurrent.rnn_forward(SEQ_XI.astype(float), SEQ_A0, as_float(RNN_PI)))],
    legit=[("one step, one example", lambda: recurrent.rnn_forward(SEQ_X[:, :1, :1], SEQ_A0[:, :1], RNN_P)),
           ("extra keys in params", lambda: recurrent.rnn_forward(SEQ_X, SEQ_A0, {**RNN_P, **OUT_P}))],
)
add(
    "recurrent.rnn_cell_forward",
    valid=lambda: recurrent.rnn_cell_forward(SEQ_X[:, :, 0], SEQ_A0, RNN_P),
    bad=[Bad("xt a sequence", lambda: recurrent.rnn_cell_forward(SEQ_X, SEQ_A0, RNN_P), ValueError,
             r"^xt must have shape \(3, m\) .*goes to rnn_forward"),
         Bad("xt transposed", lambda: recurrent.rnn_cell_forward(SEQ_X[:, :, 0].T, SEQ_A0, RNN_P), ValueError,
             r"^xt must have shape \(3, m\)"),
         Bad("xt NaN", lambda: recurrent.rnn_cell_forward(poisoned(SEQ_X[:, :, 0], NAN), SEQ_A0, RNN_P),
             ValueError, r"^xt must contain only finite numbers"),
         Bad("a_prev of another m", lambda: recurrent.rnn_cell_forward(SEQ_X[:, :, 0], SEQ_A0[:, :2], RNN_P),
             ValueError, r"^a_prev must have shape \(4, 5\)"),
         Bad("no ba", lambda: recurrent.rnn_cell_forward(SEQ_X[:, :, 0], SEQ_A0, without(RNN_P, "ba")),
             ValueError, r"^params is missing key\(s\) \['ba'\]")],
    same=[Same("int xt", lambda: recurrent.rnn_cell_forward(SEQ_XI[:, :, 0], SEQ_A0, RNN_P),
               lambda: recurrent.rnn_cell_forward(SEQ_XI[:, :, 0].astype(float), SEQ_A0, RNN_P))],
)
add(
    "recurrent.rnn_backward",
    valid=lambda: recurrent.rnn_backward(RNN_A, RNN_CACHE),
    bad=_backward_bad(recurrent.rnn_backward, RNN_A, RNN_CACHE, RNN_CELL_CACHE, "rnn_forward", "rnn_cell_forward"),
    same=[Same("int da", lambda: recurrent.rnn_backward(np.ones((4, 5, 2), int), RNN_CACHE),
               lambda: recurrent.rnn_backward(np.ones((4, 5, 2)), RNN_CACHE))],
)
add(
    "recurrent.rnn_cell_backward",
    valid=lambda: recurrent.rnn_cell_backward(RNN_A1, RNN_CELL_CACHE),
    bad=_backward_bad(recurrent.rnn_cell_backward, RNN_A1, RNN_CELL_CACHE, RNN_CACHE, "rnn_cell_forward",
                      "rnn_forward", upstream="da_next"),
    same=[Same("int da_next", lambda: recurrent.rnn_cell_backward(np.ones((4, 5), int), RNN_CELL_CACHE),
               lambda: recurrent.rnn_cell_backward(np.ones((4, 5)), RNN_CELL_CACHE))],
)
add(
    "gru.gru_forward",
    valid=lambda: gru.gru_forward(SEQ_X, SEQ_A0, GRU_P),
    bad=_sequence_bad(gru.gru_forward, "a0", GRU_P),
    same=[Same("int x and params", lambda: gru.gru_forward(SEQ_XI, SEQ_A0, GRU_PI),
               lambda: gru.gru_forward(SEQ_XI.astype(float), SEQ_A0, as_float(GRU_PI)))],
    legit=[("one step, one example", lambda: gru.gru_forward(SEQ_X[:, :1, :1], SEQ_A0[:, :1], GRU_P))],
)
add(
    "gru.gru_cell_forward",
    valid=lambda: gru.gru_cell_forward(SEQ_X[:, :, 0], SEQ_A0, GRU_P),
    bad=[Bad("xt a sequence", lambda: gru.gru_cell_forward(SEQ_X, SEQ_A0, GRU_P), ValueError,
             r"^xt must have shape \(n_x, m\)"),
         Bad("a_prev transposed", lambda: gru.gru_cell_forward(SEQ_X[:, :, 0], SEQ_A0.T, GRU_P), ValueError,
             r"^a_prev must have shape \(4, 5\)"),
         Bad("Wc of another n_x", lambda: gru.gru_cell_forward(SEQ_X[:, :, 0], SEQ_A0, {**GRU_P, "Wc": GRU_P["Wc"][:, :6]}),
             ValueError, r"^Wc must have shape \(4, 7\) = \(n_a, n_a \+ n_x\)")],
    same=[Same("int xt", lambda: gru.gru_cell_forward(SEQ_XI[:, :, 0], SEQ_A0, GRU_P),
               lambda: gru.gru_cell_forward(SEQ_XI[:, :, 0].astype(float), SEQ_A0, GRU_P))],
)
add(
    "gru.gru_backward",
    valid=lambda: gru.gru_backward(GRU_A, GRU_CACHE),
    bad=_backward_bad(gru.gru_backward, GRU_A, GRU_CACHE, RNN_CACHE, "gru_forward", "rnn_forward"),
    same=[Same("int da", lambda: gru.gru_backward(np.ones((4, 5, 2), int), GRU_CACHE),
               lambda: gru.gru_backward(np.ones((4, 5, 2)), GRU_CACHE))],
)
add(
    "gru.gru_cell_backward",
    valid=lambda: gru.gru_cell_backward(GRU_A1, GRU_CELL_CACHE),
    bad=_backward_bad(gru.gru_cell_backward, GRU_A1, GRU_CELL_CACHE, RNN_CELL_CACHE, "gru_cell_forward",
                      "rnn_cell_forward", upstream="da_next"),
    same=[Same("int da_next", lambda: gru.gru_cell_backward(np.ones((4, 5), int), GRU_CELL_CACHE),
               lambda: gru.gru_cell_backward(np.ones((4, 5)), GRU_CELL_CACHE))],
)
add(
    "lstm.lstm_forward",
    valid=lambda: lstm.lstm_forward(SEQ_X, SEQ_A0, LSTM_P, SEQ_A0),
    bad=[*_sequence_bad(lstm.lstm_forward, "a0", LSTM_P),
         Bad("c0 transposed", lambda: lstm.lstm_forward(SEQ_X, SEQ_A0, LSTM_P, SEQ_A0.T), ValueError,
             r"^c0 must have shape \(4, 5\) \(n_a, m\) to match Wf of shape \(4, 7\)"),
         Bad("c0 NaN", lambda: lstm.lstm_forward(SEQ_X, SEQ_A0, LSTM_P, poisoned(SEQ_A0, NAN)), ValueError,
             r"^c0 must contain only finite numbers, found NaN")],
    same=[Same("int x and params", lambda: lstm.lstm_forward(SEQ_XI, SEQ_A0, LSTM_PI),
               lambda: lstm.lstm_forward(SEQ_XI.astype(float), SEQ_A0, as_float(LSTM_PI)))],
    legit=[("one step, one example", lambda: lstm.lstm_forward(SEQ_X[:, :1, :1], SEQ_A0[:, :1], LSTM_P))],
)
add(
    "lstm.lstm_cell_forward",
    valid=lambda: lstm.lstm_cell_forward(SEQ_X[:, :, 0], SEQ_A0, SEQ_A0, LSTM_P),
    bad=[Bad("xt a sequence", lambda: lstm.lstm_cell_forward(SEQ_X, SEQ_A0, SEQ_A0, LSTM_P), ValueError,
             r"^xt must have shape \(n_x, m\)"),
         Bad("c_prev None", lambda: lstm.lstm_cell_forward(SEQ_X[:, :, 0], SEQ_A0, None, LSTM_P), TypeError,
             r"^c_prev must be a numeric"),
         Bad("c_prev of another m", lambda: lstm.lstm_cell_forward(SEQ_X[:, :, 0], SEQ_A0, SEQ_A0[:, :1], LSTM_P),
             ValueError, r"^c_prev must have shape \(4, 5\)"),
         Bad("a_prev and c_prev swapped with params", lambda: lstm.lstm_cell_forward(SEQ_X[:, :, 0], SEQ_A0, LSTM_P, SEQ_A0),
             TypeError, r"^params must be a dict")],
    same=[Same("int xt", lambda: lstm.lstm_cell_forward(SEQ_XI[:, :, 0], SEQ_A0, SEQ_A0, LSTM_P),
               lambda: lstm.lstm_cell_forward(SEQ_XI[:, :, 0].astype(float), SEQ_A0, SEQ_A0, LSTM_P))],
)
add(
    "lstm.lstm_backward",
    valid=lambda: lstm.lstm_backward(LSTM_A, LSTM_CACHE),
    bad=_backward_bad(lstm.lstm_backward, LSTM_A, LSTM_CACHE, GRU_CACHE, "lstm_forward", "gru_forward"),
    same=[Same("int da", lambda: lstm.lstm_backward(np.ones((4, 5, 2), int), LSTM_CACHE),
               lambda: lstm.lstm_backward(np.ones((4, 5, 2)), LSTM_CACHE))],
)
add(
    "lstm.lstm_cell_backward",
    valid=lambda: lstm.lstm_cell_backward(LSTM_A1, LSTM_C1, LSTM_CELL_CACHE),
    bad=[*_backward_bad(lstm.lstm_cell_backward, LSTM_A1, LSTM_CELL_CACHE, GRU_CELL_CACHE, "lstm_cell_forward",
                        "gru_cell_forward", upstream="da_next", extra=(LSTM_C1,)),
         Bad("dc_next transposed", lambda: lstm.lstm_cell_backward(LSTM_A1, LSTM_C1.T, LSTM_CELL_CACHE), ValueError,
             r"^dc_next must have shape \(4, 5\), the shape of lstm_cell_forward's output")],
    same=[Same("int da_next and dc_next",
               lambda: lstm.lstm_cell_backward(np.ones((4, 5), int), np.ones((4, 5), int), LSTM_CELL_CACHE),
               lambda: lstm.lstm_cell_backward(np.ones((4, 5)), np.ones((4, 5)), LSTM_CELL_CACHE))],
)
add(
    "language_model.rnn_output_forward",
    valid=lambda: language_model.rnn_output_forward(RNN_A, OUT_P),
    bad=[Bad("a 2-D", lambda: language_model.rnn_output_forward(RNN_A[:, :, 0], OUT_P), ValueError,
             r"^a must have shape \(4, m, T\) to match Wya of shape \(3, 4\), got \(4, 5\)"),
         Bad("a T = 0", lambda: language_model.rnn_output_forward(RNN_A[:, :, :0], OUT_P), ValueError,
             r"^a must hold at least one example and one time step"),
         Bad("a NaN", lambda: language_model.rnn_output_forward(poisoned(RNN_A, NAN), OUT_P), ValueError,
             r"^a must contain only finite numbers"),
         Bad("by a row", lambda: language_model.rnn_output_forward(RNN_A, {**OUT_P, "by": OUT_P["by"].T}),
             ValueError, r"^by must have shape \(3, 1\) to match Wya of shape \(3, 4\)"),
         Bad("no Wya", lambda: language_model.rnn_output_forward(RNN_A, without(OUT_P, "Wya")), ValueError,
             r"^params is missing key\(s\) \['Wya'\]")],
    same=[Same("int a", lambda: language_model.rnn_output_forward(SEQ_XI[:, :, :], {"Wya": OUT_P["Wya"][:, :3], "by": OUT_P["by"]}),
               lambda: language_model.rnn_output_forward(SEQ_XI.astype(float), {"Wya": OUT_P["Wya"][:, :3], "by": OUT_P["by"]}))],
    legit=[("the cell's keys too", lambda: language_model.rnn_output_forward(RNN_A, {**OUT_P, **RNN_P}))],
)
add(
    "language_model.rnn_output_backward",
    valid=lambda: language_model.rnn_output_backward(OUT_Y, OUT_CACHE),
    bad=_backward_bad(language_model.rnn_output_backward, OUT_Y, OUT_CACHE, RNN_CACHE, "rnn_output_forward",
                      "rnn_forward", upstream="dy"),
    same=[Same("int dy", lambda: language_model.rnn_output_backward(np.ones((3, 5, 2), int), OUT_CACHE),
               lambda: language_model.rnn_output_backward(np.ones((3, 5, 2)), OUT_CACHE))],
)
for _name in ("sequence_softmax_cross_entropy", "sequence_softmax_cross_entropy_backward"):
    _f = getattr(language_model, _name)
    add(
        f"language_model.{_name}",
        valid=partial(_f, OUT_Y, SEQ_Y),
        bad=[Bad("y 2-D", partial(_f, OUT_Y[:, :, 0], SEQ_Y[:, :, 0]), ValueError, r"^y must have shape \(n_y, m, T\)"),
             Bad("Y of another shape", partial(_f, OUT_Y, SEQ_Y[:, :, :1]), ValueError,
                 r"^Y must have shape \(3, 5, 2\) \(one-hot, e\.g\. np\.eye\(n_y\)\[:, labels\]"),
             Bad("Y not one-hot", partial(_f, OUT_Y, 0.5 * SEQ_Y), ValueError, r"one-hot|0 and 1|sum"),
             Bad("y NaN", partial(_f, poisoned(OUT_Y, NAN), SEQ_Y), ValueError, r"finite"),
             Bad("T = 0", partial(_f, OUT_Y[:, :, :0], SEQ_Y[:, :, :0]), ValueError,
                 r"^y must hold at least one example and one time step")],
        same=[Same("bool Y", partial(_f, OUT_Y, SEQ_Y.astype(bool)), partial(_f, OUT_Y, SEQ_Y))],
    )
add(
    "language_model.clip_gradients",
    valid=lambda: language_model.clip_gradients(CLIP_G, 5.0),
    bad=[Bad("max_value 0", lambda: language_model.clip_gradients(CLIP_G, 0), ValueError, r"^max_value must be positive"),
         Bad("max_value negative", lambda: language_model.clip_gradients(CLIP_G, -5.0), ValueError, r"^max_value must be"),
         Bad("max_value a string", lambda: language_model.clip_gradients(CLIP_G, "5"), TypeError, r"^max_value must be a real"),
         Bad("grads a list", lambda: language_model.clip_gradients(list(CLIP_G.values()), 5.0), TypeError,
             r"^grads must be a dict"),
         Bad("grads empty", lambda: language_model.clip_gradients({}, 5.0), ValueError, r"^grads must hold at least one"),
         Bad("a gradient NaN", lambda: language_model.clip_gradients({"dW": poisoned(CLIP_G["dW"], NAN)}, 5.0),
             ValueError, r"^grads\['dW'\] must contain only finite numbers, found NaN"),
         Bad("a gradient strings", lambda: language_model.clip_gradients({"dW": [["a"]]}, 5.0), TypeError,
             r"^grads\['dW'\] must be a numeric")],
    same=[Same("int and bool gradients", lambda: language_model.clip_gradients(CLIP_GI, 5),
               lambda: language_model.clip_gradients(as_float(CLIP_GI), 5.0))],
)
add(
    "language_model.clip_by_global_norm",
    valid=lambda: language_model.clip_by_global_norm(CLIP_G, 1.0),
    bad=[Bad("max_norm 0", lambda: language_model.clip_by_global_norm(CLIP_G, 0.0), ValueError, r"^max_norm must be positive"),
         Bad("max_norm infinity", lambda: language_model.clip_by_global_norm(CLIP_G, INF), ValueError, r"^max_norm must be"),
         Bad("grads None", lambda: language_model.clip_by_global_norm(None, 1.0), TypeError, r"^grads must be a dict"),
         Bad("a gradient infinity", lambda: language_model.clip_by_global_norm({"db": poisoned([[1.0, 2.0]], INF)}, 1.0),
             ValueError, r"^grads\['db'\] must contain only finite numbers, found infinity")],
    same=[Same("int and bool gradients", lambda: language_model.clip_by_global_norm(CLIP_GI, 1),
               lambda: language_model.clip_by_global_norm(as_float(CLIP_GI), 1.0))],
)
add(
    "language_model.sample_with_temperature",
    valid=lambda: language_model.sample_with_temperature(OUT_Y[:, :, 0], 0.7, rng=seeded()),
    bad=[Bad("logits rank-1", lambda: language_model.sample_with_temperature(OUT_Y[:, 0, 0], 1.0, rng=seeded()),
             ValueError, r"^logits must have shape \(n_y, m\) \(one column of n_y logits as logits\[:, None\]\)"),
         Bad("logits 3-D", lambda: language_model.sample_with_temperature(OUT_Y, 1.0, rng=seeded()), ValueError,
             r"^logits must have shape \(n_y, m\)"),
         Bad("logits no column", lambda: language_model.sample_with_temperature(OUT_Y[:, :0, 0], 1.0, rng=seeded()),
             ValueError, r"^logits must hold at least one class and one column"),
         Bad("logits NaN", lambda: language_model.sample_with_temperature(poisoned(OUT_Y[:, :, 0], NAN), 1.0, rng=seeded()),
             ValueError, r"^logits must contain only finite numbers"),
         Bad("temperature negative", lambda: language_model.sample_with_temperature(OUT_Y[:, :, 0], -1.0, rng=seeded()),
             ValueError, r"^temperature must be a finite number in \[0.0, inf\]"),
         Bad("temperature None", lambda: language_model.sample_with_temperature(OUT_Y[:, :, 0], None, rng=seeded()),
             TypeError, r"^temperature must be a real number"),
         Bad("rng a seed", lambda: language_model.sample_with_temperature(OUT_Y[:, :, 0], 1.0, rng=0), TypeError,
             r"^rng must be a numpy.random.Generator")],
    same=[Same("int logits", lambda: language_model.sample_with_temperature(XI, 1.0, rng=seeded()),
               lambda: language_model.sample_with_temperature(XF, 1.0, rng=seeded()))],
    legit=[("temperature 0", lambda: language_model.sample_with_temperature(OUT_Y[:, :, 0], 0, rng=seeded())),
           ("one class", lambda: language_model.sample_with_temperature(OUT_Y[:1, :, 0], 1.0, rng=seeded()))],
)
add(
    "language_model.sample_sequence",
    valid=lambda: language_model.sample_sequence(CHAR_P, rng=seeded(), stop=2, max_length=10),
    bad=[Bad("cell unknown", lambda: language_model.sample_sequence(CHAR_P, rng=seeded(), cell="transformer"),
             ValueError, r"^cell must be one of 'rnn', 'gru', 'lstm', got 'transformer'"),
         Bad("the cell's params missing", lambda: language_model.sample_sequence(CHAR_P, rng=seeded(), cell="gru"),
             ValueError, r"^params is missing key\(s\) \['Wr'\]"),
         Bad("n_x != n_y", lambda: language_model.sample_sequence({**CHAR_P, "Wax": RNN_P["Wax"][:, :2]}, rng=seeded()), ValueError,
             r"^the cell's input size n_x must equal the vocabulary size n_y = 3"),
         Bad("stop outside the vocabulary", lambda: language_model.sample_sequence(CHAR_P, rng=seeded(), stop=3),
             ValueError, r"^stop must be an index of the vocabulary, 0 to 2, got 3"),
         Bad("first a float", lambda: language_model.sample_sequence(CHAR_P, rng=seeded(), first=1.0), TypeError,
             r"^first must be an integer"),
         Bad("max_length 0", lambda: language_model.sample_sequence(CHAR_P, rng=seeded(), max_length=0), ValueError,
             r"^max_length must be an integer >= 1"),
         Bad("temperature negative", lambda: language_model.sample_sequence(CHAR_P, rng=seeded(), temperature=-1),
             ValueError, r"^temperature must be"),
         Bad("rng missing", lambda: language_model.sample_sequence(CHAR_P, rng=None), TypeError, r"^rng must be")],
    same=[Same("NumPy integers", lambda: language_model.sample_sequence(CHAR_P, rng=seeded(), first=np.int64(1), stop=np.int32(2)),
               lambda: language_model.sample_sequence(CHAR_P, rng=seeded(), first=1, stop=2))],
)


# --- attention, seq2seq, beam_search and bleu (Course 5, Week 3; attention is batch-first (m, T, d)) ---

from dlspec import attention, beam_search, bleu, seq2seq  # noqa: E402

_att = np.random.default_rng(53)
ATT_S = _att.standard_normal((2, 4))  # s_prev (m, n_s): m = 2, n_s = 4
ATT_A = _att.standard_normal((2, 3, 5))  # a (m, T_x, 2 n_a): T_x = 3, 2 n_a = 5
ATT_P = attention.init_attention(4, 5, 6, rng=seeded())  # n_e = 6: W1 (6, 9), b1 (6, 1), W2 (1, 6), b2 (1, 1)
ATT_SI, ATT_AI = np.array([[1, 0, -1, 2], [0, 1, 1, -2]]), np.arange(30).reshape(2, 3, 5) % 3 - 1
ATT_PI = {"W1": np.arange(54).reshape(6, 9) % 3 - 1, "b1": np.ones((6, 1), int), "W2": np.ones((1, 6), int),
          "b2": np.zeros((1, 1), int)}
ATT_MASK = np.array([[1, 1, 1], [1, 1, 0]])  # the second example's last step is padding
ATT_CTX, ATT_ALPHAS, ATT_CACHE = attention.additive_attention_forward(ATT_S, ATT_A, ATT_P, mask=ATT_MASK)
S2S_IDX = np.array([[0, 1, 2], [3, 3, 1]])  # (m, T_x) = (2, 3) characters of n_x = 4
S2S_X, S2S_XI = np.eye(4)[:, S2S_IDX], np.eye(4, dtype=int)[:, S2S_IDX]  # one-hot (n_x, m, T_x) = (4, 2, 3)
S2S_P = seq2seq.init_seq2seq(4, 3, n_a=2, n_s=5, n_e=3, rng=seeded())  # n_y = 3, W1_att (3, 9)
S2S_LOGITS, S2S_ALPHAS, S2S_CACHE = seq2seq.seq2seq_forward(S2S_X, S2S_P, T_y=2, mask=ATT_MASK)  # (3, 2, 2)
# A bigram model of 3 output tokens (0 ends a sentence) and a start token 3: log P(next | last).
BS_TABLE = np.log([[0.1, 0.6, 0.3], [0.5, 0.25, 0.25], [0.2, 0.2, 0.6], [0.3, 0.4, 0.3]])
BS_ARGS = {"start_token": 3, "end_token": 0, "max_length": 4}
BLEU_C = "the cat sat on the mat".split()
BLEU_R1, BLEU_R2 = "the cat is on the mat".split(), "there is a cat on the mat".split()


def _bigram(tokens_last, states):
    return BS_TABLE[tokens_last], states


def _dict_state_bigram(tokens_last, states):
    return BS_TABLE[tokens_last], {"a": states["a"] + 1.0}


add(
    "attention.additive_attention_forward",
    valid=lambda: attention.additive_attention_forward(ATT_S, ATT_A, ATT_P),
    bad=[Bad("s_prev rank-1", lambda: attention.additive_attention_forward(ATT_S[0], ATT_A, ATT_P), ValueError,
             r"^s_prev must have shape \(m, n_s\), got \(4,\)"),
         Bad("a in the recurrent layout (2 n_a, m, T_x)",
             lambda: attention.additive_attention_forward(ATT_S, ATT_A.transpose(2, 0, 1), ATT_P), ValueError,
             r"^a must have shape \(2, T_x, 2 n_a\) \(batch-first, .*use a\.transpose\(1, 2, 0\)\), got \(5, 2, 3\)"),
         Bad("a T_x = 0", lambda: attention.additive_attention_forward(ATT_S, ATT_A[:, :0], ATT_P), ValueError,
             r"^a must hold at least one example and one time step, got shape \(2, 0, 5\)"),
         Bad("a NaN", lambda: attention.additive_attention_forward(ATT_S, poisoned(ATT_A, NAN), ATT_P), ValueError,
             r"^a must contain only finite numbers, found NaN"),
         Bad("s_prev infinity", lambda: attention.additive_attention_forward(poisoned(ATT_S, INF), ATT_A, ATT_P),
             ValueError, r"^s_prev must contain only finite numbers, found infinity"),
         Bad("a strings", lambda: attention.additive_attention_forward(ATT_S, [[["a"]]], ATT_P), TypeError,
             r"^a must be a numeric"),
         Bad("params a list", lambda: attention.additive_attention_forward(ATT_S, ATT_A, list(ATT_P.values())),
             TypeError, r"^params must be a dict"),
         Bad("no W2", lambda: attention.additive_attention_forward(ATT_S, ATT_A, without(ATT_P, "W2")), ValueError,
             r"^params is missing key\(s\) \['W2'\]"),
         Bad("W1 without the s_prev columns",
             lambda: attention.additive_attention_forward(ATT_S, ATT_A, {**ATT_P, "W1": ATT_P["W1"][:, 4:]}),
             ValueError, r"^W1 must have shape \(n_e, 9\) = \(n_e, n_s \+ 2 n_a\) for n_s = 4 \(s_prev\) and 2 n_a = 5"),
         Bad("W2 a column", lambda: attention.additive_attention_forward(ATT_S, ATT_A, {**ATT_P, "W2": ATT_P["W2"].T}),
             ValueError, r"^W2 must have shape \(1, 6\) = \(1, n_e\)"),
         Bad("W1 NaN", lambda: attention.additive_attention_forward(ATT_S, ATT_A, {**ATT_P, "W1": poisoned(ATT_P["W1"], NAN)}),
             ValueError, r"^W1 must contain only finite numbers, found NaN"),
         Bad("mask transposed", lambda: attention.additive_attention_forward(ATT_S, ATT_A, ATT_P, mask=ATT_MASK.T),
             ValueError, r"^mask must have shape \(2, 3\) = \(m, T_x\), 1 = attend, 0 = masked, got \(3, 2\)"),
         Bad("mask of 2s", lambda: attention.additive_attention_forward(ATT_S, ATT_A, ATT_P, mask=2 * ATT_MASK),
             ValueError, r"^mask must contain only 0 and 1, found \[2\]"),
         Bad("mask NaN", lambda: attention.additive_attention_forward(ATT_S, ATT_A, ATT_P, mask=poisoned(ATT_MASK, NAN)),
             ValueError, r"^mask must contain only 0 and 1, found \[nan\]"),
         Bad("mask strings", lambda: attention.additive_attention_forward(ATT_S, ATT_A, ATT_P, mask=[["1"] * 3] * 2),
             TypeError, r"^mask must hold 1 \(attend\) and 0 \(masked\) as bool or numbers, got dtype <U1"),
         Bad("mask a ragged list", lambda: attention.additive_attention_forward(ATT_S, ATT_A, ATT_P, mask=[[1, 1, 1], [1]]),
             TypeError, r"^mask must hold 1 \(attend\) and 0 \(masked\) as bool or numbers, got a ragged list")],
    same=[Same("int s_prev, a and params", lambda: attention.additive_attention_forward(ATT_SI, ATT_AI, ATT_PI),
               lambda: attention.additive_attention_forward(ATT_SI.astype(float), ATT_AI.astype(float), as_float(ATT_PI))),
          Same("bool mask", lambda: attention.additive_attention_forward(ATT_S, ATT_A, ATT_P, mask=ATT_MASK.astype(bool)),
               lambda: attention.additive_attention_forward(ATT_S, ATT_A, ATT_P, mask=ATT_MASK.astype(float))),
          Same("mask a nested list", lambda: attention.additive_attention_forward(ATT_S, ATT_A, ATT_P, mask=ATT_MASK.tolist()),
               lambda: attention.additive_attention_forward(ATT_S, ATT_A, ATT_P, mask=ATT_MASK))],
    legit=[("one example, one input step", lambda: attention.additive_attention_forward(ATT_S[:1], ATT_A[:1, :1], ATT_P)),
           ("a row masked everywhere", lambda: attention.additive_attention_forward(ATT_S, ATT_A, ATT_P, mask=[[0, 0, 0], [1, 0, 1]])),
           ("extra keys in params", lambda: attention.additive_attention_forward(ATT_S, ATT_A, {**ATT_P, **LIN}))],
)
add(
    "attention.additive_attention_backward",
    valid=lambda: attention.additive_attention_backward(ATT_CTX, ATT_CACHE, dalphas=ATT_ALPHAS),
    bad=[*_backward_bad(attention.additive_attention_backward, ATT_CTX, ATT_CACHE, S2S_CACHE,
                        "additive_attention_forward", "seq2seq_forward", upstream="dcontext"),
         Bad("cache of lstm_forward", lambda: attention.additive_attention_backward(ATT_CTX, LSTM_CACHE), TypeError,
             r"^cache was made by lstm_forward, but .* needs additive_attention_forward"),
         Bad("dalphas transposed", lambda: attention.additive_attention_backward(ATT_CTX, ATT_CACHE, dalphas=ATT_ALPHAS.T),
             ValueError, r"^dalphas must have shape \(2, 3\), the shape of additive_attention_forward's output, got \(3, 2\)"),
         Bad("dalphas strings", lambda: attention.additive_attention_backward(ATT_CTX, ATT_CACHE, dalphas=[["a"]]),
             TypeError, r"^dalphas must be a numeric")],
    same=[Same("int dcontext and dalphas",
               lambda: attention.additive_attention_backward(np.ones((2, 5), int), ATT_CACHE, dalphas=np.eye(2, 3, dtype=int)),
               lambda: attention.additive_attention_backward(np.ones((2, 5)), ATT_CACHE, dalphas=np.eye(2, 3)))],
)
add(
    "attention.init_attention",
    valid=lambda: attention.init_attention(4, 5, 6, rng=seeded()),
    bad=[Bad("n_e 0", lambda: attention.init_attention(4, 5, 0, rng=seeded()), ValueError,
             r"^n_e must be an integer >= 1, got 0"),
         Bad("n_s a float", lambda: attention.init_attention(4.0, 5, 6, rng=seeded()), TypeError,
             r"^n_s must be an integer, got float"),
         Bad("n_c True", lambda: attention.init_attention(4, True, 6, rng=seeded()), TypeError,
             r"^n_c must be an integer, got bool"),
         Bad("rng a seed", lambda: attention.init_attention(4, 5, 6, rng=0), TypeError,
             r"^rng must be a numpy.random.Generator"),
         Bad("dtype int32", lambda: attention.init_attention(4, 5, 6, rng=seeded(), dtype=np.int32), TypeError,
             r"^dtype must be float32 or float64, got int32")],
    same=[Same("NumPy integers", lambda: attention.init_attention(np.int64(4), np.int32(5), np.uint8(6), rng=seeded()),
               lambda: attention.init_attention(4, 5, 6, rng=seeded()))],
    legit=[("every size 1", lambda: attention.init_attention(1, 1, 1, rng=seeded())),
           ("float32", lambda: attention.init_attention(4, 5, 6, rng=seeded(), dtype=np.float32))],
)

for _name in ("seq2seq_forward", "translate"):
    _f = getattr(seq2seq, _name)
    add(
        f"seq2seq.{_name}",
        valid=partial(_f, S2S_X, S2S_P, T_y=2, mask=ATT_MASK),
        bad=[Bad("x 2-D", partial(_f, S2S_X[:, :, 0], S2S_P, T_y=2), ValueError,
                 r"^x must have shape \(n_x, m, T_x\) \(one-hot characters, the recurrent layout\), got \(4, 2\)"),
             Bad("x of indices, not one-hot", partial(_f, S2S_IDX, S2S_P, T_y=2), ValueError,
                 r"^x must have shape \(n_x, m, T_x\) .*got \(2, 3\)"),
             Bad("x batch-first (m, n_x, T_x)", partial(_f, S2S_X.transpose(1, 0, 2), S2S_P, T_y=2), ValueError,
                 r"^Wf must have shape \(2, 4\) = \(n_a, n_a \+ n_x\) for n_a = 2 .* n_x = 2"),
             Bad("x m = 0", partial(_f, S2S_X[:, :0], S2S_P, T_y=2), ValueError, r"^x must hold at least one example"),
             Bad("x NaN", partial(_f, poisoned(S2S_X, NAN), S2S_P, T_y=2), ValueError,
                 r"^x must contain only finite numbers, found NaN"),
             Bad("x strings", partial(_f, [[["a"]]], S2S_P, T_y=2), TypeError, r"^x must be a numeric"),
             Bad("T_y 0", partial(_f, S2S_X, S2S_P, T_y=0), ValueError, r"^T_y must be an integer >= 1, got 0"),
             Bad("T_y a float", partial(_f, S2S_X, S2S_P, T_y=2.0), TypeError, r"^T_y must be an integer, got float"),
             Bad("params a list", partial(_f, S2S_X, list(S2S_P.values()), T_y=2), TypeError, r"^params must be a dict"),
             Bad("no Wy", partial(_f, S2S_X, without(S2S_P, "Wy"), T_y=2), ValueError,
                 r"^params is missing key\(s\) \['Wy'\]"),
             Bad("Wf_fw a number", partial(_f, S2S_X, {**S2S_P, "Wf_fw": 1.0}, T_y=2), ValueError,
                 r"^Wf_fw must have shape \(n_a, n_a \+ n_x\), got \(\)"),
             Bad("Wf_bw NaN", partial(_f, S2S_X, {**S2S_P, "Wf_bw": poisoned(S2S_P["Wf_bw"], NAN)}, T_y=2), ValueError,
                 r"^Wf_bw must contain only finite numbers, found NaN"),
             Bad("Wy of another n_s", partial(_f, S2S_X, {**S2S_P, "Wy": S2S_P["Wy"][:, :4]}, T_y=2), ValueError,
                 r"^Wy must have shape \(n_y, 5\) = \(n_y, n_s\) for n_s = 5 \(the rows of Wf_dec\), got \(3, 4\)"),
             Bad("by a row", partial(_f, S2S_X, {**S2S_P, "by": S2S_P["by"].T}, T_y=2), ValueError,
                 r"^by must have shape \(3, 1\) = \(n_y, 1\) for Wy of shape \(3, 5\), got \(1, 3\)"),
             Bad("W1_att without the s columns", partial(_f, S2S_X, {**S2S_P, "W1_att": S2S_P["W1_att"][:, 5:]}, T_y=2),
                 ValueError, r"^W1 must have shape \(n_e, 9\) = \(n_e, n_s \+ 2 n_a\)"),
             Bad("mask transposed", partial(_f, S2S_X, S2S_P, T_y=2, mask=ATT_MASK.T), ValueError,
                 r"^mask must have shape \(2, 3\) = \(m, T_x\)"),
             Bad("mask of 2s", partial(_f, S2S_X, S2S_P, T_y=2, mask=2 * ATT_MASK), ValueError,
                 r"^mask must contain only 0 and 1")],
        same=[Same("int x and bool mask", partial(_f, S2S_XI, S2S_P, T_y=2, mask=ATT_MASK.astype(bool)),
                   partial(_f, S2S_X, S2S_P, T_y=2, mask=ATT_MASK)),
              Same("params nested lists, T_y a NumPy integer",
                   partial(_f, S2S_X, {k: v.tolist() for k, v in S2S_P.items()}, T_y=np.int64(2)),
                   partial(_f, S2S_X, S2S_P, T_y=2))],
        legit=[("one example, one step in and out", partial(_f, S2S_X[:, :1, :1], S2S_P, T_y=1)),
               ("an example masked everywhere", partial(_f, S2S_X, S2S_P, T_y=2, mask=[[0, 0, 0], [1, 1, 1]])),
               ("more output steps than input steps", partial(_f, S2S_X, S2S_P, T_y=7)),
               ("extra keys in params", partial(_f, S2S_X, {**S2S_P, **LIN}, T_y=2))],
    )
add(
    "seq2seq.seq2seq_backward",
    valid=lambda: seq2seq.seq2seq_backward(S2S_LOGITS, S2S_CACHE),
    bad=[*_backward_bad(seq2seq.seq2seq_backward, S2S_LOGITS, S2S_CACHE, ATT_CACHE, "seq2seq_forward",
                        "additive_attention_forward", upstream="dlogits"),
         Bad("cache of lstm_forward", lambda: seq2seq.seq2seq_backward(S2S_LOGITS, LSTM_CACHE), TypeError,
             r"^cache was made by lstm_forward, but .* needs seq2seq_forward"),
         Bad("dlogits of another T_y", lambda: seq2seq.seq2seq_backward(S2S_LOGITS[:, :, :1], S2S_CACHE), ValueError,
             r"^dlogits must have shape \(3, 2, 2\), the shape of seq2seq_forward's output, got \(3, 2, 1\)")],
    same=[Same("int dlogits", lambda: seq2seq.seq2seq_backward(np.ones((3, 2, 2), int), S2S_CACHE),
               lambda: seq2seq.seq2seq_backward(np.ones((3, 2, 2)), S2S_CACHE))],
)
add(
    "seq2seq.init_seq2seq",
    valid=lambda: seq2seq.init_seq2seq(4, 3, n_a=2, n_s=5, rng=seeded()),
    bad=[Bad("n_x 0", lambda: seq2seq.init_seq2seq(0, 3, n_a=2, n_s=5, rng=seeded()), ValueError,
             r"^n_x must be an integer >= 1, got 0"),
         Bad("n_y a float", lambda: seq2seq.init_seq2seq(4, 3.0, n_a=2, n_s=5, rng=seeded()), TypeError,
             r"^n_y must be an integer, got float"),
         Bad("n_a negative", lambda: seq2seq.init_seq2seq(4, 3, n_a=-2, n_s=5, rng=seeded()), ValueError,
             r"^n_a must be an integer >= 1, got -2"),
         Bad("n_e 0", lambda: seq2seq.init_seq2seq(4, 3, n_a=2, n_s=5, n_e=0, rng=seeded()), ValueError,
             r"^n_e must be an integer >= 1, got 0"),
         Bad("rng None", lambda: seq2seq.init_seq2seq(4, 3, n_a=2, n_s=5, rng=None), TypeError,
             r"^rng must be a numpy.random.Generator"),
         Bad("dtype float16", lambda: seq2seq.init_seq2seq(4, 3, n_a=2, n_s=5, rng=seeded(), dtype=np.float16),
             TypeError, r"^dtype must be float32 or float64, got float16")],
    same=[Same("NumPy integers", lambda: seq2seq.init_seq2seq(np.int64(4), np.int32(3), n_a=np.int8(2), n_s=np.uint16(5),
                                                             n_e=np.int64(10), rng=seeded()),
               lambda: seq2seq.init_seq2seq(4, 3, n_a=2, n_s=5, rng=seeded()))],
    legit=[("every size 1", lambda: seq2seq.init_seq2seq(1, 1, n_a=1, n_s=1, n_e=1, rng=seeded())),
           ("float32", lambda: seq2seq.init_seq2seq(4, 3, n_a=2, n_s=5, rng=seeded(), dtype=np.float32))],
)


def _search_bad(f, **kw):
    """The bad models and arguments of ``f(step, start_state, **BS_ARGS, **kw)``, greedy or beam."""
    return [
        Bad("step not callable", lambda: f(BS_TABLE, None, **BS_ARGS, **kw), TypeError,
            r"^step must be a function step\(tokens_last, states\) -> \(log_probs, new_states\), got ndarray"),
        Bad("step returns log_probs only", lambda: f(lambda t, s: BS_TABLE[t], None, **BS_ARGS, **kw), TypeError,
            r"^step must return a pair \(log_probs, new_states\), got ndarray"),
        Bad("step returns a rank-1 row", lambda: f(lambda t, s: (BS_TABLE[t[0]], s), None, **BS_ARGS, **kw), ValueError,
            r"^log_probs \(returned by step\) must have shape \(1, V\), one row per hypothesis, got \(3,\)"),
        Bad("step returns probabilities", lambda: f(lambda t, s: (np.exp(BS_TABLE[t]), s), None, **BS_ARGS, **kw),
            ValueError, r"^log_probs \(returned by step\) must be log-probabilities: each row's exp must sum to 1"),
        Bad("step returns NaN", lambda: f(lambda t, s: (poisoned(BS_TABLE[t], NAN), s), None, **BS_ARGS, **kw),
            ValueError, r"^log_probs \(returned by step\) must not contain NaN or \+infinity"),
        Bad("step returns strings", lambda: f(lambda t, s: ([["a"]], s), None, **BS_ARGS, **kw), TypeError,
            r"^log_probs \(returned by step\) must be a numeric"),
        Bad("start_state of two hypotheses", lambda: f(_bigram, np.zeros((2, 4)), **BS_ARGS, **kw), ValueError,
            r"^start_state must have a first axis of size 1, one row per hypothesis, got shape \(2, 4\)"),
        Bad("start_state a number", lambda: f(_bigram, 1.0, **BS_ARGS, **kw), TypeError,
            r"^start_state must be None, an array or a tuple, list or dict of arrays, got float"),
        Bad("start_token a float", lambda: f(_bigram, None, **{**BS_ARGS, "start_token": 3.0}, **kw), TypeError,
            r"^start_token must be an integer token index, got float"),
        Bad("start_token negative", lambda: f(_bigram, None, **{**BS_ARGS, "start_token": -1}, **kw), ValueError,
            r"^start_token must be a token index >= 0, got -1"),
        Bad("end_token outside the vocabulary", lambda: f(_bigram, None, **{**BS_ARGS, "end_token": 3}, **kw),
            ValueError, r"^end_token must be a token index in \[0, 3\), got 3"),
        Bad("end_token True", lambda: f(_bigram, None, **{**BS_ARGS, "end_token": True}, **kw), TypeError,
            r"^end_token must be an integer token index, got bool"),
        Bad("max_length 0", lambda: f(_bigram, None, **{**BS_ARGS, "max_length": 0}, **kw), ValueError,
            r"^max_length must be an integer >= 1, got 0"),
    ]


add(
    "beam_search.greedy_decode",
    valid=lambda: beam_search.greedy_decode(_bigram, None, **BS_ARGS),
    bad=_search_bad(beam_search.greedy_decode),
    same=[Same("NumPy integers", lambda: beam_search.greedy_decode(_bigram, None, start_token=np.int64(3),
                                                                   end_token=np.int32(0), max_length=np.uint8(4)),
               lambda: beam_search.greedy_decode(_bigram, None, **BS_ARGS))],
    legit=[("max_length 1", lambda: beam_search.greedy_decode(_bigram, None, **{**BS_ARGS, "max_length": 1})),
           ("a dict of states", lambda: beam_search.greedy_decode(_dict_state_bigram, {"a": np.zeros((1, 2))}, **BS_ARGS)),
           ("a token of probability 0", lambda: beam_search.greedy_decode(
               lambda t, s: (np.array([[-INF, 0.0, -INF]]), s), None, **BS_ARGS))],
)
add(
    "beam_search.beam_search",
    valid=lambda: beam_search.beam_search(_bigram, None, **BS_ARGS, beam_width=2),
    bad=[*_search_bad(beam_search.beam_search, beam_width=2),
         Bad("beam_width 0", lambda: beam_search.beam_search(_bigram, None, **BS_ARGS, beam_width=0), ValueError,
             r"^beam_width must be an integer >= 1, got 0"),
         Bad("beam_width a float", lambda: beam_search.beam_search(_bigram, None, **BS_ARGS, beam_width=2.0), TypeError,
             r"^beam_width must be an integer, got float"),
         Bad("alpha negative", lambda: beam_search.beam_search(_bigram, None, **BS_ARGS, beam_width=2, alpha=-0.7),
             ValueError, r"^alpha must be a finite number in \[0.0, inf\], got -0.7"),
         Bad("alpha NaN", lambda: beam_search.beam_search(_bigram, None, **BS_ARGS, beam_width=2, alpha=NAN), ValueError,
             r"^alpha must be a finite number"),
         Bad("alpha a string", lambda: beam_search.beam_search(_bigram, None, **BS_ARGS, beam_width=2, alpha="0.7"),
             TypeError, r"^alpha must be a real number, got str")],
    same=[Same("NumPy integers and an int alpha",
               lambda: beam_search.beam_search(_bigram, None, start_token=np.int64(3), end_token=np.int32(0),
                                               max_length=np.uint8(4), beam_width=np.int64(2), alpha=1),
               lambda: beam_search.beam_search(_bigram, None, **BS_ARGS, beam_width=2, alpha=1.0))],
    legit=[("beam wider than every sentence", lambda: beam_search.beam_search(_bigram, None, **BS_ARGS, beam_width=1000)),
           ("alpha 0", lambda: beam_search.beam_search(_bigram, None, **BS_ARGS, beam_width=2, alpha=0)),
           ("a dict of states", lambda: beam_search.beam_search(_dict_state_bigram, {"a": np.zeros((1, 2))}, **BS_ARGS,
                                                                beam_width=3)),
           ("max_length 1", lambda: beam_search.beam_search(_bigram, None, **{**BS_ARGS, "max_length": 1}, beam_width=2))],
)

add(
    "bleu.ngrams",
    valid=lambda: bleu.ngrams(BLEU_C, 2),
    bad=[Bad("tokens a string", lambda: bleu.ngrams("the cat sat", 2), TypeError,
             r"^tokens must be a list of tokens, got a string \(split it first, e\.g\. tokens\.split\(\)\)"),
         Bad("tokens integers", lambda: bleu.ngrams([1, 2, 3], 2), TypeError,
             r"^tokens must hold tokens that are strings, got int 1"),
         Bad("tokens None", lambda: bleu.ngrams(None, 2), TypeError, r"^tokens must be a list of tokens \(strings\), got NoneType"),
         Bad("n 0", lambda: bleu.ngrams(BLEU_C, 0), ValueError, r"^n must be an integer >= 1, got 0"),
         Bad("n a float", lambda: bleu.ngrams(BLEU_C, 2.0), TypeError, r"^n must be an integer, got float")],
    same=[Same("a tuple and a NumPy n", lambda: bleu.ngrams(tuple(BLEU_C), np.int64(2)), lambda: bleu.ngrams(BLEU_C, 2))],
    legit=[("n longer than the sentence", lambda: bleu.ngrams(BLEU_C, 7)), ("no tokens", lambda: bleu.ngrams([], 1))],
)
add(
    "bleu.modified_precision",
    valid=lambda: bleu.modified_precision(BLEU_C, [BLEU_R1, BLEU_R2], 2),
    bad=[Bad("references one sentence", lambda: bleu.modified_precision(BLEU_C, BLEU_R1, 1), TypeError,
             r"^references\[0\] must be a list of tokens, got a string"),
         Bad("references a string", lambda: bleu.modified_precision(BLEU_C, "the cat", 1), TypeError,
             r"^references must be a list of reference sentences \(lists of tokens\), got str"),
         Bad("references empty", lambda: bleu.modified_precision(BLEU_C, [], 1), ValueError,
             r"^references must hold at least one reference sentence, got none"),
         Bad("candidate a string", lambda: bleu.modified_precision("the cat", [BLEU_R1], 1), TypeError,
             r"^candidate must be a list of tokens, got a string"),
         Bad("n 0", lambda: bleu.modified_precision(BLEU_C, [BLEU_R1], 0), ValueError, r"^n must be an integer >= 1")],
    same=[Same("tuples and a NumPy n", lambda: bleu.modified_precision(tuple(BLEU_C), (tuple(BLEU_R1),), np.int32(1)),
               lambda: bleu.modified_precision(BLEU_C, [BLEU_R1], 1))],
    legit=[("an empty candidate", lambda: bleu.modified_precision([], [BLEU_R1], 1)),
           ("an empty reference", lambda: bleu.modified_precision(BLEU_C, [[]], 2))],
)
add(
    "bleu.brevity_penalty",
    valid=lambda: bleu.brevity_penalty(4, [6, 8]),
    bad=[Bad("candidate_length negative", lambda: bleu.brevity_penalty(-1, [6]), ValueError,
             r"^candidate_length must be an integer >= 0, got -1"),
         Bad("candidate_length a float", lambda: bleu.brevity_penalty(4.0, [6]), TypeError,
             r"^candidate_length must be an integer, got float"),
         Bad("reference_lengths one number", lambda: bleu.brevity_penalty(4, 6), TypeError,
             r"^reference_lengths must be a list of integers, got int"),
         Bad("reference_lengths empty", lambda: bleu.brevity_penalty(4, []), ValueError,
             r"^reference_lengths must hold at least one length, got none"),
         Bad("a reference length negative", lambda: bleu.brevity_penalty(4, [6, -2]), ValueError,
             r"^reference_lengths\[1\] must be an integer >= 0, got -2"),
         Bad("a reference length a float", lambda: bleu.brevity_penalty(4, [6.5]), TypeError,
             r"^reference_lengths\[0\] must be an integer, got float")],
    same=[Same("NumPy integers in a tuple", lambda: bleu.brevity_penalty(np.int64(4), (np.int32(6), np.uint8(8))),
               lambda: bleu.brevity_penalty(4, [6, 8]))],
    legit=[("an empty candidate", lambda: bleu.brevity_penalty(0, [6])),
           ("an empty reference", lambda: bleu.brevity_penalty(4, [0]))],
)
add(
    "bleu.sentence_bleu",
    valid=lambda: bleu.sentence_bleu(BLEU_C, [BLEU_R1, BLEU_R2]),
    bad=[Bad("candidate a string", lambda: bleu.sentence_bleu("the cat sat", [BLEU_R1]), TypeError,
             r"^candidate must be a list of tokens, got a string"),
         Bad("references one sentence", lambda: bleu.sentence_bleu(BLEU_C, BLEU_R1), TypeError,
             r"^references\[0\] must be a list of tokens, got a string"),
         Bad("references empty", lambda: bleu.sentence_bleu(BLEU_C, []), ValueError,
             r"^references must hold at least one reference sentence"),
         Bad("max_n 0", lambda: bleu.sentence_bleu(BLEU_C, [BLEU_R1], max_n=0), ValueError, r"^max_n must be an integer >= 1"),
         Bad("weights of another length", lambda: bleu.sentence_bleu(BLEU_C, [BLEU_R1], weights=[0.5, 0.5]), ValueError,
             r"^weights must have max_n = 4 entries, one per n-gram order, got 2 \(pass max_n as well\)"),
         Bad("a weight negative", lambda: bleu.sentence_bleu(BLEU_C, [BLEU_R1], max_n=2, weights=[1.5, -0.5]), ValueError,
             r"^weights\[1\] must be a finite number in \[0.0, inf\], got -0.5"),
         Bad("a weight NaN", lambda: bleu.sentence_bleu(BLEU_C, [BLEU_R1], max_n=2, weights=[NAN, 1.0]), ValueError,
             r"^weights\[0\] must be a finite number"),
         Bad("weights a string", lambda: bleu.sentence_bleu(BLEU_C, [BLEU_R1], max_n=2, weights="ab"), TypeError,
             r"^weights must be a list of 2 numbers, got str"),
         Bad("smoothing unknown", lambda: bleu.sentence_bleu(BLEU_C, [BLEU_R1], smoothing="method4"), ValueError,
             r"^smoothing must be one of \[None, 'method1', 'method2'\], got 'method4'"),
         Bad("smoothing an array", lambda: bleu.sentence_bleu(BLEU_C, [BLEU_R1], smoothing=np.array(["method1", "method2"])),
             ValueError, r"^smoothing must be one of \[None, 'method1', 'method2'\]")],
    same=[Same("tuples, NumPy max_n, int weights",
               lambda: bleu.sentence_bleu(tuple(BLEU_C), (tuple(BLEU_R1), BLEU_R2), max_n=np.int64(2), weights=(1, 1)),
               lambda: bleu.sentence_bleu(BLEU_C, [BLEU_R1, BLEU_R2], max_n=2, weights=[1.0, 1.0]))],
    legit=[("an empty candidate", lambda: bleu.sentence_bleu([], [BLEU_R1])),
           ("a candidate shorter than max_n", lambda: bleu.sentence_bleu(["the"], [BLEU_R1], smoothing="method1")),
           ("a weight 0", lambda: bleu.sentence_bleu(BLEU_C, [BLEU_R1], max_n=2, weights=[1.0, 0.0]))],
)
add(
    "bleu.corpus_bleu",
    valid=lambda: bleu.corpus_bleu([BLEU_C, BLEU_R2], [[BLEU_R1], [BLEU_R2, BLEU_R1]]),
    bad=[Bad("lists of another length", lambda: bleu.corpus_bleu([BLEU_C], [[BLEU_R1], [BLEU_R2]]), ValueError,
             r"^candidates and list_of_references must have the same length .*got 1 and 2"),
         Bad("no candidate", lambda: bleu.corpus_bleu([], []), ValueError, r"^candidates must hold at least one sentence"),
         Bad("candidates one sentence", lambda: bleu.corpus_bleu(BLEU_C, [[BLEU_R1]] * 6), TypeError,
             r"^candidates\[0\] must be a list of tokens, got a string"),
         Bad("list_of_references one list of sentences", lambda: bleu.corpus_bleu([BLEU_C], [BLEU_R1]), TypeError,
             r"^list_of_references\[0\]\[0\] must be a list of tokens, got a string"),
         Bad("list_of_references None", lambda: bleu.corpus_bleu([BLEU_C], None), TypeError,
             r"^list_of_references must be a list with the references of each candidate, got NoneType"),
         Bad("a candidate without references", lambda: bleu.corpus_bleu([BLEU_C], [[]]), ValueError,
             r"^list_of_references\[0\] must hold at least one reference sentence"),
         Bad("smoothing unknown", lambda: bleu.corpus_bleu([BLEU_C], [[BLEU_R1]], smoothing="method3"), ValueError,
             r"^smoothing must be one of")],
    same=[Same("tuples and a NumPy max_n", lambda: bleu.corpus_bleu((tuple(BLEU_C),), ((BLEU_R1,),), max_n=np.int32(3)),
               lambda: bleu.corpus_bleu([BLEU_C], [[BLEU_R1]], max_n=3))],
    legit=[("an empty candidate among others", lambda: bleu.corpus_bleu([BLEU_C, []], [[BLEU_R1], [BLEU_R2]]))],
)


# --- audio (Course 5, Week 3): a 1-D signal (n_samples,) ---------------------------------------------

from dlspec import audio  # noqa: E402

SIGNAL = np.sin(np.arange(40) / 3.0)
SIGNAL_I = (np.arange(40) % 5 - 2).astype(np.int64)

add(
    "audio.spectrogram",
    valid=lambda: audio.spectrogram(SIGNAL, frame_length=8, hop=4),
    bad=[Bad("x 2-D", lambda: audio.spectrogram(SIGNAL.reshape(4, 10), frame_length=8, hop=4), ValueError,
             r"^x must be a 1-D signal"),
         Bad("x NaN", lambda: audio.spectrogram(poisoned(SIGNAL, NAN), frame_length=8, hop=4), ValueError,
             r"^x must contain only finite numbers"),
         Bad("x strings", lambda: audio.spectrogram(["a"] * 40, frame_length=8, hop=4), TypeError,
             r"^x must be a numeric"),
         Bad("x shorter than a frame", lambda: audio.spectrogram(SIGNAL[:5], frame_length=8, hop=4), ValueError,
             r"^x must hold at least one frame of frame_length=8"),
         Bad("frame_length 1", lambda: audio.spectrogram(SIGNAL, frame_length=1, hop=1), ValueError,
             r"^frame_length must be an integer >= 2"),
         Bad("frame_length a float", lambda: audio.spectrogram(SIGNAL, frame_length=8.0, hop=4), TypeError,
             r"^frame_length must be an integer"),
         Bad("hop 0", lambda: audio.spectrogram(SIGNAL, frame_length=8, hop=0), ValueError,
             r"^hop must be an integer >= 1"),
         Bad("floor 0", lambda: audio.spectrogram(SIGNAL, frame_length=8, hop=4, floor=0), ValueError,
             r"^floor must be positive")],
    same=[Same("int signal and NumPy integers", lambda: audio.spectrogram(SIGNAL_I, frame_length=np.int64(8), hop=np.int32(4)),
               lambda: audio.spectrogram(SIGNAL_I.astype(float), frame_length=8, hop=4))],
    legit=[("one frame exactly", lambda: audio.spectrogram(SIGNAL[:8], frame_length=8, hop=100)),
           ("hop longer than a frame", lambda: audio.spectrogram(SIGNAL, frame_length=4, hop=9))],
)


# --- wordlists (Course 5, Week 1): a loader without arguments ---------------------------------------

from dlspec import wordlists  # noqa: E402

add("wordlists.load_elements", valid=lambda: wordlists.load_elements())


# --- self_attention, layer_norm and transformer (Course 5, Week 4; x is (m, T, d_model)) ----------

from dlspec import layer_norm, self_attention, transformer  # noqa: E402

_tf = np.random.default_rng(54)
TF_X = _tf.standard_normal((2, 3, 6))  # m = 2, T = 3, d_model = 6
TF_XI = np.arange(36).reshape(2, 3, 6) % 5 - 2  # int64, same shape
TF_ENC_OUT = _tf.standard_normal((2, 4, 6))  # the encoder's output, T_x = 4
SA_Q, SA_K, SA_V = (_tf.standard_normal(s) for s in ((2, 3, 4), (2, 5, 4), (2, 5, 2)))  # T_q 3, T_k 5, d_v 2
SA_QI = np.arange(24).reshape(2, 3, 4) % 3 - 1
SA_MASK = np.array([[[1, 1, 0, 1, 0]], [[1, 1, 1, 1, 1]]])  # (m, 1, T_k), int 0/1
SA_P = self_attention.init_multi_head_attention(6, rng=seeded())
SA_PI = {k: np.arange(36).reshape(6, 6) % 3 - 1 if k.startswith("W") else np.arange(6) % 2 for k in SA_P}
LN_P = {"gamma": _tf.standard_normal(6), "beta": _tf.standard_normal(6)}
LN_PI = {"gamma": [1, 2, 1, 2, 1, 2], "beta": [0, 1, 0, 0, -1, 0]}  # lists of ints
TF_P = transformer.init_transformer(5, 4, d_model=6, d_ff=5, n_layers=1, rng=seeded())  # V_src 5, V_tgt 4
TF_SRC = np.array([[1, 2, 0], [3, 4, 1]])  # (m, T_x) = (2, 3)
TF_TGT = np.array([[1, 2, 3, 0], [3, 0, 1, 2]])  # (m, T_y) = (2, 4)
TF_LA = self_attention.look_ahead_mask(3)  # (1, 3, 3)


def _tf_layer(prefix):
    """One layer's parameters of TF_P with the layer's prefix dropped ("enc0.attn.Wq" -> "attn.Wq")."""
    return {k[len(prefix) + 1:]: v for k, v in TF_P.items() if k.startswith(prefix + ".")}


TF_ENC, TF_DEC, TF_FFN = _tf_layer("enc0"), _tf_layer("dec0"), _tf_layer("enc0.ffn")
TF_FFN_I = {"W1": np.arange(30).reshape(6, 5) % 3 - 1, "b1": np.ones(5, int),
            "W2": np.arange(30).reshape(5, 6) % 2, "b2": np.zeros(6, int)}
SA_OUT, _, SA_CACHE = self_attention.scaled_dot_product_attention_forward(SA_Q, SA_K, SA_V)  # (2, 3, 2)
MHA_OUT, _, MHA_CACHE = self_attention.multi_head_attention_forward(TF_X, TF_ENC_OUT, SA_P, n_heads=2)
_, _, MHA_NAIVE_CACHE = self_attention.multi_head_attention_forward_naive(TF_X, TF_ENC_OUT, SA_P, n_heads=2)
LN_OUT, LN_CACHE = layer_norm.layer_norm_forward(TF_X, LN_P)
FFN_OUT, FFN_CACHE = transformer.feed_forward_forward(TF_X, TF_FFN)
ENC_OUT, ENC_CACHE = transformer.encoder_layer_forward(TF_X, TF_ENC, n_heads=2)
DEC_OUT, DEC_CACHE = transformer.decoder_layer_forward(TF_X, TF_ENC_OUT, TF_DEC, n_heads=2, look_ahead_mask=TF_LA)
TF_LOGITS, TF_CACHE = transformer.transformer_forward(TF_SRC, TF_TGT, TF_P, n_heads=2)  # (2, 4, 4)

add(
    "self_attention.positional_encoding",
    valid=lambda: self_attention.positional_encoding(3, 6),
    bad=[Bad("T 0", lambda: self_attention.positional_encoding(0, 6), ValueError, r"^T must be an integer >= 1, got 0"),
         Bad("T a float", lambda: self_attention.positional_encoding(3.0, 6), TypeError, r"^T must be an integer, got float"),
         Bad("d True", lambda: self_attention.positional_encoding(3, True), TypeError, r"^d must be an integer, got bool"),
         Bad("d negative", lambda: self_attention.positional_encoding(3, -6), ValueError, r"^d must be an integer >= 1"),
         Bad("dtype int", lambda: self_attention.positional_encoding(3, 6, dtype=int), TypeError,
             r"^dtype must be float32 or float64, got int64")],
    same=[Same("NumPy integers", lambda: self_attention.positional_encoding(np.int64(3), np.int32(6)),
               lambda: self_attention.positional_encoding(3, 6))],
    legit=[("one position, one dimension", lambda: self_attention.positional_encoding(1, 1)),
           ("odd d", lambda: self_attention.positional_encoding(4, 5)),
           ("float32", lambda: self_attention.positional_encoding(3, 6, dtype=np.float32))],
)
add(
    "self_attention.padding_mask",
    valid=lambda: self_attention.padding_mask(TF_SRC, 0),
    bad=[Bad("float tokens", lambda: self_attention.padding_mask(TF_SRC.astype(float), 0), TypeError,
             r"^tokens must be an integer array of shape \(m, T\), got dtype float64"),
         Bad("ragged tokens", lambda: self_attention.padding_mask([[1, 2], [1]], 0), TypeError,
             r"^tokens must be an integer array of shape \(m, T\), got list"),
         Bad("bool tokens", lambda: self_attention.padding_mask(TF_SRC > 0, 0), TypeError,
             r"^tokens must be an integer array .*got dtype bool"),
         Bad("tokens rank-1", lambda: self_attention.padding_mask(TF_SRC[0], 0), ValueError,
             r"^tokens must have shape \(m, T\), got \(3,\)"),
         Bad("tokens 3-D", lambda: self_attention.padding_mask(TF_SRC[None], 0), ValueError,
             r"^tokens must have shape \(m, T\), got \(1, 2, 3\)"),
         Bad("pad_id a float", lambda: self_attention.padding_mask(TF_SRC, 0.0), TypeError,
             r"^pad_id must be an integer, got float"),
         Bad("pad_id None", lambda: self_attention.padding_mask(TF_SRC, None), TypeError, r"^pad_id must be an integer")],
    same=[Same("nested list and NumPy pad_id", lambda: self_attention.padding_mask(TF_SRC.tolist(), np.int64(0)),
               lambda: self_attention.padding_mask(TF_SRC, 0))],
    legit=[("no padding in tokens", lambda: self_attention.padding_mask(TF_SRC, 9)),
           ("negative pad_id", lambda: self_attention.padding_mask(TF_SRC - 1, -1)),
           ("uint8 tokens", lambda: self_attention.padding_mask(TF_SRC.astype(np.uint8), 0))],
)
add(
    "self_attention.look_ahead_mask",
    valid=lambda: self_attention.look_ahead_mask(3),
    bad=[Bad("T 0", lambda: self_attention.look_ahead_mask(0), ValueError, r"^T must be an integer >= 1, got 0"),
         Bad("T a float", lambda: self_attention.look_ahead_mask(3.0), TypeError, r"^T must be an integer, got float"),
         Bad("T an array", lambda: self_attention.look_ahead_mask(np.array([3])), TypeError, r"^T must be an integer"),
         Bad("T None", lambda: self_attention.look_ahead_mask(None), TypeError, r"^T must be an integer, got NoneType")],
    same=[Same("NumPy integer", lambda: self_attention.look_ahead_mask(np.int32(3)),
               lambda: self_attention.look_ahead_mask(3))],
    legit=[("T = 1", lambda: self_attention.look_ahead_mask(1))],
)
add(
    "self_attention.combine_masks",
    valid=lambda: self_attention.combine_masks(TF_LA, self_attention.padding_mask(TF_SRC, 0)),
    bad=[Bad("ragged mask", lambda: self_attention.combine_masks([[1], [1, 0]]), TypeError,
             r"^masks\[0\] must hold 0 and 1 \(or booleans\), got list"),
         Bad("strings", lambda: self_attention.combine_masks(TF_LA, [["a"]]), TypeError,
             r"^masks\[1\] must hold 0 and 1 \(or booleans\), got dtype <U1"),
         Bad("a 2", lambda: self_attention.combine_masks(2 * TF_LA), ValueError,
             r"^masks\[0\] must contain only 0 and 1, found \[2"),
         Bad("NaN", lambda: self_attention.combine_masks(poisoned(TF_LA, NAN)), ValueError,
             r"^masks\[0\] must contain only 0 and 1, found \[nan\]"),
         Bad("shapes that do not broadcast", lambda: self_attention.combine_masks(TF_LA, self_attention.look_ahead_mask(4)),
             ValueError, r"^masks must broadcast together, got shapes \(1, 3, 3\), \(1, 4, 4\)")],
    same=[Same("bool and int masks", lambda: self_attention.combine_masks(TF_LA.astype(bool), SA_MASK[:, :, :3]),
               lambda: self_attention.combine_masks(TF_LA, SA_MASK[:, :, :3].astype(float))),
          Same("nested lists", lambda: self_attention.combine_masks(TF_LA.tolist()),
               lambda: self_attention.combine_masks(TF_LA))],
    legit=[("no mask", lambda: self_attention.combine_masks()),
           ("None skipped", lambda: self_attention.combine_masks(None, TF_LA, None))],
)


def _sdpa(Q=SA_Q, K=SA_K, V=SA_V, mask=None):
    return self_attention.scaled_dot_product_attention_forward(Q, K, V, mask)


add(
    "self_attention.scaled_dot_product_attention_forward",
    valid=lambda: _sdpa(mask=SA_MASK),
    bad=[Bad("Q 2-D", lambda: _sdpa(Q=SA_Q[0]), ValueError,
             r"^Q must have shape \(m, T_q, d_k\) or \(m, h, T_q, d_k\), got \(3, 4\)"),
         Bad("K of another d_k", lambda: _sdpa(K=SA_K[..., :3]), ValueError,
             r"^K must have shape \(2, \?, 4\) \(\.\.\., T_k, d_k\) to match Q of shape \(2, 3, 4\), got \(2, 5, 3\)"),
         Bad("K of another m", lambda: _sdpa(K=SA_K[:1], V=SA_V[:1]), ValueError, r"^K must have shape \(2, \?, 4\)"),
         Bad("V of another T_k", lambda: _sdpa(V=SA_V[:, :4]), ValueError,
             r"^V must have shape \(2, 5, \?\) \(\.\.\., T_k, d_v\) to match K of shape \(2, 5, 4\), got \(2, 4, 2\)"),
         Bad("Q T_q = 0", lambda: _sdpa(Q=SA_Q[:, :0]), ValueError, r"^Q must not have an empty axis, got shape \(2, 0, 4\)"),
         Bad("Q NaN", lambda: _sdpa(Q=poisoned(SA_Q, NAN)), ValueError, r"^Q must contain only finite numbers, found NaN"),
         Bad("V infinity", lambda: _sdpa(V=poisoned(SA_V, INF)), ValueError,
             r"^V must contain only finite numbers, found infinity"),
         Bad("K strings", lambda: _sdpa(K=[[["a"]]]), TypeError, r"^K must be a numeric"),
         Bad("mask not 0/1", lambda: _sdpa(mask=2 * SA_MASK), ValueError, r"^mask must contain only 0 and 1, found \[2\]"),
         Bad("mask of the queries' length", lambda: _sdpa(mask=SA_MASK[:, :, :3]), ValueError,
             r"^mask must broadcast to the scores' shape \(m, T_q, T_k\) = \(2, 3, 5\), got \(2, 1, 3\)"),
         Bad("mask 4-D for 3-D scores", lambda: _sdpa(mask=SA_MASK[:, None]), ValueError,
             r"^mask must broadcast to the scores' shape"),
         Bad("mask ragged", lambda: _sdpa(mask=[[1], [1, 0]]), TypeError, r"^mask must hold 0 and 1 \(or booleans\), got list"),
         Bad("mask a string", lambda: _sdpa(mask="causal"), TypeError,
             r"^mask must hold 0 and 1 \(or booleans\), got dtype <U6")],
    same=[Same("int Q, K and V", lambda: _sdpa(Q=SA_QI, K=SA_QI, V=SA_QI), lambda: _sdpa(*(SA_QI.astype(float),) * 3)),
          Same("bool mask", lambda: _sdpa(mask=SA_MASK.astype(bool)), lambda: _sdpa(mask=SA_MASK.astype(float))),
          Same("nested-list mask", lambda: _sdpa(mask=SA_MASK.tolist()), lambda: _sdpa(mask=SA_MASK))],
    legit=[("one example, one query, one key", lambda: _sdpa(SA_Q[:1, :1], SA_K[:1, :1], SA_V[:1, :1])),
           ("a head axis (m, h, T, d)", lambda: _sdpa(SA_Q[:, None], SA_K[:, None], SA_V[:, None], SA_MASK[:, None])),
           ("every key masked", lambda: _sdpa(mask=np.zeros((1, 1, 5)))),
           ("|scores| of 1000", lambda: _sdpa(Q=1000 * SA_Q)),
           ("float32", lambda: _sdpa(*(a.astype(np.float32) for a in (SA_Q, SA_K, SA_V))))],
)
add(
    "self_attention.scaled_dot_product_attention_backward",
    valid=lambda: self_attention.scaled_dot_product_attention_backward(np.ones((2, 3, 2)), SA_CACHE),
    bad=_backward_bad(self_attention.scaled_dot_product_attention_backward, SA_OUT, SA_CACHE, MHA_CACHE,
                      "scaled_dot_product_attention_forward", "multi_head_attention_forward", upstream="dout"),
    same=[Same("int dout", lambda: self_attention.scaled_dot_product_attention_backward(np.ones((2, 3, 2), int), SA_CACHE),
               lambda: self_attention.scaled_dot_product_attention_backward(np.ones((2, 3, 2)), SA_CACHE))],
)
add(
    "self_attention.init_multi_head_attention",
    valid=lambda: self_attention.init_multi_head_attention(6, rng=seeded()),
    bad=[Bad("d_model 0", lambda: self_attention.init_multi_head_attention(0, rng=seeded()), ValueError,
             r"^d_model must be an integer >= 1, got 0"),
         Bad("d_model a float", lambda: self_attention.init_multi_head_attention(6.0, rng=seeded()), TypeError,
             r"^d_model must be an integer, got float"),
         Bad("rng a seed", lambda: self_attention.init_multi_head_attention(6, rng=0), TypeError,
             r"^rng must be a numpy.random.Generator"),
         Bad("rng the legacy RandomState", lambda: self_attention.init_multi_head_attention(6, rng=np.random.RandomState(0)),
             TypeError, r"^rng must be a numpy.random.Generator"),
         Bad("dtype float16", lambda: self_attention.init_multi_head_attention(6, rng=seeded(), dtype=np.float16), TypeError,
             r"^dtype must be float32 or float64, got float16")],
    same=[Same("NumPy integer", lambda: self_attention.init_multi_head_attention(np.int64(6), rng=seeded()),
               lambda: self_attention.init_multi_head_attention(6, rng=seeded()))],
    legit=[("d_model = 1", lambda: self_attention.init_multi_head_attention(1, rng=seeded())),
           ("float32", lambda: self_attention.init_multi_head_attention(6, rng=seeded(), dtype="float32"))],
)
for _name in ("multi_head_attention_forward", "multi_head_attention_forward_naive"):
    _f = getattr(self_attention, _name)
    add(
        f"self_attention.{_name}",
        valid=partial(_f, TF_X, TF_ENC_OUT, SA_P, n_heads=2, mask=SA_MASK[:, :, :4]),
        bad=[Bad("x_q 2-D", partial(_f, TF_X[0], TF_X[0], SA_P, n_heads=2), ValueError,
                 r"^x_q must have shape \(m, T_q, d_model\), got \(3, 6\)"),
             Bad("x_kv of another m", partial(_f, TF_X, TF_ENC_OUT[:1], SA_P, n_heads=2), ValueError,
                 r"^x_kv must have shape \(2, T_k, 6\) \(m, T_k, d_model\) to match x_q of shape \(2, 3, 6\), got \(1, 4, 6\)"),
             Bad("x_kv of another d_model", partial(_f, TF_X, TF_ENC_OUT[..., :4], SA_P, n_heads=2), ValueError,
                 r"^x_kv must have shape \(2, T_k, 6\)"),
             Bad("x_q T = 0", partial(_f, TF_X[:, :0], TF_ENC_OUT, SA_P, n_heads=2), ValueError,
                 r"^x_q must not have an empty axis, got shape \(2, 0, 6\)"),
             Bad("x_q NaN", partial(_f, poisoned(TF_X, NAN), TF_ENC_OUT, SA_P, n_heads=2), ValueError,
                 r"^x_q must contain only finite numbers, found NaN"),
             Bad("x_kv infinity", partial(_f, TF_X, poisoned(TF_ENC_OUT, -INF), SA_P, n_heads=2), ValueError,
                 r"^x_kv must contain only finite numbers, found infinity"),
             Bad("x_q strings", partial(_f, [[["a"]]], TF_ENC_OUT, SA_P, n_heads=2), TypeError, r"^x_q must be a numeric"),
             Bad("n_heads does not divide d_model", partial(_f, TF_X, TF_ENC_OUT, SA_P, n_heads=4), ValueError,
                 r"^d_model = 6 \(the last axis of x_q\) must be a multiple of n_heads = 4"),
             Bad("n_heads 0", partial(_f, TF_X, TF_ENC_OUT, SA_P, n_heads=0), ValueError, r"^n_heads must be an integer >= 1"),
             Bad("n_heads a float", partial(_f, TF_X, TF_ENC_OUT, SA_P, n_heads=2.0), TypeError,
                 r"^n_heads must be an integer, got float"),
             Bad("Wq of another width", partial(_f, TF_X, TF_ENC_OUT, {**SA_P, "Wq": SA_P["Wq"][:, :4]}, n_heads=2),
                 ValueError, r"^Wq must have shape \(6, 6\) to match d_model = 6 \(the last axis of x_q\), got \(6, 4\)"),
             Bad("bq a column", partial(_f, TF_X, TF_ENC_OUT, {**SA_P, "bq": SA_P["bq"][:, None]}, n_heads=2),
                 ValueError, r"^bq must have shape \(6,\)"),
             Bad("Wo NaN", partial(_f, TF_X, TF_ENC_OUT, {**SA_P, "Wo": poisoned(SA_P["Wo"], NAN)}, n_heads=2),
                 ValueError, r"^Wo must contain only finite numbers, found NaN"),
             Bad("no bo", partial(_f, TF_X, TF_ENC_OUT, without(SA_P, "bo"), n_heads=2), ValueError,
                 r"^params is missing key\(s\) \['bo'\]"),
             Bad("params a list", partial(_f, TF_X, TF_ENC_OUT, list(SA_P.values()), n_heads=2), TypeError,
                 r"^params must be a dict"),
             Bad("an encoder layer's prefixed params", partial(_f, TF_X, TF_ENC_OUT, TF_ENC, n_heads=2), ValueError,
                 r"^params is missing key\(s\) \['Wq'"),
             Bad("mask of the queries' length", partial(_f, TF_X, TF_ENC_OUT, SA_P, n_heads=2, mask=SA_MASK[:, :, :3]),
                 ValueError, r"^mask must broadcast to the scores' shape \(m, T_q, T_k\) = \(2, 3, 4\), got \(2, 1, 3\)"),
             Bad("mask with a head axis", partial(_f, TF_X, TF_ENC_OUT, SA_P, n_heads=2, mask=SA_MASK[:, None, :, :4]),
                 ValueError, r"^mask must broadcast to the scores' shape"),
             Bad("mask not 0/1", partial(_f, TF_X, TF_ENC_OUT, SA_P, n_heads=2, mask=-SA_MASK[:, :, :4]), ValueError,
                 r"^mask must contain only 0 and 1, found \[-1\]"),
             Bad("mask ragged", partial(_f, TF_X, TF_ENC_OUT, SA_P, n_heads=2, mask=[[1, 0], [1]]), TypeError,
                 r"^mask must hold 0 and 1 \(or booleans\), got list")],
        same=[Same("int inputs and params", partial(_f, TF_XI, TF_XI, SA_PI, n_heads=2),
                   partial(_f, TF_XI.astype(float), TF_XI.astype(float), as_float(SA_PI), n_heads=2)),
              Same("bool mask, NumPy n_heads", partial(_f, TF_X, TF_ENC_OUT, SA_P, n_heads=np.int64(2),
                                                      mask=SA_MASK[:, :, :4].astype(bool)),
                   partial(_f, TF_X, TF_ENC_OUT, SA_P, n_heads=2, mask=SA_MASK[:, :, :4].astype(float)))],
        legit=[("one example, one position", partial(_f, TF_X[:1, :1], TF_X[:1, :1], SA_P, n_heads=2)),
               ("one head", partial(_f, TF_X, TF_X, SA_P, n_heads=1)),
               ("d_k = 1", partial(_f, TF_X, TF_X, SA_P, n_heads=6)),
               ("look-ahead mask", partial(_f, TF_X, TF_X, SA_P, n_heads=3, mask=TF_LA)),
               ("extra keys in params", partial(_f, TF_X, TF_X, {**SA_P, **LN_P}, n_heads=2))],
    )
for _name, _other in (("multi_head_attention_backward", "multi_head_attention_forward_naive"),
                      ("multi_head_attention_backward_naive", "multi_head_attention_forward")):
    _f = getattr(self_attention, _name)
    _block = _name.replace("backward", "forward")
    _cache = MHA_CACHE if _other.endswith("naive") else MHA_NAIVE_CACHE
    add(
        f"self_attention.{_name}",
        valid=partial(_f, MHA_OUT, _cache),
        bad=_backward_bad(_f, MHA_OUT, _cache, MHA_NAIVE_CACHE if _cache is MHA_CACHE else MHA_CACHE,
                          _block, _other, upstream="dout"),
        same=[Same("int dout", partial(_f, np.ones((2, 3, 6), int), _cache), partial(_f, np.ones((2, 3, 6)), _cache))],
    )
add(
    "layer_norm.layer_norm_forward",
    valid=lambda: layer_norm.layer_norm_forward(TF_X, LN_P),
    bad=[Bad("x rank-1", lambda: layer_norm.layer_norm_forward(TF_X[0, 0], LN_P), ValueError,
             r"^x must have shape \(m, \.\.\., d\), at least 2-D, got \(6,\)"),
         Bad("x m = 0", lambda: layer_norm.layer_norm_forward(TF_X[:0], LN_P), ValueError,
             r"^x must not have an empty axis, got shape \(0, 3, 6\)"),
         Bad("x NaN", lambda: layer_norm.layer_norm_forward(poisoned(TF_X, NAN), LN_P), ValueError,
             r"^x must contain only finite numbers, found NaN"),
         Bad("x strings", lambda: layer_norm.layer_norm_forward([["a"]], LN_P), TypeError, r"^x must be a numeric"),
         Bad("gamma a column", lambda: layer_norm.layer_norm_forward(TF_X, {**LN_P, "gamma": LN_P["gamma"][:, None]}),
             ValueError, r"^gamma must have shape \(6,\) to match the last axis of x of shape \(2, 3, 6\), got \(6, 1\)"),
         Bad("beta of another d", lambda: layer_norm.layer_norm_forward(TF_X, {**LN_P, "beta": LN_P["beta"][:4]}),
             ValueError, r"^beta must have shape \(6,\)"),
         Bad("gamma infinity", lambda: layer_norm.layer_norm_forward(TF_X, {**LN_P, "gamma": poisoned(LN_P["gamma"], INF)}),
             ValueError, r"^gamma must contain only finite numbers, found infinity"),
         Bad("batch norm's column params", lambda: layer_norm.layer_norm_forward(TF_X[0].T, BNP), ValueError,
             r"^gamma must have shape \(3,\)"),
         Bad("no beta", lambda: layer_norm.layer_norm_forward(TF_X, without(LN_P, "beta")), ValueError,
             r"^params is missing key\(s\) \['beta'\]"),
         Bad("params a tuple", lambda: layer_norm.layer_norm_forward(TF_X, (LN_P["gamma"], LN_P["beta"])), TypeError,
             r"^params must be a dict"),
         Bad("eps 0", lambda: layer_norm.layer_norm_forward(TF_X, LN_P, eps=0), ValueError, r"^eps must be positive"),
         Bad("eps negative", lambda: layer_norm.layer_norm_forward(TF_X, LN_P, eps=-1e-6), ValueError,
             r"^eps must be a finite number in \[0.0, inf\]"),
         Bad("eps NaN", lambda: layer_norm.layer_norm_forward(TF_X, LN_P, eps=NAN), ValueError,
             r"^eps must be a finite number"),
         Bad("eps a string", lambda: layer_norm.layer_norm_forward(TF_X, LN_P, eps="1e-6"), TypeError,
             r"^eps must be a real number, got str")],
    same=[Same("int x, lists of ints", lambda: layer_norm.layer_norm_forward(TF_XI, LN_PI),
               lambda: layer_norm.layer_norm_forward(TF_XI.astype(float), as_float(LN_PI))),
          Same("int eps", lambda: layer_norm.layer_norm_forward(TF_X, LN_P, eps=1),
               lambda: layer_norm.layer_norm_forward(TF_X, LN_P, eps=1.0))],
    legit=[("x (m, d)", lambda: layer_norm.layer_norm_forward(TF_X[0], LN_P)),
           ("one example, one position", lambda: layer_norm.layer_norm_forward(TF_X[:1, :1], LN_P)),
           ("d = 1", lambda: layer_norm.layer_norm_forward(TF_X[..., :1], {"gamma": [1.0], "beta": [0.0]})),
           ("a constant vector", lambda: layer_norm.layer_norm_forward(np.ones((2, 3, 6)), LN_P)),
           ("float32", lambda: layer_norm.layer_norm_forward(TF_X.astype(np.float32), as_float(LN_P)))],
)
add(
    "layer_norm.layer_norm_backward",
    valid=lambda: layer_norm.layer_norm_backward(np.ones((2, 3, 6)), LN_CACHE),
    bad=_backward_bad(layer_norm.layer_norm_backward, LN_OUT, LN_CACHE, BN_CACHE, "layer_norm_forward",
                      "batchnorm_forward", upstream="dout"),
    same=[Same("int dout", lambda: layer_norm.layer_norm_backward(TF_XI, LN_CACHE),
               lambda: layer_norm.layer_norm_backward(TF_XI.astype(float), LN_CACHE))],
)
add(
    "transformer.feed_forward_forward",
    valid=lambda: transformer.feed_forward_forward(TF_X, TF_FFN),
    bad=[Bad("x 2-D", lambda: transformer.feed_forward_forward(TF_X[0], TF_FFN), ValueError,
             r"^x must have shape \(m, T, d_model\), got \(3, 6\)"),
         Bad("x T = 0", lambda: transformer.feed_forward_forward(TF_X[:, :0], TF_FFN), ValueError,
             r"^x must hold at least one example and one position, got shape \(2, 0, 6\)"),
         Bad("x NaN", lambda: transformer.feed_forward_forward(poisoned(TF_X, NAN), TF_FFN), ValueError,
             r"^x must contain only finite numbers, found NaN"),
         Bad("x strings", lambda: transformer.feed_forward_forward([[["a"]]], TF_FFN), TypeError, r"^x must be a numeric"),
         Bad("W1 rank-1", lambda: transformer.feed_forward_forward(TF_X, {**TF_FFN, "W1": TF_FFN["W1"][0]}), ValueError,
             r"^W1 must have shape \(6, d_ff\) for d_model = 6, got \(5,\)"),
         Bad("W1 transposed", lambda: transformer.feed_forward_forward(TF_X, {**TF_FFN, "W1": TF_FFN["W1"].T}), ValueError,
             r"^W1 must have shape \(6, d_ff\)"),
         Bad("b1 a column", lambda: transformer.feed_forward_forward(TF_X, {**TF_FFN, "b1": TF_FFN["b1"][:, None]}),
             ValueError, r"^b1 must have shape \(5,\) for d_model = 6 and d_ff = 5 \(the columns of W1\), got \(5, 1\)"),
         Bad("W2 of another d_ff", lambda: transformer.feed_forward_forward(TF_X, {**TF_FFN, "W2": TF_FFN["W2"][:4]}),
             ValueError, r"^W2 must have shape \(5, 6\)"),
         Bad("b2 infinity", lambda: transformer.feed_forward_forward(TF_X, {**TF_FFN, "b2": poisoned(TF_FFN["b2"], INF)}),
             ValueError, r"^b2 must contain only finite numbers, found infinity"),
         Bad("no b2", lambda: transformer.feed_forward_forward(TF_X, without(TF_FFN, "b2")), ValueError,
             r"^params is missing key\(s\) \['b2'\]"),
         Bad("the layer's prefixed params", lambda: transformer.feed_forward_forward(TF_X, TF_ENC), ValueError,
             r"^params is missing key\(s\) \['W1', 'b1', 'W2', 'b2'\]"),
         Bad("params a list", lambda: transformer.feed_forward_forward(TF_X, list(TF_FFN.values())), TypeError,
             r"^params must be a dict")],
    same=[Same("int x and params", lambda: transformer.feed_forward_forward(TF_XI, TF_FFN_I),
               lambda: transformer.feed_forward_forward(TF_XI.astype(float), as_float(TF_FFN_I)))],
    legit=[("one example, one position", lambda: transformer.feed_forward_forward(TF_X[:1, :1], TF_FFN)),
           ("d_ff = 1", lambda: transformer.feed_forward_forward(TF_X, {**TF_FFN, "W1": TF_FFN["W1"][:, :1],
                                                                       "b1": TF_FFN["b1"][:1], "W2": TF_FFN["W2"][:1]})),
           ("extra keys in params", lambda: transformer.feed_forward_forward(TF_X, {**TF_FFN, **LN_P}))],
)
add(
    "transformer.feed_forward_backward",
    valid=lambda: transformer.feed_forward_backward(np.ones((2, 3, 6)), FFN_CACHE),
    bad=_backward_bad(transformer.feed_forward_backward, FFN_OUT, FFN_CACHE, LN_CACHE, "feed_forward_forward",
                      "layer_norm_forward", upstream="dout"),
    same=[Same("int dout", lambda: transformer.feed_forward_backward(TF_XI, FFN_CACHE),
               lambda: transformer.feed_forward_backward(TF_XI.astype(float), FFN_CACHE))],
)


def _enc(x=TF_X, params=TF_ENC, n_heads=2, mask=None):
    return transformer.encoder_layer_forward(x, params, n_heads=n_heads, mask=mask)


add(
    "transformer.encoder_layer_forward",
    valid=lambda: _enc(mask=self_attention.padding_mask(TF_SRC, 0)),
    bad=[Bad("x 2-D", lambda: _enc(TF_X[0]), ValueError, r"^x must have shape \(m, T, d_model\), got \(3, 6\)"),
         Bad("x m = 0", lambda: _enc(TF_X[:0]), ValueError, r"^x must hold at least one example and one position"),
         Bad("x NaN", lambda: _enc(poisoned(TF_X, NAN)), ValueError, r"^x must contain only finite numbers, found NaN"),
         Bad("n_heads does not divide d_model", lambda: _enc(n_heads=4), ValueError,
             r"^d_model = 6 must be a multiple of n_heads, got n_heads = 4"),
         Bad("n_heads None", lambda: _enc(n_heads=None), TypeError, r"^n_heads must be an integer, got NoneType"),
         Bad("attn.Wq of another width", lambda: _enc(params={**TF_ENC, "attn.Wq": TF_ENC["attn.Wq"][:, :4]}), ValueError,
             r"^attn\.Wq must have shape \(6, 6\) for d_model = 6, got \(6, 4\)"),
         Bad("norm1.gamma a column", lambda: _enc(params={**TF_ENC, "norm1.gamma": np.ones((6, 1))}), ValueError,
             r"^norm1\.gamma must have shape \(6,\)"),
         Bad("norm2.beta NaN", lambda: _enc(params={**TF_ENC, "norm2.beta": poisoned(TF_ENC["norm2.beta"], NAN)}),
             ValueError, r"^norm2\.beta must contain only finite numbers, found NaN"),
         Bad("ffn.W2 of another d_ff", lambda: _enc(params={**TF_ENC, "ffn.W2": TF_ENC["ffn.W2"][:4]}), ValueError,
             r"^ffn\.W2 must have shape \(5, 6\)"),
         Bad("one attention's params", lambda: _enc(params=SA_P), ValueError, r"^params is missing key\(s\) \['attn\.Wq'"),
         Bad("the whole model's params", lambda: _enc(params=TF_P), ValueError, r"^params is missing key\(s\) \['attn\.Wq'"),
         Bad("params a list", lambda: _enc(params=list(TF_ENC.values())), TypeError, r"^params must be a dict"),
         Bad("mask 2-D", lambda: _enc(mask=np.ones((1, 3))), ValueError,
             r"^mask must be broadcastable to \(m, T_q, T_k\) = \(2, 3, 3\) with three axes, got shape \(1, 3\)"),
         Bad("mask of another T", lambda: _enc(mask=np.ones((2, 1, 4))), ValueError, r"^mask must be broadcastable"),
         Bad("mask not 0/1", lambda: _enc(mask=np.full((2, 1, 3), 0.5)), ValueError,
             r"^mask must contain only 0 and 1 \(1 = attend, 0 = masked\)"),
         Bad("mask ragged", lambda: _enc(mask=[[[1], [1, 0]]]), TypeError, r"^mask must be an array of 0 and 1, got list"),
         Bad("mask strings", lambda: _enc(mask=[[["a"]]]), TypeError, r"^mask must hold 0 and 1")],
    same=[Same("int x", lambda: _enc(TF_XI), lambda: _enc(TF_XI.astype(float))),
          Same("bool mask, NumPy n_heads", lambda: _enc(n_heads=np.int32(2), mask=SA_MASK[:, :, :3].astype(bool)),
               lambda: _enc(mask=SA_MASK[:, :, :3].astype(float)))],
    legit=[("one example, one position", lambda: _enc(TF_X[:1, :1])),
           ("look-ahead mask", lambda: _enc(mask=TF_LA)),
           ("a fully masked example", lambda: _enc(mask=np.zeros((2, 1, 3)))),
           ("extra keys in params", lambda: _enc(params={**TF_ENC, **TF_FFN}))],
)
add(
    "transformer.encoder_layer_backward",
    valid=lambda: transformer.encoder_layer_backward(np.ones((2, 3, 6)), ENC_CACHE),
    bad=_backward_bad(transformer.encoder_layer_backward, ENC_OUT, ENC_CACHE, DEC_CACHE, "encoder_layer_forward",
                      "decoder_layer_forward", upstream="dout"),
    same=[Same("int dout", lambda: transformer.encoder_layer_backward(TF_XI, ENC_CACHE),
               lambda: transformer.encoder_layer_backward(TF_XI.astype(float), ENC_CACHE))],
)


def _dec(y=TF_X, enc_out=TF_ENC_OUT, params=TF_DEC, n_heads=2, look_ahead_mask=TF_LA, padding_mask=None):
    return transformer.decoder_layer_forward(y, enc_out, params, n_heads=n_heads, look_ahead_mask=look_ahead_mask,
                                             padding_mask=padding_mask)


add(
    "transformer.decoder_layer_forward",
    valid=lambda: _dec(padding_mask=SA_MASK[:, :, :4]),
    bad=[Bad("y 2-D", lambda: _dec(TF_X[0]), ValueError, r"^y must have shape \(m, T, d_model\), got \(3, 6\)"),
         Bad("y NaN", lambda: _dec(poisoned(TF_X, NAN)), ValueError, r"^y must contain only finite numbers, found NaN"),
         Bad("enc_out of another d_model", lambda: _dec(enc_out=TF_ENC_OUT[..., :4]), ValueError,
             r"^enc_out must have shape \(m, T, 6\) to match y of shape \(2, 3, 6\), got \(2, 4, 4\)"),
         Bad("enc_out of another m", lambda: _dec(enc_out=TF_ENC_OUT[:1]), ValueError,
             r"^y and enc_out must hold the same number of examples m, got shapes \(2, 3, 6\) and \(1, 4, 6\)"),
         Bad("enc_out infinity", lambda: _dec(enc_out=poisoned(TF_ENC_OUT, INF)), ValueError,
             r"^enc_out must contain only finite numbers, found infinity"),
         Bad("enc_out T_x = 0", lambda: _dec(enc_out=TF_ENC_OUT[:, :0]), ValueError,
             r"^enc_out must hold at least one example and one position"),
         Bad("an encoder layer's params", lambda: _dec(params=TF_ENC), ValueError,
             r"^params is missing key\(s\) \['self_attn\.Wq'"),
         Bad("cross_attn.Wk of another height", lambda: _dec(params={**TF_DEC, "cross_attn.Wk": TF_DEC["cross_attn.Wk"][:4]}),
             ValueError, r"^cross_attn\.Wk must have shape \(6, 6\) for d_model = 6, got \(4, 6\)"),
         Bad("norm3.gamma NaN", lambda: _dec(params={**TF_DEC, "norm3.gamma": poisoned(TF_DEC["norm3.gamma"], NAN)}),
             ValueError, r"^norm3\.gamma must contain only finite numbers, found NaN"),
         Bad("n_heads does not divide d_model", lambda: _dec(n_heads=5), ValueError,
             r"^d_model = 6 must be a multiple of n_heads, got n_heads = 5"),
         Bad("look_ahead_mask left out", lambda: transformer.decoder_layer_forward(TF_X, TF_ENC_OUT, TF_DEC, n_heads=2),
             TypeError, r"missing 1 required keyword-only argument: 'look_ahead_mask'"),
         Bad("look_ahead_mask of another T", lambda: _dec(look_ahead_mask=self_attention.look_ahead_mask(4)), ValueError,
             r"^look_ahead_mask must be broadcastable to \(m, T_q, T_k\) = \(2, 3, 3\) with three axes, got shape \(1, 4, 4\)"),
         Bad("look_ahead_mask not 0/1", lambda: _dec(look_ahead_mask=2 * TF_LA), ValueError,
             r"^look_ahead_mask must contain only 0 and 1"),
         Bad("padding_mask of the target's length", lambda: _dec(padding_mask=SA_MASK[:, :, :3]), ValueError,
             r"^padding_mask must be broadcastable to \(m, T_q, T_k\) = \(2, 3, 4\) with three axes, got shape \(2, 1, 3\)"),
         Bad("padding_mask strings", lambda: _dec(padding_mask="pad"), TypeError,
             r"^padding_mask must hold 0 and 1 \(1 = attend, 0 = masked\), got dtype <U3")],
    same=[Same("int y and enc_out", lambda: _dec(TF_XI, TF_XI), lambda: _dec(TF_XI.astype(float), TF_XI.astype(float))),
          Same("bool masks", lambda: _dec(look_ahead_mask=TF_LA.astype(bool), padding_mask=SA_MASK[:, :, :4] > 0),
               lambda: _dec(look_ahead_mask=TF_LA, padding_mask=SA_MASK[:, :, :4].astype(float)))],
    legit=[("no look-ahead mask", lambda: _dec(look_ahead_mask=None)),
           ("one example, one position each", lambda: _dec(TF_X[:1, :1], TF_ENC_OUT[:1, :1], look_ahead_mask=TF_LA[:, :1, :1])),
           ("look-ahead and padding combined (m, T, T)",
            lambda: _dec(look_ahead_mask=self_attention.combine_masks(TF_LA, self_attention.padding_mask(TF_SRC, 0))))],
)
add(
    "transformer.decoder_layer_backward",
    valid=lambda: transformer.decoder_layer_backward(np.ones((2, 3, 6)), DEC_CACHE),
    bad=_backward_bad(transformer.decoder_layer_backward, DEC_OUT, DEC_CACHE, ENC_CACHE, "decoder_layer_forward",
                      "encoder_layer_forward", upstream="dout"),
    same=[Same("int dout", lambda: transformer.decoder_layer_backward(TF_XI, DEC_CACHE),
               lambda: transformer.decoder_layer_backward(TF_XI.astype(float), DEC_CACHE))],
)


def _init_tf(V_src=5, V_tgt=4, **kwargs):
    sizes = {"d_model": 6, "d_ff": 5, "n_layers": 1, "rng": seeded(), **kwargs}
    return transformer.init_transformer(V_src, V_tgt, **sizes)


add(
    "transformer.init_transformer",
    valid=_init_tf,
    bad=[Bad("src_vocab_size 0", lambda: _init_tf(0), ValueError, r"^src_vocab_size must be an integer >= 1, got 0"),
         Bad("tgt_vocab_size a float", lambda: _init_tf(5, 4.0), TypeError, r"^tgt_vocab_size must be an integer, got float"),
         Bad("d_model None", lambda: _init_tf(d_model=None), TypeError, r"^d_model must be an integer, got NoneType"),
         Bad("d_ff 0", lambda: _init_tf(d_ff=0), ValueError, r"^d_ff must be an integer >= 1, got 0"),
         Bad("n_layers 0", lambda: _init_tf(n_layers=0), ValueError, r"^n_layers must be an integer >= 1, got 0"),
         Bad("rng a seed", lambda: _init_tf(rng=0), TypeError, r"^rng must be a numpy.random.Generator"),
         Bad("dtype float16", lambda: _init_tf(dtype=np.float16), TypeError,
             r"^dtype must be float32 or float64, got float16")],
    same=[Same("NumPy integers", lambda: _init_tf(np.int64(5), np.int32(4), d_model=np.int64(6), d_ff=np.int16(5),
                                                  n_layers=np.int64(1)),
               _init_tf)],
    legit=[("one word each", lambda: _init_tf(1, 1)),
           ("two layers", lambda: _init_tf(n_layers=2)),
           ("float32", lambda: _init_tf(dtype=np.float32))],
)


def _tf_fwd(src=TF_SRC, tgt=TF_TGT, params=TF_P, n_heads=2, **kwargs):
    return transformer.transformer_forward(src, tgt, params, n_heads=n_heads, **kwargs)


TF_P_NO_DEC = {k: v for k, v in TF_P.items() if not k.startswith("dec0.")}
add(
    "transformer.transformer_forward",
    valid=lambda: _tf_fwd(pad_id=0),
    bad=[Bad("src_tokens rank-1", lambda: _tf_fwd(TF_SRC[0]), ValueError, r"^src_tokens must have shape \(m, T\), got \(3,\)"),
         Bad("src_tokens out of range", lambda: _tf_fwd(TF_SRC + 1), ValueError,
             r"^src_tokens must hold word indices in \[0, 4\]"),
         Bad("tgt_tokens floats", lambda: _tf_fwd(tgt=TF_TGT.astype(float)), TypeError,
             r"^tgt_tokens must hold integer word indices"),
         Bad("tgt_tokens ragged", lambda: _tf_fwd(tgt=[[1, 2], [3]]), TypeError,
             r"^tgt_tokens must be an array of integer word indices, got list"),
         Bad("tgt_tokens one-hot", lambda: _tf_fwd(tgt=np.eye(4, dtype=int)[TF_TGT]), ValueError,
             r"^tgt_tokens must have shape \(m, T\), got \(2, 4, 4\)"),
         Bad("src_tokens T = 0", lambda: _tf_fwd(TF_SRC[:, :0]), ValueError,
             r"^src_tokens must hold at least one position \(T >= 1\), got shape \(2, 0\)"),
         Bad("tgt_tokens T = 0", lambda: _tf_fwd(tgt=TF_TGT[:, :0]), ValueError,
             r"^tgt_tokens must hold at least one position \(T >= 1\), got shape \(2, 0\)"),
         Bad("m differs", lambda: _tf_fwd(tgt=TF_TGT[:1]), ValueError,
             r"^src_tokens and tgt_tokens must hold the same number of examples m, got shapes \(2, 3\) and \(1, 4\)"),
         Bad("n_heads does not divide d_model", lambda: _tf_fwd(n_heads=4), ValueError,
             r"^d_model = 6 must be a multiple of n_heads, got n_heads = 4"),
         Bad("params a list", lambda: _tf_fwd(params=list(TF_P.values())), TypeError, r"^params must be a dict"),
         Bad("one layer's params", lambda: _tf_fwd(params=TF_ENC), ValueError, r"^params is missing key\(s\) \['E_src'"),
         Bad("no decoder layer", lambda: _tf_fwd(params=TF_P_NO_DEC), ValueError,
             r"^params must hold at least one encoder layer \('enc0\.\*'\) and one decoder layer "
             r"\('dec0\.\*'\), found 1 and 0"),
         Bad("a decoder key missing", lambda: _tf_fwd(params=without(TF_P, "dec0.norm3.beta")), ValueError,
             r"^params is missing key\(s\) \['dec0\.norm3\.beta'\]"),
         Bad("W_out transposed", lambda: _tf_fwd(params={**TF_P, "W_out": TF_P["W_out"].T}), ValueError,
             r"^W_out must have shape \(6, 4\) = \(d_model, V_tgt\) to match E_tgt of shape \(6, 4\), got \(4, 6\)"),
         Bad("E_tgt of another d_model", lambda: _tf_fwd(params={**TF_P, "E_tgt": TF_P["E_tgt"][:4]}), ValueError,
             r"^E_tgt must have shape \(6, V_tgt\) to match E_src of shape \(6, 5\), got \(4, 4\)"),
         Bad("E_src NaN", lambda: _tf_fwd(params={**TF_P, "E_src": poisoned(TF_P["E_src"], NAN)}), ValueError,
             r"^E_src must contain only finite numbers, found NaN"),
         Bad("a layer's weight infinity", lambda: _tf_fwd(params={**TF_P, "enc0.ffn.W1": poisoned(TF_P["enc0.ffn.W1"], INF)}),
             ValueError, r"^enc0\.ffn\.W1 must contain only finite numbers, found infinity"),
         Bad("pad_id negative", lambda: _tf_fwd(pad_id=-1), ValueError, r"^pad_id must be an integer >= 0, got -1"),
         Bad("pad_id a float", lambda: _tf_fwd(pad_id=0.0), TypeError, r"^pad_id must be an integer, got float"),
         Bad("pad_id no target word", lambda: _tf_fwd(pad_id=4), ValueError,
             r"^pad_id must be a word index of both vocabularies, in \[0, 3\], got 4"),
         Bad("look_ahead 1", lambda: _tf_fwd(look_ahead=1), TypeError, r"^look_ahead must be True or False, got int")],
    same=[Same("nested lists, NumPy integers and bool", lambda: _tf_fwd(TF_SRC.tolist(), TF_TGT.tolist(), n_heads=np.int64(2),
                                                                      pad_id=np.int32(0), look_ahead=np.True_),
               lambda: _tf_fwd(pad_id=0))],
    legit=[("one example, one position each", lambda: _tf_fwd(TF_SRC[:1, :1], TF_TGT[:1, :1])),
           ("no look-ahead", lambda: _tf_fwd(look_ahead=False)),
           ("a source all padding", lambda: _tf_fwd(np.zeros((2, 3), int), pad_id=0)),
           ("float32 params", lambda: _tf_fwd(params=_init_tf(dtype=np.float32)))],
)
add(
    "transformer.transformer_backward",
    valid=lambda: transformer.transformer_backward(np.ones((2, 4, 4)), TF_CACHE),
    bad=_backward_bad(transformer.transformer_backward, TF_LOGITS, TF_CACHE, DEC_CACHE, "transformer_forward",
                      "decoder_layer_forward", upstream="dlogits"),
    same=[Same("int dlogits", lambda: transformer.transformer_backward(np.ones((2, 4, 4), int), TF_CACHE),
               lambda: transformer.transformer_backward(np.ones((2, 4, 4)), TF_CACHE))],
)
add(
    "transformer.attention_maps",
    valid=lambda: transformer.attention_maps(TF_CACHE),
    bad=[Bad("cache of decoder_layer_forward", lambda: transformer.attention_maps(DEC_CACHE), TypeError,
             r"^cache was made by decoder_layer_forward, but .* needs transformer_forward"),
         Bad("cache None", lambda: transformer.attention_maps(None), TypeError,
             r"^cache must be the cache returned by transformer_forward, got NoneType"),
         Bad("the logits", lambda: transformer.attention_maps(TF_LOGITS), TypeError,
             r"^cache must be the cache returned by transformer_forward, got ndarray")],
)
for _name in ("sequence_cross_entropy", "sequence_cross_entropy_backward"):
    _f = getattr(transformer, _name)
    add(
        f"transformer.{_name}",
        valid=partial(_f, TF_LOGITS, TF_TGT, pad_id=0),
        bad=[Bad("logits 2-D", partial(_f, TF_LOGITS[0], TF_TGT[0]), ValueError,
                 r"^logits must have shape \(m, T, V\), got \(4, 4\)"),
             Bad("logits T = 0", partial(_f, TF_LOGITS[:, :0], TF_TGT[:, :0]), ValueError,
                 r"^logits must have m, T, V >= 1, got shape \(2, 0, 4\)"),
             Bad("logits NaN", partial(_f, poisoned(TF_LOGITS, NAN), TF_TGT), ValueError,
                 r"^logits must contain only finite numbers, found NaN"),
             Bad("logits strings", partial(_f, [[["a"]]], TF_TGT), TypeError, r"^logits must be a numeric"),
             Bad("targets of another T", partial(_f, TF_LOGITS, TF_TGT[:, :3]), ValueError,
                 r"^targets must have shape \(m, T\) = \(2, 4\) to match logits of shape \(2, 4, 4\), got \(2, 3\)"),
             Bad("targets one-hot", partial(_f, TF_LOGITS, np.eye(4, dtype=int)[TF_TGT]), ValueError,
                 r"^targets must have shape \(m, T\), got \(2, 4, 4\)"),
             Bad("targets out of range", partial(_f, TF_LOGITS, TF_TGT + 1), ValueError,
                 r"^targets must hold word indices in \[0, 3\]"),
             Bad("targets floats", partial(_f, TF_LOGITS, TF_TGT.astype(float)), TypeError,
                 r"^targets must hold integer word indices"),
             Bad("pad_id negative", partial(_f, TF_LOGITS, TF_TGT, pad_id=-1), ValueError, r"^pad_id must be an integer >= 0"),
             Bad("pad_id a float", partial(_f, TF_LOGITS, TF_TGT, pad_id=0.0), TypeError,
                 r"^pad_id must be an integer, got float"),
             Bad("pad_id no word", partial(_f, TF_LOGITS, TF_TGT, pad_id=4), ValueError,
                 r"^pad_id must be a word index of the vocabulary \(the last axis of logits\), in \[0, 3\], got 4")],
        same=[Same("int logits, list targets, NumPy pad_id",
                   partial(_f, TF_XI[..., :4], TF_TGT[:, :3].tolist(), pad_id=np.int64(0)),
                   partial(_f, TF_XI[..., :4].astype(float), TF_TGT[:, :3], pad_id=0))],
        legit=[("|logits| of 1000", partial(_f, 1000 * TF_LOGITS, TF_TGT)),
               ("every target padding", partial(_f, TF_LOGITS, np.zeros((2, 4), int), pad_id=0)),
               ("one example, one position, one word", partial(_f, TF_LOGITS[:1, :1, :1], [[0]])),
               ("float32 logits", partial(_f, TF_LOGITS.astype(np.float32), TF_TGT))],
    )


def _greedy(src=TF_SRC, params=TF_P, n_heads=2, start_id=1, max_length=3, **kwargs):
    return transformer.transformer_greedy_decode(src, params, n_heads=n_heads, start_id=start_id, max_length=max_length,
                                                 **kwargs)


add(
    "transformer.transformer_greedy_decode",
    valid=lambda: _greedy(pad_id=0, end_id=2),
    bad=[Bad("src_tokens rank-1", lambda: _greedy(TF_SRC[0]), ValueError, r"^src_tokens must have shape \(m, T\), got \(3,\)"),
         Bad("src_tokens out of range", lambda: _greedy(TF_SRC + 1), ValueError,
             r"^src_tokens must hold word indices in \[0, 4\]"),
         Bad("src_tokens T = 0", lambda: _greedy(TF_SRC[:, :0]), ValueError,
             r"^src_tokens must hold at least one position \(T >= 1\), got shape \(2, 0\)"),
         Bad("params a list", lambda: _greedy(params=list(TF_P.values())), TypeError, r"^params must be a dict"),
         Bad("n_heads does not divide d_model", lambda: _greedy(n_heads=5), ValueError,
             r"^d_model = 6 must be a multiple of n_heads, got n_heads = 5"),
         Bad("start_id no target word", lambda: _greedy(start_id=4), ValueError,
             r"^start_id must be a target word index in \[0, 3\], got 4"),
         Bad("start_id negative", lambda: _greedy(start_id=-1), ValueError, r"^start_id must be an integer >= 0"),
         Bad("start_id None", lambda: _greedy(start_id=None), TypeError, r"^start_id must be an integer, got NoneType"),
         Bad("end_id a float", lambda: _greedy(end_id=2.0), TypeError, r"^end_id must be an integer, got float"),
         Bad("end_id no target word", lambda: _greedy(end_id=9), ValueError,
             r"^end_id must be a target word index in \[0, 3\]"),
         Bad("max_length 0", lambda: _greedy(max_length=0), ValueError, r"^max_length must be an integer >= 1, got 0"),
         Bad("max_length a float", lambda: _greedy(max_length=3.0), TypeError, r"^max_length must be an integer, got float"),
         Bad("pad_id a string", lambda: _greedy(pad_id="0"), TypeError, r"^pad_id must be an integer, got str"),
         Bad("pad_id no source word", lambda: _greedy(pad_id=5), ValueError,
             r"^pad_id must be a word index of the source vocabulary, in \[0, 4\], got 5")],
    same=[Same("nested list, NumPy integers", lambda: _greedy(TF_SRC.tolist(), n_heads=np.int64(2), start_id=np.int32(1),
                                                             max_length=np.int64(3), pad_id=np.int64(0)),
               lambda: _greedy(pad_id=0))],
    legit=[("max_length 1", lambda: _greedy(max_length=1)),
           ("one example, one position", lambda: _greedy(TF_SRC[:1, :1])),
           ("end_id the start word", lambda: _greedy(end_id=1))],
)


# --- the tests --------------------------------------------------------------------------------------


def resolve(name):
    """The object named ``"module.name"`` or ``"module.Class.method"`` (a property as such)."""
    module, *path = name.split(".")
    obj = importlib.import_module(f"dlspec.{module}")
    for part in path:  # getattr_static keeps a property a property
        obj = inspect.getattr_static(obj, part) if inspect.isclass(obj) else getattr(obj, part)
    return obj


def public_names():
    """Every public function and class of every public dlspec module, and the public methods
    (and properties) of :data:`CLASSES_WITH_METHODS`, as ``"module.name"`` strings."""
    names = set()
    for info in pkgutil.iter_modules(dlspec.__path__):
        if info.name.startswith("_"):  # _validate: private helpers, tested in test_validation.py
            continue
        module = importlib.import_module(f"dlspec.{info.name}")
        for name, obj in vars(module).items():
            if name.startswith("_") or not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            if obj.__module__ == module.__name__:
                names.add(f"{info.name}.{name}")
    for cls in CLASSES_WITH_METHODS:
        module = cls.__module__.rsplit(".", 1)[1]
        for name, obj in inspect.getmembers(cls):
            if not name.startswith("_") and (inspect.isfunction(obj) or isinstance(obj, property)):
                names.add(f"{module}.{cls.__name__}.{name}")
    return names


def takes_no_arguments(name):
    """True for a method without parameters (``reset``) or a read-only property."""
    obj = resolve(name)
    if isinstance(obj, property):
        return obj.fset is None
    parameters = list(inspect.signature(obj).parameters)
    return parameters in ([], ["self"])


def test_every_public_name_is_in_the_table():
    missing = sorted(public_names() - set(TABLE))
    assert not missing, f"public names without a row in TABLE: {missing}"
    stale = sorted(set(TABLE) - public_names())
    assert not stale, f"rows of TABLE for names that are not public (any more): {stale}"


@pytest.mark.parametrize("name", sorted(TABLE))
def test_every_row_has_bad_cases_unless_nothing_can_be_passed(name):
    entry = TABLE[name]
    assert entry.bad or takes_no_arguments(name), f"{name} takes arguments but has no bad case"
    assert entry.valid is not None or name in LOADERS
    assert all(b.error in (ValueError, TypeError) for b in entry.bad)
    labels = [b.label for b in entry.bad] + [s.label for s in entry.same] + [lbl for lbl, _ in entry.legit]
    assert len(labels) == len(set(labels)), f"{name} has two cases with one label"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("name", sorted(n for n, e in TABLE.items() if e.valid is not None))
def test_valid_call(name):
    TABLE[name].valid()


def _bad_params():
    for name, entry in sorted(TABLE.items()):
        for case in entry.bad:
            marks = [pytest.mark.xfail(strict=True, reason=case.gap)] if case.gap else []
            yield pytest.param(case, id=f"{name}: {case.label}", marks=marks)


@pytest.mark.parametrize("case", list(_bad_params()))
def test_bad_input_is_refused_naming_the_argument(case):
    with pytest.raises(case.error, match=case.match):
        case.call()


def assert_same(result, reference):
    """Equal values and dtypes, through tuples, lists and dicts (caches included)."""
    if isinstance(reference, np.ndarray):
        assert isinstance(result, np.ndarray)
        assert result.dtype == reference.dtype
        np.testing.assert_array_equal(result, reference)
    elif isinstance(reference, Mapping):
        assert list(result) == list(reference)
        for key in reference:
            assert_same(result[key], reference[key])
    elif isinstance(reference, (tuple, list)) and not hasattr(reference, "_fields"):
        assert type(result) is type(reference) and len(result) == len(reference)
        for r, ref in zip(result, reference, strict=True):
            assert_same(r, ref)
    elif isinstance(reference, float):
        assert type(result) is type(reference)
        assert result == reference or (np.isnan(result) and np.isnan(reference))
    else:
        assert result == reference


def _same_params():
    for name, entry in sorted(TABLE.items()):
        for case in entry.same:
            marks = [pytest.mark.xfail(strict=True, reason=case.gap)] if case.gap else []
            yield pytest.param(case, id=f"{name}: {case.label}", marks=marks)


@pytest.mark.parametrize("case", list(_same_params()))
def test_integer_bool_and_list_input_gives_the_float_result(case):
    assert_same(case.view(case.call()), case.view(case.reference()))


def _legit_params():
    for name, entry in sorted(TABLE.items()):
        for label, call in entry.legit:
            yield pytest.param(call, id=f"{name}: {label}")


@pytest.mark.parametrize("call", list(_legit_params()))
def test_unusual_but_valid_input_is_accepted(call):
    call()
