"""Writes through the domain services keep the search index current, without a rebuild."""

import pytest

from netwerkkaart.initiatives.services import initiative_create, initiative_publish, initiative_update
from netwerkkaart.organisations.choices import OrganisationKind
from netwerkkaart.organisations.services import organisation_create
from netwerkkaart.search.selectors import search

pytestmark = pytest.mark.django_db


def _titles(query: str) -> list[str]:
    return [hit.title for hit in search(query=query).hits]


def test_an_initiative_is_findable_once_published_and_follows_a_rename() -> None:
    initiative = initiative_create(name="Leerwerkplaats Dataveiligheid Zwolle", place="Zwolle")
    assert _titles("dataveiligheid") == []  # a draft is not public

    initiative_publish(initiative=initiative)
    assert _titles("dataveiligheid") == ["Leerwerkplaats Dataveiligheid Zwolle"]

    initiative_update(initiative=initiative, name="Leerwerkplaats Cloudbeheer Zwolle")
    assert _titles("dataveiligheid") == []
    assert _titles("cloudbeheer") == ["Leerwerkplaats Cloudbeheer Zwolle"]


def test_a_new_organisation_is_findable_at_once() -> None:
    organisation_create(name="Stichting Digitaal Vakmanschap", kind=OrganisationKind.OTHER, city="Assen")

    assert _titles("vakmanschap") == ["Stichting Digitaal Vakmanschap"]
