"""The public page that explains the import, and the templates to download (Dutch and English)."""

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from netwerkkaart.imports.columns import layout_find
from netwerkkaart.imports.reading.detect import sheet_read
from netwerkkaart.imports.services import initiatives_import
from netwerkkaart.imports.template import template_columns

pytestmark = pytest.mark.django_db


def test_the_help_page_in_dutch_and_english(client: Client) -> None:
    dutch = client.get("/importeren")
    english = client.get("/en/importeren")
    assert dutch.status_code == english.status_code == 200
    assert b'<html lang="nl"' in dutch.content
    assert b'<html lang="en"' in english.content
    assert b"penvoerder" in dutch.content
    assert b"lead applicant" in english.content
    for response in (dutch, english):
        assert b"<script>" not in response.content
        assert b"style=" not in response.content
        assert b"/importeren/sjabloon.xlsx" in response.content


def test_the_csv_template_has_the_headers_of_the_language(client: Client) -> None:
    dutch = client.get("/importeren/sjabloon.csv")
    english = client.get("/en/importeren/sjabloon.csv")
    assert dutch["Content-Disposition"] == 'attachment; filename="netwerkkaart-importsjabloon.csv"'
    assert dutch.content.startswith(b"\xef\xbb\xbfnaam;slug;soort;")
    assert english.content.startswith(b"\xef\xbb\xbfname,slug,kind,")


@pytest.mark.parametrize("path", ["/importeren/sjabloon.xlsx", "/en/importeren/sjabloon.xlsx"])
def test_the_xlsx_template_is_read_back_by_the_import(client: Client, path: str) -> None:
    data = client.get(path).content
    workbook = load_workbook(io.BytesIO(data))
    assert len(workbook.worksheets) == 2
    sheet = sheet_read(data=data, file="sjabloon.xlsx")
    layout, problems = layout_find(sheet)
    assert layout is not None and not problems
    assert not layout.ignored
    assert [column.key for column in layout.columns] == [column.key for column in template_columns()]


def test_a_filled_in_template_imports(client: Client, regions) -> None:
    data = client.get("/importeren/sjabloon.csv").content.rstrip(b"\r\n")
    columns = [column.key for column in template_columns()]
    values = {"name": "IT Campus Rotterdam", "municipality": "GM0599", "themes": "Cybersecurity"}
    data += b"\r\n" + ";".join(values.get(key, "") for key in columns).encode() + b"\r\n"
    report = initiatives_import(data=data, file_name="sjabloon.csv")
    assert report.counts["created"] == 1
