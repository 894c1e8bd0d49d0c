"""What every reader returns: the rows of one sheet as text cells, numbered as the user sees them."""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class RefusedCell:
    """A cell whose content is not taken: a formula, an error value. ``reason`` says why."""

    reason: str
    text: str = ""


CellValue = str | RefusedCell


@dataclass(frozen=True)
class SheetRow:
    number: int  # as the user sees it: the first row of the sheet is 1
    cells: tuple[CellValue, ...]

    def is_empty(self) -> bool:
        return all(isinstance(cell, str) and not cell.strip() for cell in self.cells)


@dataclass
class Sheet:
    file: str
    format: str
    rows: list[SheetRow] = field(default_factory=list)
    # How the file was read (encoding, separator, sheet), for the report.
    notes: list[str] = field(default_factory=list)


# Spreadsheet programs run text that starts with these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@")
# What the export (docs/data/export-format.md) protects with one extra leading apostrophe.
_ESCAPED_START = ("=", "+", "-", "@", "\t", "\r")
# "+31 20 123 4567", "-4.5", "-": a sign before a number or phone number is not a formula.
_SIGNED_NUMBER = re.compile(r"^[+-](?:[\d\s().,/-]*\d[\d\s().,/-]*)?$")


def text_cell(text: str) -> CellValue:
    """A text cell of a CSV file (or a text cell of a workbook) as the import takes it.

    A leading apostrophe marks text that would otherwise start a formula ("'=A1" is the text
    "=A1"): it is removed. Text that starts like a formula without one is refused, never evaluated.
    """
    if _is_escaped(text):
        return text[1:]
    stripped = text.strip()
    if stripped[:1] in _FORMULA_START and not _SIGNED_NUMBER.match(stripped):
        return RefusedCell(
            _(
                "The text '%(text)s' starts with '%(sign)s', which spreadsheet programs run as a "
                "formula; formulas are never evaluated. Put an apostrophe before it (') when it is "
                "meant as text."
            )
            % {"text": _shorten(stripped), "sign": stripped[0]},
            text=stripped,
        )
    return text


def formula_cell(formula: str) -> RefusedCell:
    return RefusedCell(
        _(
            "This cell holds a formula (%(formula)s); formulas are never evaluated. Replace it with "
            "its value (copy, then paste as values)."
        )
        % {"formula": _shorten(formula)},
        text=formula,
    )


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def column_letter(index: int) -> str:
    """The spreadsheet name of the column at ``index`` (0 is A, 26 is AA)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def workbook_text(text: str) -> str:
    """A text cell of a workbook: it is text (a formula cell has another type), so only the
    apostrophe that some exports put before text starting like a formula is removed."""
    return text[1:] if _is_escaped(text) else text


def _is_escaped(text: str) -> bool:
    """Whether the text carries the export's apostrophe: after all leading apostrophes it starts
    like a formula ("'=1+1", "''=x"), so exactly one apostrophe is removed ("'s-Hertogenbosch" stays)."""
    return text[:1] == "'" and text.lstrip("'")[:1] in _ESCAPED_START
