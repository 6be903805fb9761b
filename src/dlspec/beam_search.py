r"""Picking the most likely output sentence: greedy decoding and beam search.

Course 5, Week 3. A conditional language model (the decoder of an encoder-decoder network)
gives, one token at a time, the probability of the next output token given the input and the
tokens written so far. The sentence we want is the most likely one,

.. math:: \arg\max_{y} \; \log P(y \mid x)
          = \arg\max_{y} \sum_{t=1}^{T_y} \log P(y^{\langle t \rangle} \mid x,
            y^{\langle 1 \rangle}, \dots, y^{\langle t-1 \rangle}),

but there are :math:`V^{T_y}` sentences of :math:`T_y` tokens, far too many to try.
:func:`greedy_decode` takes the most likely token at every step, which can miss a sentence
whose first token is less likely but whose continuation is much better. :func:`beam_search`
keeps the ``B`` most likely partial sentences at every step instead (``B = 1`` is greedy
decoding), and ranks the finished sentences by the length-normalised score

.. math:: \frac{1}{T_y^{\alpha}} \sum_{t=1}^{T_y} \log P(y^{\langle t \rangle} \mid x,
          y^{\langle 1 \rangle}, \dots, y^{\langle t-1 \rangle}),

because the raw sum only falls as a sentence grows and so favours short ones; ``alpha = 0``
gives the raw sum, ``alpha = 1`` the mean log-probability per token, and the course's
heuristic is ``alpha = 0.7``.

The model is a function ``step(tokens_last, states) -> (log_probs, new_states)`` that
advances ``k`` hypotheses at once: ``tokens_last`` is an integer array of shape ``(k,)``,
``states`` the decoder states of the ``k`` hypotheses, ``log_probs`` an array of shape
``(k, V)`` whose row ``i`` holds the log-probabilities of the ``V`` tokens that can follow
hypothesis ``i``. A state is ``None`` (a model without state, such as a bigram table), an
array whose first axis runs over the hypotheses, or a tuple, list or dict of such arrays
(an LSTM's ``a`` and ``c``, the encoder's activations for attention, ...). The search keeps
the rows of the hypotheses that survive a step, so ``start_state`` has a first axis of
size 1.

Conventions: tokens are integers ``0 .. V-1``; a returned sentence holds the generated
tokens without the start token and with the end token if it has one; its length
:math:`T_y` counts the end token. Log-probabilities are added up in float64, whatever the
dtype of the model's.
"""

from collections.abc import Mapping
from numbers import Integral

import numpy as np

from dlspec._validate import as_float_array, check_int, check_real

# ---------------------------------------------------------------------------
# Checks of the arguments and of what the model's step returns
# ---------------------------------------------------------------------------


def _check_token(name, token):
    if isinstance(token, bool) or not isinstance(token, Integral):
        raise TypeError(f"{name} must be an integer token index, got {type(token).__name__}")
    return int(token)


def _check_search_arguments(step, start_token, end_token, max_length):
    if not callable(step):
        raise TypeError(
            "step must be a function step(tokens_last, states) -> (log_probs, new_states), "
            f"got {type(step).__name__}"
        )
    start_token = _check_token("start_token", start_token)
    end_token = _check_token("end_token", end_token)
    for name, token in (("start_token", start_token), ("end_token", end_token)):
        if token < 0:  # a negative index would silently pick a model's last row
            raise ValueError(f"{name} must be a token index >= 0, got {token}")
    return start_token, end_token, check_int("max_length", max_length)


def _check_states(name, states, k):
    """Raise unless every array in ``states`` has a first axis of size ``k``."""
    if states is None:
        return
    if isinstance(states, Mapping):
        for key, s in states.items():
            _check_states(f"{name}[{key!r}]", s, k)
    elif isinstance(states, (tuple, list)):
        for i, s in enumerate(states):
            _check_states(f"{name}[{i}]", s, k)
    elif isinstance(states, np.ndarray):
        if states.ndim == 0 or states.shape[0] != k:
            raise ValueError(
                f"{name} must have a first axis of size {k}, one row per hypothesis, got shape {states.shape}"
            )
    else:
        raise TypeError(
            f"{name} must be None, an array or a tuple, list or dict of arrays, got {type(states).__name__}"
        )


def _take(states, rows):
    """The rows ``rows`` of every array in ``states`` (the hypotheses that survive)."""
    if states is None:
        return None
    if isinstance(states, Mapping):
        return {key: _take(s, rows) for key, s in states.items()}
    if isinstance(states, (tuple, list)):
        return type(states)(_take(s, rows) for s in states)
    return states[rows]


def _run_step(step, tokens_last, states, V, end_token):
    """Call the model on ``k`` hypotheses and check its answer; returns (log_probs, new_states)."""
    k = tokens_last.shape[0]
    answer = step(tokens_last, states)
    if not (isinstance(answer, tuple) and len(answer) == 2):
        raise TypeError(f"step must return a pair (log_probs, new_states), got {type(answer).__name__}")
    log_probs, new_states = answer
    log_probs = as_float_array("log_probs (returned by step)", log_probs)
    if log_probs.ndim != 2 or log_probs.shape[0] != k or (V is not None and log_probs.shape[1] != V):
        want = f"({k}, {'V' if V is None else V})"
        raise ValueError(
            f"log_probs (returned by step) must have shape {want}, one row per hypothesis, got {log_probs.shape}"
        )
    if np.any(np.isnan(log_probs)) or np.any(log_probs == np.inf):
        raise ValueError("log_probs (returned by step) must not contain NaN or +infinity")
    if not 0 <= end_token < log_probs.shape[1]:
        raise ValueError(f"end_token must be a token index in [0, {log_probs.shape[1]}), got {end_token}")
    # Each row must be a distribution: logits or probabilities passed by mistake are caught here.
    top = np.max(log_probs, axis=1, keepdims=True)
    with np.errstate(invalid="ignore"):  # a row of -inf only: caught below as not summing to 1
        log_sums = (top + np.log(np.sum(np.exp(log_probs - top), axis=1, keepdims=True)))[:, 0]
    tol = np.sqrt(np.finfo(log_probs.dtype).eps)
    if not np.all(np.abs(log_sums) <= tol):
        raise ValueError(
            "log_probs (returned by step) must be log-probabilities: each row's exp must sum to 1, "
            f"got sums {np.round(np.exp(log_sums), 6).tolist()} (pass a log softmax, not logits)"
        )
    _check_states("new_states (returned by step)", new_states, k)
    return log_probs, new_states


def _score(log_prob, length, alpha):
    """The length-normalised score ``log_prob / length**alpha``."""
    return log_prob / length**alpha


# ---------------------------------------------------------------------------
# Greedy decoding
# ---------------------------------------------------------------------------


def greedy_decode(step, start_state, *, start_token, end_token, max_length):
    r"""Write a sentence by taking the most likely token at every step.

    Parameters
    ----------
    step : callable
        ``step(tokens_last, states) -> (log_probs, new_states)``, called here with ``k = 1``:
        ``tokens_last`` of shape ``(1,)``, ``log_probs`` of shape ``(1, V)`` (a log softmax).
    start_state : None, ndarray of shape (1, ...), or tuple, list or dict of such arrays
        The decoder's state before the first token, e.g. the encoder's summary of the input.
    start_token : int
        The token fed in at the first step (it is not part of the returned sentence).
    end_token : int
        The token that ends a sentence, in ``[0, V)``.
    max_length : int
        The most tokens to write, the end token included.

    Returns
    -------
    tokens : list of int
        The tokens written, ending with ``end_token`` unless ``max_length`` was reached first.
    log_prob : float
        :math:`\sum_t \log P(y^{\langle t \rangle} \mid x, y^{\langle 1 \rangle}, \dots)` of
        those tokens.

    Raises
    ------
    TypeError
        If ``step`` is not callable or returns something other than a pair, or a token is not
        an integer.
    ValueError
        If ``max_length < 1``, a token is negative, ``start_state`` does not hold one
        hypothesis, or ``log_probs`` has the wrong shape, holds NaN or is not a
        log-probability distribution.

    Notes
    -----
    .. math:: y^{\langle t \rangle} = \arg\max_{y} P(y \mid x, y^{\langle 1 \rangle}, \dots,
              y^{\langle t-1 \rangle})

    Ties go to the smallest token index. Equal to :func:`beam_search` with ``beam_width=1``.
    Course 5, Week 3.
    """
    start_token, end_token, max_length = _check_search_arguments(step, start_token, end_token, max_length)
    _check_states("start_state", start_state, 1)
    tokens, log_prob = [], 0.0
    token, state, V = start_token, start_state, None
    for _ in range(max_length):
        log_probs, state = _run_step(step, np.array([token]), state, V, end_token)
        V = log_probs.shape[1]
        token = int(np.argmax(log_probs[0]))  # the first of equal maxima
        log_prob += float(log_probs[0, token])
        tokens.append(token)
        if token == end_token:
            break
    return tokens, log_prob


# ---------------------------------------------------------------------------
# Beam search
# ---------------------------------------------------------------------------


def beam_search(step, start_state, *, start_token, end_token, beam_width, max_length, alpha=0.7):
    r"""The sentences found by beam search with length normalisation, best score first.

    Parameters
    ----------
    step : callable
        ``step(tokens_last, states) -> (log_probs, new_states)`` on a batch of ``k``
        hypotheses: ``tokens_last`` int array of shape ``(k,)``, ``states`` their decoder
        states (first axis ``k``), ``log_probs`` of shape ``(k, V)`` (each row a log softmax),
        ``new_states`` with first axis ``k``.
    start_state : None, ndarray of shape (1, ...), or tuple, list or dict of such arrays
        The decoder's state before the first token.
    start_token : int
        The token fed in at the first step (not part of the returned sentences).
    end_token : int
        The token that ends a sentence, in ``[0, V)``.
    beam_width : int
        ``B``, how many hypotheses are kept at every step; 1 is greedy decoding.
    max_length : int
        The most tokens in a sentence, the end token included.
    alpha : float, default 0.7
        Length normalisation: score = log_prob / length**alpha; 0 ranks by the raw
        log-probability, 1 by the mean log-probability per token.

    Returns
    -------
    list of (tokens, log_prob, score)
        Every sentence the search finished (at most ``beam_width`` per step), and those still
        unfinished at ``max_length``, highest score first (equal scores keep the order in
        which the sentences were found); the first is the answer. ``tokens`` is a list of int that ends with
        ``end_token``, except for sentences still unfinished at ``max_length``;
        ``log_prob`` and ``score`` are floats.

    Raises
    ------
    TypeError
        If ``step`` is not callable or returns something other than a pair, a token or
        ``beam_width`` is not an integer, or ``alpha`` is not a real number.
    ValueError
        If ``beam_width`` or ``max_length`` is below 1, a token or ``alpha`` is negative,
        ``alpha`` is not finite, a state does not have one row per hypothesis, or
        ``log_probs`` has the wrong shape, holds NaN or is not a log-probability
        distribution.

    Notes
    -----
    At every step each hypothesis of the beam is extended by each of the ``V`` tokens, and
    of these ``k V`` candidates the most likely are kept, by

    .. math:: \log P(y^{\langle 1 \rangle}, \dots, y^{\langle t \rangle} \mid x)
              = \log P(y^{\langle 1 \rangle}, \dots, y^{\langle t-1 \rangle} \mid x)
              + \log P(y^{\langle t \rangle} \mid x, y^{\langle 1 \rangle}, \dots,
              y^{\langle t-1 \rangle}).

    A kept candidate that ends with ``end_token`` is a finished sentence: it is set aside, and
    the search goes on with the unfinished ones, again keeping the ``B`` best of their
    extensions at the next step (a finished sentence takes no place in the beam). The search
    stops when no unfinished hypothesis is left or the hypotheses have ``max_length`` tokens;
    all the finished sentences, and those still unfinished at ``max_length``, are ranked by

    .. math:: \text{score} = \frac{1}{T_y^{\alpha}} \log P(y \mid x),

    with :math:`T_y` the number of tokens, the end token included. Candidates of probability
    0 (a log-probability of -inf) are never kept. Ties between candidates go to the earlier
    hypothesis, then to the smaller token index, as in :func:`greedy_decode`, so that
    ``beam_width=1`` gives exactly the greedy sentence. With ``beam_width`` at least the
    number of possible sentences the search is exhaustive. Course 5, Week 3.
    """
    start_token, end_token, max_length = _check_search_arguments(step, start_token, end_token, max_length)
    beam_width = check_int("beam_width", beam_width)
    alpha = check_real("alpha", alpha, low=0.0)
    _check_states("start_state", start_state, 1)

    beam = [([], 0.0)]  # the live hypotheses: (tokens, log_prob)
    finished = []
    tokens_last, states, V = np.array([start_token]), start_state, None
    for _ in range(max_length):
        log_probs, new_states = _run_step(step, tokens_last, states, V, end_token)
        V = log_probs.shape[1]
        beam_log_probs = np.array([log_prob for _, log_prob in beam])  # float64, (k,)
        candidates = beam_log_probs[:, None] + log_probs  # (k, V)
        best = np.argsort(-candidates, axis=None, kind="stable")[:beam_width]  # row by row, then token
        next_beam, rows = [], []
        for row, token in zip(*np.unravel_index(best, candidates.shape)):
            log_prob = float(candidates[row, token])
            if log_prob == -np.inf:  # sorted last: no possible candidate is left
                break
            hypothesis = (beam[row][0] + [int(token)], log_prob)
            if token == end_token:
                finished.append(hypothesis)
            else:
                next_beam.append(hypothesis)
                rows.append(row)
        beam = next_beam
        if not beam:
            break
        states = _take(new_states, np.array(rows))
        tokens_last = np.array([tokens[-1] for tokens, _ in beam])

    results = [(tokens, log_prob, _score(log_prob, len(tokens), alpha)) for tokens, log_prob in finished + beam]
    return sorted(results, key=lambda result: -result[2])
