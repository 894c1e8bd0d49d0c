"""The hand-made country of the page tests (`world`), and readers for what the exports write."""

import csv
import io
import zipfile
from collections.abc import Callable
from datetime import date
from typing import Any
from xml.etree import ElementTree

import openpyxl
import pytest
from django.test import Client

from netwerkkaart.web.tests.conftest import World, world  # noqa: F401 - the fixture, for this package

ODF = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


def _odf(prefix: str, name: str) -> str:
    return f"{{{ODF[prefix]}}}{name}"


def odf_text(paragraph: ElementTree.Element) -> str:
    """The text of a <text:p> as an ODF reader sees it: <text:s c="n"/> is n spaces, <text:tab/> a tab."""
    parts = [paragraph.text or ""]
    for child in paragraph:
        if child.tag == _odf("text", "s"):
            parts.append(" " * int(child.get(_odf("text", "c"), "1")))
        elif child.tag == _odf("text", "tab"):
            parts.append("\t")
        elif child.tag == _odf("text", "line-break"):
            parts.append("\n")
        parts.append(child.tail or "")
    return "".join(parts)


def ods_cell(cell: ElementTree.Element) -> Any:
    kind = cell.get(_odf("office", "value-type"))
    if kind is None:
        return None
    if kind == "string":
        return "\n".join(odf_text(paragraph) for paragraph in cell.findall("text:p", ODF))
    if kind == "float":
        number = float(cell.get(_odf("office", "value"), "nan"))
        return int(number) if number.is_integer() else number
    if kind == "boolean":
        return cell.get(_odf("office", "boolean-value")) == "true"
    if kind == "date":
        return date.fromisoformat(cell.get(_odf("office", "date-value"), ""))
    raise AssertionError(f"unexpected value type {kind}")


def ods_content(data: bytes) -> ElementTree.Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return ElementTree.fromstring(package.read("content.xml"))  # noqa: S314 - our own output


def ods_rows(data: bytes) -> list[list[Any]]:
    """Every row of the only sheet, the header row first, with typed values."""
    table = ods_content(data).find(".//table:table", ODF)
    assert table is not None
    return [
        [ods_cell(cell) for cell in row.findall("table:table-cell", ODF)]
        for row in table.iter(_odf("table", "table-row"))
    ]


def xlsx_rows(data: bytes) -> list[list[Any]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def csv_rows(data: bytes, delimiter: str = ";") -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "a CSV download starts with the UTF-8 byte order mark"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def download(client: Client) -> Callable[..., bytes]:
    """GETs a download (``path`` under /downloads/, with a query string) and returns its bytes."""

    def get(path: str, query: str = "") -> bytes:
        response = client.get(f"/downloads/{path}" + (f"?{query}" if query else ""))
        assert response.status_code == 200, response
        return body(response)

    return get
