"""The bulk write of the initiatives import gives what the services give per record: the same rows
(ids and timestamps aside), the same search index, the same exports."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from netwerkkaart.imports import services, writing
from netwerkkaart.imports.services import initiatives_import
from netwerkkaart.initiatives.models import Initiative, Partnership
from netwerkkaart.initiatives.services import initiative_create
from netwerkkaart.organisations.models import Organisation
from netwerkkaart.search.models import SearchDocument, SearchPosting, SearchToken

from .builders import csv_bytes

pytestmark = pytest.mark.django_db

HEADER = ["naam", "slug", "gemeente", "thema's", "doelen", "status", "partners", "bedrijven", "samenvatting"]
ROWS = [
    # Updates an existing initiative (matched by slug): a new municipality, so the default region
    # follows; published from draft; an existing and a new partner.
    [
        "Make IT Work!",
        "make-it-work",
        "GM0599",
        "cybersecurity",
        "",
        "gepubliceerd",
        "Hogeschool van Amsterdam (penvoerder); Nieuwe Kennis B.V. (kennispartner)",
        "",
        "Nieuw",
    ],
    # A new initiative without a slug (one is made), default regions from its municipality.
    [
        "Data Lab Zuid",
        "",
        "Amsterdam",
        "data-and-ai; cybersecurity",
        "initial-education",
        "",
        "ROC van Amsterdam",
        "Havenbedrijf Rotterdam [KvK 24354561]; Nieuwe Kennis B.V.",
        "Één lab",
    ],
    # A new draft with a slug, a new company named on two rows (created once).
    ["Concept", "concept-x", "", "", "", "concept", "", "Bouw & Code B.V. (mkb)", ""],
    ["Tweede Concept", "", "GM0363", "", "", "concept", "", "Bouw & Code B.V.", "'=geen formule"],
]


def _state(client: Client) -> dict[str, Any]:
    """Everything the import may write, by natural keys (ids and timestamps differ between runs)."""
    initiatives = {
        initiative.slug: (
            initiative.name,
            initiative.status,
            initiative.summary,
            initiative.municipality_id,
            initiative.latitude,
            initiative.published_at is not None,
            sorted(r.code for r in initiative.regions_served.all()),
            sorted(t.slug for t in initiative.themes.all()),
            sorted(g.slug for g in initiative.goals.all()),
        )
        for initiative in Initiative.objects.prefetch_related("regions_served", "themes", "goals")
    }
    organisations = sorted(
        Organisation.objects.values_list("slug", "name", "kind", "size_class", "kvk_number", "fictitious")
    )
    partnerships = sorted(
        Partnership.objects.values_list("initiative__slug", "organisation__slug", "role", "since", "until")
    )
    documents = sorted(SearchDocument.objects.values_list("kind", "title", "sort_name", "is_public"))
    postings = sorted(SearchPosting.objects.values_list("document__title", "token__text", "field", "weight"))
    tokens = sorted(SearchToken.objects.values_list("text", "document_count"))
    downloads = {
        name: b"".join(client.get(f"/downloads/{name}.csv").streaming_content)  # type: ignore[attr-defined]
        for name in ("initiatieven", "organisaties", "samenwerkingen")
    }
    return {
        "initiatives": initiatives,
        "organisations": organisations,
        "partnerships": partnerships,
        "documents": documents,
        "postings": postings,
        "tokens": tokens,
        "downloads": downloads,
    }


def _imported(monkeypatch: pytest.MonkeyPatch, writer: Callable[..., None], client: Client) -> dict[str, Any]:
    monkeypatch.setattr(services, "plan_write", writer)
    report = initiatives_import(data=csv_bytes([HEADER, *ROWS]), file_name="kaart.csv")
    assert not report.problems, [str(problem) for problem in report.problems]
    return _state(client)


def test_the_bulk_write_gives_what_the_services_give(existing, monkeypatch, client: Client) -> None:
    initiative_create(name="Make IT Work", slug="make-it-work-2")  # a draft by that name elsewhere
    Initiative.objects.filter(slug="make-it-work").update(status="draft", published_at=None)
    with transaction.atomic():
        per_row = _imported(monkeypatch, writing.plan_write_per_row, client)
        transaction.set_rollback(True)
    bulk = _imported(monkeypatch, writing.plan_write, client)

    assert bulk["initiatives"]["make-it-work"][3] is not None  # the municipality was set
    assert len(bulk["initiatives"]) == 5 and len(bulk["partnerships"]) == 7
    for key in per_row:
        assert bulk[key] == per_row[key], key
