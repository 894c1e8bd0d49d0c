"""The search requirements one by one, on the corpus of conftest.py."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from netwerkkaart.initiatives.models import Initiative
from netwerkkaart.search import selectors
from netwerkkaart.search.analysis import MAX_QUERY_TERMS
from netwerkkaart.search.choices import MatchKind, SearchField, SearchKind
from netwerkkaart.search.models import SearchToken
from netwerkkaart.search.selectors import (
    SearchResults,
    initiative_queryset_search,
    initiative_scores_search,
    search,
    term_expand,
)
from netwerkkaart.search.services import search_index_rebuild

from .conftest import Corpus
from .factories import InitiativeFactory


def _titles(results: SearchResults) -> list[str]:
    return [hit.title for hit in results.hits]


def test_a_plural_finds_the_singular(corpus: Corpus) -> None:
    results = search(query="opleidingen")

    assert corpus.data_academy.name in _titles(results)
    match = next(hit for hit in results.hits if hit.object_id == corpus.data_academy.pk).matches[0]
    assert (match.token, match.match, match.field) == ("opleiding", MatchKind.STEM, SearchField.SUMMARY)


def test_trainingen_finds_training(corpus: Corpus) -> None:
    assert _titles(search(query="trainingen"))[0] == corpus.security_campus.name


@pytest.mark.parametrize("query", ["Fryslan", "fryslân", "FRYSLAN", "beeindigd", "Beëindigd"])
def test_diacritics_and_case_do_not_matter(corpus: Corpus, query: str) -> None:
    assert _titles(search(query=query)) == [corpus.data_academy.name]


@pytest.mark.parametrize("query", ["cybersecurty", "cybersecurrity", "cybersecuirty", "cybersekurity"])
def test_one_typo_in_a_long_word_is_forgiven(corpus: Corpus, query: str) -> None:
    results = search(query=query)

    assert _titles(results)[0] == corpus.cyber_academy.name
    match = results.hits[0].matches[0]
    assert (match.token, match.match, match.field) == ("cybersecurity", MatchKind.TYPO, SearchField.NAME)
    with translation.override("en"):
        assert results.hits[0].reason == "name: cybersecurity (one typing error)"


@pytest.mark.parametrize("query", ["cybrsecurty", "cbyersecurtiy"])
def test_two_typos_are_not_forgiven(corpus: Corpus, query: str) -> None:
    assert search(query=query).hits == ()


def test_a_typo_in_a_short_word_is_not_forgiven(corpus: Corpus) -> None:
    # "daat" is one transposition from "data", but words under five letters must be right.
    assert search(query="daat").hits == ()
    assert _titles(search(query="acdemy")) == [corpus.cyber_academy.name, corpus.data_academy.name]


@pytest.mark.parametrize("query", ["cyber", "secur", "cybersec", "curity"])
def test_the_start_of_a_word_or_of_a_compound_part_finds_cybersecurity(corpus: Corpus, query: str) -> None:
    assert corpus.cyber_academy.name in _titles(search(query=query))


def test_the_start_of_a_place_finds_it(corpus: Corpus) -> None:
    titles = _titles(search(query="Rotterd"))

    assert {corpus.cyberlab.name, corpus.workplace.name, corpus.university.name} <= set(titles)
    assert corpus.data_academy.name not in titles


def test_short_prefixes_do_not_match(corpus: Corpus) -> None:
    # Two letters are too few to stand for a longer word: "cy" is not "cyber...".
    assert search(query="cy").hits == ()


def test_a_match_in_the_name_ranks_above_one_in_the_description(corpus: Corpus) -> None:
    hits = search(query="cyberlab").hits

    assert [(hit.title, hit.matches[0].field) for hit in hits] == [
        (corpus.cyberlab.name, SearchField.NAME),
        (corpus.workplace.name, SearchField.DESCRIPTION),
    ]


def test_an_exact_word_ranks_above_a_word_form_above_a_prefix(db: None) -> None:
    exact = InitiativeFactory.create(name="Training Noord")
    stem = InitiativeFactory.create(name="Trainingen Noord")
    prefix = InitiativeFactory.create(name="Trainingsweek Noord")
    search_index_rebuild()

    hits = search(query="training").hits

    assert [hit.object_id for hit in hits] == [exact.pk, stem.pk, prefix.pk]
    assert [hit.matches[0].match for hit in hits] == [MatchKind.EXACT, MatchKind.STEM, MatchKind.PREFIX]


def test_every_word_of_the_query_must_match(corpus: Corpus) -> None:
    assert _titles(search(query="cyberlab leeuwarden")) == []
    assert _titles(search(query="academy fryslan")) == [corpus.data_academy.name]


def test_an_unrelated_query_finds_nothing(corpus: Corpus) -> None:
    results = search(query="zwembad kinderopvang")

    assert results.hits == ()
    assert results.total == 0


@pytest.mark.parametrize("query", ["", "   ", "de het een", "?!", "a b c"])
def test_a_query_without_words_finds_nothing_without_touching_the_database(
    corpus: Corpus, query: str
) -> None:
    with CaptureQueriesContext(connection) as queries:
        results = search(query=query)

    assert results.hits == ()
    assert results.total == 0
    assert len(queries) == 0


@pytest.mark.parametrize(
    ("query", "total"),
    [
        ("%", 0),
        ("_", 0),
        ("%%__%%", 0),
        ("' OR '1'='1' --", 0),
        ('"; DROP TABLE search_searchtoken; --', 0),
        ("\\", 0),
        ("\x00", 0),
        ("🔒🚀", 0),
        ("Ωμέγα Кириллица 漢字", 0),
        ("x" * 10_000, 0),
        (" ".join(["cyber"] * 5_000), 5),
    ],
)
def test_odd_queries_are_safe(corpus: Corpus, query: str, total: int) -> None:
    # A wildcard that reached an unescaped LIKE would match everything.
    assert search(query=query).total == total
    assert search(query="cybersecurity").total == 2  # the index is untouched


def test_punctuation_and_emoji_around_words_are_ignored(corpus: Corpus) -> None:
    assert _titles(search(query="🔒 cybersecurity!")) == _titles(search(query="cybersecurity"))
    assert _titles(search(query="%cyber%")) == _titles(search(query="cyber"))


def test_drafts_are_not_publicly_findable(corpus: Corpus) -> None:
    assert search(query="geheim").hits == ()
    assert list(initiative_queryset_search(queryset=Initiative.objects.published(), query="geheim")) == []
    assert list(initiative_queryset_search(queryset=Initiative.objects.all(), query="geheim")) == [
        corpus.draft
    ]


def test_kinds_restrict_the_hits(corpus: Corpus) -> None:
    organisations = search(query="Rotterdam", kinds=(SearchKind.ORGANISATION,))
    initiatives = search(query="Rotterdam", kinds=("initiative",))

    assert [(hit.kind, hit.object_id) for hit in organisations.hits] == [
        (SearchKind.ORGANISATION, corpus.university.pk)
    ]
    assert {hit.kind for hit in initiatives.hits} == {SearchKind.INITIATIVE}
    assert initiatives.total == 3


def test_pages_of_results(corpus: Corpus) -> None:
    everything = _titles(search(query="cyber"))
    pages = [search(query="cyber", limit=2, offset=offset) for offset in (0, 2, 4, 6)]

    assert [page.total for page in pages] == [5, 5, 5, 5]
    assert [title for page in pages for title in _titles(page)] == everything
    assert pages[3].hits == ()


@pytest.mark.parametrize(
    "arguments",
    [{"kinds": ()}, {"kinds": ("region",)}, {"limit": 0}, {"limit": 101}, {"offset": -1}],
)
def test_invalid_arguments_are_refused(corpus: Corpus, arguments: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        search(query="cyber", **arguments)  # type: ignore[arg-type]


def test_a_hit_says_why_it_matched(corpus: Corpus) -> None:
    hit = search(query="cyber rotterdam").hits[0]

    assert hit.object_id == corpus.cyberlab.pk
    assert [(m.term, m.token, m.field, m.match, m.score) for m in hit.matches] == [
        ("cyber", "cyberlab", SearchField.NAME, MatchKind.PREFIX, 80),
        ("rotterdam", "rotterdam", SearchField.NAME, MatchKind.EXACT, 100),
    ]
    assert hit.score == sum(match.score for match in hit.matches)


def test_initiative_queryset_search_combines_with_filters(corpus: Corpus) -> None:
    ranked = initiative_queryset_search(queryset=Initiative.objects.published(), query="cyber")

    in_rotterdam = ranked.filter(place="Rotterdam")

    assert list(in_rotterdam) == [corpus.cyberlab, corpus.cyber_academy, corpus.workplace]
    assert in_rotterdam.count() == 3
    assert list(initiative_queryset_search(queryset=Initiative.objects.all(), query="")) == []


@pytest.mark.parametrize("query", ["cyber", "cyber rotterdam", "opleidingen", "cybersecurty", "", "de het"])
def test_initiative_scores_search_gives_every_public_match_with_its_score(corpus: Corpus, query: str) -> None:
    ranked = initiative_queryset_search(queryset=Initiative.objects.published(), query=query)

    assert sorted(initiative_scores_search(query=query)) == sorted(
        (initiative.pk, initiative.search_score)  # type: ignore[attr-defined]  # an annotation
        for initiative in ranked
    )


def test_a_prefix_expands_to_the_most_frequent_words_only(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, copies in (("Netwerkdag", 3), ("Netwerkcafe", 2), ("Netwerkborrel", 1)):
        for _ in range(copies):
            InitiativeFactory.create(name=name)
    search_index_rebuild()
    monkeypatch.setattr(selectors, "MAX_CANDIDATES", 2)

    expansion = term_expand("netw")

    prefixed = [token for token, match in expansion.tokens.items() if match == MatchKind.PREFIX]
    texts = set(SearchToken.objects.filter(pk__in=prefixed).values_list("text", flat=True))
    assert texts == {"netwerkdag", "netwerkcafe"}


def test_the_number_of_queries_is_bounded_by_the_query_not_the_index(corpus: Corpus) -> None:
    query = "cyber rotterdam opleidingen cybersecurty academy data extra woorden"

    with CaptureQueriesContext(connection) as queries:
        search(query=query)

    # Two vocabulary lookups per word, then the page, the count and the reasons.
    assert len(queries) <= 2 * MAX_QUERY_TERMS + 3


def test_the_queries_of_one_page(corpus: Corpus, django_assert_num_queries: Any) -> None:
    # Two vocabulary lookups for "cyber", the page, the total (the page is full), the reasons.
    with django_assert_num_queries(5):
        results = search(query="cyber", limit=2)

    assert (len(results.hits), results.total) == (2, 5)
