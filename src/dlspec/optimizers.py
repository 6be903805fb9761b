r"""Optimisers, exponentially weighted averages and learning-rate schedules.

Course 2, Week 2. An optimiser is an object that keeps its own state (moving
averages of past gradients) between steps; all share one interface::

    opt = Adam(learning_rate=0.01)
    params = opt.step(params, grads)   # new arrays; params and grads are not changed
    opt.learning_rate = 0.005          # e.g. set by a schedule, once per epoch

``params`` is any dict of arrays (``{"W1", "b1", ...}`` or ``{"w", "b"}``); ``grads``
holds ``"d" + name`` for each (others, e.g. ``"dA0"``, are ignored). State is kept
per parameter name, in its dtype. :class:`Momentum` keeps an exponentially
weighted average (:func:`ewa`) of the gradients, :class:`RMSprop` of their
squares, :class:`Adam` of both.

Settings are checked when an optimiser is made (``learning_rate`` whenever it is
set): ``learning_rate``, ``epsilon`` > 0 and betas in [0, 1), else ``ValueError``.
"""

from collections.abc import Mapping

import numpy as np

from dlspec._validate import (
    as_float_array,
    check_finite,
    check_int,
    check_params,
    check_positive,
    check_real,
    check_shape,
)


def _check_beta(name, beta):
    """Return ``beta`` as a float in [0, 1)."""
    beta = check_real(name, beta)
    if not 0.0 <= beta < 1.0:
        raise ValueError(f"{name} must be in [0, 1), got {beta}")
    return beta


# --- optimisers ------------------------------------------------------------------------------


class GradientDescent:
    r"""Plain gradient descent: ``W -= learning_rate * dW``; no state.

    Parameters
    ----------
    learning_rate : float
        Step size :math:`\alpha > 0`; an attribute, checked again whenever it is set.

    Notes
    -----
    :math:`W \leftarrow W - \alpha\, dW`: mini-batch (for batches of one,
    stochastic) gradient descent when given mini-batch gradients. Course 2, Week 2.
    """

    #: Constructor arguments shown by ``repr``; names of the per-parameter state dicts.
    _SETTINGS, _STATE = ("learning_rate",), ()

    def __init__(self, learning_rate):
        self.learning_rate = learning_rate
        self.reset()

    @property
    def learning_rate(self):
        """The step size, a positive float."""
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value):
        self._learning_rate = check_positive("learning_rate", value)

    def __repr__(self):
        settings = ", ".join(f"{k}={getattr(self, k)!r}" for k in self._SETTINGS)
        return f"{type(self).__name__}({settings})"

    def reset(self):
        """Forget the state (moving averages, step count); the settings stay."""
        for name in self._STATE:
            setattr(self, name, {})

    def step(self, params, grads):
        r"""One update of every parameter; returns a new dict.

        Parameters
        ----------
        params : dict of str to ndarray
        grads : dict of str to ndarray
            ``"d" + name`` for every ``name`` in ``params``, of the same shape.

        Returns
        -------
        dict of str to ndarray
            The same keys as ``params``, new arrays in each parameter's dtype.

        Raises
        ------
        ValueError, TypeError
            If ``params`` / ``grads`` are not dicts of arrays, ``params`` is empty, a
            gradient is missing or misshapen, or a state was built for another shape.
        """
        if isinstance(params, Mapping) and not params:
            raise ValueError("params must not be empty")
        names = list(params) if isinstance(params, Mapping) else []
        values = check_params("params", params, names)
        gradients = check_params("grads", grads, [f"d{k}" for k in names])
        stores = [getattr(self, k) for k in self._STATE]
        for name, p, g in zip(names, values, gradients, strict=True):  # check all, then update
            check_shape(f"grads['d{name}']", g, p.shape, hint=lambda: f"to match params['{name}']")
            for store in stores:
                if store.get(name, p).shape != p.shape:
                    raise ValueError(
                        f"params[{name!r}] has shape {p.shape}, but the state was built for "
                        f"{store[name].shape}; call reset() before switching models"
                    )
        self._begin_step()  # g in p's dtype keeps every array below in that dtype
        pairs = zip(names, values, gradients, strict=True)
        return {n: self._update(n, p, g.astype(p.dtype, copy=False)) for n, p, g in pairs}

    def _begin_step(self):
        """Hook run once per :meth:`step`, before the updates (Adam counts steps here)."""

    def _update(self, name, p, g):
        """Return the new value of parameter ``name``; ``g`` has ``p``'s shape and dtype."""
        return p - self.learning_rate * g

    def _average(self, state, name, beta, x):
        """Update the moving average ``self.<state>[name]`` with ``x``; zeros at first."""
        store = getattr(self, state)
        average = store.get(name)
        if average is None:  # zeros at first: beta * 0 + (1 - beta) * x
            average = store[name] = (1.0 - beta) * x
        else:  # in place: the state belongs to this optimiser
            average *= beta
            average += (1.0 - beta) * x
        return average


class Momentum(GradientDescent):
    r"""Gradient descent with momentum: step along a moving average of the gradients.

    Parameters
    ----------
    learning_rate : float
    beta : float, default 0.9
        0 gives plain gradient descent.

    Attributes
    ----------
    v : dict of str to ndarray
        The velocity of each parameter, keyed by the parameter's name (``v["W1"]``).

    Notes
    -----
    .. math:: v \leftarrow \beta v + (1 - \beta)\, dW, \qquad W \leftarrow W - \alpha v

    from :math:`v = 0`: oscillations cancel, steady directions add up. Course 2, Week 2.
    """

    _SETTINGS, _STATE = ("learning_rate", "beta"), ("v",)

    def __init__(self, learning_rate, beta=0.9):
        self.beta = _check_beta("beta", beta)
        super().__init__(learning_rate)

    def _update(self, name, p, g):
        return p - self.learning_rate * self._average("v", name, self.beta, g)


class RMSprop(GradientDescent):
    r"""RMSprop: divide each step by a moving root mean square of the gradients.

    Parameters
    ----------
    learning_rate : float
    beta : float, default 0.999
    epsilon : float, default 1e-8
        Keeps the division finite where :math:`s = 0`.

    Attributes
    ----------
    s : dict of str to ndarray
        Moving average of the squared gradients, per parameter name.

    Notes
    -----
    .. math:: s \leftarrow \beta s + (1 - \beta)\, dW^2, \qquad
              W \leftarrow W - \alpha \frac{dW}{\sqrt{s} + \varepsilon}

    (squares and roots entrywise). Directions with large, oscillating
    gradients get small steps, flat directions larger ones. Course 2, Week 2.
    """

    _SETTINGS, _STATE = ("learning_rate", "beta", "epsilon"), ("s",)

    def __init__(self, learning_rate, beta=0.999, epsilon=1e-8):
        self.beta = _check_beta("beta", beta)
        self.epsilon = check_positive("epsilon", epsilon)
        super().__init__(learning_rate)

    def _update(self, name, p, g):
        s = self._average("s", name, self.beta, g * g)
        return p - self.learning_rate * g / (np.sqrt(s) + self.epsilon)


class Adam(GradientDescent):
    r"""Adam: momentum and RMSprop together, with bias correction.

    Parameters
    ----------
    learning_rate : float
    beta1, beta2 : float, default 0.9, 0.999
        Decay of the gradient and squared-gradient averages.
    epsilon : float, default 1e-8

    Attributes
    ----------
    v, s : dict of str to ndarray
        First and second moment estimates per parameter name (uncorrected).
    t : int
        Steps taken so far: one per :meth:`step`, shared by all parameters.

    Notes
    -----
    At step :math:`t = 1, 2, \dots`:

    .. math:: v \leftarrow \beta_1 v + (1 - \beta_1)\, dW, \quad
              s \leftarrow \beta_2 s + (1 - \beta_2)\, dW^2, \quad
              \hat v = \frac{v}{1 - \beta_1^t}, \quad \hat s = \frac{s}{1 - \beta_2^t},

    .. math:: W \leftarrow W - \alpha \frac{\hat v}{\sqrt{\hat s} + \varepsilon}

    The averages start at 0; the corrections undo that bias exactly for a constant
    gradient, whose steps are then about :math:`\alpha` per entry. Course 2, Week 2.
    """

    _SETTINGS = ("learning_rate", "beta1", "beta2", "epsilon")
    _STATE = ("v", "s")

    def __init__(self, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
        self.beta1 = _check_beta("beta1", beta1)
        self.beta2 = _check_beta("beta2", beta2)
        self.epsilon = check_positive("epsilon", epsilon)
        super().__init__(learning_rate)

    def reset(self):
        super().reset()
        self.t = 0

    def _begin_step(self):
        self.t += 1

    def _update(self, name, p, g):
        v = self._average("v", name, self.beta1, g)
        s = self._average("s", name, self.beta2, g * g)
        v_hat = v / (1.0 - self.beta1**self.t)
        s_hat = s / (1.0 - self.beta2**self.t)
        return p - self.learning_rate * v_hat / (np.sqrt(s_hat) + self.epsilon)


def check_optimizer(optimizer):
    """Raise ``TypeError`` unless ``optimizer`` is an optimiser *instance* of this module."""
    if isinstance(optimizer, type) and issubclass(optimizer, GradientDescent):
        raise TypeError(
            f"optimizer must be an instance such as {optimizer.__name__}(0.01), "
            f"got the class {optimizer.__name__} itself"
        )
    if not isinstance(optimizer, GradientDescent):
        raise TypeError(
            "optimizer must be a dlspec.optimizers object such as Adam(0.01), "
            f"got {type(optimizer).__name__}"
        )
    return optimizer


# --- exponentially weighted averages ---------------------------------------------------------


def ewa(values, beta, *, bias_correction=False):
    r"""Exponentially weighted (moving) average of a sequence.

    Parameters
    ----------
    values : array_like of shape (T,) or (T, ...)
        :math:`\theta_1, \dots, \theta_T` along axis 0, e.g. daily temperatures.
    beta : float
        In [0, 1); the average spans roughly the last :math:`1/(1 - \beta)` values.
    bias_correction : bool, default False
        Divide :math:`v_t` by :math:`1 - \beta^t`.

    Returns
    -------
    ndarray of the same shape as ``values``: :math:`v_1, \dots, v_T` (or :math:`\hat v_t`)

    Raises
    ------
    ValueError
        If ``values`` is empty, a single number or holds NaN or infinity, or ``beta``
        is outside [0, 1).

    Notes
    -----
    .. math:: v_0 = 0, \qquad v_t = \beta v_{t-1} + (1 - \beta)\,\theta_t,
              \qquad \hat v_t = \frac{v_t}{1 - \beta^t}

    The weights of :math:`v_t` sum to :math:`1 - \beta^t`, so :math:`v_t` starts
    too small; dividing by that sum makes the average of a constant sequence
    equal the constant from the first step on. Course 2, Week 2.
    """
    values = as_float_array("values", values)
    if values.ndim == 0 or len(values) == 0:
        raise ValueError(f"values must be a non-empty sequence (T, ...), got shape {values.shape}")
    check_finite("values", values)  # one NaN would spoil every later average
    beta = _check_beta("beta", beta)
    out = np.empty_like(values)
    v = np.zeros_like(values[0])
    for t, theta in enumerate(values, start=1):
        v = beta * v + (1.0 - beta) * theta
        out[t - 1] = v / (1.0 - beta**t) if bias_correction else v
    return out


# --- learning-rate schedules -----------------------------------------------------------------
# Functions of the epoch number t returning a learning rate (ValueError/TypeError for bad
# arguments), e.g. once per epoch: opt.learning_rate = inverse_time_decay(0.1, 1.0, epoch)


def inverse_time_decay(alpha0, decay_rate, epoch):
    r"""Learning rate ``alpha0 / (1 + decay_rate * epoch)``.

    Parameters
    ----------
    alpha0 : float
        Initial learning rate :math:`\alpha_0 > 0`.
    decay_rate : float
        :math:`r \ge 0`; 0 keeps the rate constant.
    epoch : int
        :math:`t \ge 0`; epoch 0 gives ``alpha0``.

    Returns
    -------
    float

    Notes
    -----
    :math:`\alpha = \alpha_0 / (1 + r\,t)`. Course 2, Week 2.
    """
    alpha0 = check_positive("alpha0", alpha0)
    decay_rate = check_real("decay_rate", decay_rate, low=0.0)
    return alpha0 / (1.0 + decay_rate * check_int("epoch", epoch, minimum=0))


def staircase_decay(alpha0, decay_rate, epoch, interval):
    r"""Inverse-time decay in steps: the rate drops once every ``interval`` epochs.

    Parameters
    ----------
    alpha0, decay_rate : float
        As in :func:`inverse_time_decay`.
    epoch : int
        :math:`t \ge 0`.
    interval : int
        Epochs per stair, >= 1.

    Returns
    -------
    float

    Notes
    -----
    :math:`\alpha = \alpha_0 / (1 + r \lfloor t / \mathrm{interval} \rfloor)`: the
    "scheduled" decay, which keeps long stretches at a fixed rate. Course 2, Week 2.
    """
    interval = check_int("interval", interval)
    return inverse_time_decay(alpha0, decay_rate, check_int("epoch", epoch, minimum=0) // interval)


def exponential_decay(alpha0, base, epoch):
    r"""Learning rate ``alpha0 * base ** epoch``.

    Parameters
    ----------
    alpha0 : float
        :math:`\alpha_0 > 0`.
    base : float
        In (0, 1], e.g. 0.95.
    epoch : int
        :math:`t \ge 0`.

    Returns
    -------
    float

    Notes
    -----
    :math:`\alpha = \alpha_0\, b^{t}`. Course 2, Week 2.
    """
    alpha0, base = check_positive("alpha0", alpha0), check_real("base", base)
    if not 0.0 < base <= 1.0:
        raise ValueError(f"base must be in (0, 1], got {base}")
    return alpha0 * base ** check_int("epoch", epoch, minimum=0)


def sqrt_decay(alpha0, k, epoch):
    r"""Learning rate ``k * alpha0 / sqrt(epoch)``, for ``epoch >= 1``.

    Parameters
    ----------
    alpha0, k : float
        Both positive.
    epoch : int
        :math:`t \ge 1` (infinite at 0; with 0-based epochs pass ``epoch + 1``).

    Returns
    -------
    float

    Notes
    -----
    :math:`\alpha = k\,\alpha_0 / \sqrt{t}`. Course 2, Week 2.
    """
    alpha0, k = check_positive("alpha0", alpha0), check_positive("k", k)
    return k * alpha0 / float(np.sqrt(check_int("epoch", epoch, minimum=1)))
