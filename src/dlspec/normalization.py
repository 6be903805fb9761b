r"""Batch normalisation of a layer's pre-activations ``Z``.

Course 2, Week 3. For a mini-batch of ``m`` examples stored as columns, each
unit (row) of :math:`Z` is normalised with the batch's own mean and variance,
then scaled and shifted by two learned parameters::

    params = {"gamma": gamma, "beta": beta}                 # (n, 1) each
    Z_tilde, cache = batchnorm_forward(Z, params)           # Z, Z_tilde: (n, m)
    dZ, grads = batchnorm_backward(dZ_tilde, cache)         # grads: "dgamma", "dbeta"

    bn = BatchNorm(n)                                       # running statistics
    params = bn.initial_params()                            # gamma = 1, beta = 0
    Z_tilde, cache = bn.forward(Z, params, training=True)   # batch statistics; updates running ones
    Z_tilde, _ = bn.forward(Z, params, training=False)      # running statistics (test time)

This is a block in dlspec's one convention (see :mod:`dlspec`); the cache holds
the batch statistics and ``epsilon``, so the backward pass takes nothing else.
:math:`\gamma` and :math:`\beta` have shape ``(n, 1)`` and are broadcast over
the columns, like a bias. In a network the layer sits between the linear
step and the activation, :math:`A = g(\mathrm{BN}(W A_{prev}))`, and the bias
``b`` is redundant because :math:`\beta` takes its place: subtracting the
batch mean removes any bias, so its gradient is exactly zero.

Gradient convention, as in :mod:`dlspec.layers`: ``dZ_tilde`` and ``dZ`` are
per example (derivatives of the *sum* of the losses), ``dgamma`` and
``dbeta`` are derivatives of the *mean* cost, so they carry the :math:`1/m`.

The default :math:`\varepsilon = 10^{-5}` (PyTorch's default) rather than
:math:`10^{-8}`: in float32, :math:`1 + 10^{-8}` rounds to 1, so a smaller
value would not protect a row whose variance is (nearly) zero.
"""

import numpy as np

from dlspec._validate import (
    as_float_array,
    check_float_dtype,
    check_int,
    check_positive,
    check_real,
    check_finite,
    check_params,
    check_shape,
    check_upstream,
    make_cache,
    read_cache,
)
from dlspec.blocks import Block

#: Default epsilon added to the variance (see the module docstring).
DEFAULT_EPSILON = 1e-5


def _check_affine(Z, params):
    """Return ``gamma`` and ``beta`` of ``params`` as ``(n, 1)`` arrays matching the rows of ``Z``."""
    gamma, beta = check_params("params", params, ("gamma", "beta"))
    check_shape("gamma", gamma, (Z.shape[0], 1), hint=f"to match Z of shape {Z.shape}")
    check_shape("beta", beta, (Z.shape[0], 1), hint=f"to match Z of shape {Z.shape}")
    return gamma, beta


def _check_batch(Z):
    """Return ``Z`` as an ``(n, m)`` array with ``m >= 2`` and only finite entries."""
    Z = as_float_array("Z", Z)
    check_shape("Z", Z, ("n", "m"))
    if Z.shape[1] < 2:
        raise ValueError(
            "batch normalisation needs a batch of at least two examples (m >= 2), "
            f"got Z of shape {Z.shape}: with m = 1 every normalised value is 0"
        )
    check_finite("Z", Z)
    return Z


def batchnorm_forward(Z, params, *, epsilon=DEFAULT_EPSILON):
    r"""Normalise each row of ``Z`` over the batch, then scale by ``gamma`` and shift by ``beta``.

    Parameters
    ----------
    Z : ndarray of shape (n, m)
        Pre-activations of ``n`` units for a batch of ``m >= 2`` examples.
    params : dict
        ``{"gamma": (n, 1), "beta": (n, 1)}``: scale and shift, learned (1 and 0
        at the start).
    epsilon : float, default 1e-5
        Added to the variance before the square root; positive.

    Returns
    -------
    Z_tilde : ndarray of shape (n, m)
    cache : dict
        For :func:`batchnorm_backward`: ``Z_centered`` and ``Z_norm`` (n, m),
        ``inv_std`` (n, 1), ``gamma``, and the batch statistics ``mu`` and ``var``.

    Raises
    ------
    ValueError
        If the shapes disagree, ``m < 2``, ``Z`` holds NaN or infinity or ``epsilon <= 0``.

    Notes
    -----
    For each unit (row), over the ``m`` examples of the batch:

    .. math:: \mu = \frac{1}{m} \sum_{i=1}^{m} z^{(i)}, \qquad
              \sigma^2 = \frac{1}{m} \sum_{i=1}^{m} (z^{(i)} - \mu)^2,

    .. math:: z_{\mathrm{norm}}^{(i)} = \frac{z^{(i)} - \mu}{\sqrt{\sigma^2 + \varepsilon}},
              \qquad \tilde z^{(i)} = \gamma\, z_{\mathrm{norm}}^{(i)} + \beta.

    Each row of ``Z_norm`` has mean 0 and variance
    :math:`\sigma^2 / (\sigma^2 + \varepsilon) \approx 1`, so a row of
    ``Z_tilde`` has mean :math:`\beta` and standard deviation about
    :math:`\gamma`. With ``m = 1``, :math:`z - \mu = 0` and the output is
    :math:`\beta` whatever the input, so a batch of one is refused; at test
    time use the running statistics of :class:`BatchNorm` instead. With
    ``m = 2`` each row becomes :math:`\pm 1` (up to :math:`\varepsilon`), only
    the order of the two values survives and ``dZ`` is nearly 0: batch norm
    wants mini-batches of tens of examples or more. The
    dtype of ``Z`` is kept (float32 stays float32 when ``gamma`` and
    ``beta`` are float32 too). Course 2, Week 3.
    """
    Z = _check_batch(Z)
    gamma, beta = _check_affine(Z, params)
    return _batchnorm(Z, {"gamma": gamma, "beta": beta}, check_positive("epsilon", epsilon))


def _batchnorm(Z, params, epsilon):
    """:func:`batchnorm_forward` on checked arguments."""
    gamma, beta = params["gamma"], params["beta"]
    mu = np.mean(Z, axis=1, keepdims=True)
    Z_centered = Z - mu
    var = np.mean(Z_centered * Z_centered, axis=1, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + epsilon)
    Z_norm = Z_centered * inv_std
    cache = make_cache(
        "batchnorm_forward", Z_centered=Z_centered, inv_std=inv_std, Z_norm=Z_norm,
        gamma=gamma, mu=mu, var=var, epsilon=epsilon,
    )
    return gamma * Z_norm + beta, cache


def _read(dZ_tilde, cache):
    """``dZ_tilde`` checked against a :func:`batchnorm_forward` cache, and the cache's arrays."""
    keys = ("Z_centered", "inv_std", "Z_norm", "gamma")
    Z_centered, inv_std, Z_norm, gamma = read_cache(cache, "batchnorm_forward", keys)
    dZ_tilde = check_upstream("dZ_tilde", dZ_tilde, Z_norm.shape, "batchnorm_forward")
    return dZ_tilde, Z_centered, inv_std, Z_norm, gamma


def batchnorm_backward(dZ_tilde, cache):
    r"""Gradients of batch normalisation, in the compact closed form.

    Parameters
    ----------
    dZ_tilde : ndarray of shape (n, m)
        Gradient with respect to ``Z_tilde``, per example (no ``1/m``).
    cache : dict
        From :func:`batchnorm_forward`.

    Returns
    -------
    dZ : ndarray of shape (n, m)
        Per example, for the layer below.
    grads : dict
        ``{"dgamma": (n, 1), "dbeta": (n, 1)}``: gradients of the mean cost (with
        the ``1/m``, like ``dW`` and ``db``).

    Raises
    ------
    ValueError
        If ``dZ_tilde`` does not have the shape of ``Z``.
    TypeError
        If ``cache`` was not made by :func:`batchnorm_forward`.

    Notes
    -----
    Write :math:`\hat z_j` for ``Z_norm``, :math:`s = (\sigma^2 + \varepsilon)^{-1/2}`
    and :math:`g_j = \gamma\, d\tilde z_j` for the gradient reaching
    :math:`\hat z_j`, all for one row, :math:`j = 1, \dots, m`. The parameters
    enter linearly, so

    .. math:: d\beta = \frac{1}{m} \sum_j d\tilde z_j, \qquad
              d\gamma = \frac{1}{m} \sum_j d\tilde z_j\, \hat z_j.

    Every :math:`\hat z_k` depends on every :math:`z_j`, through :math:`\mu`
    and :math:`\sigma^2`. From :math:`\partial\mu/\partial z_j = 1/m` and
    :math:`\partial\sigma^2/\partial z_j = 2 (z_j - \mu)/m` (the terms with
    :math:`\sum_k (z_k - \mu) = 0` drop out),

    .. math:: \frac{\partial \hat z_k}{\partial z_j}
              = s\left(\delta_{jk} - \frac{1}{m}\right) - (z_k - \mu)\, s^3\, \frac{z_j - \mu}{m}
              = s\left(\delta_{jk} - \frac{1}{m} - \frac{\hat z_k \hat z_j}{m}\right).

    Summing :math:`g_k\, \partial\hat z_k / \partial z_j` over :math:`k`:

    .. math:: dz_j = s\left(g_j - \frac{1}{m}\sum_k g_k
              - \hat z_j\, \frac{1}{m}\sum_k g_k \hat z_k\right)
              = \gamma\, s\left(d\tilde z_j - d\beta - \hat z_j\, d\gamma\right).

    The two means are exactly :math:`d\beta` and :math:`d\gamma`, which is
    why the :math:`1/m` convention makes the formula so short. It removes
    from :math:`d\tilde z` its mean and its component along :math:`\hat z`:
    shifting or rescaling a row of ``Z`` leaves ``Z_norm`` unchanged, so
    ``dZ`` has zero row sums. :func:`batchnorm_backward_naive` gets the same
    numbers node by node. Course 2, Week 3.
    """
    dZ_tilde, _, inv_std, Z_norm, gamma = _read(dZ_tilde, cache)
    dbeta = np.mean(dZ_tilde, axis=1, keepdims=True)
    dgamma = np.mean(dZ_tilde * Z_norm, axis=1, keepdims=True)
    dZ = (gamma * inv_std) * (dZ_tilde - dbeta - Z_norm * dgamma)
    return dZ, {"dgamma": dgamma, "dbeta": dbeta}


def batchnorm_backward_naive(dZ_tilde, cache):
    r"""Gradients of batch normalisation, backpropagated node by node (a test oracle).

    Parameters
    ----------
    dZ_tilde : ndarray of shape (n, m)
    cache : dict
        From :func:`batchnorm_forward`.

    Returns
    -------
    dZ : ndarray of shape (n, m)
    grads : dict ``{"dgamma": (n, 1), "dbeta": (n, 1)}``
        The same as :func:`batchnorm_backward`, up to rounding.

    Raises
    ------
    ValueError, TypeError
        As for :func:`batchnorm_backward`.

    Notes
    -----
    The forward pass as a computation graph, one node per line, and the
    local derivative each node sends back, read bottom to top (rows are
    independent; sums and means run over the batch):

    ::

        forward node                  backward step (in reverse order)
        mu      = mean(z)             dz     += dmu / m
        c       = z - mu              dz      = dc;   dmu = -sum(dc)
        v       = mean(c**2)          dc     += 2 c dv / m
        s       = (v + eps)**-0.5     dv      = -0.5 s**3 ds
        z_norm  = c s                 dc      = s dz_norm;   ds = sum(c dz_norm)
        z_tilde = gamma z_norm + beta dz_norm = gamma dz_tilde

    ``c`` feeds two nodes (``v`` and ``z_norm``), so its gradient is the
    sum of two contributions; the same holds for ``z`` (``c`` and
    :math:`\mu`). Slower and longer than the closed form, but each line is
    easy to verify. Course 2, Week 3.
    """
    dZ_tilde, Z_centered, inv_std, Z_norm, gamma = _read(dZ_tilde, cache)
    m = Z_norm.shape[1]
    dbeta = np.sum(dZ_tilde, axis=1, keepdims=True) / m
    dgamma = np.sum(dZ_tilde * Z_norm, axis=1, keepdims=True) / m
    # z_tilde = gamma z_norm + beta
    dZ_norm = gamma * dZ_tilde
    # z_norm = c s
    dZ_centered = inv_std * dZ_norm
    d_inv_std = np.sum(Z_centered * dZ_norm, axis=1, keepdims=True)
    # s = (v + eps)^(-1/2)
    dvar = -0.5 * inv_std**3 * d_inv_std
    # v = mean(c^2): c's second contribution
    dZ_centered = dZ_centered + 2.0 * Z_centered * dvar / m
    # c = z - mu
    dmu = -np.sum(dZ_centered, axis=1, keepdims=True)
    # mu = mean(z): z's second contribution
    return dZ_centered + dmu / m, {"dgamma": dgamma, "dbeta": dbeta}


class BatchNorm:
    r"""The running statistics of a batch-norm layer, for test time.

    ``gamma`` and ``beta`` are parameters like ``W`` and ``b``: they live in the
    caller's parameter dict and are trained by the optimiser. What this object keeps
    is the layer's *state*: the moving averages of the batch statistics.

    Parameters
    ----------
    n : int
        Number of units (rows of ``Z``).
    momentum : float, default 0.9
        :math:`\beta` of the exponentially weighted averages, in [0, 1).
        (PyTorch's ``momentum`` is the other weight, :math:`1 - \beta` = 0.1.)
    epsilon : float, default 1e-5
        As in :func:`batchnorm_forward`.
    dtype : float32 or float64, default float64
        Of the statistics; ``Z`` must have this dtype.

    Attributes
    ----------
    running_mean, running_var : ndarrays of shape (n, 1)
        Start at 0 and 1; updated by every training forward pass.

    Notes
    -----
    During training each mini-batch :math:`t` updates

    .. math:: \mu_{\mathrm{run}} \leftarrow \beta\, \mu_{\mathrm{run}} + (1 - \beta)\, \mu_t,
              \qquad
              \sigma^2_{\mathrm{run}} \leftarrow \beta\, \sigma^2_{\mathrm{run}}
              + (1 - \beta)\, \frac{m}{m - 1}\, \sigma^2_t,

    the variance with Bessel's correction, so that it estimates the
    variance of the data rather than of one batch (PyTorch does the same).
    At test time a single example has no batch to normalise with, so the
    running statistics replace :math:`\mu` and :math:`\sigma^2`: the output of
    one example no longer depends on the others, and is deterministic.
    Course 2, Week 3.
    """

    def __init__(self, n, *, momentum=0.9, epsilon=DEFAULT_EPSILON, dtype=np.float64):
        self.n = check_int("n", n)
        self.momentum = check_real("momentum", momentum, 0.0, 1.0)
        if self.momentum == 1.0:
            raise ValueError("momentum must be in [0, 1), got 1.0: the running stats would freeze")
        self.epsilon = check_positive("epsilon", epsilon)
        self.dtype = check_float_dtype("dtype", dtype)
        self.reset()

    def reset(self):
        """Forget the running statistics: mean 0 and variance 1, as at the start."""
        self.running_mean = np.zeros((self.n, 1), dtype=self.dtype)
        self.running_var = np.ones((self.n, 1), dtype=self.dtype)

    def __repr__(self):
        settings = f"momentum={self.momentum}, epsilon={self.epsilon}, dtype={self.dtype}"
        return f"BatchNorm({self.n}, {settings})"

    def initial_params(self):
        """``{"gamma": ones (n, 1), "beta": zeros (n, 1)}``: the identity transform."""
        return {
            "gamma": np.ones((self.n, 1), dtype=self.dtype),
            "beta": np.zeros((self.n, 1), dtype=self.dtype),
        }

    def forward(self, Z, params, *, training):
        r"""Batch-normalise ``Z``.

        Parameters
        ----------
        Z : ndarray of shape (n, m)
            ``m >= 2`` in training; any ``m >= 1`` at test time.
        params : dict ``{"gamma": (n, 1), "beta": (n, 1)}``
        training : bool
            True: batch statistics (:func:`batchnorm_forward`), and the running ones
            are updated. False: the running statistics; nothing changes.

        Returns
        -------
        Z_tilde : ndarray of shape (n, m)
        cache : dict or None
            For :func:`batchnorm_backward` in training; None at test time.

        Raises
        ------
        ValueError
            If ``Z`` does not have ``n`` rows, ``m < 2`` in training, or ``Z`` holds
            NaN or infinity (in training it would poison the running statistics).
        TypeError
            If ``training`` is not a bool or ``Z``'s dtype is not the layer's.

        Notes
        -----
        Test time: :math:`\gamma (Z - \mu_{\mathrm{run}}) / \sqrt{\sigma^2_{\mathrm{run}}
        + \varepsilon} + \beta`. Course 2, Week 3.
        """
        if not isinstance(training, bool):
            raise TypeError(f"training must be True or False, got {type(training).__name__}")
        Z = as_float_array("Z", Z)
        check_shape("Z", Z, (self.n, "m"), hint=f"to match BatchNorm({self.n})")
        if Z.dtype != self.dtype:
            raise TypeError(
                f"Z must have dtype {self.dtype} like the layer's statistics, got {Z.dtype}; "
                "convert it, or create the layer with dtype=Z.dtype"
            )
        check_finite("Z", Z)
        gamma, beta = _check_affine(Z, params)
        if training:
            _check_batch(Z)
        return self._run(Z, {"gamma": gamma, "beta": beta}, training=training)

    def _run(self, Z, params, *, training):
        """:meth:`forward` on checked arguments (what a network runs in its training loop)."""
        if not training:
            inv_std = 1.0 / np.sqrt(self.running_var + self.epsilon)
            return params["gamma"] * ((Z - self.running_mean) * inv_std) + params["beta"], None
        Z_tilde, cache = _batchnorm(Z, params, self.epsilon)
        mu, var = cache["mu"], cache["var"]
        # One non-finite entry of Z makes its row's mean or variance non-finite: checking
        # these n numbers (not the n * m of Z) keeps a bad batch out of the running statistics.
        if not (np.all(np.isfinite(mu)) and np.all(np.isfinite(var))):
            raise ValueError(
                "Z must contain only finite numbers, found NaN or infinity in a training batch "
                "(the running statistics were left unchanged; has training diverged?)"
            )
        m, rho = Z.shape[1], self.momentum
        self.running_mean = rho * self.running_mean + (1.0 - rho) * mu
        self.running_var = rho * self.running_var + (1.0 - rho) * (m / (m - 1)) * var
        return Z_tilde, cache


def batchnorm_block(n, l, *, momentum=0.9, epsilon=DEFAULT_EPSILON, dtype=np.float64):
    """Batch norm of layer ``l``'s ``n`` units as a network :class:`~dlspec.blocks.Block`.

    Parameters ``gamma{l}`` and ``beta{l}`` of shape (n, 1); the block's :class:`BatchNorm`
    (its ``state``) keeps the running statistics.
    """
    l = check_int("l", l)
    bn = BatchNorm(n, momentum=momentum, epsilon=epsilon, dtype=dtype)
    return Block(
        "batchnorm",
        bn.forward,
        bn._run,
        batchnorm_backward,
        params={"gamma": f"gamma{l}", "beta": f"beta{l}"},
        init={f"gamma{l}": ((bn.n, 1), "ones"), f"beta{l}": ((bn.n, 1), "zeros")},
        role="batchnorm",
        state=bn,
    )
