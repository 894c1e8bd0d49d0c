"""Overlap and competition: initiatives in one labour-market region that do much the same work (ADR 17).

Never all pairs of the country: initiatives are compared only within a labour-market region (the
block). A block of at most `FULL_BLOCK` initiatives is compared pair by pair; a larger one is sorted
`PASSES` times on MinHash signatures of the initiatives' taxonomy terms (a hashed inverted index: those
sharing most terms sort next to each other) and each initiative is compared with its `WINDOW` next
neighbours in every order. The work per region is at most ``size x PASSES x WINDOW`` comparisons, so
a full run grows linearly with the number of initiatives.

Each compared pair gets a weighted Jaccard similarity of its goals, themes, target groups and
education levels (terms as bits, one weight per taxonomy), raised for the same phase, the same start
year and shared partners. Pairs at or above `FLAG_SCORE` are flagged; flagged pairs that touch form
clusters (connected components).
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from netwerkkaart.initiatives.result_index import FacetColumn, Positions, _ranges

# How much a shared term of each taxonomy counts (themes and target groups say most about the work).
TAXONOMY_WEIGHTS = {"goals": 1.0, "themes": 1.5, "target_groups": 1.5, "education_levels": 0.5}
FULL_BLOCK = 200
PASSES = 6
WINDOW = 8
MINHASH_DEPTH = 3  # signatures compared per sort order
# Raises of the similarity; the score is normalised so that it stays within 0..1.
SAME_PHASE_BONUS = 0.10
SAME_START_YEAR_BONUS = 0.10
PARTNER_BONUS = 0.05  # per shared partner
PARTNER_BONUS_MAX = 0.20
MAX_BONUS = SAME_PHASE_BONUS + SAME_START_YEAR_BONUS + PARTNER_BONUS_MAX
# A pair must be this similar before anything raises it, and must share a target group.
MIN_SIMILARITY = 0.5
FLAG_SCORE = 0.6
# Flagged pairs kept (with their reasons) per region, highest score first; clusters count them all.
MAX_PAIRS_PER_REGION = 500
_SEED = 20261129

Bits = npt.NDArray[np.uint64]


@dataclass(frozen=True)
class TermBits:
    """One taxonomy as bits: row i holds the terms of initiative position i (``words`` 64-bit words)."""

    bits: Bits

    @classmethod
    def of_column(cls, size: int, column: FacetColumn) -> "TermBits":
        words = max(1, (len(column.keys) + 63) // 64)
        bits = np.zeros((size, words), dtype=np.uint64)
        # The pairs hold no repeats, so adding a bit is setting it.
        np.add.at(
            bits,
            (column.initiatives, column.options // 64),
            np.left_shift(np.uint64(1), (column.options % 64).astype(np.uint64)),
        )
        return cls(bits)

    def shared(self, first: Positions, second: Positions) -> Positions:
        common = np.bitwise_count(self.bits[first] & self.bits[second])
        return common.sum(axis=1, dtype=np.int64)

    def either(self, first: Positions, second: Positions) -> Positions:
        return np.bitwise_count(self.bits[first] | self.bits[second]).sum(axis=1, dtype=np.int64)


@dataclass(frozen=True)
class OverlapInput:
    """What the comparison reads, by initiative position (see `result_index.InitiativeIndex`)."""

    size: int
    taxonomies: dict[str, TermBits]
    term_columns: dict[str, FacetColumn]
    phase: Positions  # -1: unknown
    start_year: npt.NDArray[np.float64]  # inf: unknown
    partners: FacetColumn
    comparable: npt.NDArray[np.bool_]  # not ended


@dataclass(frozen=True)
class ScoredPairs:
    """Compared pairs (``first`` < ``second``, positions) with their figures."""

    first: Positions
    second: Positions
    similarity: npt.NDArray[np.float64]
    shared_partners: Positions
    same_phase: npt.NDArray[np.bool_]
    same_start_year: npt.NDArray[np.bool_]
    score: npt.NDArray[np.float64]
    compared: int

    def take(self, keep: npt.NDArray[np.bool_] | Positions) -> "ScoredPairs":
        return ScoredPairs(
            first=self.first[keep],
            second=self.second[keep],
            similarity=self.similarity[keep],
            shared_partners=self.shared_partners[keep],
            same_phase=self.same_phase[keep],
            same_start_year=self.same_start_year[keep],
            score=self.score[keep],
            compared=self.compared,
        )


def minhash_signatures(data: OverlapInput, passes: int = PASSES) -> Positions:
    """``passes x MINHASH_DEPTH`` MinHash values per initiative over all its taxonomy terms."""
    rng = np.random.default_rng(_SEED)
    initiatives, features = [], []
    offset = 0
    for name in TAXONOMY_WEIGHTS:
        column = data.term_columns[name]
        initiatives.append(column.initiatives)
        features.append(column.options + offset)
        offset += len(column.keys)
    owners = np.concatenate(initiatives) if initiatives else np.empty(0, dtype=np.int64)
    terms = np.concatenate(features) if features else np.empty(0, dtype=np.int64)
    count = passes * MINHASH_DEPTH
    signatures = np.full((count, data.size), offset + 1, dtype=np.int64)
    for row in range(count):
        permuted = rng.permutation(max(offset, 1))[terms] if terms.size else terms
        np.minimum.at(signatures[row], owners, permuted)
    return signatures


def candidate_pairs(
    data: OverlapInput, blocks: list[Positions], signatures: Positions
) -> tuple[Positions, Positions]:
    """Pairs (first < second) to compare: all pairs of a small block, sorted neighbours in a large one
    (``signatures`` from `minhash_signatures`)."""
    firsts, seconds = [], []
    for members in blocks:
        members = members[data.comparable[members]]
        size = members.size
        if size < 2:
            continue
        if size <= FULL_BLOCK:
            left, right = np.triu_indices(size, k=1)
            firsts.append(members[left])
            seconds.append(members[right])
            continue
        for run in range(PASSES):
            keys = [signatures[run * MINHASH_DEPTH + depth][members] for depth in range(MINHASH_DEPTH)]
            order = members[np.lexsort([members, *reversed(keys)])]
            for step in range(1, WINDOW + 1):
                firsts.append(order[:-step])
                seconds.append(order[step:])
    if not firsts:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    first, second = np.concatenate(firsts), np.concatenate(seconds)
    low, high = np.minimum(first, second), np.maximum(first, second)
    encoded = np.unique(low * data.size + high)
    return encoded // data.size, encoded % data.size


def shared_partner_counts(partners: FacetColumn, first: Positions, second: Positions) -> Positions:
    """How many partner organisations each pair shares (reads only the pairs' own partnerships)."""
    if first.size == 0:
        return np.empty(0, dtype=np.int64)
    width = max(len(partners.keys), 1)
    pair = np.arange(first.size, dtype=np.int64)

    def keys_of(side: Positions) -> Positions:
        lengths = partners.by_initiative[side + 1] - partners.by_initiative[side]
        organisations = partners.options[_ranges(partners.by_initiative, side)]
        return np.repeat(pair, lengths) * width + organisations

    first_keys, second_keys = keys_of(first), keys_of(second)
    common = first_keys[np.isin(first_keys, second_keys)]
    return np.bincount(common // width, minlength=first.size).astype(np.int64)


def _weighted_jaccard(
    data: OverlapInput, first: Positions, second: Positions
) -> tuple[npt.NDArray[np.float64], Positions]:
    """The weighted Jaccard similarity of the pairs' taxonomies and their shared target groups."""
    shared_weight = np.zeros(first.size)
    either_weight = np.zeros(first.size)
    shared_target_groups = np.zeros(first.size, dtype=np.int64)
    for name, weight in TAXONOMY_WEIGHTS.items():
        bits = data.taxonomies[name]
        shared = bits.shared(first, second)
        shared_weight += weight * shared
        either_weight += weight * bits.either(first, second)
        if name == "target_groups":
            shared_target_groups = shared
    similarity = np.divide(shared_weight, either_weight, out=np.zeros(first.size), where=either_weight > 0)
    return similarity, shared_target_groups


def taxonomy_similarity(data: OverlapInput, first: Positions, second: Positions) -> npt.NDArray[np.float64]:
    """The weighted Jaccard similarity of the four taxonomies (0 when neither has a term)."""
    return _weighted_jaccard(data, first, second)[0]


def pairs_score(data: OverlapInput, first: Positions, second: Positions) -> ScoredPairs:
    """Similarity and score of the pairs; the partner counts only for pairs similar enough."""
    similarity, shared_target_groups = _weighted_jaccard(data, first, second)
    similar = (similarity >= MIN_SIMILARITY) & (shared_target_groups > 0)
    partners = np.zeros(first.size, dtype=np.int64)
    partners[similar] = shared_partner_counts(data.partners, first[similar], second[similar])
    same_phase = (data.phase[first] >= 0) & (data.phase[first] == data.phase[second])
    same_year = np.isfinite(data.start_year[first]) & (data.start_year[first] == data.start_year[second])
    bonus = (
        SAME_PHASE_BONUS * same_phase
        + SAME_START_YEAR_BONUS * same_year
        + np.minimum(PARTNER_BONUS * partners, PARTNER_BONUS_MAX)
    )
    score = np.where(similar, similarity * (1 + bonus) / (1 + MAX_BONUS), 0.0)
    return ScoredPairs(
        first=first,
        second=second,
        similarity=similarity,
        shared_partners=partners,
        same_phase=same_phase,
        same_start_year=same_year,
        score=score,
        compared=int(first.size),
    )


def flagged_pairs(data: OverlapInput, members: Positions, signatures: Positions) -> ScoredPairs:
    """The flagged pairs of one block (a labour-market region), highest score first."""
    first, second = candidate_pairs(data, [members], signatures)
    scored = pairs_score(data, first, second)
    flagged = scored.take(scored.score >= FLAG_SCORE)
    return flagged.take(np.lexsort([flagged.second, flagged.first, -flagged.score]))


def clusters(first: Positions, second: Positions) -> tuple[Positions, Positions]:
    """Connected components of the pairs: (nodes, component number of each node), by union-find."""
    nodes = np.unique(np.concatenate([first, second]))
    parent = np.arange(nodes.size)
    a, b = np.searchsorted(nodes, first), np.searchsorted(nodes, second)

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = int(parent[node])
        return node

    for left, right in zip(a.tolist(), b.tolist(), strict=True):
        left_root, right_root = root(left), root(right)
        if left_root != right_root:
            parent[max(left_root, right_root)] = min(left_root, right_root)
    components = np.array([root(node) for node in range(nodes.size)], dtype=np.int64)
    return nodes, np.unique(components, return_inverse=True)[1].reshape(-1)
