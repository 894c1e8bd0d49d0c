"""The downloadable data sets and their file formats: names, columns and where their rows come from.

The column layout is a contract with the spreadsheet import and every other reader; it is written
down in docs/data/export-format.md, and a test keeps the two in step.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import Model
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from netwerkkaart.initiatives.choices import PartnershipRole
from netwerkkaart.initiatives.models import Initiative, Partnership, YearlyFigure
from netwerkkaart.initiatives.selectors import InitiativeSelection
from netwerkkaart.organisations.models import Organisation

from .selectors import (
    TERM_COLUMNS,
    Row,
    initiative_rows,
    organisation_rows,
    partnership_rows,
    yearly_figure_rows,
)


@dataclass(frozen=True)
class FileFormat:
    extension: str
    media_type: str
    # The EU file-type authority code (DCAT-AP dct:format).
    file_type: str
    label: str


FILE_FORMATS: dict[str, FileFormat] = {
    "csv": FileFormat("csv", "text/csv", "CSV", "CSV"),
    "xlsx": FileFormat(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX", "Excel (XLSX)"
    ),
    "ods": FileFormat("ods", "application/vnd.oasis.opendocument.spreadsheet", "ODS", "OpenDocument (ODS)"),
}
# The `delimiter` parameter of a CSV download; semicolon (with decimal commas) is what Dutch
# spreadsheet programs open directly.
CSV_DELIMITERS = {"semicolon": ";", "comma": ","}
DEFAULT_CSV_DELIMITER = "semicolon"


@dataclass(frozen=True)
class Column:
    name: str
    label: str | Promise
    # Width in characters in XLSX and ODS.
    width: int = 14


@dataclass(frozen=True)
class Dataset:
    slug: str  # the file name, Dutch as every path (ADR 4); also the sheet name
    title: Promise
    description: Promise
    columns: tuple[Column, ...]
    rows: Callable[..., Iterator[Row]]

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def widths(self) -> list[int]:
        return [column.width for column in self.columns]

    def rows_of(self, selection: InitiativeSelection) -> Iterator[Row]:
        return self.rows(selection=selection)


def _field(model: type[Model], name: str, width: int = 14, *, column: str | None = None) -> Column:
    """A column that shows a model field, labelled with the field's (translated) name."""
    return Column(column or name, model._meta.get_field(name).verbose_name, width)  # type: ignore[union-attr]


_PARTNERS = _("partners")

INITIATIVES = Dataset(
    slug="initiatieven",
    title=_("Initiatives with their partners"),
    description=_(
        "Every published initiative (public-private partnership in ICT education) that matches the "
        "filters, with its regions, goals, themes, target groups and partner organisations."
    ),
    columns=(
        _field(Initiative, "slug", 30),
        _field(Initiative, "name", 36),
        _field(Initiative, "fictitious", 10),
        _field(Initiative, "summary", 40),
        _field(Initiative, "description", 60),
        _field(Initiative, "kind", 16),
        _field(Initiative, "phase", 12),
        _field(Initiative, "start_year", 10),
        _field(Initiative, "end_year", 10),
        _field(Initiative, "website", 30),
        _field(Initiative, "place", 18),
        _field(Initiative, "municipality", 12),
        _field(Initiative, "latitude", 11),
        _field(Initiative, "longitude", 11),
        Column("labour_market_regions", _("labour-market regions (derived)"), 14),
        _field(Initiative, "regions_served", 20),
        *(_field(Initiative, name, 30) for name, _model in TERM_COLUMNS),
        *(
            Column(f"partners_{role.value}", format_lazy("{}: {}", _PARTNERS, role.label), 40)
            for role in PartnershipRole
        ),
        _field(Initiative, "contact_email", 28),
        _field(Initiative, "contact_phone", 16),
        _field(Initiative, "contact_person", 20),
        _field(Initiative, "contact_person_consent_on", 12),
        _field(Initiative, "source", 30),
        _field(Initiative, "source_note", 30),
        _field(Initiative, "verified_on", 12),
    ),
    rows=initiative_rows,
)

ORGANISATIONS = Dataset(
    slug="organisaties",
    title=_("Organisations"),
    description=_(
        "The organisations that take part in those initiatives (schools, companies, governments and "
        "others), with the number of initiatives each takes part in."
    ),
    columns=(
        _field(Organisation, "slug", 30),
        _field(Organisation, "name", 36),
        _field(Organisation, "fictitious", 10),
        _field(Organisation, "kind", 18),
        _field(Organisation, "size_class", 10),
        _field(Organisation, "kvk_number", 10),
        _field(Organisation, "school_code", 10),
        _field(Organisation, "website", 30),
        _field(Organisation, "city", 18),
        _field(Organisation, "municipality", 12),
        Column("initiative_count", _("number of these initiatives it takes part in"), 10),
    ),
    rows=organisation_rows,
)

PARTNERSHIPS = Dataset(
    slug="samenwerkingen",
    title=_("Partnerships"),
    description=_("Which organisation takes part in which initiative, in which role, and in which years."),
    columns=(
        Column("initiative_slug", format_lazy("{} ({})", _("initiative"), _("slug")), 30),
        Column("initiative_name", format_lazy("{} ({})", _("initiative"), _("name")), 36),
        Column("organisation_slug", format_lazy("{} ({})", _("organisation"), _("slug")), 30),
        Column("organisation_name", format_lazy("{} ({})", _("organisation"), _("name")), 36),
        _field(Partnership, "role", 18),
        _field(Partnership, "since", 10),
        _field(Partnership, "until", 10),
        Column("fictitious", _("fictitious (the initiative or the organisation)"), 10),
    ),
    rows=partnership_rows,
)

YEARLY_FIGURES = Dataset(
    slug="jaarcijfers",
    title=_("Yearly figures"),
    description=_(
        "The figures initiatives report per year (companies and SMEs involved, students reached, "
        "teachers, participants in post-initial programmes, share of women), each with its source."
    ),
    columns=(
        Column("initiative_slug", format_lazy("{} ({})", _("initiative"), _("slug")), 30),
        Column("initiative_name", format_lazy("{} ({})", _("initiative"), _("name")), 36),
        _field(YearlyFigure, "year", 8),
        _field(YearlyFigure, "source", 30),
        _field(YearlyFigure, "companies", 10),
        _field(YearlyFigure, "smes", 10),
        _field(YearlyFigure, "students_reached", 10),
        _field(YearlyFigure, "teachers", 10),
        _field(YearlyFigure, "hybrid_teachers", 10),
        _field(YearlyFigure, "postinitial_participants", 10),
        _field(YearlyFigure, "women_share", 10),
        _field(YearlyFigure, "reported_on", 12),
        Column("fictitious", _("fictitious (the initiative)"), 10),
    ),
    rows=yearly_figure_rows,
)

DATASETS: dict[str, Dataset] = {
    dataset.slug: dataset for dataset in (INITIATIVES, ORGANISATIONS, PARTNERSHIPS, YEARLY_FIGURES)
}
