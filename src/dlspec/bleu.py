r"""BLEU: how close a machine translation is to one or more human references.

Course 5, Week 3. BLEU (bilingual evaluation understudy) compares the n-grams of a
candidate translation with those of the references. Its parts:

* the **modified n-gram precision**: each n-gram of the candidate counts as correct at most
  as often as it appears in a single reference (its count is *clipped*), so that
  "the the the the" earns no credit for repeating a correct word:

  .. math:: p_n = \frac{\sum_{g \in \text{n-grams}(\hat y)} \min\bigl(\text{count}_{\hat y}(g),
            \max_{r} \text{count}_r(g)\bigr)}{\sum_{g \in \text{n-grams}(\hat y)}
            \text{count}_{\hat y}(g)};

* the **brevity penalty**, since precision alone rewards short candidates: with ``c`` the
  candidate's length and ``r`` the length of the reference closest to it,

  .. math:: \mathrm{BP} = 1 \text{ if } c > r, \qquad
            \mathrm{BP} = \exp(1 - r / c) \text{ otherwise};

* their combination, a weighted geometric mean of the precisions for n = 1 .. N (N = 4 and
  weights 1/4 by default):

  .. math:: \mathrm{BLEU} = \mathrm{BP} \cdot \exp\Bigl(\sum_{n=1}^{N} w_n \log p_n\Bigr).

:func:`sentence_bleu` scores one candidate; :func:`corpus_bleu` adds the clipped counts, the
n-gram counts and the lengths of all the candidates first, as BLEU was defined (it is not
the mean of the sentence scores). A sentence is a list of tokens (strings, e.g.
``"the cat sat".split()``). The results agree with NLTK's ``nltk.translate.bleu_score``
(whose arguments come in the other order: references first), including its two simplest
smoothing methods, which keep one missing n-gram order from making a sentence's BLEU 0.
"""

import math
from collections import Counter
from collections.abc import Sequence

from dlspec._validate import check_int, check_real

#: The smoothing methods :func:`sentence_bleu` and :func:`corpus_bleu` know.
SMOOTHING = (None, "method1", "method2")
#: The count added to a zero numerator by smoothing "method1" (NLTK's epsilon).
EPSILON = 0.1


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------


def _check_sentence(name, tokens):
    if isinstance(tokens, str):
        raise TypeError(f"{name} must be a list of tokens, got a string (split it first, e.g. {name}.split())")
    if not isinstance(tokens, Sequence):
        raise TypeError(f"{name} must be a list of tokens (strings), got {type(tokens).__name__}")
    for token in tokens:
        if not isinstance(token, str):
            raise TypeError(f"{name} must hold tokens that are strings, got {type(token).__name__} {token!r}")
    return list(tokens)


def _check_references(name, references):
    if isinstance(references, str) or not isinstance(references, Sequence):
        raise TypeError(f"{name} must be a list of reference sentences (lists of tokens), got {type(references).__name__}")
    if len(references) == 0:
        raise ValueError(f"{name} must hold at least one reference sentence, got none")
    return [_check_sentence(f"{name}[{i}]", r) for i, r in enumerate(references)]


def _check_settings(max_n, weights, smoothing):
    max_n = check_int("max_n", max_n)
    if weights is None:
        weights = [1.0 / max_n] * max_n
    else:
        if isinstance(weights, str) or not isinstance(weights, Sequence):
            raise TypeError(f"weights must be a list of {max_n} numbers, got {type(weights).__name__}")
        if len(weights) != max_n:
            raise ValueError(
                f"weights must have max_n = {max_n} entries, one per n-gram order, got {len(weights)} "
                "(pass max_n as well)"
            )
        weights = [check_real(f"weights[{i}]", w, low=0.0) for i, w in enumerate(weights)]
    if not (smoothing is None or (isinstance(smoothing, str) and smoothing in SMOOTHING)):  # `in` is ambiguous for an array
        raise ValueError(f"smoothing must be one of {list(SMOOTHING)}, got {smoothing!r}")
    return max_n, weights, smoothing


# ---------------------------------------------------------------------------
# The parts: n-grams, modified precision, brevity penalty
# ---------------------------------------------------------------------------


def ngrams(tokens, n):
    """The n-grams of a sentence, in order, as tuples.

    Parameters
    ----------
    tokens : list of str
    n : int
        The n-gram order, >= 1.

    Returns
    -------
    list of tuple of str
        ``len(tokens) - n + 1`` n-grams, none if the sentence is shorter than ``n``.

    Examples
    --------
    >>> ngrams("the cat sat".split(), 2)
    [('the', 'cat'), ('cat', 'sat')]
    """
    tokens = _check_sentence("tokens", tokens)
    return _ngrams(tokens, check_int("n", n))


def _ngrams(tokens, n):
    return [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]


def modified_precision(candidate, references, n):
    r"""The clipped n-gram count of a candidate and its number of n-grams.

    Parameters
    ----------
    candidate : list of str
    references : list of list of str
        One or more reference translations.
    n : int
        The n-gram order, >= 1.

    Returns
    -------
    clipped_count : int
        :math:`\sum_g \min(\text{count}_{\hat y}(g), \max_r \text{count}_r(g))` over the
        distinct n-grams ``g`` of the candidate.
    total_count : int
        The number of n-grams of the candidate, ``max(0, len(candidate) - n + 1)``.
        The modified precision :math:`p_n` is ``clipped_count / total_count``.

    Raises
    ------
    TypeError
        If a sentence is a string instead of a list of tokens, or holds non-strings.
    ValueError
        If there is no reference or ``n < 1``.

    Examples
    --------
    The course's example: the candidate repeats "the", which each reference holds at most
    twice, so 2 of its 7 unigrams count.

    >>> modified_precision("the the the the the the the".split(),
    ...                    ["the cat is on the mat".split(), "there is a cat on the mat".split()], 1)
    (2, 7)
    """
    candidate = _check_sentence("candidate", candidate)
    references = _check_references("references", references)
    return _modified_precision(candidate, references, check_int("n", n))


def _modified_precision(candidate, references, n):
    counts = Counter(_ngrams(candidate, n))
    max_ref_counts = Counter()
    for reference in references:
        max_ref_counts |= Counter(_ngrams(reference, n))  # | keeps the larger count of each n-gram
    clipped = sum(min(count, max_ref_counts[g]) for g, count in counts.items())
    return clipped, sum(counts.values())


def _closest_length(candidate_length, reference_lengths):
    """The reference length closest to the candidate's; of two as close, the shorter."""
    return min(reference_lengths, key=lambda r: (abs(r - candidate_length), r))


def _penalty(c, r):
    """BP for a candidate length (or total) ``c`` and a reference length (or total) ``r``."""
    if c > r:
        return 1.0
    if c == 0:
        return 0.0  # an empty candidate scores 0
    return math.exp(1.0 - r / c)


def brevity_penalty(candidate_length, reference_lengths):
    r"""BLEU's brevity penalty for a candidate of ``candidate_length`` tokens.

    Parameters
    ----------
    candidate_length : int
        ``c``, the number of tokens of the candidate.
    reference_lengths : list of int
        The lengths of the references; ``r`` is the one closest to ``c``, the shorter of
        two that are equally close.

    Returns
    -------
    float
        1 if ``c > r``, else :math:`\exp(1 - r/c)`; 0 for an empty candidate.

    Raises
    ------
    TypeError
        If a length is not an integer.
    ValueError
        If a length is negative or there is no reference length.

    Examples
    --------
    >>> round(brevity_penalty(4, [6, 8]), 4)  # r = 6: exp(1 - 6/4) = exp(-0.5)
    0.6065
    """
    c = check_int("candidate_length", candidate_length, minimum=0)
    if isinstance(reference_lengths, (str, int)) or not isinstance(reference_lengths, Sequence):
        raise TypeError(f"reference_lengths must be a list of integers, got {type(reference_lengths).__name__}")
    if len(reference_lengths) == 0:
        raise ValueError("reference_lengths must hold at least one length, got none")
    lengths = [check_int(f"reference_lengths[{i}]", r, minimum=0) for i, r in enumerate(reference_lengths)]
    return _penalty(c, _closest_length(c, lengths))


# ---------------------------------------------------------------------------
# BLEU of one sentence and of a corpus
# ---------------------------------------------------------------------------


def _bleu(clipped, totals, c, r, weights, smoothing):
    """BLEU from the clipped counts and n-gram counts per order (summed over a corpus)."""
    if clipped[0] == 0:  # no word in common with the references: 0, whatever the smoothing
        return 0.0
    precisions = []
    for n, (num, den) in enumerate(zip(clipped, totals), start=1):
        if smoothing == "method1" and num == 0:
            num = EPSILON
        elif smoothing == "method2" and n > 1:
            num, den = num + 1, den + 1
        precisions.append(num / den)
    if any(p == 0 and w > 0 for p, w in zip(precisions, weights)):
        return 0.0  # the geometric mean of numbers one of which is 0
    log_mean = math.fsum(w * math.log(p) for p, w in zip(precisions, weights) if w > 0)
    return _penalty(c, r) * math.exp(log_mean)


def sentence_bleu(candidate, references, *, max_n=4, weights=None, smoothing=None):
    r"""The BLEU score of one candidate against its references, in [0, 1].

    Parameters
    ----------
    candidate : list of str
        The machine translation, as tokens.
    references : list of list of str
        One or more human translations of the same sentence.
    max_n : int, default 4
        The longest n-grams counted, ``N``.
    weights : list of float, optional
        :math:`w_1, \dots, w_N` (``max_n`` entries, >= 0); uniform ``1/N`` by default.
    smoothing : {None, "method1", "method2"}, default None
        None: a missing n-gram order makes the score 0. ``"method1"``: a precision with no
        match becomes :math:`0.1 / \text{count}`. ``"method2"``: 1 is added to the numerator
        and the denominator of every precision but the unigrams'. NLTK's
        ``SmoothingFunction().method1`` and ``.method2``.

    Returns
    -------
    float

    Raises
    ------
    TypeError
        If a sentence is a string instead of a list of tokens or holds non-strings, or a
        weight is not a number.
    ValueError
        If there is no reference, ``max_n < 1``, ``weights`` does not have ``max_n``
        non-negative entries, or ``smoothing`` is unknown.

    Notes
    -----
    .. math:: \mathrm{BLEU} = \mathrm{BP} \cdot \exp\Bigl(\sum_{n=1}^{N} w_n \log p_n\Bigr)

    with :math:`p_n` from :func:`modified_precision` and BP from :func:`brevity_penalty`.
    As in NLTK: the score is 0 if no word of the candidate is in a reference (whatever the
    smoothing), and a candidate shorter than ``n`` has :math:`p_n = 0/1`. Course 5, Week 3.
    """
    candidate = _check_sentence("candidate", candidate)
    references = _check_references("references", references)
    return _corpus_bleu([candidate], [references], *_check_settings(max_n, weights, smoothing))


def corpus_bleu(candidates, list_of_references, *, max_n=4, weights=None, smoothing=None):
    r"""The BLEU score of a set of candidates, each against its own references.

    Parameters
    ----------
    candidates : list of list of str
        ``m`` machine translations.
    list_of_references : list of list of list of str
        For each candidate, its references (one or more).
    max_n, weights, smoothing
        As in :func:`sentence_bleu`.

    Returns
    -------
    float

    Raises
    ------
    TypeError, ValueError
        As :func:`sentence_bleu`; ``ValueError`` also if the two lists differ in length or
        are empty.

    Notes
    -----
    The clipped counts and the n-gram counts are summed over the candidates before the
    precisions are divided, and BP uses the total candidate length :math:`c = \sum c_i`
    and the total of the closest reference lengths :math:`r = \sum r_i` (Papineni et al.,
    2002). So a short candidate is penalised only as much as it shortens the whole corpus,
    and the result is not the mean of the sentence scores. As in NLTK, a candidate shorter
    than ``n`` adds 1 to the count of n-grams (its :math:`p_n` is taken as 0/1).
    Course 5, Week 3.
    """
    if isinstance(candidates, str) or not isinstance(candidates, Sequence):
        raise TypeError(f"candidates must be a list of sentences (lists of tokens), got {type(candidates).__name__}")
    if isinstance(list_of_references, str) or not isinstance(list_of_references, Sequence):
        raise TypeError(
            "list_of_references must be a list with the references of each candidate, "
            f"got {type(list_of_references).__name__}"
        )
    if len(candidates) != len(list_of_references):
        raise ValueError(
            "candidates and list_of_references must have the same length (one list of references "
            f"per candidate), got {len(candidates)} and {len(list_of_references)}"
        )
    if len(candidates) == 0:
        raise ValueError("candidates must hold at least one sentence, got none")
    candidates = [_check_sentence(f"candidates[{i}]", c) for i, c in enumerate(candidates)]
    list_of_references = [_check_references(f"list_of_references[{i}]", r) for i, r in enumerate(list_of_references)]
    return _corpus_bleu(candidates, list_of_references, *_check_settings(max_n, weights, smoothing))


def _corpus_bleu(candidates, list_of_references, max_n, weights, smoothing):
    clipped, totals = [0] * max_n, [0] * max_n
    c = r = 0
    for candidate, references in zip(candidates, list_of_references):
        for n in range(1, max_n + 1):
            num, den = _modified_precision(candidate, references, n)
            clipped[n - 1] += num
            totals[n - 1] += max(1, den)  # as NLTK: a sentence shorter than n counts as 0 / 1
        c += len(candidate)
        r += _closest_length(len(candidate), [len(ref) for ref in references])
    return _bleu(clipped, totals, c, r, weights, smoothing)
