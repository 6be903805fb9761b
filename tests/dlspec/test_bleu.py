"""Tests for dlspec.bleu: modified n-gram precision, brevity penalty, sentence and corpus BLEU.

Oracles: the course's examples and other small cases worked by hand below, and NLTK's
``nltk.translate.bleu_score`` (a test-only dependency) on many random sentences, without
smoothing and with its smoothing methods 1 and 2.
"""

import math
import warnings

import numpy as np
import pytest
from nltk.translate import bleu_score as nltk_bleu

from dlspec.bleu import brevity_penalty, corpus_bleu, modified_precision, ngrams, sentence_bleu

REF1 = "the cat is on the mat".split()
REF2 = "there is a cat on the mat".split()


# --- the parts, by hand ----------------------------------------------------------------------


def test_ngrams():
    assert ngrams("a b c".split(), 1) == [("a",), ("b",), ("c",)]
    assert ngrams("a b c".split(), 2) == [("a", "b"), ("b", "c")]
    assert ngrams("a b c".split(), 3) == [("a", "b", "c")]
    assert ngrams("a b c".split(), 4) == []
    assert ngrams([], 1) == []


def test_clipped_unigrams_the_the_the():
    # Seven "the": unclipped precision 7/7; "the" occurs at most twice in one reference.
    assert modified_precision(["the"] * 7, [REF1, REF2], 1) == (2, 7)
    assert modified_precision(["the"] * 7, [REF2], 1) == (1, 7)


def test_clipped_bigrams():
    # "the cat the cat on the mat": bigrams the-cat (x2), cat-the, cat-on, on-the, the-mat.
    # Clipped: the-cat 1 (once in REF1), cat-the 0, cat-on 1 (REF2), on-the 1, the-mat 1.
    candidate = "the cat the cat on the mat".split()
    assert modified_precision(candidate, [REF1, REF2], 2) == (4, 6)
    assert modified_precision(candidate, [REF1], 2) == (3, 6)
    # The clip is the largest count in any one reference, not the sum over references.
    assert modified_precision("on the on the".split(), [REF1, REF2], 2) == (1, 3)


def test_a_candidate_shorter_than_n_has_no_ngrams():
    assert modified_precision(["the", "cat"], [REF1], 3) == (0, 0)
    assert modified_precision([], [REF1], 1) == (0, 0)


@pytest.mark.parametrize(("c", "refs", "expected"), [
    (4, [6, 8], math.exp(1 - 6 / 4)),  # the closest reference is 6
    (7, [6, 9], 1.0),  # longer than the closest reference (6): no penalty
    (6, [6], 1.0),  # as long: exp(0)
    (5, [4, 6], 1.0),  # 4 and 6 equally close: the shorter, 4, so c > r
    (5, [6, 4], 1.0),  # the order does not matter
    (3, [2, 4], 1.0),
    (3, [4, 10], math.exp(1 - 4 / 3)),
    (0, [3], 0.0),  # an empty candidate
])
def test_brevity_penalty(c, refs, expected):
    assert brevity_penalty(c, refs) == pytest.approx(expected, rel=1e-15)


def test_sentence_bleu_by_hand():
    # "the cat sat on the mat" against REF1: c = r = 6, BP = 1.
    # p1: the (2 of 2), cat, on, mat count, sat does not: 5/6.
    # p2: the-cat, on-the, the-mat count; cat-sat, sat-on do not: 3/5.
    candidate = "the cat sat on the mat".split()
    assert sentence_bleu(candidate, [REF1], max_n=2) == pytest.approx(math.sqrt(5 / 6 * 3 / 5), rel=1e-14)
    assert sentence_bleu(candidate, [REF1], max_n=1) == pytest.approx(5 / 6, rel=1e-14)
    assert sentence_bleu(candidate, [REF1], max_n=2, weights=[0.25, 0.75]) == pytest.approx(
        (5 / 6) ** 0.25 * (3 / 5) ** 0.75, rel=1e-14)
    # p3: the-cat-sat, cat-sat-on, sat-on-the, on-the-mat: 1/4; p4: 0/3, so BLEU-4 = 0.
    assert sentence_bleu(candidate, [REF1], max_n=3) == pytest.approx((5 / 6 * 3 / 5 * 1 / 4) ** (1 / 3), rel=1e-14)
    assert sentence_bleu(candidate, [REF1]) == 0.0
    assert sentence_bleu(REF1, [REF1, REF2]) == pytest.approx(1.0, rel=1e-15)


def test_smoothing_by_hand():
    # "the cat sat" against "the cat is here": c = 3, r = 4, BP = exp(1 - 4/3).
    # p1 = 2/3, p2 = 1/2 (the-cat), p3 = 0/1.
    candidate, refs = "the cat sat".split(), ["the cat is here".split()]
    bp = math.exp(1 - 4 / 3)
    assert sentence_bleu(candidate, refs, max_n=3) == 0.0
    assert sentence_bleu(candidate, refs, max_n=3, smoothing="method1") == pytest.approx(
        bp * (2 / 3 * 1 / 2 * 0.1 / 1) ** (1 / 3), rel=1e-14)
    assert sentence_bleu(candidate, refs, max_n=3, smoothing="method2") == pytest.approx(
        bp * (2 / 3 * 2 / 3 * 1 / 2) ** (1 / 3), rel=1e-14)  # (1+1)/(2+1) and (0+1)/(1+1)
    # No word in common: 0 with any smoothing.
    for smoothing in (None, "method1", "method2"):
        assert sentence_bleu("a b c".split(), refs, smoothing=smoothing) == 0.0
        assert sentence_bleu([], refs, smoothing=smoothing) == 0.0


def test_corpus_bleu_adds_the_counts_first():
    # BLEU-1 of two sentences: (2 + 1) / (2 + 4) = 1/2, c = r = 6; the mean of the sentence
    # scores would be (1 + 1/4) / 2.
    candidates = ["a b".split(), "c d e f".split()]
    references = [["a b".split()], ["c x y z".split()]]
    assert corpus_bleu(candidates, references, max_n=1) == pytest.approx(0.5, rel=1e-15)
    assert [sentence_bleu(c, r, max_n=1) for c, r in zip(candidates, references)] == pytest.approx([1.0, 0.25])
    # BP from the totals: c = 2 + 4 = 6 against r = 3 + 4 = 7.
    references = [["a b z".split()], ["c x y z".split()]]
    assert corpus_bleu(candidates, references, max_n=1) == pytest.approx(math.exp(1 - 7 / 6) * 0.5, rel=1e-14)
    # One sentence: the corpus score is the sentence score.
    assert corpus_bleu([candidates[1]], [references[1]], max_n=2, smoothing="method2") == sentence_bleu(
        candidates[1], references[1], max_n=2, smoothing="method2")


# --- against NLTK ------------------------------------------------------------------------------

WORDS = "the a cat dog sat on mat is there".split()
NLTK_SMOOTHING = {None: None, "method1": nltk_bleu.SmoothingFunction().method1,
                  "method2": nltk_bleu.SmoothingFunction().method2}


def random_sentence(rng, low, high):
    return [str(w) for w in rng.choice(WORDS, size=rng.integers(low, high + 1))]


def edited(rng, sentence):
    """A copy of ``sentence`` with some words replaced, dropped or doubled."""
    out = []
    for word in sentence:
        u = rng.random()
        out += [] if u < 0.1 else [str(rng.choice(WORDS))] if u < 0.25 else [word, word] if u < 0.3 else [word]
    return out


def random_case(rng):
    """A candidate and 1-3 references: unrelated sentences, or edited copies of one sentence."""
    if rng.random() < 0.3:
        return random_sentence(rng, 0, 12), [random_sentence(rng, 1, 12) for _ in range(rng.integers(1, 4))]
    source = random_sentence(rng, 1, 14)
    return edited(rng, source), [edited(rng, source) or source for _ in range(rng.integers(1, 4))]


def nltk(function, *args, **kwargs):
    with warnings.catch_warnings():  # NLTK warns when an n-gram order has no match
        warnings.simplefilter("ignore")
        return function(*args, **kwargs)


@pytest.mark.parametrize("smoothing", [None, "method1", "method2"])
@pytest.mark.parametrize(("max_n", "weights"), [(4, None), (2, None), (3, [0.2, 0.3, 0.5])])
def test_sentence_bleu_matches_nltk(smoothing, max_n, weights, rng):
    nltk_weights = tuple(weights) if weights else (1 / max_n,) * max_n
    nonzero = 0
    for _ in range(200):
        candidate, references = random_case(rng)
        ours = sentence_bleu(candidate, references, max_n=max_n, weights=weights, smoothing=smoothing)
        theirs = nltk(nltk_bleu.sentence_bleu, references, candidate, weights=nltk_weights,
                      smoothing_function=NLTK_SMOOTHING[smoothing])
        # Without smoothing NLTK gives ~1e-77 where BLEU is 0 (it takes the log of the smallest float).
        assert ours == pytest.approx(theirs, rel=1e-12, abs=1e-15), (candidate, references)
        nonzero += ours > 0
    assert nonzero > 50  # the cases are not all trivial zeros


@pytest.mark.parametrize("smoothing", [None, "method1", "method2"])
def test_corpus_bleu_matches_nltk(smoothing, rng):
    for _ in range(40):
        cases = [random_case(rng) for _ in range(rng.integers(1, 8))]
        candidates = [c for c, _ in cases]
        references = [r for _, r in cases]
        ours = corpus_bleu(candidates, references, smoothing=smoothing)
        theirs = nltk(nltk_bleu.corpus_bleu, references, candidates, smoothing_function=NLTK_SMOOTHING[smoothing])
        assert ours == pytest.approx(theirs, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("c", range(0, 9))
def test_brevity_penalty_matches_nltk(c, rng):
    refs = [int(n) for n in rng.integers(1, 10, size=rng.integers(1, 4))]
    r = nltk_bleu.closest_ref_length([["x"] * n for n in refs], c)
    assert brevity_penalty(c, refs) == pytest.approx(nltk_bleu.brevity_penalty(r, c), rel=1e-15)


def test_modified_precision_matches_nltk(rng):
    for _ in range(100):
        candidate, references = random_case(rng)
        for n in (1, 2, 3):
            clipped, total = modified_precision(candidate, references, n)
            theirs = nltk_bleu.modified_precision(references, candidate, n)
            assert (clipped, max(1, total)) == (theirs.numerator, theirs.denominator)


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda: sentence_bleu("the cat", [REF1]), TypeError, r"candidate must be a list of tokens, got a string"),
    (lambda: sentence_bleu(["the", 3], [REF1]), TypeError, "candidate must hold tokens that are strings"),
    (lambda: sentence_bleu(REF1, REF1), TypeError, r"references\[0\] must be a list of tokens, got a string"),
    (lambda: sentence_bleu(REF1, []), ValueError, "references must hold at least one reference"),
    (lambda: sentence_bleu(REF1, [REF1], max_n=0), ValueError, "max_n must be an integer >= 1"),
    (lambda: sentence_bleu(REF1, [REF1], weights=[0.5, 0.5]), ValueError, "weights must have max_n = 4 entries"),
    (lambda: sentence_bleu(REF1, [REF1], max_n=2, weights=[0.5, -0.5]), ValueError, r"weights\[1\] must be"),
    (lambda: sentence_bleu(REF1, [REF1], max_n=2, weights=["a", 1]), TypeError, r"weights\[0\] must be a real"),
    (lambda: sentence_bleu(REF1, [REF1], smoothing="method7"), ValueError, "smoothing must be one of"),
    (lambda: corpus_bleu([REF1], [[REF1], [REF2]]), ValueError, "must have the same length"),
    (lambda: corpus_bleu([], []), ValueError, "candidates must hold at least one sentence"),
    (lambda: corpus_bleu(REF1, [[REF1]] * 6), TypeError, r"candidates\[0\] must be a list of tokens, got a string"),
    (lambda: corpus_bleu([REF1], [REF1]), TypeError, r"list_of_references\[0\]\[0\] must be a list of tokens"),
    (lambda: modified_precision(REF1, [REF1], 0), ValueError, "n must be an integer >= 1"),
    (lambda: ngrams(REF1, 1.0), TypeError, "n must be an integer"),
    (lambda: brevity_penalty(-1, [3]), ValueError, "candidate_length must be an integer >= 0"),
    (lambda: brevity_penalty(3, []), ValueError, "reference_lengths must hold at least one length"),
    (lambda: brevity_penalty(3, 4), TypeError, "reference_lengths must be a list of integers"),
    (lambda: brevity_penalty(3, [2.5]), TypeError, r"reference_lengths\[0\] must be an integer"),
])
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_tuples_work_as_sentences():
    assert sentence_bleu(tuple(REF1), (tuple(REF2), REF1)) == pytest.approx(1.0)
    assert np.isclose(corpus_bleu((tuple(REF1),), ((REF2,),), max_n=1), 5 / 6 * math.exp(1 - 7 / 6))
