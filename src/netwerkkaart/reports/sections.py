"""The profile of a region is a list of sections; each section is a list of blocks: a chart (optional)
with the table of the same figures, a source line and a note.

THE EXTENSION POINT (ADR 15). A section is produced by a *section builder*: any callable
``builder(context: ProfileContext) -> Section | None`` (None: nothing to show for this region) with an
attribute ``data_keys``, the `core.DataVersion` keys of the data it reads (downloads and cached pages
are made again when one of them changes). The builders shown, in order, are named by dotted path in the
setting ``REPORTS_PROFILE_SECTIONS``. The education figures are added by writing one builder in the
indicators app that calls its selectors and returns blocks of `Point`s whose figures have ``value``,
``suppressed_cells`` and ``lower_bound``, and appending its path to the setting. Nothing else changes:
the page, the print view, the PDF, CSV/XLSX/ODS and the cache all read sections.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from netwerkkaart.regions.models import Region

from .charts import Chart
from .figures import UNKNOWN_TEXT, Point, categories_of, figure_note, figure_text, series_of


@dataclass(frozen=True)
class Cell:
    text: str
    note: str = ""


@dataclass(frozen=True)
class TableRow:
    category: str
    cells: list[Cell]


@dataclass(frozen=True)
class Block:
    """One set of figures: a chart (None: table only) and its table, both from ``points``."""

    key: str
    title: str
    points: Sequence[Point]
    category_label: str
    unit: str = ""
    source: str = ""
    note: str = ""
    chart: Chart | None = None
    # The order of the table's columns (the series); by default as they first occur in the points.
    series_order: tuple[str, ...] = ()

    @property
    def columns(self) -> list[str]:
        return list(self.series_order) or series_of(self.points)

    @property
    def rows(self) -> list[TableRow]:
        """The table: a row per category, a column per series, each cell the figure as in the chart."""
        by_key = {(point.category, point.series): point.figure for point in self.points}
        rows = []
        for category in categories_of(self.points):
            cells = []
            for series in self.columns:
                figure = by_key.get((category, series))
                cells.append(
                    Cell(figure_text(figure, unit=self.unit), figure_note(figure))
                    if figure
                    else Cell(UNKNOWN_TEXT)
                )
            rows.append(TableRow(category=category, cells=cells))
        return rows


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    blocks: list[Block]
    introduction: str = ""


@dataclass(frozen=True)
class ProfileContext:
    """What a section builder gets: the region (the Netherlands for the national profile) and the
    Netherlands itself, for comparisons with the national figure."""

    region: Region
    country: Region | None
    # The data version the profile is made for (None: unversioned); builders may key their own
    # in-process memos on it, as `pps` does for the national figures every profile compares with.
    version: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


BuildFunction = Callable[[ProfileContext], "Section | None"]


class SectionBuilder(Protocol):
    data_keys: tuple[str, ...]

    def __call__(self, context: ProfileContext) -> Section | None: ...


def section_builder(
    *data_keys: str,
) -> Callable[[Callable[[ProfileContext], Section | None]], SectionBuilder]:
    """Marks a function as a section builder reading the data under ``data_keys``."""

    def mark(function: BuildFunction) -> SectionBuilder:
        function.data_keys = tuple(data_keys)  # type: ignore[attr-defined]
        return function  # type: ignore[return-value]

    return mark


@cache
def _builders(paths: tuple[str, ...]) -> tuple[SectionBuilder, ...]:
    return tuple(import_string(path) for path in paths)


def section_builders() -> tuple[SectionBuilder, ...]:
    return _builders(tuple(settings.REPORTS_PROFILE_SECTIONS))


def data_keys() -> list[str]:
    """Every DataVersion key the profiles depend on, without duplicates."""
    return sorted({key for builder in section_builders() for key in builder.data_keys})
