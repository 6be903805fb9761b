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
