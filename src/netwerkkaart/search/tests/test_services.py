"""Index maintenance: rebuild, update one record, remove."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import translation

from netwerkkaart.initiatives.choices import PublicationStatus
from netwerkkaart.initiatives.models import Initiative
from netwerkkaart.search.choices import SearchKind
from netwerkkaart.search.models import SearchDocument, SearchPosting, SearchToken, SearchTokenKey
from netwerkkaart.search.selectors import search
from netwerkkaart.search.services import (
    SearchIndexStats,
    search_index_rebuild,
    search_index_remove,
    search_index_update_initiative,
    search_index_update_organisation,
    search_index_vacuum,
)

from .conftest import Corpus
from .factories import InitiativeFactory, OrganisationFactory, ThemeFactory


def _titles(query: str) -> list[str]:
    return [hit.title for hit in search(query=query).hits]


def _index_snapshot() -> tuple[set[Any], ...]:
    """The whole index by content, independent of row ids."""
    documents = set(
        SearchDocument.objects.values_list(
            "kind", "initiative_id", "organisation_id", "title", "sort_name", "is_public"
        )
    )
    postings = set(
        SearchPosting.objects.values_list(
            "document__kind",
            "document__initiative_id",
            "document__organisation_id",
            "token__text",
            "field",
            "weight",
        )
    )
    tokens = set(SearchToken.objects.values_list("text", "stem_nl", "stem_en", "document_count"))
    keys = set(SearchTokenKey.objects.values_list("token__text", "kind", "key"))
    return documents, postings, tokens, keys


def test_rebuild_indexes_every_record(db: None) -> None:
    initiative = InitiativeFactory.create(name="Data Lab", place="Delft")
    InitiativeFactory.create(name="Data Lab Concept", status=PublicationStatus.DRAFT)
    OrganisationFactory.create(name="Gemeente Delft", city="Delft")

    stats = search_index_rebuild(batch_size=1)

    # Words: data, lab, delft, concept, gemeente. Keys for words of five letters or more: the word,
    # its distinct one-letter deletions, its proper suffixes of four letters or more: delft 1 + 5 + 1,
    # concept 1 + 7 + 3, gemeente 1 + 7 (the "ee" gives one) + 4. A four-letter word: itself (data).
    assert stats == SearchIndexStats(documents=3, tokens=5, token_keys=7 + 11 + 12 + 1, postings=3 + 3 + 2)
    document = SearchDocument.objects.get(initiative=initiative)
    assert (document.kind, document.title, document.is_public) == (SearchKind.INITIATIVE, "Data Lab", True)
    assert SearchDocument.objects.get(initiative__name="Data Lab Concept").is_public is False
    assert SearchToken.objects.get(text="data").document_count == 2
    assert SearchToken.objects.get(text="delft").document_count == 2


def test_rebuild_is_idempotent(corpus: Corpus) -> None:
    first = _index_snapshot()
    first_stats = search_index_rebuild()
    second = _index_snapshot()
    second_stats = search_index_rebuild(batch_size=2)

    assert first == second == _index_snapshot()
    assert first_stats == second_stats
    assert first_stats.documents == 9


def test_rebuild_reports_progress(corpus: Corpus) -> None:
    calls: list[tuple[str, int, int]] = []

    search_index_rebuild(batch_size=4, progress=lambda kind, done, total: calls.append((kind, done, total)))

    assert calls == [
        ("initiative", 4, 6),
        ("initiative", 6, 6),
        ("organisation", 3, 3),
    ]


def test_rebuild_refuses_a_batch_size_below_one(db: None) -> None:
    with pytest.raises(ValueError):
        search_index_rebuild(batch_size=0)


def test_update_after_a_rename(corpus: Corpus) -> None:
    corpus.cyberlab.name = "Hackerspace Rotterdam"
    corpus.cyberlab.save()

    search_index_update_initiative(initiative=corpus.cyberlab)

    assert _titles("hackerspace") == ["Hackerspace Rotterdam"]
    assert _titles("cyberlab") == [corpus.workplace.name]  # still in its description
    assert SearchToken.objects.get(text="cyberlab").document_count == 1
    assert SearchToken.objects.get(text="hackerspace").document_count == 1
    assert SearchTokenKey.objects.filter(token__text="hackerspace", key="security").count() == 0
    assert SearchTokenKey.objects.filter(token__text="hackerspace", key="space").exists()


def test_update_drops_words_that_no_record_uses_any_more(corpus: Corpus) -> None:
    corpus.draft.name = "Cybersecurity Openbaar"
    corpus.draft.save()

    search_index_update_initiative(initiative=corpus.draft)

    assert not SearchToken.objects.filter(text="geheim").exists()
    assert not SearchTokenKey.objects.filter(key="eheim").exists()
    assert SearchToken.objects.get(text="cybersecurity").document_count == 3


def test_update_follows_the_publication_status(corpus: Corpus) -> None:
    corpus.draft.status = PublicationStatus.PUBLISHED
    corpus.draft.save()
    search_index_update_initiative(initiative=corpus.draft)
    assert _titles("geheim") == ["Cybersecurity Geheim"]

    corpus.cyberlab.status = PublicationStatus.ARCHIVED
    corpus.cyberlab.save()
    search_index_update_initiative(initiative=corpus.cyberlab)
    assert _titles("cyberlab") == [corpus.workplace.name]


def test_update_follows_the_themes(corpus: Corpus) -> None:
    assert _titles("lifelong") == [corpus.cyber_academy.name]
    corpus.cyber_academy.themes.set([ThemeFactory.create(name_nl="Vrouwen in ICT", name_en="Women in ICT")])

    search_index_update_initiative(initiative=corpus.cyber_academy)

    assert _titles("lifelong") == []
    assert _titles("vrouwen") == [corpus.cyber_academy.name]


def test_update_indexes_a_new_record(corpus: Corpus) -> None:
    initiative = InitiativeFactory.create(name="Smart Industry Fieldlab Twente")
    organisation = OrganisationFactory.create(name="Saxion", city="Enschede")
    assert _titles("fieldlab") == []

    search_index_update_initiative(initiative=initiative)
    search_index_update_organisation(organisation=organisation)

    assert _titles("fieldlab") == [initiative.name]
    assert _titles("enschede") == ["Saxion"]


def test_update_of_an_organisation(corpus: Corpus) -> None:
    corpus.cyber_company.city = "Amersfoort"
    corpus.cyber_company.save()

    search_index_update_organisation(organisation=corpus.cyber_company)

    assert _titles("amersfoort") == [corpus.cyber_company.name]
    assert _titles("utrecht") == []
    assert not SearchToken.objects.filter(text="utrecht").exists()


def test_update_twice_changes_nothing(corpus: Corpus) -> None:
    before = _index_snapshot()

    search_index_update_initiative(initiative=corpus.cyber_academy)
    search_index_update_organisation(organisation=corpus.university)

    assert _index_snapshot() == before


def test_remove(corpus: Corpus) -> None:
    assert search_index_remove(kind=SearchKind.INITIATIVE, object_id=corpus.cyberlab.pk) is True

    assert _titles("cyberlab") == [corpus.workplace.name]
    assert not SearchDocument.objects.filter(initiative=corpus.cyberlab).exists()
    assert SearchToken.objects.get(text="rotterdam").document_count == 3
    assert search_index_remove(kind=SearchKind.INITIATIVE, object_id=corpus.cyberlab.pk) is False


def test_remove_an_organisation_drops_its_own_words(corpus: Corpus) -> None:
    search_index_remove(kind="organisation", object_id=corpus.municipality.pk)

    assert _titles("gemeente") == []
    assert not SearchToken.objects.filter(text="gemeente").exists()
    assert SearchToken.objects.get(text="leeuwarden").document_count == 1


def test_remove_refuses_an_unknown_kind(corpus: Corpus) -> None:
    with pytest.raises(ValueError):
        search_index_remove(kind="region", object_id=1)


def test_deleting_a_record_deletes_its_document(corpus: Corpus) -> None:
    document_id = SearchDocument.objects.get(initiative=corpus.cyberlab).pk

    Initiative.objects.filter(pk=corpus.cyberlab.pk).delete()

    assert not SearchDocument.objects.filter(pk=document_id).exists()
    assert not SearchPosting.objects.filter(document_id=document_id).exists()
    assert _titles("cyberlab") == [corpus.workplace.name]


def test_vacuum_is_left_out_inside_a_transaction(corpus: Corpus) -> None:
    # VACUUM cannot run in a transaction block (every test runs in one); on SQLite there is none.
    assert search_index_vacuum() is False


def test_rebuild_command(corpus: Corpus) -> None:
    SearchDocument.objects.all().delete()
    out = StringIO()

    with translation.override("en"):
        call_command("rebuild_search_index", "--batch-size", "5", stdout=out)

    output = out.getvalue()
    assert "initiative: 5 / 6" in output
    assert "organisation: 3 / 3" in output
    assert "9 documents" in output
    assert _titles("fryslan") == [corpus.data_academy.name]
