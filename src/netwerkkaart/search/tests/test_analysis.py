"""Folding, words, stems, lookup keys and weights: the plain-Python half of search."""

import itertools

import pytest

from netwerkkaart.search.analysis import (
    FIELD_WEIGHTS,
    MATCH_WEIGHTS,
    MAX_QUERY_LENGTH,
    MAX_QUERY_TERMS,
    MAX_TOKEN_LENGTH,
    deletions,
    document_tokens,
    fold,
    prefix_upper_bound,
    query_terms,
    sort_name,
    stems,
    token_keys,
    within_one_edit,
    words,
)
from netwerkkaart.search.choices import MatchKind, SearchField, TokenKeyKind


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Fryslân", "fryslan"),
        ("Beëindigd", "beeindigd"),
        ("Café Noord", "cafe noord"),
        ("Straße", "strasse"),
        ("Ærø København", "aero kobenhavn"),
        ("ﬁeldlab", "fieldlab"),
    ],
)
def test_fold_removes_case_and_diacritics(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_words_split_on_everything_but_letters_and_digits() -> None:
    assert words("AI-lab 🚀 Rotterdam-Zuid, mbo4/hbo!") == ["ai", "lab", "rotterdam", "zuid", "mbo4", "hbo"]


def test_words_drop_stop_words_single_characters_and_overlong_tokens() -> None:
    overlong = "x" * (MAX_TOKEN_LENGTH + 1)
    assert words(f"Vrouwen in de ICT van het mkb B.V. {overlong} IT") == ["vrouwen", "ict", "mkb", "it"]


def test_query_terms_are_distinct_and_capped() -> None:
    assert query_terms("Data data DATA ai") == ("data", "ai")
    many = " ".join(f"woord{number}" for number in range(20))
    assert query_terms(many) == tuple(f"woord{number}" for number in range(MAX_QUERY_TERMS))
    assert query_terms("") == ()
    assert query_terms("de het een") == ()
    assert query_terms("%_%") == ()


def test_an_overlong_query_is_cut_before_a_partial_word() -> None:
    query = "cyber " * 100

    assert len(query) > MAX_QUERY_LENGTH
    assert query_terms(query) == ("cyber",)
    assert query_terms("data " + "a" * 500) == ("data",)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("opleidingen", "opleiding"),
        ("trainingen", "training"),
        ("bedrijven", "bedrijf"),
        ("docenten", "docent"),
    ],
)
def test_dutch_word_forms_share_a_stem(first: str, second: str) -> None:
    assert stems(first)[0] == stems(second)[0]


def test_english_word_forms_share_a_stem() -> None:
    assert stems("academies")[1] == stems("academy")[1]
    assert stems("trainings")[1] == stems("training")[1]


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("cybersecurity", "cybersecurity", True),
        ("cybersecurty", "cybersecurity", True),  # deletion
        ("cybersecurity", "cybersecurty", True),  # insertion
        ("cybersecuritu", "cybersecurity", True),  # substitution
        ("cybersecuirty", "cybersecurity", True),  # transposition
        ("cybrsecurty", "cybersecurity", False),  # two deletions
        ("xabcde", "abcdex", False),  # shares a deletion, but two edits
        ("abcdef", "badcef", False),  # two transpositions
        ("abcdef", "abcfed", False),  # swap of non-adjacent letters
        ("data", "datum", False),
    ],
)
def test_within_one_edit(first: str, second: str, expected: bool) -> None:
    assert within_one_edit(first, second) is expected


def test_token_keys_of_a_long_token() -> None:
    keys = token_keys("cybersecurity")

    deletion_keys = {key for kind, key in keys if kind == TokenKeyKind.DELETION}
    suffix_keys = [key for kind, key in keys if kind == TokenKeyKind.SUFFIX]
    assert deletion_keys == deletions("cybersecurity") | {"cybersecurity"}
    assert "cybersecurty" in deletion_keys
    assert suffix_keys[0] == "ybersecurity"
    assert "security" in suffix_keys
    assert suffix_keys[-1] == "rity"


def test_short_tokens_have_few_keys() -> None:
    # Four letters: only itself, for query words of five letters with one letter too many.
    assert token_keys("data") == [(TokenKeyKind.DELETION, "data")]
    assert token_keys("lab") == []


@pytest.mark.parametrize(
    ("prefix", "bound"),
    [("rotterd", "rottere"), ("ab9", "aba"), ("az", "b"), ("a0z", "a1"), ("zz", None)],
)
def test_prefix_upper_bound(prefix: str, bound: str | None) -> None:
    assert prefix_upper_bound(prefix) == bound


def test_document_tokens_keep_the_heaviest_field() -> None:
    tokens = document_tokens(
        [
            (SearchField.DESCRIPTION, "Data en AI in Rotterdam"),
            (SearchField.NAME, "Data Academy"),
            (SearchField.PLACE, "Rotterdam"),
        ]
    )

    assert tokens == {
        "data": SearchField.NAME,
        "ai": SearchField.DESCRIPTION,
        "rotterdam": SearchField.DESCRIPTION,
        "academy": SearchField.NAME,
    }


def test_a_heavier_field_always_outweighs_a_better_match() -> None:
    weakest_match, strongest_match = min(MATCH_WEIGHTS.values()), max(MATCH_WEIGHTS.values())
    tiers = [
        [FIELD_WEIGHTS[SearchField.NAME]],
        [FIELD_WEIGHTS[SearchField.SUMMARY], FIELD_WEIGHTS[SearchField.TERMS]],
        [FIELD_WEIGHTS[SearchField.PLACE], FIELD_WEIGHTS[SearchField.DESCRIPTION]],
    ]
    for heavier, lighter in itertools.pairwise(tiers):
        assert min(heavier) * weakest_match > max(lighter) * strongest_match


def test_match_kinds_are_ordered_exact_stem_prefix_part_typo() -> None:
    order = [MatchKind.EXACT, MatchKind.STEM, MatchKind.PREFIX, MatchKind.PART, MatchKind.TYPO]
    assert [MATCH_WEIGHTS[kind] for kind in order] == sorted(MATCH_WEIGHTS.values(), reverse=True)
    assert list(MatchKind) == order


def test_sort_name_is_folded_with_single_spaces() -> None:
    assert sort_name("  Data   Academy\tFryslân ") == "data academy fryslan"
