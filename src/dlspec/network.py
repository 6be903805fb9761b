r"""One network: a list of blocks walked forward, then backward.

Course 1, Week 4 builds the L-layer network from blocks; Course 2 adds dropout, batch
norm and a softmax output. Here these are *configuration* of one composition, not
copies of it. A :class:`Network` is a list of :class:`~dlspec.blocks.Block` s and an output::

    net = dense_network([n_x, 20, 7, 1], hidden="relu", output="sigmoid", keep_prob=0.8)
    params = net.initialize(rng=rng, method="he")        # {"W1", "b1", ..., "W3", "b3"}
    ZL, cache = net.forward(X, params, training=True, rng=rng)
    dX, grads = net.backward(ZL_gradient, cache)         # {"dW1", "db1", ...}
    labels = net.predict(X, params)

The forward pass returns the *logits* :math:`Z^{[L]}` of the last linear step; the
output (sigmoid or softmax) and its cross-entropy belong together in
:data:`dlspec.losses.OUTPUTS`, so the gradient that starts the backward pass is
:math:`dZ^{[L]} = A^{[L]} - Y` for both, exactly as the course derives it.
Each block follows dlspec's one convention (see :mod:`dlspec`); the network's cache is
the list of the blocks' caches, so its backward pass needs nothing but that cache.
Courses 4 and 5 add convolution, pooling and recurrent blocks to the same list.
"""

import numpy as np

from dlspec._validate import (
    as_float_array,
    check_finite,
    check_float_dtype,
    check_layer_dims,
    check_params,
    check_real,
    check_rng,
    check_shape,
    check_upstream,
)
from dlspec.activations import activation_block, check_activation
from dlspec.blocks import Block
from dlspec.initializers import check_method, initialize_weight
from dlspec.layers import linear_block
from dlspec.losses import OUTPUTS, check_labels, check_output, check_targets, one_hot
from dlspec.normalization import batchnorm_block
from dlspec.regularization import check_keep_prob, dropout_block


class _Cache(list):
    """The cache of a network's pass: one ``(block, cache)`` pair per block run, in order,
    and the shape of the logits (``out_shape``) that the backward pass starts from."""

    out_shape = None


class Network:
    r"""A network: blocks applied in order, ending in logits, and the output they feed.

    Parameters
    ----------
    blocks : list of Block
        Applied in order to the input; the last should produce the logits.
    output : {"sigmoid", "softmax"}
        How logits become probabilities, and so which cross-entropy is the cost.

    Attributes
    ----------
    blocks : tuple of Block
    output : str

    Notes
    -----
    The forward pass composes the blocks, :math:`Z^{[L]} = f_K(\dots f_2(f_1(X)))`; the
    backward pass applies the chain rule in reverse order, each block turning the
    gradient of its output into that of its input and of its own parameters.
    The network holds no parameters: they live in a dict, so that optimisers and
    gradient checks work on plain dicts. Batch-norm blocks hold their running
    statistics, which are state, not parameters. Course 1, Week 4; Course 2.
    """

    def __init__(self, blocks, *, output):
        if not isinstance(blocks, (list, tuple)) or not all(isinstance(b, Block) for b in blocks):
            raise TypeError(
                "blocks must be a list of dlspec.blocks.Block, e.g. [linear_block(3, 1, 1)], "
                f"got {type(blocks).__name__}"
            )
        self.blocks = tuple(blocks)
        if not self.blocks:
            raise ValueError("blocks must not be empty")
        self.output = check_output("output", output)
        #: The shape of X the first block takes, with "m" on the examples axis (None: any).
        self.input_shape = self.blocks[0].accepts
        #: The axis of X that holds the examples: 1 (columns) for dense layers, 0 for images.
        self.example_axis = 1 if self.input_shape is None else self.input_shape.index("m")

    def __repr__(self):
        names = " -> ".join(b.name for b in self.blocks)
        return f"Network({len(self.blocks)} blocks: {names}; output={self.output!r})"

    @property
    def param_shapes(self):
        """The network's parameter names mapped to their shapes, in block order."""
        return {name: spec[0] for b in self.blocks for name, spec in b.init.items()}

    def initialize(self, *, rng, method="he", scale=None, dtype=np.float64):
        r"""Starting parameters: weights by ``method``, biases 0, batch-norm ``gamma`` 1.

        Also resets what the blocks keep between passes (batch norm's running statistics),
        so every training run starts afresh.

        Parameters
        ----------
        rng : numpy.random.Generator
        method : {"zeros", "random", "xavier", "he"}, default "he"
            As in :func:`dlspec.initializers.initialize_weight`.
        scale : float, optional
            Only for "random" (default 0.01).
        dtype : float32 or float64, default float64

        Returns
        -------
        dict of str to ndarray
        """
        method, scale = check_method(method, scale)
        check_rng(rng)
        dtype = check_float_dtype("dtype", dtype)
        params = {}
        for block in self.blocks:
            if block.state is not None:
                block.state.reset()
            for name, (shape, how, *fan_in) in block.init.items():
                if how == "weight":
                    params[name] = initialize_weight(
                        shape, method, rng=rng, fan_in=fan_in[0] if fan_in else None,
                        scale=scale, dtype=dtype,
                    )
                else:
                    params[name] = (np.ones if how == "ones" else np.zeros)(shape, dtype=dtype)
        return params

    def check_params(self, params):
        """Return ``params`` as a dict of float arrays after checking every name and shape."""
        shapes = self.param_shapes
        arrays = check_params("params", params, list(shapes))
        for (name, shape), a in zip(shapes.items(), arrays, strict=True):
            check_shape(f"params[{name!r}]", a, shape)
        return dict(zip(shapes, arrays, strict=True))

    def forward(self, X, params, *, training=False, rng=None):
        r"""Apply every block to ``X``; return the logits and the cache of the whole pass.

        Parameters
        ----------
        X : ndarray of shape (n_x, m), or (m, n_H, n_W, n_C) for a network of images
        params : dict
            As from :meth:`initialize`.
        training : bool, default False
            True runs dropout (which needs ``rng``) and batch norm with batch statistics.
        rng : numpy.random.Generator, optional
            Draws the dropout masks; needed only when training with dropout.

        Returns
        -------
        ZL : ndarray of shape (n_L, m)
            The logits.
        cache : list
            One ``(block, cache)`` pair per block run, for :meth:`backward`.

        Raises
        ------
        ValueError
            If ``X`` has the wrong number of rows, no columns or NaN/infinite entries, or a
            parameter is missing or misshapen.
        TypeError
            If ``training`` is True with dropout and ``rng`` is not a Generator.
        """
        params = self.check_params(params)
        X = self.check_input(X)
        if not isinstance(training, bool):
            raise TypeError(f"training must be True or False, got {type(training).__name__}")
        if training and any(b.role == "dropout" for b in self.blocks):
            check_rng(rng)
        return self.run(X, params, training=training, rng=rng)

    def check_input(self, X):
        """Return ``X`` checked: the first block's input shape, ``m >= 1``, finite, in batch
        norm's dtype."""
        X = as_float_array("X", X)
        if self.input_shape is not None:
            check_shape("X", X, self.input_shape)
        if X.ndim == 0 or X.shape[self.example_axis] == 0:
            where = "(column)" if self.example_axis == 1 else f"(along axis {self.example_axis})"
            raise ValueError(f"X must hold at least one example {where}, got m = 0")
        check_finite("X", X)
        for block in self.blocks:
            dtype = getattr(block.state, "dtype", X.dtype)
            if dtype != X.dtype:
                raise TypeError(
                    f"X must have dtype {dtype}, the dtype of the network's batch norm, got "
                    f"{X.dtype}; build the network with dense_network(..., dtype=X.dtype)"
                )
        return X

    def run(self, X, params, *, training, rng):
        """:meth:`forward` on arguments already checked, for a loop that checked them once.

        Runs every block's unchecked core (:attr:`~dlspec.blocks.Block.run`): give it only
        ``X`` from :meth:`check_input` and ``params`` from :meth:`check_params`.
        """
        if not isinstance(training, bool):
            raise TypeError(f"training must be True or False, got {type(training).__name__}")
        out, cache = X, _Cache()
        for block in self.blocks:
            if block.role == "dropout" and not training:
                continue
            extra = {}
            if block.role == "dropout":
                extra = {"rng": rng}
            elif block.role == "batchnorm":
                extra = {"training": training}
            if block.params:
                local = {own: params[name] for own, name in block.params.items()}
                out, block_cache = block.run(out, local, **block.config, **extra)
            else:
                out, block_cache = block.run(out, **block.config, **extra)
            cache.append((block, block_cache))
        cache.out_shape = out.shape
        return out, cache

    def backward(self, dZL, cache, *, need_dX=True):
        r"""Walk the blocks backwards from the gradient of the logits.

        Parameters
        ----------
        dZL : ndarray of shape (n_L, m)
            Gradient with respect to the logits, per example (no ``1/m``), e.g.
            :math:`A^{[L]} - Y` from :func:`dlspec.losses.binary_cross_entropy_with_logits_backward`.
        cache : list
            From :meth:`forward` with ``training=True`` (or without dropout and batch norm).
        need_dX : bool, default True
            False skips the gradient with respect to ``X`` (training never needs it).

        Returns
        -------
        dX : ndarray of the shape of X, or None
        grads : dict
            ``"d" + name`` for every parameter, e.g. ``"dW1"``, ``"db1"``.

        Raises
        ------
        ValueError
            If ``dZL`` does not have the logits' shape, or the cache is from a test-time
            pass through batch norm.
        TypeError
            If ``cache`` is not the list of :meth:`forward`.
        """
        if not isinstance(cache, _Cache):
            raise TypeError(f"cache must be the list returned by Network.forward, got {type(cache).__name__}")
        if any(block_cache is None for _, block_cache in cache):
            raise ValueError("cache is from a test-time pass (training=False) through batch norm")
        grads, dout = {}, check_upstream("dZL", dZL, cache.out_shape, "Network.forward")
        for k, (block, block_cache) in reversed(list(enumerate(cache))):
            if k == 0 and block.skips_dx and not need_dX:
                dout, local = block.backward(dout, block_cache, need_dA_prev=False)
            else:
                dout, local = block.backward(dout, block_cache)
            for own, name in block.params.items():
                grads["d" + name] = local["d" + own]
        return dout, grads

    def check_targets(self, Y, *, dtype=np.float64):
        """Return labels ``Y`` as the output needs them, checked, in ``dtype``.

        Sigmoid output: 0/1 labels of shape (n_L, m). Softmax output: one-hot columns
        (C, m), or integer class labels of shape (m,) or (1, m), which are one-hot encoded.
        """
        dtype = check_float_dtype("dtype", dtype)
        n_L = next(reversed(self.param_shapes.values()))[0]
        labels = np.asarray(Y)
        is_labels = labels.dtype.kind in "iu" and (labels.ndim == 1 or labels.shape[0] == 1)
        if self.output == "softmax" and is_labels and labels.ndim in (1, 2):
            try:
                Y = one_hot(labels, n_L, dtype=dtype)
            except ValueError as error:
                raise ValueError(f"Y (integer class labels): {error}") from None
        Y = as_float_array("Y", Y)
        check_shape("Y", Y, (n_L, "m"), hint=f"for a network with {n_L} output units")
        return check_targets(Y, one_hot=OUTPUTS[self.output].one_hot).astype(dtype, copy=False)

    def cost(self, X, params, Y):
        r"""The mean cross-entropy of the network on ``(X, Y)``, from a test-time pass.

        ``Y`` as for :meth:`check_targets`. Computed from the logits, so it is finite
        however confident the network is. Dropout is off; batch norm uses its running
        statistics.
        """
        ZL, _ = self.forward(X, params)
        Y = self.check_targets(Y, dtype=ZL.dtype)
        output = OUTPUTS[self.output]
        return output.cost(*check_labels("ZL", ZL, Y, one_hot=output.one_hot))

    def probabilities(self, X, params):
        """The output probabilities (test-time pass): sigmoid or softmax of the logits, (n_L, m)."""
        ZL, _ = self.forward(X, params)
        return OUTPUTS[self.output].probabilities(ZL)

    def predict(self, X, params, threshold=0.5):
        r"""Predicted labels as int64.

        Sigmoid output: ``(n_L, m)`` of 0 and 1, 1 where the probability exceeds
        ``threshold``. Softmax output: ``(1, m)`` class indices, the most probable class.
        """
        threshold = check_real("threshold", threshold, 0.0, 1.0)
        P = self.probabilities(X, params)
        if self.output == "softmax":
            return np.argmax(P, axis=0).reshape(1, -1).astype(np.int64)
        return (P > threshold).astype(np.int64)


def dense_network(layer_dims, *, hidden="relu", output="sigmoid", keep_prob=1.0,
                  batch_norm=False, dtype=np.float64):
    r"""The course's L-layer network as a :class:`Network`.

    Parameters
    ----------
    layer_dims : list of int
        ``[n_x, n_1, ..., n_L]``.
    hidden : {"relu", "tanh", "sigmoid", "leaky_relu"}, default "relu"
        Activation of layers 1 to L-1.
    output : {"sigmoid", "softmax"}, default "sigmoid"
    keep_prob : float or list of float, default 1.0
        Dropout after each hidden layer (one number for all, or one per hidden
        layer); 1 means no dropout. Never on the input or the output.
    batch_norm : bool, default False
        Batch norm between each hidden layer's linear step and its activation.
    dtype : float32 or float64, default float64
        Of the batch-norm running statistics (the data's dtype).

    Returns
    -------
    Network
        [LINEAR -> (BATCHNORM) -> ACTIVATION -> (DROPOUT)] x (L-1) -> LINEAR, then the
        output. With batch norm the hidden linear steps have no bias ``b{l}``; their
        batch norm has ``gamma{l}`` and ``beta{l}``.

    Notes
    -----
    :math:`A^{[0]} = X,\ A^{[l]} = g(W^{[l]} A^{[l-1]} + b^{[l]})` for :math:`l < L`,
    :math:`Z^{[L]} = W^{[L]} A^{[L-1]} + b^{[L]}`. Course 1, Week 4; Course 2, Weeks 1 and 3.
    """
    dims = check_layer_dims(layer_dims)
    dtype = check_float_dtype("dtype", dtype)
    L = len(dims) - 1
    check_activation("hidden", hidden)
    if isinstance(keep_prob, (list, tuple)):
        if len(keep_prob) != L - 1:
            raise ValueError(f"keep_prob must hold one value per hidden layer, {L - 1}, got {len(keep_prob)}")
        probs = [check_keep_prob(f"keep_prob[{i}]", p) for i, p in enumerate(keep_prob)]
    else:
        probs = [check_keep_prob("keep_prob", keep_prob)] * (L - 1)
    if not isinstance(batch_norm, bool):
        raise TypeError(f"batch_norm must be True or False, got {type(batch_norm).__name__}")
    blocks = []
    for l in range(1, L + 1):
        # Batch norm's beta takes the place of the bias (which it would cancel anyway).
        blocks.append(linear_block(dims[l - 1], dims[l], l, bias=not (batch_norm and l < L)))
        if l == L:
            break
        if batch_norm:
            blocks.append(batchnorm_block(dims[l], l, dtype=dtype))
        blocks.append(activation_block(hidden))
        if probs[l - 1] < 1.0:
            blocks.append(dropout_block(probs[l - 1]))
    return Network(blocks, output=output)
