"""What a network needs to know about one of its blocks.

A :class:`Block` bundles a forward/backward pair of dlspec's one convention (see
:mod:`dlspec`) with the parameters it owns and its settings. The modules that define a
block also make its :class:`Block` (:func:`dlspec.layers.linear_block`,
:func:`dlspec.activations.activation_block`, :func:`dlspec.regularization.dropout_block`,
:func:`dlspec.normalization.batchnorm_block`), because only they know the block's
unchecked core: :class:`dlspec.network.Network` checks its input once per call and then
runs the cores, so a training loop does not check every layer again in every step.
"""

from collections.abc import Callable, Mapping
from typing import NamedTuple


class Block(NamedTuple):
    """One step of a network: a forward/backward pair with its parameters and settings.

    Attributes
    ----------
    name : str
        What the block is, e.g. ``"linear"``, ``"relu"``, ``"dropout"``, ``"batchnorm"``.
    forward : callable
        The public, checked forward pass: ``forward(x, params, **config) -> (out, cache)``
        for a block with parameters, ``forward(x, **config) -> (out, cache)`` without.
    run : callable
        The same computation without the checks, with the same arguments, for a
        network whose input and parameters were checked once.
    backward : callable
        ``backward(dout, cache) -> (dx, grads)``.
    params : dict
        The block's own parameter names mapped to the network's, e.g.
        ``{"W": "W1", "b": "b1"}``; empty for an activation or dropout.
    init : dict
        The network's parameter name -> ``(shape, how)`` or ``(shape, how, fan_in)``, ``how``
        being ``"weight"`` (drawn by the initialisation method with that fan-in, by default
        ``shape[1]``), ``"zeros"`` or ``"ones"``.
    config : dict
        Keyword arguments of ``forward``, e.g. ``{"activation": "relu"}``.
    role : str
        ``"always"``; ``"dropout"`` (run in training only, given the network's ``rng``);
        or ``"batchnorm"`` (given ``training``).
    state : object or None
        What the block keeps between passes (a batch norm's running statistics);
        :meth:`dlspec.network.Network.initialize` resets it.
    skips_dx : bool
        True when ``backward`` takes ``need_dA_prev=False`` to skip the gradient with respect
        to its input (worth it for the first block of a network, whose input is the data).
    accepts : tuple or None
        The input shape the block takes, for :func:`dlspec._validate.check_shape`, with
        ``"m"`` on the examples axis: ``(n_prev, "m")`` for a linear step (examples are
        columns), ``("m", None, None, n_C_prev)`` for a convolution (examples first).
        A network checks its input against its first block's.
    """

    name: str
    forward: Callable
    run: Callable
    backward: Callable
    params: Mapping = {}
    init: Mapping = {}
    config: Mapping = {}
    role: str = "always"
    state: object = None
    skips_dx: bool = False
    accepts: tuple = None
