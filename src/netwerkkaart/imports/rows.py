"""One row of the sheet as the planning reads it: its cells by column, and what they parse to."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils.translation import gettext as _

from netwerkkaart.core.errors import ImportProblem
from netwerkkaart.initiatives.models import Initiative
from netwerkkaart.regions.models import Region

from .columns import Layout, SheetColumn
from .reading.sheet import RefusedCell, SheetRow, column_letter
from .values import CellError


@dataclass
class RowCells:
    """One row's cells by column key, with helpers that record problems by header."""

    file: str
    row: SheetRow
    layout: Layout
    problems: list[ImportProblem]
    values: dict[str, str] = field(default_factory=dict)
    partner_cells: list[tuple[SheetColumn, str]] = field(default_factory=list)
    malformed: bool = False  # the row cannot be split into the header's columns
    failed: set[str] = field(default_factory=set)  # columns whose cell was refused

    def has(self, key: str) -> bool:
        return self.layout.has(key)

    def header(self, key: str) -> str:
        return self.layout.header_of(key)

    def problem(self, key: str | None, message: str) -> None:
        column = self.header(key) if key else None
        self.problems.append(ImportProblem(self.file, message, row=self.row.number, column=column))

    def get(self, key: str) -> str:
        return self.values.get(key, "")

    def parse(self, key: str, parser: Callable[[str], Any]) -> Any:
        """The parsed value of a present column (None on a problem, which is recorded)."""
        try:
            return parser(self.get(key))
        except CellError as error:
            self.problem(key, str(error))
            self.failed.add(key)
            return None


def cells_collect(file: str, row: SheetRow, layout: Layout, *, is_csv: bool) -> RowCells:
    cells = RowCells(file, row, layout, [])
    by_index = {column.index: column for column in layout.columns}
    extra = [value for value in row.cells[layout.width :] if not isinstance(value, str) or value.strip()]
    if is_csv and extra:
        cells.problems.append(
            ImportProblem(
                file,
                _(
                    "The row has %(found)d values where the header has %(expected)d columns: a value that "
                    "holds the separator (comma or semicolon) must be enclosed in double quotes."
                )
                % {"found": len(row.cells), "expected": layout.width},
                row=row.number,
            )
        )
        cells.malformed = True
        return cells
    needed = max((column.index + 1 for column in layout.columns), default=0)
    if is_csv and len(row.cells) < needed:
        cells.problems.append(
            ImportProblem(
                file,
                _(
                    "The row has %(found)d values where the header has %(expected)d columns: was it saved "
                    "with another separator, or is a line break missing its quotes?"
                )
                % {"found": len(row.cells), "expected": layout.width},
                row=row.number,
            )
        )
        cells.malformed = True
        return cells
    for index, value in enumerate(row.cells):
        column = by_index.get(index)
        if isinstance(value, RefusedCell):
            header = column.header if column else column_letter(index)
            cells.problems.append(ImportProblem(file, value.reason, row=row.number, column=header))
            continue
        if column is None:
            if value.strip() and index not in layout.ignored_indexes:
                cells.problems.append(
                    ImportProblem(
                        file,
                        _("This cell has a value but its column has no header; add a header or remove it."),
                        row=row.number,
                        column=column_letter(index),
                    )
                )
            continue
        if column.key in layout.partner_keys:
            cells.partner_cells.append((column, value))
        else:
            cells.values[column.key] = value
    return cells


def website_parse(text: str) -> str:
    text = text.strip()
    if text and "://" not in text and "." in text and " " not in text:
        return "https://" + text
    return text


def slug_parse(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    try:
        validate_slug(text)
    except ValidationError as error:
        raise CellError(
            _("'%(value)s' is not a slug: only lower-case letters, digits and hyphens.") % {"value": text}
        ) from error
    if len(text) > (Initiative._meta.get_field("slug").max_length or 220):
        raise CellError(_("The slug is too long."))
    return text


def id_parse(text: str) -> int | None:
    text = text.strip().removesuffix(".0")
    if not text:
        return None
    if not text.isdigit():
        raise CellError(_("'%(value)s' is not an id number.") % {"value": text})
    return int(text)


@dataclass
class ParsedRow:
    row: SheetRow
    cells: RowCells
    name: str = ""
    id: int | None = None
    slug: str = ""
    status: str | None = None
    fictitious: bool = False
    published_at: datetime | None = None
    values: dict[str, Any] = field(default_factory=dict)
    regions_served: list[Region] | None = None  # None: no column
    notes: list[str] = field(default_factory=list)
    organisations_created: list[str] = field(default_factory=list)
