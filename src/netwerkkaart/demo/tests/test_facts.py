"""The real initiatives of pps/ict_pps_facts.csv load with exactly the facts in the file."""

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from netwerkkaart.core.errors import DataImportError, ImportProblem
from netwerkkaart.demo.facts import (
    FACTS_COLUMNS,
    facts_default_path,
    facts_load,
    facts_read,
    initiative_kind_from_text,
    organisation_kind_from_name,
    strip_notes,
)
from netwerkkaart.initiatives.choices import InitiativeKind, PublicationStatus
from netwerkkaart.initiatives.models import FundingLine, Initiative, YearlyFigure
from netwerkkaart.organisations.choices import OrganisationKind
from netwerkkaart.organisations.models import Organisation

from .conftest import Snapshot

FACTS = facts_default_path(settings.REFERENCE_DATA_DIR)


def _slugs(manager: object) -> set[str]:
    return set(manager.values_list("slug", flat=True))  # type: ignore[attr-defined]


def _partners(initiative: Initiative) -> set[tuple[str, str]]:
    return {(p.organisation.name, p.role) for p in initiative.partnerships.select_related("organisation")}


def _rows() -> list[dict[str, str]]:
    with FACTS.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def _write(path: Path, rows: list[dict[str, str]], columns: list[str], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as file:
        writer = csv.DictWriter(file, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


# --- the mapping tables, without a database ---------------------------------------------------
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("campus", InitiativeKind.CAMPUS),
        ("retraining programme", InitiativeKind.RETRAINING_PROGRAMME),
        ("RIF project", InitiativeKind.RIF_PROJECT),
        ("centre of expertise", InitiativeKind.CENTRE_OF_EXPERTISE),
        ("regional network", InitiativeKind.REGIONAL_NETWORK),
        ("association", InitiativeKind.REGIONAL_NETWORK),
        ("ecosystem PPS (Nationaal Groeifonds)", InitiativeKind.ECOSYSTEM_PPS),
        ("training foundation", InitiativeKind.OTHER),
        ("hbo track", InitiativeKind.OTHER),
    ],
)
def test_initiative_kind_from_the_files_wording(text: str, kind: InitiativeKind) -> None:
    assert initiative_kind_from_text(text) == kind


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Hogeschool Rotterdam", OrganisationKind.UNIVERSITY_OF_APPLIED_SCIENCES),
        ("Hanzehogeschool Groningen", OrganisationKind.UNIVERSITY_OF_APPLIED_SCIENCES),
        ("Saxion", OrganisationKind.UNIVERSITY_OF_APPLIED_SCIENCES),
        ("Hogeschool Inholland", OrganisationKind.UNIVERSITY_OF_APPLIED_SCIENCES),
        ("Rijksuniversiteit Groningen", OrganisationKind.UNIVERSITY),
        ("Wageningen University & Research", OrganisationKind.UNIVERSITY),
        ("ROC van Amsterdam", OrganisationKind.MBO_SCHOOL),
        ("Albeda", OrganisationKind.MBO_SCHOOL),
        ("mboRijnland", OrganisationKind.MBO_SCHOOL),
        ("Horizon College", OrganisationKind.MBO_SCHOOL),
        ("gemeente Rotterdam", OrganisationKind.GOVERNMENT),
        ("provincie Groningen", OrganisationKind.GOVERNMENT),
        ("TNO", OrganisationKind.KNOWLEDGE_INSTITUTE),
        ("Politieacademie", OrganisationKind.KNOWLEDGE_INSTITUTE),
        ("Havenbedrijf Rotterdam", OrganisationKind.COMPANY),
        ("Guardian360", OrganisationKind.COMPANY),
        ("KPN", OrganisationKind.COMPANY),
        ("The Hague Security Delta", OrganisationKind.OTHER),
        ("ICT Valley", OrganisationKind.OTHER),
    ],
)
def test_organisation_kind_from_the_name(name: str, kind: OrganisationKind) -> None:
    assert organisation_kind_from_name(name) == kind


def test_notes_in_parentheses_are_split_off() -> None:
    assert strip_notes("ICT Valley (100+ companies)") == ("ICT Valley", ["100+ companies"])
    assert strip_notes("Zuid-Holland (several cities)") == ("Zuid-Holland", ["several cities"])


# --- loading the real file ---------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.usefixtures("real_regions")
class TestFactsLoad:
    def test_loads_the_14_real_initiatives_published_and_not_fictitious(self) -> None:
        report = facts_load(path=FACTS)

        assert len(report.created) == 14
        real = Initiative.objects.all()
        assert real.count() == 14
        assert not real.filter(fictitious=True).exists()
        assert set(real.values_list("status", flat=True)) == {PublicationStatus.PUBLISHED}
        assert not real.filter(verified_on__isnull=False).exists()
        assert not Organisation.objects.filter(fictitious=True).exists()

    def test_it_campus_rotterdam_has_its_facts(self) -> None:
        facts_load(path=FACTS)

        campus = Initiative.objects.get(slug="it-campus-rotterdam")
        assert campus.name == "IT Campus Rotterdam"
        assert campus.kind == InitiativeKind.CAMPUS
        assert campus.municipality is not None
        assert campus.municipality.code == "GM0599"
        assert (campus.latitude, campus.longitude) == (
            campus.municipality.latitude,
            campus.municipality.longitude,
        )
        assert campus.latitude is not None
        assert list(campus.regions_served.values_list("code", flat=True)) == ["AM22"]
        assert campus.start_year == 2018
        assert _partners(campus) == {
            ("Hogeschool Rotterdam", "lead_applicant"),
            ("Albeda", "education_partner"),
            ("Zadkine", "education_partner"),
            ("gemeente Rotterdam", "government"),
            ("Havenbedrijf Rotterdam", "company"),
        }
        assert "about 35 founding partners" in campus.description
        assert "inflow into ICT education; minors; Associate degree" in campus.description
        assert _slugs(campus.themes) == {"inflow"}
        assert _slugs(campus.target_groups) == {"mbo-students", "hbo-students"}
        assert _slugs(campus.education_levels) == {"hbo-associate-degree"}
        assert campus.source == "europoortkringen.nl/it-campus-van-start ; vno-ncwwest.nl"
        assert campus.source_note == "start year and hosts from news reports"

    def test_nothing_is_invented_for_real_initiatives(self) -> None:
        facts_load(path=FACTS)

        assert not YearlyFigure.objects.exists()
        assert not FundingLine.objects.exists()
        assert not Initiative.objects.exclude(phase="").exists()
        organisations = Organisation.objects.all()
        assert not organisations.exclude(kvk_number="").exists()
        assert not organisations.exclude(school_code="").exists()
        assert not organisations.exclude(size_class="").exists()
        assert not organisations.exclude(website="").exists()
        # Start years only where the file gives one.
        without_year = {row["name"] for row in _rows() if not row["start_year"].strip()}
        assert set(Initiative.objects.filter(start_year=None).values_list("name", flat=True)) == (
            without_year
        )

    def test_groups_and_remarks_are_not_organisations(self) -> None:
        facts_load(path=FACTS)

        names = set(Organisation.objects.values_list("name", flat=True))
        for group in ("about 35 founding partners", "companies", "200+ partners", "ministries"):
            assert group not in names
        assert not any(name.startswith("later editions") for name in names)
        make_it_work = Initiative.objects.get(slug="make-it-work")
        assert "Partners mentioned in the source: about 85 employers; later editions" in (
            make_it_work.description
        )
        assert _partners(make_it_work) == {("Hogeschool van Amsterdam", "lead_applicant")}

    def test_notes_are_stripped_and_a_co_funder_funds(self) -> None:
        facts_load(path=FACTS)

        academy = Initiative.objects.get(slug="it-academy-noord-nederland")
        assert ("provincie Groningen", "funder") in _partners(academy)
        veenendaal = Initiative.objects.get(slug="ict-campus-veenendaal")
        assert ("ICT Valley", "knowledge_partner") in _partners(veenendaal)
        assert "ICT Valley (100+ companies)" in veenendaal.description
        coe = Initiative.objects.get(slug="centre-of-expertise-cyber-security")
        assert ("Thales", "knowledge_partner") in _partners(coe)

    def test_an_organisation_in_several_initiatives_exists_once(self) -> None:
        facts_load(path=FACTS)

        haagse = Organisation.objects.get(name="De Haagse Hogeschool")
        assert haagse.partnerships.count() == 3
        assert Organisation.objects.filter(name__icontains="Security Delta").count() == 1
        # "Port of Rotterdam" (Cyberworkplace) is the Havenbedrijf of IT Campus Rotterdam.
        port = Organisation.objects.get(name="Havenbedrijf Rotterdam")
        assert set(port.partnerships.values_list("initiative__slug", flat=True)) == {
            "it-campus-rotterdam",
            "cyberworkplace",
        }

    def test_regions_served_fall_back_to_the_province_named_as_city(self) -> None:
        facts_load(path=FACTS)

        served = {
            slug: set(Initiative.objects.get(slug=slug).regions_served.values_list("code", flat=True))
            for slug in ("it-verband-zuid-holland", "regitel", "cleantech-center", "cyberworkplace")
        }
        assert served == {
            "it-verband-zuid-holland": {"PV28"},
            "regitel": {"PV31"},
            "cleantech-center": {"AM06"},
            "cyberworkplace": {"AM22"},
        }
        verband = Initiative.objects.get(slug="it-verband-zuid-holland")
        assert verband.municipality is None
        assert verband.latitude is None
        assert verband.place == "Zuid-Holland (several cities)"

    def test_themes_goals_and_target_groups_come_from_the_keyword_table(self) -> None:
        facts_load(path=FACTS)

        make_it_work = Initiative.objects.get(slug="make-it-work")
        assert _slugs(make_it_work.themes) == {"lifelong-learning", "women-in-ict"}
        assert _slugs(make_it_work.goals) == {"postinitial-education"}
        assert _slugs(make_it_work.target_groups) == {"jobseekers-career-switchers"}
        delta = Initiative.objects.get(slug="the-hague-security-delta")
        assert _slugs(delta.themes) == {"cybersecurity", "hybrid-teachers"}
        assert _slugs(delta.target_groups) == {"working-professionals"}
        coe = Initiative.objects.get(slug="centre-of-expertise-cyber-security")
        assert "innovation" in _slugs(coe.goals)
        assert "sme-owners" in _slugs(coe.target_groups)
        assert _slugs(Initiative.objects.get(slug="brightlands-smart-services-campus").themes) == {
            "data-and-ai"
        }
        assert "vo-pupils" in _slugs(Initiative.objects.get(slug="regitel").target_groups)

    def test_a_second_load_changes_nothing(self, database_snapshot: Callable[[], Snapshot]) -> None:
        facts_load(path=FACTS)
        before = database_snapshot()

        report = facts_load(path=FACTS)

        assert (len(report.created), len(report.kept), report.organisations_created) == (0, 14, 0)
        assert database_snapshot() == before


# --- malformed files -------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.usefixtures("real_regions")
class TestMalformedFacts:
    def _refused(self, path: Path, snapshot: Callable[[], Snapshot]) -> list[ImportProblem]:
        before = snapshot()
        with pytest.raises(DataImportError) as error:
            facts_load(path=path)
        assert snapshot() == before
        assert all(problem.file == path.name for problem in error.value.problems)
        return error.value.problems

    def test_a_missing_column(self, tmp_path: Path, database_snapshot: Callable[[], Snapshot]) -> None:
        columns = [c for c in FACTS_COLUMNS if c != "gemeentecode"]
        rows = [{c: row[c] for c in columns} for row in _rows()]
        path = _write(tmp_path / "facts.csv", rows, columns)

        problems = self._refused(path, database_snapshot)

        assert [(p.row, p.column) for p in problems] == [(1, "gemeentecode")]

    def test_a_renamed_column(self, tmp_path: Path, database_snapshot: Callable[[], Snapshot]) -> None:
        columns = ["town" if c == "city" else c for c in FACTS_COLUMNS]
        rows = [{("town" if k == "city" else k): v for k, v in row.items()} for row in _rows()]
        path = _write(tmp_path / "facts.csv", rows, columns)

        problems = self._refused(path, database_snapshot)

        assert {(p.row, p.column) for p in problems} == {(1, "city"), (1, "town")}

    def test_an_unknown_gemeentecode_and_labour_market_region(
        self, tmp_path: Path, database_snapshot: Callable[[], Snapshot]
    ) -> None:
        rows = _rows()
        rows[2]["gemeentecode"] = "GM9999"
        rows[5]["arbeidsmarktregio_code"] = "AM04"
        path = _write(tmp_path / "facts.csv", rows, list(FACTS_COLUMNS))

        problems = self._refused(path, database_snapshot)

        assert [(p.row, p.column) for p in problems] == [
            (4, "gemeentecode"),
            (7, "arbeidsmarktregio_code"),
        ]
        assert "GM9999" in problems[0].message

    def test_a_year_that_is_not_a_number(
        self, tmp_path: Path, database_snapshot: Callable[[], Snapshot]
    ) -> None:
        rows = _rows()
        rows[0]["start_year"] = "2018?"
        rows[3]["start_year"] = "1850"
        path = _write(tmp_path / "facts.csv", rows, list(FACTS_COLUMNS))

        problems = self._refused(path, database_snapshot)

        assert [(p.row, p.column) for p in problems] == [(2, "start_year"), (5, "start_year")]

    def test_every_problem_is_reported_at_once(
        self, tmp_path: Path, database_snapshot: Callable[[], Snapshot]
    ) -> None:
        rows = _rows()
        rows[0]["start_year"] = "soon"
        rows[1]["gemeentecode"] = "Amsterdam"
        rows[4]["name"] = ""
        path = _write(tmp_path / "facts.csv", rows, list(FACTS_COLUMNS))

        problems = self._refused(path, database_snapshot)

        assert [(p.row, p.column) for p in problems] == [
            (2, "start_year"),
            (3, "gemeentecode"),
            (6, "name"),
        ]

    def test_a_file_in_another_encoding(
        self, tmp_path: Path, database_snapshot: Callable[[], Snapshot]
    ) -> None:
        rows = _rows()
        rows[6]["lead_or_host"] = "Stichting Café Noord"
        path = _write(tmp_path / "facts.csv", rows, list(FACTS_COLUMNS), encoding="cp1252")

        with translation.override("en"):
            problems = self._refused(path, database_snapshot)

        assert [(p.row, p.column) for p in problems] == [(8, None)]
        assert "UTF-8" in problems[0].message

    def test_a_utf16_file(self, tmp_path: Path, database_snapshot: Callable[[], Snapshot]) -> None:
        path = _write(tmp_path / "facts.csv", _rows(), list(FACTS_COLUMNS), encoding="utf-16")

        problems = self._refused(path, database_snapshot)

        assert len(problems) == 1
        assert problems[0].row == 1

    def test_a_row_with_too_many_values(
        self, tmp_path: Path, database_snapshot: Callable[[], Snapshot]
    ) -> None:
        path = tmp_path / "facts.csv"
        text = FACTS.read_text(encoding="utf-8").splitlines()
        text[3] = text[3] + ",extra"
        path.write_text("\n".join(text) + "\n", encoding="utf-8")

        problems = self._refused(path, database_snapshot)

        assert [(p.row, p.column) for p in problems] == [(4, None)]

    def test_a_file_with_a_byte_order_mark_is_fine(self, tmp_path: Path) -> None:
        path = _write(tmp_path / "facts.csv", _rows(), list(FACTS_COLUMNS), encoding="utf-8-sig")

        assert len(facts_read(path=path)) == 14
