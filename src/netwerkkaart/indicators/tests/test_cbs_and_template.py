"""The CBS table importer (from the CSV fixture in CBS's TypedDataSet layout) and the indicator template."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from netwerkkaart.core.errors import DataImportError
from netwerkkaart.indicators.cbs import MAPPINGS, region_code_map
from netwerkkaart.indicators.models import Indicator, Observation
from netwerkkaart.indicators.services import cbs_csv_rows, cbs_table_import, indicator_template_import
from netwerkkaart.indicators.template import COLUMNS, template_csv, template_xlsx
from netwerkkaart.regions.services import reference_data_import

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).parent / "data" / "cbs_70072ned_sample.csv"


@pytest.fixture
def regions() -> None:
    reference_data_import(fallback_only=True)
    from netwerkkaart.regions.choices import RegionKind
    from netwerkkaart.regions.models import Region

    for code, name in (("GM0344", "Utrecht"), ("GM0363", "Amsterdam"), ("GM0307", "Amersfoort")):
        Region.objects.create(kind=RegionKind.MUNICIPALITY, code=code, name=name, year=2025)


def _cells() -> list[tuple[object, ...]]:
    return list(Observation.objects.order_by("pk").values_list())


def test_region_codes_map_to_ours() -> None:
    assert region_code_map("NL01  ") == "NL"
    assert region_code_map("GM0363") == "GM0363"
    assert region_code_map("PV26") == "PV26"
    assert region_code_map("AM14") == "AM14"
    assert region_code_map("CR17") is None
    with pytest.raises(ValueError):
        region_code_map("Amsterdam")


def test_cbs_csv_imports_once(regions: None) -> None:
    columns, rows = cbs_csv_rows(SAMPLE.read_text(encoding="utf-8"))
    report, read = cbs_table_import(
        mapping=MAPPINGS["70072ned"], columns=columns, rows=rows, file_name=SAMPLE.name
    )
    # NL 2023 and 2024, PV26, GM0344, GM0363; LD01 and CR17 skipped, a quarter skipped, "." is unknown.
    assert report.created == 5
    assert (read.skipped_regions, read.skipped_periods) == (2, 1)
    amsterdam = Observation.objects.get(region__code="GM0363", indicator__code="population")
    assert (amsterdam.value, amsterdam.year, amsterdam.source_row) == (Decimal(931298), 2024, 7)
    assert not Observation.objects.filter(region__code="GM0307").exists()
    before = _cells()
    again, _read = cbs_table_import(
        mapping=MAPPINGS["70072ned"], columns=columns, rows=rows, file_name=SAMPLE.name
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert _cells() == before


def test_cbs_bad_row_names_row_and_column(regions: None) -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace('"931298"', '"9x1"').replace('"PV26  "', '"Utrecht"')
    columns, rows = cbs_csv_rows(text)
    with pytest.raises(DataImportError) as raised:
        cbs_table_import(mapping=MAPPINGS["70072ned"], columns=columns, rows=rows, file_name="t.csv")
    assert [str(p) for p in raised.value.problems] == [
        "t.csv, row 5, column 'RegioS': expected a CBS region code (NL01, PVnn, AMnn, GMnnnn), "
        'found "Utrecht"',
        't.csv, row 7, column \'TotaleBevolking_1\': expected a number, "x" or "." (unknown), found "9x1"',
    ]
    assert not Observation.objects.exists()
    assert not Indicator.objects.exists()


def test_cbs_command_from_csv(regions: None) -> None:
    out = io.StringIO()
    call_command("import_cbs_table", "70072ned", "--csv", str(SAMPLE), stdout=out)
    assert "5 observations created" in out.getvalue()


def _sheet(*rows: str) -> bytes:
    header = "indicator_code;region_code;year;value;breakdown;source;name_nl;name_en;unit_nl;unit_en;licence"
    return "\r\n".join([header, *rows]).encode("utf-8")


def test_template_defines_and_fills_a_new_indicator(regions: None) -> None:
    data = _sheet(
        "uwv_vacancies;AM14;2024;1250;;UWV;Vacatures ICT;ICT vacancies;vacatures;vacancies;CC BY 4.0",
        "uwv_vacancies;GM0344;2024;<5;gender=female;UWV;;;;;",
        "uwv_vacancies;NL01;2024;12,5;;UWV;;;;;",
    )
    report = indicator_template_import(data=data, file_name="uwv.csv")
    assert report.created == 3
    assert report.indicators_created == ["uwv_vacancies"]
    hidden = Observation.objects.get(region__code="GM0344")
    assert (hidden.suppressed, hidden.value, hidden.gender) == (True, None, "female")
    assert Observation.objects.get(region__code="NL").value == Decimal("12.5")
    again = indicator_template_import(data=data, file_name="uwv.csv")
    assert (again.created, again.unchanged) == (0, 3)


def test_template_with_a_bad_row_saves_nothing(regions: None) -> None:
    data = _sheet(
        "uwv_vacancies;AM14;2024;1250;;UWV;Vacatures ICT;ICT vacancies;vacatures;vacancies;CC BY 4.0",
        "uwv_vacancies;AM14;24;1.250,0;colour=red;UWV;;;;;",
        "kvk_firms;PV26;2024;10;;KvK;;;;;",
    )
    with pytest.raises(DataImportError) as raised:
        indicator_template_import(data=data, file_name="bad.csv")
    found = [str(p) for p in raised.value.problems]
    assert found == [
        "bad.csv, row 3, column 'year': expected a year of four digits, found \"24\"",
        'bad.csv, row 3, column \'value\': expected a number (no thousands separators), "<5" or "x", '
        'found "1.250,0"',
        "bad.csv, row 3, column 'breakdown': expected dimension=value pairs with a dimension of level, "
        'gender, programme_code, institution_code, mode, found "colour=red"',
        "bad.csv, row 4, column 'name_nl': expected a new indicator's name_nl, name_en, unit_nl, unit_en, "
        'licence on its first row (kvk_firms is not known yet), found ""',
    ]
    assert not Observation.objects.exists()
    assert not Indicator.objects.exists()


def test_template_downloads_have_every_column() -> None:
    header = template_csv().decode("utf-8-sig").split("\r\n")[0].split(";")
    assert header == [column.key for column in COLUMNS]
    workbook = load_workbook(io.BytesIO(template_xlsx()))
    assert [cell.value for cell in workbook["figures"][1]] == header
