"""Learn from: similar work in other labour-market regions, by text and taxonomy (ADR 17).

Never all pairs of the country. Every initiative's name, summary and description become a TF-IDF
vector of Dutch stems (the search app's words and Snowball stemmer, ADR 6): a word in the name counts
`NAME_WEIGHT` times, in the summary `SUMMARY_WEIGHT` times. Words found in one initiative only can
link nothing and words in more than `MAX_DF_SHARE` of them link everything; both are left out. Each
initiative keeps its `TOP_TERMS` heaviest stems (its rarest, most repeated words) and each stem keeps
the `POSTING_CAP` initiatives it weighs most in: an inverted index in which only initiatives sharing a
rare word meet. Initiatives with much the same goals, themes, target groups and levels meet too: as
neighbours in the overlap method's MinHash orders of the whole country. So a run compares at most
``initiatives x (TOP_TERMS x POSTING_CAP / 2 + PASSES x WINDOW)`` pairs, linear in their number.

A pair sharing a labour-market region is left out (that is overlap, not learning), as are ended
initiatives and initiatives without a region. The others score
``TEXT_WEIGHT x text cosine + TAXONOMY_WEIGHT x taxonomy similarity`` (the weighted Jaccard of the
overlap method); from `MIN_SCORE` on, the `SUGGESTIONS` best of each initiative are kept with the
shared stems and terms that make the reason.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from netwerkkaart.initiatives.result_index import Positions, _ranges
from netwerkkaart.search.analysis import stems, words

from . import overlap

NAME_WEIGHT, SUMMARY_WEIGHT, DESCRIPTION_WEIGHT = 3, 2, 1
DESCRIPTION_CHARS = 4000  # the start of a long description says what it is about
MAX_DF_SHARE = 0.2
MIN_DF_CAP = 20  # in a small data set a word in 20 initiatives is still rare enough
TOP_TERMS = 10
POSTING_CAP = 32
TEXT_WEIGHT, TAXONOMY_WEIGHT = 0.6, 0.4
MIN_TEXT = 0.08
MIN_SCORE = 0.3
SUGGESTIONS = 3
REASON_TERMS = 4
_PAIR_BATCH = 2_000_000
_DOT_BATCH = 250_000

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class TextVectors:
    """The pruned TF-IDF vectors by initiative position: rows ``offsets[i]:offsets[i + 1]`` of ``terms``
    (ascending) and ``weights``; ``words[t]`` is how stem ``t`` is written in the text."""

    offsets: Positions
    terms: Positions
    weights: Floats
    words: list[str]

    def terms_of(self, position: int) -> tuple[list[int], list[float]]:
        start, end = int(self.offsets[position]), int(self.offsets[position + 1])
        return self.terms[start:end].tolist(), self.weights[start:end].tolist()


def text_vectors(texts: Iterable[tuple[str, str, str]], size: int) -> TextVectors:
    """Vectors of ``size`` texts (name, summary, description), in position order."""
    vocabulary: dict[str, int] = {}
    shown: list[str] = []
    owners: list[int] = []
    term_ids: list[int] = []
    counts: list[float] = []
    for position, (name, summary, description) in enumerate(texts):
        frequency: Counter[int] = Counter()
        for text, field_weight in (
            (name, NAME_WEIGHT),
            (summary, SUMMARY_WEIGHT),
            (description[:DESCRIPTION_CHARS], DESCRIPTION_WEIGHT),
        ):
            for word in words(text):
                if word.isdigit():
                    continue  # years and numbers say nothing about the work
                stem = stems(word)[0]
                known = vocabulary.get(stem)
                if known is None:
                    known = vocabulary[stem] = len(shown)
                    shown.append(word)
                frequency[known] += field_weight
        owners.extend([position] * len(frequency))
        term_ids.extend(frequency)
        counts.extend(frequency.values())
    owner = np.asarray(owners, dtype=np.int64)
    term = np.asarray(term_ids, dtype=np.int64)
    tf = np.asarray(counts, dtype=np.float64)
    df = np.bincount(term, minlength=len(shown))
    cap = max(MIN_DF_CAP, MAX_DF_SHARE * size)
    keep = (df[term] >= 2) & (df[term] <= cap)
    owner, term, tf = owner[keep], term[keep], tf[keep]
    weight = (1 + np.log(tf)) * np.log(size / df[term])
    norms = np.sqrt(np.bincount(owner, weights=weight**2, minlength=size))
    weight = weight / np.where(norms > 0, norms, 1)[owner]
    # The heaviest TOP_TERMS of each initiative; then by term within it.
    order = np.lexsort([term, -weight, owner])
    owner, term, weight = owner[order], term[order], weight[order]
    starts = np.searchsorted(owner, np.arange(size))
    rank = np.arange(owner.size) - starts[owner]
    top = rank < TOP_TERMS
    owner, term, weight = owner[top], term[top], weight[top]
    order = np.lexsort([term, owner])
    owner, term, weight = owner[order], term[order], weight[order]
    offsets = np.searchsorted(owner, np.arange(size + 1))
    return TextVectors(offsets=offsets, terms=term, weights=weight, words=shown)


@dataclass(frozen=True)
class Suggestions:
    """Kept suggestions: ``initiative`` may learn from ``other`` (positions), with their figures."""

    initiative: Positions
    other: Positions
    score: Floats
    text: Floats
    taxonomy: Floats
    compared: int


def _posting_pairs(vectors: TextVectors) -> Iterable[tuple[Positions, Positions]]:
    """(first, second) for every two initiatives in one capped posting list."""
    size = vectors.offsets.size - 1
    owner = np.repeat(np.arange(size), np.diff(vectors.offsets))
    order = np.lexsort([owner, -vectors.weights, vectors.terms])
    term, owner = vectors.terms[order], owner[order]
    rank = np.arange(term.size) - np.searchsorted(term, term)
    capped = rank < POSTING_CAP
    term, owner = term[capped], owner[capped]
    length = np.bincount(term)[term]
    for width in np.unique(length[length >= 2]).tolist():
        # Postings of this length side by side: one row per term, ``width`` initiatives.
        rows = owner[length == width].reshape(-1, width)
        left, right = np.triu_indices(width, k=1)
        step = max(1, _PAIR_BATCH // max(left.size, 1))
        for start in range(0, rows.shape[0], step):
            block = rows[start : start + step]
            yield block[:, left].reshape(-1), block[:, right].reshape(-1)


def suggestions(
    vectors: TextVectors, data: overlap.OverlapInput, regions: overlap.TermBits, *, limit: int = SUGGESTIONS
) -> Suggestions:
    """The best `limit` initiatives in other regions for each initiative, from `MIN_SCORE` on."""
    size = data.size
    has_region = regions.bits.any(axis=1)
    eligible = data.comparable & has_region
    keys: list[Positions] = []
    compared = 0
    for first, second in _posting_pairs(vectors):
        compared += int(first.size)
        low, high = np.minimum(first, second), np.maximum(first, second)
        keep = eligible[low] & eligible[high] & (regions.shared(low, high) == 0)
        keys.append(low[keep] * size + high[keep])
    # Taxonomy candidates: neighbours in the overlap method's MinHash orders over the whole country
    # (`overlap.candidate_pairs`, at most size x PASSES x WINDOW), in other regions.
    by_terms_first, by_terms_second = overlap.candidate_pairs(
        data, [np.flatnonzero(eligible)], overlap.minhash_signatures(data)
    )
    other_region = regions.shared(by_terms_first, by_terms_second) == 0
    compared += int(by_terms_first.size)
    keys.append(by_terms_first[other_region] * size + by_terms_second[other_region])
    pair_keys = np.unique(np.concatenate(keys)) if keys else np.empty(0, dtype=np.int64)
    first, second = pair_keys // size, pair_keys % size
    text = text_similarity(vectors, first, second)
    keep = text >= MIN_TEXT
    first, second, text = first[keep], second[keep], text[keep]
    taxonomy = overlap.taxonomy_similarity(data, first, second)
    score = TEXT_WEIGHT * np.minimum(text, 1.0) + TAXONOMY_WEIGHT * taxonomy
    keep = score >= MIN_SCORE
    first, second, text, taxonomy, score = first[keep], second[keep], text[keep], taxonomy[keep], score[keep]
    # Both directions: each of the two may learn from the other; the best `limit` of each.
    owner = np.concatenate([first, second])
    other = np.concatenate([second, first])
    both = [np.concatenate([values, values]) for values in (score, text, taxonomy)]
    order = np.lexsort([other, -both[0], owner])
    owner, other = owner[order], other[order]
    both = [values[order] for values in both]
    rank = np.arange(owner.size) - np.searchsorted(owner, owner)
    top = rank < limit
    return Suggestions(
        initiative=owner[top],
        other=other[top],
        score=both[0][top],
        text=both[1][top],
        taxonomy=both[2][top],
        compared=compared,
    )


def text_similarity(vectors: TextVectors, first: Positions, second: Positions) -> Floats:
    """The dot product of the pairs' kept TF-IDF terms (an approximate cosine), in batches of pairs."""
    result = np.zeros(first.size)
    width = max(len(vectors.words), 1)
    for start in range(0, first.size, _DOT_BATCH):
        left, right = first[start : start + _DOT_BATCH], second[start : start + _DOT_BATCH]
        pair = np.arange(left.size, dtype=np.int64)

        def expand(side: Positions, pair: Positions = pair) -> tuple[Positions, Floats]:
            rows = _ranges(vectors.offsets, side)
            lengths = vectors.offsets[side + 1] - vectors.offsets[side]
            return np.repeat(pair, lengths) * width + vectors.terms[rows], vectors.weights[rows]

        left_keys, left_weights = expand(left)
        right_keys, right_weights = expand(right)
        common, at_left, at_right = np.intersect1d(
            left_keys, right_keys, assume_unique=True, return_indices=True
        )
        result[start : start + left.size] = np.bincount(
            common // width, weights=left_weights[at_left] * right_weights[at_right], minlength=left.size
        )
    return result


def shared_words(vectors: TextVectors, first: int, second: int, limit: int = REASON_TERMS) -> list[str]:
    """The words the two share, most weight first (as written in the text)."""
    first_terms, first_weights = vectors.terms_of(first)
    second_terms, second_weights = vectors.terms_of(second)
    second_weight = dict(zip(second_terms, second_weights, strict=True))
    shared = sorted(
        (
            (-weight * second_weight[term], vectors.words[term])
            for term, weight in zip(first_terms, first_weights, strict=True)
            if term in second_weight
        ),
    )
    return [word for _weight, word in shared[:limit]]
