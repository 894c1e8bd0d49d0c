"""The downloads: the same rows as the public list, each format readable, safe and byte-stable."""

import io
import zipfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.db import connection
from django.http import FileResponse, StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from netwerkkaart.exports import selectors
from netwerkkaart.exports.datasets import DATASETS, FILE_FORMATS
from netwerkkaart.initiatives.choices import InitiativeKind, PartnershipRole, PublicationStatus
from netwerkkaart.initiatives.models import Initiative, Partnership, Theme, YearlyFigure
from netwerkkaart.initiatives.result_index import initiative_index_invalidate
from netwerkkaart.initiatives.services import initiative_create, partnership_add, yearly_figure_add
from netwerkkaart.organisations.choices import OrganisationKind
from netwerkkaart.organisations.models import Organisation
from netwerkkaart.organisations.services import organisation_create
from netwerkkaart.search.services import search_index_rebuild
from netwerkkaart.web.tests.conftest import World, published

from .conftest import ODF, body, csv_rows, ods_content, ods_rows, xlsx_rows

pytestmark = pytest.mark.django_db

Download = Callable[..., bytes]

# Query strings of the public list, each a different filter state.
LIST_QUERIES = [
    "",
    "theme=cybersecurity",
    "region=AM22",
    "province=PV20",
    "kind=campus&kind=fieldlab",
    "goal=initial-education",
    "partner=hogeschool-rotterdam",
    "municipality=GM0606",
    "sort=newest",
    "sort=start_year",
    "region=AM22&theme=unknown-theme&page=2",
]


def list_slugs(client: Client, path: str) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200
    return [initiative.slug for initiative in response.context["page_obj"]]


def column(rows: list[list[str]], name: str) -> list[str]:
    header, *data = rows
    position = header.index(name)
    return [row[position] for row in data]


@pytest.mark.parametrize("query", LIST_QUERIES)
def test_the_initiatives_file_holds_the_rows_of_the_list_in_its_order(
    client: Client, world: World, download: Download, query: str
) -> None:
    expected = list_slugs(client, f"/initiatieven?{query}")
    assert column(csv_rows(download("initiatieven.csv", query)), "slug") == expected


def test_a_search_downloads_the_search_results_in_their_order(
    client: Client, world: World, download: Download
) -> None:
    for name in ("Cybersecurity Academy Schiedam", "Cyber Campus Groningen"):
        published(initiative_create(name=name, kind=InitiativeKind.CAMPUS, municipality=world.schiedam), 20)
    search_index_rebuild()
    for query in ("q=cyber", "q=cyber&region=AM22", "q=campus&sort=name"):
        expected = list_slugs(client, f"/zoeken?{query}")
        assert expected
        assert column(csv_rows(download("initiatieven.csv", query)), "slug") == expected


def test_only_published_initiatives_and_what_belongs_to_them_are_exported(
    world: World, download: Download
) -> None:
    files = {name: download(f"{name}.csv").decode("utf-8-sig") for name in DATASETS}
    for text in files.values():
        assert "Secret Draft Initiative" not in text
        assert "Old Archived Initiative" not in text
    partnerships = csv_rows(download("samenwerkingen.csv"))
    # The school's role in the draft (education partner) is not published.
    assert "education_partner" not in column(partnerships, "role")
    # By initiative name (Cyberlab, IT Campus), then role in the order of PartnershipRole.
    roles = ["lead_applicant", "lead_applicant", "company", "knowledge_partner", "funder"]
    assert column(partnerships, "role") == roles
    assert column(partnerships, "initiative_slug") == [world.fictitious.slug] + [world.campus.slug] * 4


def test_the_other_files_follow_the_selection(world: World, download: Download) -> None:
    query = "region=AM01"  # Groningen: only the academy, which has no partners and no figures
    assert column(csv_rows(download("initiatieven.csv", query)), "slug") == [world.academy.slug]
    for name in ("organisaties", "samenwerkingen", "jaarcijfers"):
        assert csv_rows(download(f"{name}.csv", query))[1:] == []
    query = "theme=cybersecurity"  # the fictitious lab in Schiedam and its fictitious company
    organisations = csv_rows(download("organisaties.csv", query))
    assert column(organisations, "slug") == [world.fictitious_company.slug]
    assert column(organisations, "fictitious") == ["true"]
    assert column(organisations, "initiative_count") == ["1"]


def test_organisations_come_by_slug_with_their_number_of_initiatives(
    world: World, download: Download
) -> None:
    rows = csv_rows(download("organisaties.csv"))
    slugs = column(rows, "slug")
    assert slugs == sorted(slugs)
    assert dict(zip(slugs, column(rows, "initiative_count"), strict=True)) == {
        world.fictitious_company.slug: "1",
        world.company.slug: "1",
        world.school.slug: "1",
    }
    assert column(rows, "kvk_number")[slugs.index(world.company.slug)] == "24354561"


def test_the_partners_of_an_initiative_are_listed_per_role_with_their_identifiers(
    world: World, download: Download
) -> None:
    extra = organisation_create(name="ROC; Zadkine", kind=OrganisationKind.MBO_SCHOOL, school_code="25LH")
    partnership_add(initiative=world.campus, organisation=extra, role="education_partner", since=2019)
    rows = csv_rows(download("initiatieven.csv", "kind=campus"))
    header, campus = rows[0], rows[1]
    cell = dict(zip(header, campus, strict=True))
    assert cell["partners_lead_applicant"] == "Hogeschool Rotterdam [BRIN 21UI]"
    assert cell["partners_education_partner"] == "ROC;; Zadkine [BRIN 25LH]"
    assert cell["partners_company"] == "Havenbedrijf Rotterdam [KvK 24354561]"
    assert cell["partners_funder"] == "Havenbedrijf Rotterdam [KvK 24354561]"
    assert cell["partners_knowledge_partner"] == "Hogeschool Rotterdam [BRIN 21UI]"
    assert cell["partners_government"] == ""
    assert cell["themes"] == "inflow; software-development"
    assert cell["labour_market_regions"] == "AM22"
    assert cell["municipality"] == "GM0599"


def test_csv_is_utf8_with_a_byte_order_mark_crlf_and_semicolons_with_decimal_commas(
    world: World, download: Download
) -> None:
    published(initiative_create(name="Digitaal Fryslân — één", municipality=world.groningen), 9)
    data = download("jaarcijfers.csv")
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    assert data.replace(b"\r\n", b"").count(b"\n") == 0
    rows = csv_rows(data, ";")
    assert column(rows, "women_share") == ["23,00"]
    assert column(rows, "reported_on") == ["2025-03-01"]
    names = column(csv_rows(download("initiatieven.csv")), "name")
    assert "Digitaal Fryslân — één" in names


def test_a_comma_delimiter_gives_decimal_points(world: World, download: Download) -> None:
    rows = csv_rows(download("jaarcijfers.csv", "delimiter=comma"), ",")
    assert column(rows, "women_share") == ["23.00"]
    assert rows[0][:3] == ["initiative_slug", "initiative_name", "year"]


def test_an_unknown_delimiter_is_refused(client: Client, world: World) -> None:
    response = client.get("/downloads/initiatieven.csv?delimiter=tab")
    assert response.status_code == 400
    assert "semicolon" in response.content.decode()


def test_line_breaks_stay_inside_a_quoted_csv_field(world: World, download: Download) -> None:
    descriptions = column(csv_rows(download("initiatieven.csv", "kind=campus")), "description")
    assert descriptions == [world.campus.description]


FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+31 10 123 45 67", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


@pytest.fixture
def dangerous(world: World) -> World:
    """An initiative whose texts a spreadsheet would otherwise run as formulas."""
    initiative = initiative_create(
        name=FORMULAS[0],
        summary=FORMULAS[2],
        place=FORMULAS[3],
        source=FORMULAS[4],
        source_note=FORMULAS[5],
        contact_phone=FORMULAS[1],
        kind=InitiativeKind.FIELDLAB,
        municipality=world.rotterdam,
    )
    partnership_add(
        initiative=initiative,
        organisation=organisation_create(name="@home B.V.", kind=OrganisationKind.COMPANY),
        role="company",
    )
    yearly_figure_add(initiative=initiative, year=2025, source="=1+1", companies=3)
    published(initiative, 5)
    return world


def _prefixed(cells: dict[str, object]) -> None:
    assert cells["name"] == "'" + FORMULAS[0]
    assert cells["contact_phone"] == "'+31 10 123 45 67"
    assert cells["summary"] == "'-2+3"
    assert cells["place"] == "'@SUM(A1)"
    assert cells["partners_company"] == "'@home B.V."
    assert cells["kind"] == "fieldlab"


def test_formula_cells_are_prefixed_in_csv(dangerous: World, download: Download) -> None:
    cells = _dangerous_row(csv_rows(download("initiatieven.csv", "kind=fieldlab")))
    _prefixed(cells)
    assert cells["source"] == "'\tTAB"
    assert cells["source_note"] == "'\rCR"
    assert column(csv_rows(download("jaarcijfers.csv", "kind=fieldlab")), "source") == ["'=1+1"]


def _dangerous_row(rows: list[list[str]] | list[list[object]]) -> dict[str, object]:
    header = [str(name) for name in rows[0]]
    found = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    return next(cells for cells in found if str(cells["name"]).startswith("'="))


def test_formula_cells_are_text_cells_in_xlsx(dangerous: World, download: Download) -> None:
    import openpyxl

    data = download("initiatieven.xlsx")
    cells = _dangerous_row(xlsx_rows(data))
    _prefixed(cells)
    assert cells["source"] == "'\tTAB"
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    types = {cell.data_type for row in sheet.iter_rows() for cell in row if cell.value is not None}
    assert "f" not in types  # no formula anywhere
    figures = xlsx_rows(download("jaarcijfers.xlsx", "kind=fieldlab"))
    assert figures[1][figures[0].index("source")] == "'=1+1"


def test_formula_cells_are_text_cells_in_ods(dangerous: World, download: Download) -> None:
    data = download("initiatieven.ods")
    cells = _dangerous_row(ods_rows(data))
    _prefixed(cells)
    assert cells["source"] == "'\tTAB"
    content = ods_content(data)
    formulas = [
        cell
        for cell in content.iter()
        if "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}formula" in cell.attrib
    ]
    assert formulas == []
    figures = ods_rows(download("jaarcijfers.ods", "kind=fieldlab"))
    assert figures[1][figures[0].index("source")] == "'=1+1"


def test_xlsx_opens_with_openpyxl_with_typed_cells(world: World, download: Download) -> None:
    import openpyxl

    data = download("initiatieven.xlsx", "kind=campus")
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["initiatieven"]
    sheet = workbook.worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    rows = xlsx_rows(data)
    assert rows[0] == DATASETS["initiatieven"].column_names
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert cells["fictitious"] is False
    assert cells["start_year"] == 2018
    assert cells["end_year"] is None
    assert cells["contact_person_consent_on"].date() == date(2026, 1, 15)
    assert cells["description"] == world.campus.description
    with translation.override("nl"):  # a file's bytes do not depend on the language of the page
        assert workbook.properties.title == f"Netwerkkaart: {DATASETS['initiatieven'].title}"


def test_ods_is_a_valid_package_with_typed_cells(world: World, download: Download) -> None:
    data = download("initiatieven.ods", "kind=campus")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        first = package.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert package.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
        assert b'manifest:full-path="content.xml"' in package.read("META-INF/manifest.xml")
        assert package.testzip() is None
    assert data[30:38] == b"mimetype"  # the magic that tools recognise ODS by
    content = ods_content(data)
    header = content.find(".//table:table-header-rows/table:table-row", ODF)
    assert header is not None and len(header) == len(DATASETS["initiatieven"].columns)
    rows = ods_rows(data)
    assert rows[0] == DATASETS["initiatieven"].column_names
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert cells["fictitious"] is False
    assert cells["start_year"] == 2018
    assert cells["latitude"] is None
    assert cells["contact_person_consent_on"] == date(2026, 1, 15)
    assert cells["description"] == world.campus.description


@pytest.mark.parametrize("name", list(DATASETS))
@pytest.mark.parametrize("file_format", list(FILE_FORMATS))
def test_exporting_twice_gives_identical_bytes(
    world: World, download: Download, name: str, file_format: str
) -> None:
    first = download(f"{name}.{file_format}")
    initiative_index_invalidate()  # a rebuilt index (another process) gives the same file too
    again = download(f"{name}.{file_format}")
    assert first == again
    assert len(first) > 0


def test_csv_is_streamed_and_spreadsheets_are_sent_from_a_file(client: Client, world: World) -> None:
    response = client.get("/downloads/initiatieven.csv")
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="initiatieven.csv"'
    body(response)
    for file_format in ("xlsx", "ods"):
        response = client.get(f"/downloads/samenwerkingen.{file_format}")
        assert isinstance(response, FileResponse)  # a StreamingHttpResponse, in blocks
        assert response["Content-Type"] == FILE_FORMATS[file_format].media_type
        assert response["Content-Disposition"] == f'attachment; filename="samenwerkingen.{file_format}"'
        assert int(response["Content-Length"]) == len(body(response))


def _many(world: World, numbers: range) -> None:
    """Published data labs, each with its own partner and one year of figures; written in bulk, as the
    demo generator does (the services would take minutes for a few hundred), so the index is told."""
    theme = Theme.objects.get(slug="data-and-ai")
    initiatives = Initiative.objects.bulk_create(
        Initiative(
            name=f"Data lab {number:03}",
            slug=f"data-lab-{number:03}",
            municipality=world.groningen,
            status=PublicationStatus.PUBLISHED,
            published_at=datetime(2026, 3, 6, tzinfo=UTC),
        )
        for number in numbers
    )
    partners = Organisation.objects.bulk_create(
        Organisation(
            name=f"Datapartner {number:03}", slug=f"datapartner-{number:03}", kind=OrganisationKind.COMPANY
        )
        for number in numbers
    )
    Initiative.themes.through.objects.bulk_create(
        Initiative.themes.through(initiative=initiative, theme=theme) for initiative in initiatives
    )
    Partnership.objects.bulk_create(
        Partnership(initiative=initiative, organisation=partner, role=PartnershipRole.COMPANY)
        for initiative, partner in zip(initiatives, partners, strict=True)
    )
    YearlyFigure.objects.bulk_create(
        YearlyFigure(initiative=initiative, year=2024, source="Monitor", companies=number)
        for number, initiative in zip(numbers, initiatives, strict=True)
    )
    initiative_index_invalidate()


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
        assert response.status_code == 200
        body(response)
    return len(captured)


@pytest.mark.parametrize("name", list(DATASETS))
def test_queries_grow_per_batch_not_per_row(
    client: Client,
    world: World,
    name: str,
    monkeypatch: pytest.MonkeyPatch,
    django_assert_max_num_queries: Any,
) -> None:
    """3 rows and 300 rows (one batch) take the same queries; in batches of 100, a few per batch more."""
    path = f"/downloads/{name}.csv?theme=data-and-ai"
    _many(world, range(3))
    client.get(path)  # builds the result index, as an earlier request would have
    three_rows = _queries(client, path)
    assert three_rows <= 20
    _many(world, range(3, 300))
    client.get(path)
    with django_assert_max_num_queries(three_rows):
        assert len(csv_rows(body(client.get(path)))) == 301
    monkeypatch.setattr(selectors, "BATCH_SIZE", 100)
    three_batches = _queries(client, path)
    assert three_rows < three_batches <= three_rows + 2 * 8 + 1


def test_a_contact_person_is_exported_only_with_consent(world: World, download: Download) -> None:
    rows = csv_rows(download("initiatieven.csv"))
    people = dict(zip(column(rows, "slug"), column(rows, "contact_person"), strict=True))
    consent = dict(zip(column(rows, "slug"), column(rows, "contact_person_consent_on"), strict=True))
    assert people[world.campus.slug] == "Anna de Vries"
    assert consent[world.campus.slug] == "2026-01-15"
    assert people[world.academy.slug] == consent[world.academy.slug] == ""
    assert (
        column(rows, "contact_email")[column(rows, "slug").index(world.campus.slug)]
        == "info@itcampus.example.nl"
    )


def test_a_contact_person_without_consent_is_left_out_even_if_stored(world: World) -> None:
    """The database refuses such a row (check constraint); the export does not rely on that alone."""
    stored: dict[str, object] = dict.fromkeys(selectors._INITIATIVE_FIELDS, "")
    stored.update(pk=1, municipality_id=None, contact_person="Jan Jansen", contact_person_consent_on=None)
    row = selectors._initiative_row(
        tuple(stored[name] for name in selectors._INITIATIVE_FIELDS),
        {column: {} for column, _model in selectors.TERM_COLUMNS},
        [],
        {},
        {},
        selectors._organisation_key(),
    )
    names = DATASETS["initiatieven"].column_names
    assert row[names.index("contact_person")] == ""
    assert row[names.index("contact_person_consent_on")] is None


def test_unknown_data_sets_and_formats_are_not_found(client: Client, world: World) -> None:
    for path in ("/downloads/geheimen.csv", "/downloads/initiatieven.pdf", "/downloads/initiatieven"):
        assert client.get(path).status_code == 404


@pytest.mark.parametrize("file_format", list(FILE_FORMATS))
def test_a_file_is_the_same_whatever_the_language_of_the_page(
    client: Client, world: World, download: Download, file_format: str
) -> None:
    english = client.get(f"/en/downloads/initiatieven.{file_format}")
    assert english.status_code == 200
    assert body(english) == download(f"initiatieven.{file_format}")
