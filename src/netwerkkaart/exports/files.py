"""One data set of one selection as a file: CSV as a stream of chunks, XLSX and ODS into a file."""

from collections.abc import Iterator
from typing import IO

from django.conf import settings
from django.utils import translation

from netwerkkaart.initiatives.selectors import InitiativeSelection

from .datasets import CSV_DELIMITERS, Dataset
from .ods import ods_write
from .writers import csv_chunks, xlsx_write


def export_csv(*, dataset: Dataset, selection: InitiativeSelection, delimiter: str) -> Iterator[bytes]:
    """The rows as CSV chunks, read and written one batch at a time while the response is sent."""
    return csv_chunks(
        columns=dataset.column_names, rows=dataset.rows_of(selection), delimiter=CSV_DELIMITERS[delimiter]
    )


def _title(dataset: Dataset) -> str:
    # In Dutch whatever the page's language: a file's bytes do not depend on who asked for it.
    with translation.override("nl"):
        return f"Netwerkkaart: {dataset.title}"


def export_write(
    *, dataset: Dataset, selection: InitiativeSelection, file_format: str, target: IO[bytes]
) -> int:
    """Writes the rows as XLSX or ODS to ``target`` (a file: both are ZIP packages, which need to seek
    back); returns the number of data rows."""
    rows = dataset.rows_of(selection)
    if file_format == "xlsx":
        return xlsx_write(
            target,
            sheet=dataset.slug,
            title=_title(dataset),
            author=settings.DATA_PUBLISHER_NAME,
            columns=dataset.column_names,
            widths=dataset.widths,
            rows=rows,
        )
    if file_format == "ods":
        return ods_write(
            target,
            sheet=dataset.slug,
            title=_title(dataset),
            columns=dataset.column_names,
            widths=dataset.widths,
            rows=rows,
        )
    raise ValueError(f"Not a spreadsheet format: {file_format}")
