"""The ranked results of a fixed corpus, worked out by hand; the same on SQLite and PostgreSQL.

Scores are field weight x match weight, summed over the query words (see analysis.py):
fields name 10, summary and terms 3, place and description 1; matches exact 10, stem 9,
prefix 8, compound part 7, typo 6. Ties: folded name in code-point order, then kind, then id.
"""

import pytest

from netwerkkaart.initiatives.models import Initiative
from netwerkkaart.search import selectors
from netwerkkaart.search.selectors import initiative_queryset_search, search

from .conftest import Corpus

A = "Cybersecurity Academy Rijnmond"
B = "Cyberlab Rotterdam"
C = "Data Academy Fryslân"
D = "Security Campus Den Haag"
E = "Leerwerkplaats ICT Rotterdam-Zuid"
UNIVERSITY = "Hogeschool Rotterdam"
COMPANY = "Cyberveilig B.V."
MUNICIPALITY = "Gemeente Leeuwarden"

EXPECTED: dict[str, list[tuple[str, int]]] = {
    # exact in A's name (10x10), in D's summary (3x10); the draft with it in its name is not public
    "cybersecurity": [(A, 100), (D, 30)],
    # three names (100, tie on folded name: "cyberlab..." < "hogeschool..." < "leerwerkplaats..."),
    # then A with Rotterdam only in its description and place (1x10)
    "Rotterdam": [(B, 100), (UNIVERSITY, 100), (E, 100), (A, 10)],
    # exact in A's summary (3x10); "opleiding" shares the Dutch stem "opleid" (3x9)
    "opleidingen": [(A, 30), (C, 27)],
    "Fryslan": [(C, 100)],
    # one letter missing from "cybersecurity": typo, in A's name (10x6) and D's summary (3x6)
    "cybersecurty": [(A, 60), (D, 18)],
    # "security" has the English stem "secur" (D name 10x9, B summary 3x9); "cybersecurity" has a
    # compound part starting with "secur" (A name 10x7; D's summary 3x7 is below its name match)
    "secur": [(D, 90), (A, 70), (B, 27)],
    # prefix of cyberlab / cybersecurity / cyberveilig in three names (10x8, tie on folded name),
    # cybersecurity in D's summary (3x8), cyberlab in E's description (1x8)
    "cyber": [(B, 80), (A, 80), (COMPANY, 80), (D, 24), (E, 8)],
    # both words must match: B 80+100, E 8+100, A 80+10
    "cyber rotterdam": [(B, 180), (E, 108), (A, 90)],
    # "training" shares the Dutch stem "train" (D summary 3x9); exact in A's description (1x10)
    "trainingen": [(D, 27), (A, 10)],
    "beeindigd": [(C, 10)],
    "Rotterd": [(B, 80), (UNIVERSITY, 80), (E, 80), (A, 8)],
    "leeuwarden": [(MUNICIPALITY, 100), (C, 10)],
    # Dutch stem "ontwikkel" of the theme "Leven lang ontwikkelen" (terms 3x9)
    "ontwikkeling": [(A, 27)],
    # "data" exact in C's name (100), "ai" exact in its summary (30)
    "data ai": [(C, 130)],
    # name above description
    "cyberlab": [(B, 100), (E, 10)],
    "zwembad": [],
}


@pytest.mark.parametrize("query", EXPECTED)
def test_ranked_results_of_the_fixed_corpus(corpus: Corpus, query: str) -> None:
    results = search(query=query)

    assert [(hit.title, hit.score) for hit in results.hits] == EXPECTED[query]
    assert results.total == len(EXPECTED[query])


def test_all_queries_together_give_the_expected_lists(corpus: Corpus) -> None:
    # One assertion over every list, so a difference between the databases shows in one place.
    found = {query: [(hit.title, hit.score) for hit in search(query=query).hits] for query in EXPECTED}

    assert found == EXPECTED


@pytest.mark.parametrize("query", ["cybersecurity", "Rotterdam", "cyber", "cyber rotterdam", "secur"])
def test_initiative_queryset_search_ranks_like_search(corpus: Corpus, query: str) -> None:
    expected = [(title, score) for title, score in EXPECTED[query] if title not in (UNIVERSITY, COMPANY)]

    ranked = initiative_queryset_search(queryset=Initiative.objects.published(), query=query)

    assert [(initiative.name, initiative.search_score) for initiative in ranked] == expected  # type: ignore[attr-defined]


@pytest.mark.parametrize("factor", [0, 10**9])
@pytest.mark.parametrize("query", ["cyber rotterdam", "data ai", "academy fryslan", "cyber cybersecurity"])
def test_the_plan_does_not_change_the_results(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch, query: str, factor: int
) -> None:
    # Factor 0: always start from the documents of the rarest word; huge: never.
    expected = [(hit.title, hit.score) for hit in search(query=query).hits]
    monkeypatch.setattr(selectors, "RARE_WORD_FACTOR", factor)

    assert [(hit.title, hit.score) for hit in search(query=query).hits] == expected
    assert expected
