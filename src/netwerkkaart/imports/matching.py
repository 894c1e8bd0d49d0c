"""Finding the existing organisation a partner in the sheet means, or the ones it might mean.

In this order: the KvK number, the school code (BRIN), the name (``organisation_match_key``: the
organisations app's name key without connecting words, so "ROC van Amsterdam" and "ROC Amsterdam"
are one). A name match is refused when both sides carry a different official identifier. Without
a match, organisations whose name is close (``NEAR_MATCH_RATIO``, or one name holding every word of
the other) are *near matches*: listed for a person to decide, never merged silently (ADR 12).
"""

from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher

from netwerkkaart.organisations.models import Organisation
from netwerkkaart.organisations.services import organisation_name_key

from .partners import PartnerEntry

# Words that do not tell two organisation names apart ("Hogeschool van Amsterdam").
CONNECTING_WORDS = frozenset({"van", "de", "het", "der", "den", "des", "voor", "en", "of", "the", "and"})
NEAR_MATCH_RATIO = 0.85
NEAR_MATCH_LIMIT = 5


def organisation_match_key(name: str) -> str:
    words = organisation_name_key(name).split()
    kept = [word for word in words if word not in CONNECTING_WORDS]
    return " ".join(kept or words)


@dataclass(frozen=True)
class KnownOrganisation:
    pk: int
    name: str
    slug: str
    kind: str
    kvk_number: str
    school_code: str
    key: str


@dataclass(frozen=True)
class Match:
    organisation: KnownOrganisation | None
    how: str  # "kvk", "school_code", "name", "ambiguous" (several by name), or "" when there is no match
    near: tuple[tuple[KnownOrganisation, int], ...] = ()  # (candidate, score in percent)


def _compatible(entry: PartnerEntry, known: KnownOrganisation) -> bool:
    if entry.kvk_number and known.kvk_number and entry.kvk_number != known.kvk_number:
        return False
    return not (entry.school_code and known.school_code and entry.school_code != known.school_code)


def _distinct_ratio(first: str, second: str) -> float:
    """The similarity of what tells two names apart: the words they share are left out, so that
    "Hogeschool Rotterdam" and "Hogeschool Amsterdam" compare "rotterdam" with "amsterdam"."""
    first_words, second_words = first.split(), second.split()
    shared = set(first_words) & set(second_words)
    first_rest = " ".join(w for w in first_words if w not in shared)
    second_rest = " ".join(w for w in second_words if w not in shared)
    if not first_rest or not second_rest:
        return 1.0 if first_rest == second_rest else 0.0
    matcher = SequenceMatcher(None, first_rest, second_rest, autojunk=False)
    if matcher.real_quick_ratio() < NEAR_MATCH_RATIO or matcher.quick_ratio() < NEAR_MATCH_RATIO:
        return 0.0
    return matcher.ratio()


def _blocks(key: str) -> set[str]:
    """Names are only compared when they share a word or the first three letters of one."""
    words = key.split()
    return {f"w:{word}" for word in words} | {f"p:{word[:3]}" for word in words if len(word) >= 3}


class OrganisationIndex:
    """Every organisation, loaded once per import (a few columns each), indexed for matching."""

    def __init__(self) -> None:
        self.by_pk: dict[int, KnownOrganisation] = {}
        self.by_kvk: dict[str, KnownOrganisation] = {}
        self.by_school_code: dict[str, KnownOrganisation] = {}
        self.by_key: dict[str, list[KnownOrganisation]] = defaultdict(list)
        self.by_word: dict[str, list[KnownOrganisation]] = defaultdict(list)
        rows = Organisation.objects.order_by("pk").values_list(
            "pk", "name", "slug", "kind", "kvk_number", "school_code"
        )
        for pk, name, slug, kind, kvk_number, school_code in rows.iterator(chunk_size=5000):
            known = KnownOrganisation(
                pk, name, slug, kind, kvk_number, school_code, organisation_match_key(name)
            )
            self.by_pk[pk] = known
            if kvk_number:
                self.by_kvk[kvk_number] = known
            if school_code:
                self.by_school_code[school_code] = known
            self.by_key[known.key].append(known)
            for block in _blocks(known.key):
                self.by_word[block].append(known)

    def match(self, entry: PartnerEntry) -> Match:
        if entry.kvk_number and entry.kvk_number in self.by_kvk:
            return Match(self.by_kvk[entry.kvk_number], "kvk")
        if entry.school_code and entry.school_code in self.by_school_code:
            return Match(self.by_school_code[entry.school_code], "school_code")
        key = organisation_match_key(entry.name)
        same_name = [known for known in self.by_key.get(key, []) if _compatible(entry, known)]
        exact = [known for known in same_name if known.name == entry.name]
        if len(exact) == 1 or len(same_name) == 1:
            return Match((exact or same_name)[0], "name")
        if same_name:
            # Several organisations carry this name (and no identifier tells them apart): never a
            # guess. The candidates are given for the message.
            return Match(None, "ambiguous", tuple((known, 100) for known in (exact or same_name)))
        return Match(None, "", tuple(self._near(entry, key)))

    def _near(self, entry: PartnerEntry, key: str) -> list[tuple[KnownOrganisation, int]]:
        words = set(key.split())
        candidates: dict[int, KnownOrganisation] = {}
        for block in _blocks(key):
            for known in self.by_word.get(block, ()):
                candidates[known.pk] = known
        scored: list[tuple[KnownOrganisation, int]] = []
        for known in candidates.values():
            if not _compatible(entry, known):
                continue
            known_words = set(known.key.split())
            shorter, longer = sorted((words, known_words), key=len)
            contained = len(shorter) >= 2 and shorter <= longer
            ratio = _distinct_ratio(key, known.key) if not contained else 0.0
            if ratio >= NEAR_MATCH_RATIO or contained:
                scored.append((known, round(max(ratio, 0.85 if contained else 0.0) * 100)))
        scored.sort(key=lambda item: (-item[1], item[0].name, item[0].pk))
        return scored[:NEAR_MATCH_LIMIT]
