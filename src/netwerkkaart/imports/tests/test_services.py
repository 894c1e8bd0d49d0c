"""The import as a whole: matching, dry runs, idempotency, updates, near matches, languages."""

import csv
import io

import pytest
from django.utils import translation

from netwerkkaart.imports.matching import organisation_match_key
from netwerkkaart.imports.organisation_planning import NEW
from netwerkkaart.imports.services import ImportRefused, initiatives_import
from netwerkkaart.initiatives.choices import PublicationStatus
from netwerkkaart.initiatives.models import Initiative, Partnership
from netwerkkaart.organisations.models import Organisation

from .builders import csv_bytes

pytestmark = pytest.mark.django_db

HEADER = ["Naam initiatief", "Gemeente", "Soort", "Thema's", "Doelgroepen", "Penvoerder", "Partners"]
SHEET = [
    HEADER,
    [
        "IT Campus Rotterdam",
        "Rotterdam",
        "campus",
        "Cybersecurity; data-and-ai",
        "Mbo students; Hbo-studenten",
        "Hogeschool Rotterdam (BRIN 21UI)",
        "Albeda; Port of Rotterdam (bedrijf, KvK 24354561); Gemeente Rotterdam (financier)",
    ],
    [
        "Make IT Work",
        "Amsterdam",
        "omscholingsprogramma",
        "Vrouwen in ICT, diversiteit en inclusie",
        "Werkzoekenden en zij-instromers",
        "Hogeschool van Amsterdam",
        "ROC Amsterdam (onderwijspartner)",
    ],
]


def test_dry_run_reports_row_by_row_and_writes_nothing(existing, database_snapshot) -> None:
    before = database_snapshot()
    with translation.override("en"):
        report = initiatives_import(data=csv_bytes(SHEET), file_name="kaart.csv", dry_run=True)

    assert database_snapshot() == before
    assert not report.problems
    created, updated = report.rows
    assert (created.row, created.outcome) == (2, "created")
    assert created.organisations_created == ["Hogeschool Rotterdam", "Albeda", "Gemeente Rotterdam"]
    assert created.partners_added == [
        "Hogeschool Rotterdam (lead applicant)",
        "Albeda (education partner)",
        "Havenbedrijf Rotterdam N.V. (company)",
        "Gemeente Rotterdam (funder)",
    ]
    assert "'Port of Rotterdam' is the organisation 'Havenbedrijf Rotterdam N.V.' by its KvK number." in (
        created.notes
    )
    assert (updated.row, updated.outcome, updated.slug) == (3, "updated", "make-it-work")
    assert updated.changes == ["Soort", "Thema's", "Doelgroepen", "partners"]
    assert updated.partners_added == ["ROC van Amsterdam (education partner)"]
    with translation.override("en"):
        assert report.summary() == "1 to create, 1 to update, 0 unchanged, 0 refused"


def test_import_writes_through_the_services_and_a_second_import_changes_nothing(
    existing, database_snapshot
) -> None:
    data = csv_bytes(SHEET)
    first = initiatives_import(data=data, file_name="kaart.csv")
    assert first.written
    campus = Initiative.objects.get(slug="it-campus-rotterdam")
    assert campus.status == PublicationStatus.PUBLISHED
    assert campus.kind == "campus"
    assert (campus.latitude, campus.longitude) == (51.92, 4.48)  # the municipality's centre
    assert [r.code for r in campus.regions_served.all()] == ["AM22"]  # the services' default
    assert sorted(campus.themes.values_list("slug", flat=True)) == ["cybersecurity", "data-and-ai"]
    assert sorted(campus.target_groups.values_list("slug", flat=True)) == ["hbo-students", "mbo-students"]
    lead = Partnership.objects.get(initiative=campus, role="lead_applicant").organisation
    assert (lead.name, lead.school_code, lead.kind) == (
        "Hogeschool Rotterdam",
        "21UI",
        "university_of_applied_sciences",
    )
    assert Partnership.objects.get(initiative=campus, role="company").organisation == existing["port"]
    assert Organisation.objects.filter(name__icontains="ROC").count() == 1  # "ROC Amsterdam" matched

    after_first = database_snapshot()
    second = initiatives_import(data=data, file_name="kaart.csv")
    assert second.counts == {"created": 0, "updated": 0, "unchanged": 2, "refused": 0}
    assert database_snapshot() == after_first


def test_organisations_are_matched_by_kvk_then_school_code_then_name(existing) -> None:
    data = csv_bytes(
        [
            ["naam", "partners"],
            [
                "Proef",
                "Haven Rotterdam BV (bedrijf, KvK 24354561); Een andere naam (onderwijspartner, BRIN 25LH); "
                "Stichting Hogeschool Amsterdam (kennispartner)",
            ],
        ]
    )
    initiatives_import(data=data, file_name="match.csv")
    partners = {p.role: p.organisation for p in Partnership.objects.filter(initiative__slug="proef")}
    assert partners == {
        "company": existing["port"],
        "education_partner": existing["roc"],
        "knowledge_partner": existing["hva"],
    }


def test_a_name_match_is_refused_when_the_identifiers_differ(existing) -> None:
    data = csv_bytes([["naam", "partners"], ["Proef", "Havenbedrijf Rotterdam (bedrijf, KvK 11111111)"]])
    report = initiatives_import(data=data, file_name="kvk.csv")
    assert report.organisations_created == ["Havenbedrijf Rotterdam"]
    assert Organisation.objects.filter(kvk_number="11111111").exists()


def test_the_match_key_drops_legal_forms_and_connecting_words() -> None:
    assert organisation_match_key("ROC van Amsterdam") == organisation_match_key("ROC Amsterdam")
    assert organisation_match_key("Stichting De Haagse Hogeschool") == organisation_match_key(
        "Haagse Hogeschool"
    )
    assert organisation_match_key("Cyberworkplace B.V.") == "cyberworkplace"


NEAR = [["naam", "partners"], ["Proef", "ROC Amsterdm (onderwijspartner); Hogeschool van Amsterdam Noord"]]


def test_near_matches_are_listed_and_never_merged_silently(existing, database_snapshot) -> None:
    data = csv_bytes(NEAR)
    with translation.override("en"):
        report = initiatives_import(data=data, file_name="bijna.csv", dry_run=True)
    assert [(n.name, [c.name for c in n.candidates], n.rows) for n in report.near_matches] == [
        ("ROC Amsterdm", ["ROC van Amsterdam"], [2]),
        ("Hogeschool van Amsterdam Noord", ["Hogeschool van Amsterdam"], [2]),
    ]
    assert report.near_matches[0].candidates[0].score >= 85
    assert not report.problems

    before = database_snapshot()
    with translation.override("en"), pytest.raises(ImportRefused) as refused:
        initiatives_import(data=data, file_name="bijna.csv")
    assert database_snapshot() == before
    problem = refused.value.report.problems[0]
    assert (problem.row, problem.column) == (2, "partners")
    assert "'ROC Amsterdm' resembles the existing organisation(s) 'ROC van Amsterdam'" in problem.message
    assert "never merged silently" in problem.message


def test_near_matches_are_settled_by_decisions(existing) -> None:
    decisions = {
        organisation_match_key("ROC Amsterdm"): existing["roc"].pk,
        organisation_match_key("Hogeschool van Amsterdam Noord"): NEW,
    }
    report = initiatives_import(data=csv_bytes(NEAR), file_name="bijna.csv", decisions=decisions)
    assert report.organisations_created == ["Hogeschool van Amsterdam Noord"]
    partners = {p.organisation.name for p in Partnership.objects.filter(initiative__slug="proef")}
    assert partners == {"ROC van Amsterdam", "Hogeschool van Amsterdam Noord"}


def test_a_present_column_decides_and_an_absent_one_leaves_the_field(existing) -> None:
    initiative = existing["initiative"]
    initiative.themes.set([])
    data = csv_bytes(
        [
            ["slug", "naam", "startjaar", "werkgebied", "samenvatting"],
            ["make-it-work", "Make IT Work", "", "", "Kort."],
        ]
    )
    report = initiatives_import(data=data, file_name="update.csv")
    assert report.rows[0].changes == ["startjaar", "werkgebied", "samenvatting"]
    initiative.refresh_from_db()
    assert initiative.start_year is None
    assert initiative.summary == "Kort."
    assert initiative.regions_served.count() == 0
    assert initiative.municipality is not None  # no municipality column: unchanged
    assert initiative.partnerships.count() == 1  # partners are never removed


def test_initiatives_are_matched_by_slug_then_by_name_and_municipality(existing) -> None:
    data = csv_bytes(
        [
            ["naam", "gemeente", "soort"],
            ["MAKE IT WORK", "GM0363", "fieldlab"],
            ["Make IT Work", "Rotterdam", ""],
        ]
    )
    with translation.override("en"):
        report = initiatives_import(data=data, file_name="namen.csv", dry_run=True)
    assert [(row.outcome, row.slug) for row in report.rows] == [("updated", "make-it-work"), ("created", "")]
    assert "exists in another municipality" in report.rows[1].notes[0]


def test_status_publishes_but_never_withdraws(existing) -> None:
    data = csv_bytes([["naam", "gemeente", "status"], ["Make IT Work", "Amsterdam", "concept"]])
    with translation.override("en"), pytest.raises(ImportRefused) as refused:
        initiatives_import(data=data, file_name="status.csv")
    assert "can publish an initiative, not withdraw" in refused.value.report.problems[0].message

    draft = csv_bytes([["naam", "status"], ["Nieuw concept", "concept"]])
    initiatives_import(data=draft, file_name="concept.csv")
    assert Initiative.objects.get(slug="nieuw-concept").status == PublicationStatus.DRAFT


def test_new_organisations_are_fictitious_only_when_every_row_naming_them_is(regions) -> None:
    data = csv_bytes(
        [
            ["naam", "fictief", "partners"],
            ["Demo 1", "ja", "Demo B.V. (bedrijf); Gedeeld B.V. (bedrijf)"],
            ["Echt", "nee", "Gedeeld B.V. (bedrijf)"],
        ]
    )
    initiatives_import(data=data, file_name="demo.csv")
    assert Organisation.objects.get(name="Demo B.V.").fictitious is True
    assert Organisation.objects.get(name="Gedeeld B.V.").fictitious is False
    assert Initiative.objects.get(slug="demo-1").fictitious is True


def test_messages_are_dutch_by_default(existing) -> None:
    data = csv_bytes([["naam", "e-mail", "partners"], ["Proef", "info@", "X (bedrijf, KvK 12)"]])
    with translation.override("nl"), pytest.raises(ImportRefused) as refused:
        initiatives_import(data=data, file_name="nl.csv")
    messages = " ".join(problem.message for problem in refused.value.report.problems)
    assert "Voer een geldig e-mailadres in." in messages
    assert "Een KvK-nummer" in messages


def test_the_csv_report_names_rows_columns_and_reasons(existing) -> None:
    data = csv_bytes([["naam", "startjaar"], ["Goed", "2019"], ["Fout", "=1+1"]])
    with translation.override("en"):
        report = initiatives_import(data=data, file_name="rapport.csv", dry_run=True)
        lines = list(csv.reader(io.StringIO(report.csv_text())))
    assert lines[0] == ["file", "row", "column", "initiative", "outcome", "message"]
    assert lines[1][:5] == ["rapport.csv", "2", "", "Goed", "created"]
    assert lines[2][:5] == ["rapport.csv", "3", "startjaar", "Fout", "refused"]
    assert lines[2][5].startswith("The text '=1+1' starts with '='")
