"""Tests for dlspec.beam_search: greedy decoding and beam search (Course 5, Week 3).

Oracles: bigram tables whose best sentences are worked out by hand below, and, for small
random recurrent models, every possible sentence enumerated and scored one at a time (the
exhaustive search that a wide enough beam must reproduce).
"""

import itertools
import math

import numpy as np
import pytest

from dlspec.beam_search import beam_search, greedy_decode


def bigram_model(table):
    """A model whose next token depends on the last token only: log_probs = log table[last].

    ``table`` has one row per token that can be fed in (the end token's row is never used,
    the start token's row last) and one column per output token.
    """
    with np.errstate(divide="ignore"):  # a probability 0 is a log-probability of -inf
        log_table = np.log(np.asarray(table, dtype=float))

    def step(tokens_last, states):
        return log_table[tokens_last], states

    return step


def rnn_model(rng, V=3, n_a=4, dtype=np.float64):
    """A small random recurrent model with a state of shape (k, n_a); the start token is V."""
    E = rng.standard_normal((V + 1, n_a)).astype(dtype)  # input embeddings, the start token last
    Waa = rng.standard_normal((n_a, n_a)).astype(dtype)
    Wya = 2 * rng.standard_normal((n_a, V)).astype(dtype)

    def step(tokens_last, a):
        a_next = np.tanh(a @ Waa + E[tokens_last])  # (k, n_a)
        z = a_next @ Wya  # (k, V)
        z = z - z.max(axis=1, keepdims=True)
        return z - np.log(np.exp(z).sum(axis=1, keepdims=True)), a_next

    return step, np.zeros((1, n_a), dtype=dtype)


def sentence_log_prob(step, state, start_token, tokens):
    """log P(tokens), by feeding the tokens one at a time (k = 1)."""
    total, last = 0.0, start_token
    for token in tokens:
        log_probs, state = step(np.array([last]), state)
        total += float(log_probs[0, token])
        last = token
    return total


def every_sentence(V, end_token, max_length):
    """All sentences: up to max_length - 1 other tokens and the end token, or max_length other tokens."""
    others = [v for v in range(V) if v != end_token]
    for n in range(max_length):
        for body in itertools.product(others, repeat=n):
            yield [*body, end_token]
    yield from (list(body) for body in itertools.product(others, repeat=max_length))


# --- hand-worked toy models -------------------------------------------------------------------

END, A, B, START = 0, 1, 2, 3
#             end    a     b
TRAP = [[1.0, 0.0, 0.0],  # after end (never used)
        [0.4, 0.3, 0.3],  # after a
        [0.9, 0.05, 0.05],  # after b
        [0.1, 0.5, 0.4]]  # at the start


def test_greedy_takes_the_likelier_first_word_and_loses():
    # Greedy: a (0.5), then end (0.4): P = 0.2. But b (0.4) then end (0.9) has P = 0.36.
    tokens, log_prob = greedy_decode(bigram_model(TRAP), None, start_token=START, end_token=END, max_length=5)
    assert tokens == [A, END]
    assert log_prob == pytest.approx(math.log(0.5 * 0.4), rel=1e-14)


def test_beam_width_2_finds_the_better_sentence():
    # Step 1 keeps a (0.5) and b (0.4). Step 2: of the six extensions the two best are
    # "b end" (0.4 * 0.9 = 0.36) and "a end" (0.5 * 0.4 = 0.2); both end, so the search stops.
    results = beam_search(bigram_model(TRAP), None, start_token=START, end_token=END,
                          beam_width=2, max_length=5, alpha=0.0)
    assert [tokens for tokens, _, _ in results] == [[B, END], [A, END]]
    assert [lp for _, lp, _ in results] == pytest.approx([math.log(0.36), math.log(0.2)], rel=1e-14)
    assert [s for _, _, s in results] == pytest.approx([math.log(0.36), math.log(0.2)], rel=1e-14)


# A bigram model over {end, a}: "end" has P = 0.4, "a end" 0.6 * 0.5 = 0.3, "a a end" 0.15, ...
SHORT = [[1.0, 0.0], [0.5, 0.5], [0.4, 0.6]]  # rows: after end (unused), after a, at the start (2)


@pytest.mark.parametrize(("alpha", "winner"), [(0.0, [0]), (0.7, [1, 0]), (1.0, [1, 0])])
def test_length_normalisation_changes_the_winner(alpha, winner):
    # alpha = 0: log 0.4 = -0.916 beats log 0.3 = -1.204. alpha = 1: per token,
    # log(0.3) / 2 = -0.602 beats -0.916 and log(0.15) / 3 = -0.632. alpha = 0.7:
    # -1.204 / 2**0.7 = -0.741 beats -0.916 and -1.897 / 3**0.7 = -0.879.
    results = beam_search(bigram_model(SHORT), None, start_token=2, end_token=0,
                          beam_width=3, max_length=3, alpha=alpha)
    # "a a a", unfinished at max_length = 3, has P = 0.15 too, and the same score as "a a end".
    expected = {(0,): math.log(0.4), (1, 0): math.log(0.3), (1, 1, 0): math.log(0.15), (1, 1, 1): math.log(0.15)}
    assert {tuple(t): lp for t, lp, _ in results} == pytest.approx(expected, rel=1e-14)
    assert results[0][0] == winner
    for tokens, log_prob, score in results:
        assert score == pytest.approx(log_prob / len(tokens) ** alpha, rel=1e-14)
    assert [s for _, _, s in results] == sorted((s for _, _, s in results), reverse=True)


# --- beam width 1 is greedy; a wide beam is exhaustive ----------------------------------------


@pytest.mark.parametrize("max_length", [1, 3, 8])
def test_beam_width_1_equals_greedy(max_length, rng):
    for _ in range(5):
        step, a0 = rnn_model(rng, V=4)
        tokens, log_prob = greedy_decode(step, a0, start_token=4, end_token=0, max_length=max_length)
        (results,) = [beam_search(step, a0, start_token=4, end_token=0, beam_width=1, max_length=max_length)]
        assert len(results) == 1
        assert results[0][0] == tokens
        assert results[0][1] == pytest.approx(log_prob, rel=1e-12)
        assert len(tokens) <= max_length and (tokens[-1] == 0 or len(tokens) == max_length)


@pytest.mark.parametrize(("V", "max_length"), [(3, 4), (2, 6), (4, 3)])
@pytest.mark.parametrize("alpha", [0.0, 0.7, 1.0])
def test_a_beam_as_wide_as_the_tree_is_exhaustive(V, max_length, alpha, rng):
    step, a0 = rnn_model(rng, V=V)
    sentences = list(every_sentence(V, 0, max_length))
    oracle = {}
    for tokens in sentences:
        log_prob = sentence_log_prob(step, a0, V, tokens)
        oracle[tuple(tokens)] = (log_prob, log_prob / len(tokens) ** alpha)
    results = beam_search(step, a0, start_token=V, end_token=0, beam_width=len(sentences),
                          max_length=max_length, alpha=alpha)
    found = {tuple(t): (lp, s) for t, lp, s in results}
    assert sorted(found) == sorted(oracle)
    np.testing.assert_allclose([found[t] for t in oracle], list(oracle.values()), rtol=1e-12)
    best = max(oracle, key=lambda t: oracle[t][1])
    assert tuple(results[0][0]) == best
    # A narrower beam finds at most the best score, and never more than B sentences.
    for width in (1, 2, 3):
        narrow = beam_search(step, a0, start_token=V, end_token=0, beam_width=width,
                             max_length=max_length, alpha=alpha)
        assert len(narrow) <= width * max_length
        assert narrow[0][2] <= oracle[best][1] + 1e-12
        for tokens, log_prob, _ in narrow:
            assert log_prob == pytest.approx(oracle[tuple(tokens)][0], rel=1e-12)


# --- the end token, the beam's width, states ------------------------------------------------


def test_finished_sentences_leave_the_beam_and_the_step_never_sees_the_end_token(rng):
    step, a0 = rnn_model(rng, V=3)
    calls = []

    def recording_step(tokens_last, a):
        calls.append(tokens_last.copy())
        return step(tokens_last, a)

    results = beam_search(recording_step, a0, start_token=3, end_token=0, beam_width=4, max_length=6)
    assert len(calls[0]) == 1 and calls[0][0] == 3
    assert all(0 not in c for c in calls[1:])
    assert all(len(c) <= 4 for c in calls)
    assert len(results) >= 4
    for tokens, _, _ in results:
        assert 0 not in tokens[:-1]
        assert tokens[-1] == 0 or len(tokens) == 6


def test_a_finished_sentence_takes_no_place_in_the_beam():
    # Step 1 keeps a (0.4) and the empty sentence "end" (0.3, before b's 0.3 by token index),
    # which is finished; the beam goes on from a alone. Step 2 keeps "a a" (0.4 * 0.5 = 0.2)
    # and "a b" (0.16): two hypotheses again. Step 3 keeps "a b end" (0.16) and "a a a" (0.1),
    # unfinished at max_length = 3.
    table = [[1, 0, 0], [0.1, 0.5, 0.4], [1, 0, 0], [0.3, 0.4, 0.3]]
    step, sizes = bigram_model(table), []

    def recording_step(tokens_last, states):
        sizes.append(len(tokens_last))
        return step(tokens_last, states)

    results = beam_search(recording_step, None, start_token=3, end_token=0, beam_width=2, max_length=3, alpha=0.0)
    assert sizes == [1, 1, 2]
    assert [t for t, _, _ in results] == [[0], [1, 2, 0], [1, 1, 1]]
    assert [lp for _, lp, _ in results] == pytest.approx(np.log([0.3, 0.16, 0.1]), rel=1e-14)


def test_unfinished_sentences_are_returned_at_max_length():
    # After a, the end token is impossible: no sentence can finish within 3 tokens.
    never_ends = [[1.0, 0.0], [0.0, 1.0], [0.0, 1.0]]  # after end, after a, at the start (2)
    results = beam_search(bigram_model(never_ends), None, start_token=2, end_token=0,
                          beam_width=3, max_length=3)
    assert results == [([1, 1, 1], 0.0, 0.0)]  # the only possible sentence; the others have P = 0
    assert greedy_decode(bigram_model(never_ends), None, start_token=2, end_token=0, max_length=3) == ([1, 1, 1], 0.0)


def test_impossible_candidates_are_never_kept():
    # From the start, only b is possible, then only end: one sentence, whatever the width.
    table = [[1, 0, 0], [1, 0, 0], [1, 0, 0], [0, 0, 1]]
    results = beam_search(bigram_model(table), None, start_token=3, end_token=0, beam_width=5, max_length=4)
    assert [(t, lp) for t, lp, _ in results] == [([2, 0], 0.0)]


@pytest.mark.parametrize("kind", ["tuple", "list", "dict"])
def test_states_in_containers_follow_their_hypotheses(kind, rng):
    # The same recurrent model with its state wrapped: the same sentences come out.
    step, a0 = rnn_model(rng, V=3)
    wrap = {"tuple": lambda a: (a, 2 * a), "list": lambda a: [a, 2 * a], "dict": lambda a: {"a": a, "twice": 2 * a}}[kind]
    first = {"tuple": lambda s: s[0], "list": lambda s: s[0], "dict": lambda s: s["a"]}[kind]

    def wrapped_step(tokens_last, states):
        np.testing.assert_allclose(2 * first(states), states["twice"] if kind == "dict" else states[1])
        log_probs, a = step(tokens_last, first(states))
        return log_probs, wrap(a)

    plain = beam_search(step, a0, start_token=3, end_token=0, beam_width=3, max_length=5)
    wrapped = beam_search(wrapped_step, wrap(a0), start_token=3, end_token=0, beam_width=3, max_length=5)
    assert [t for t, _, _ in wrapped] == [t for t, _, _ in plain]


def test_float32_model_is_searched_and_its_states_stay_float32(rng):
    step, a0 = rnn_model(rng, V=3, dtype=np.float32)
    dtypes = set()

    def recording_step(tokens_last, a):
        dtypes.add(a.dtype)
        log_probs, a_next = step(tokens_last, a)
        assert log_probs.dtype == np.float32
        return log_probs, a_next

    results = beam_search(recording_step, a0, start_token=3, end_token=0, beam_width=3, max_length=5)
    tokens, log_prob = greedy_decode(recording_step, a0, start_token=3, end_token=0, max_length=5)
    assert dtypes == {np.dtype(np.float32)}
    assert all(isinstance(lp, float) and isinstance(s, float) for _, lp, s in results)
    assert isinstance(log_prob, float)
    assert beam_search(recording_step, a0, start_token=3, end_token=0, beam_width=1, max_length=5)[0][0] == tokens


# --- bad input --------------------------------------------------------------------------------

GOOD = {"start_token": START, "end_token": END, "max_length": 4}


def good_step(tokens_last, states):
    return bigram_model(TRAP)(tokens_last, states)


@pytest.mark.parametrize(("changes", "error", "match"), [
    ({"beam_width": 0}, ValueError, "beam_width must be an integer >= 1"),
    ({"beam_width": 2.0}, TypeError, "beam_width must be an integer"),
    ({"beam_width": True}, TypeError, "beam_width must be an integer"),
    ({"max_length": 0}, ValueError, "max_length must be an integer >= 1"),
    ({"alpha": -0.5}, ValueError, "alpha must be a finite number in"),
    ({"alpha": float("nan")}, ValueError, "alpha must be a finite number"),
    ({"alpha": "0.7"}, TypeError, "alpha must be a real number"),
    ({"start_token": 1.5}, TypeError, "start_token must be an integer"),
    ({"end_token": 3}, ValueError, r"end_token must be a token index in \[0, 3\)"),
    ({"end_token": -1}, ValueError, "end_token must be a token index >= 0"),
])
def test_bad_arguments(changes, error, match):
    kwargs = {**GOOD, "beam_width": 2, **changes}
    with pytest.raises(error, match=match):
        beam_search(good_step, None, **kwargs)
    if "beam_width" not in changes and "alpha" not in changes:
        kwargs.pop("beam_width")
        kwargs.pop("alpha", None)
        with pytest.raises(error, match=match):
            greedy_decode(good_step, None, **kwargs)


def logits_step(tokens_last, states):
    return np.zeros((len(tokens_last), 3)) + 5.0, states


def nan_step(tokens_last, states):
    out = np.log(np.full((len(tokens_last), 3), 1 / 3))
    out[0, 1] = np.nan
    return out, states


@pytest.mark.parametrize(("step", "start_state", "error", "match"), [
    ("not a function", None, TypeError, "step must be a function"),
    (lambda t, s: np.zeros((1, 3)), None, TypeError, r"step must return a pair \(log_probs, new_states\)"),
    (lambda t, s: (np.log(np.full((1, 1, 3), 1 / 3)), s), None, ValueError, r"log_probs .* must have shape \(1, V\)"),
    (logits_step, None, ValueError, "each row's exp must sum to 1"),
    (nan_step, None, ValueError, "must not contain NaN"),
    (lambda t, s: (np.log(np.full((1, 3), 1 / 3)), np.zeros((2, 4))), None, ValueError,
     r"new_states \(returned by step\) must have a first axis of size 1"),
    (good_step, np.zeros((2, 4)), ValueError, "start_state must have a first axis of size 1"),
    (good_step, {"a": np.zeros((1, 4)), "c": np.zeros(4)}, ValueError, r"start_state\['c'\] must have a first axis"),
    (good_step, "state", TypeError, "start_state must be None, an array or a tuple, list or dict"),
])
def test_bad_models(step, start_state, error, match):
    with pytest.raises(error, match=match):
        beam_search(step, start_state, **GOOD, beam_width=2)
    with pytest.raises(error, match=match):
        greedy_decode(step, start_state, **GOOD)


def test_a_step_whose_width_changes_is_refused():
    calls = []

    def growing(tokens_last, states):
        calls.append(1)
        V = 3 if len(calls) == 1 else 4
        return np.log(np.full((len(tokens_last), V), 1 / V)), states

    with pytest.raises(ValueError, match=r"log_probs .* must have shape \(1, 3\)"):
        beam_search(growing, None, **GOOD, beam_width=2)
