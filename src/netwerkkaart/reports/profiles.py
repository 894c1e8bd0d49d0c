"""A region's profile: its sections, and every form it is served in (page body, print view, PDF, CSV,
XLSX, ODS), each made once per data version and language and kept (`services.generated_get_or_make`)."""

import io
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from netwerkkaart.exports.ods import ods_write
from netwerkkaart.exports.selectors import Cell
from netwerkkaart.exports.writers import csv_chunks, xlsx_write
from netwerkkaart.regions.models import Region

from .figures import figure_text, is_suppressed
from .sections import ProfileContext, Section, section_builders
from .selectors import country_get
from .services import generated_get_or_make, profile_version

FORMATS = ("html", "print", "pdf", "csv", "xlsx", "ods")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "print": "text/html; charset=utf-8",
}
PRINT_STYLESHEET = "reports/print.css"


@dataclass(frozen=True)
class Profile:
    region: Region
    sections: list[Section]
    language: str

    @property
    def title(self) -> str:
        return gettext("Region profile %(name)s") % {"name": self.region.name}


def profile_build(region: Region, *, version: str | None = None) -> Profile:
    """The sections of ``region``'s profile in the current language (not cached: see `profile_file`)."""
    context = ProfileContext(region=region, country=country_get(), version=version)
    sections = [section for builder in section_builders() if (section := builder(context)) is not None]
    return Profile(region=region, sections=sections, language=translation.get_language() or "nl")


# --- the figures as rows (CSV, XLSX, ODS) ------------------------------------------------------------
def figure_columns() -> list[str]:
    return [
        gettext("section"),
        gettext("table"),
        gettext("category"),
        gettext("series"),
        gettext("value"),
        gettext("at least"),
        gettext("suppressed cells"),
        gettext("as shown"),
        gettext("unit"),
        gettext("source"),
    ]


FIGURE_WIDTHS = (24, 36, 36, 24, 12, 10, 12, 20, 6, 60)


def figure_rows(profile: Profile) -> Iterator[Sequence[Cell]]:
    """One row per figure. A suppressed figure has no value (never a number), "<5" as shown; a lower
    bound has its value, "at least" true and the number of suppressed cells it leaves out."""
    for section in profile.sections:
        for block in section.blocks:
            for point in block.points:
                figure = point.figure
                value: Cell = None if is_suppressed(figure) or figure.value is None else figure.value
                if isinstance(value, Decimal):
                    value = float(value)
                yield (
                    section.title,
                    block.title,
                    point.category,
                    point.series,
                    value,
                    bool(figure.lower_bound),
                    int(figure.suppressed_cells),
                    figure_text(figure, unit=block.unit),
                    block.unit,
                    block.source,
                )


def _csv(profile: Profile) -> bytes:
    return b"".join(csv_chunks(columns=figure_columns(), rows=figure_rows(profile), delimiter=";"))


def _xlsx(profile: Profile) -> bytes:
    target = io.BytesIO()
    xlsx_write(
        target,
        sheet=gettext("Figures"),
        title=profile.title,
        author="Netwerkkaart",
        columns=figure_columns(),
        widths=FIGURE_WIDTHS,
        rows=figure_rows(profile),
    )
    return target.getvalue()


def _ods(profile: Profile) -> bytes:
    target = io.BytesIO()
    ods_write(
        target,
        sheet=gettext("Figures"),
        title=profile.title,
        columns=figure_columns(),
        widths=FIGURE_WIDTHS,
        rows=figure_rows(profile),
    )
    return target.getvalue()


# --- pages and the PDF -----------------------------------------------------------------------------
def _body(profile: Profile) -> bytes:
    return render_to_string("reports/includes/profile_body.html", {"profile": profile}).encode()


def print_html(profile: Profile, *, for_pdf: bool = False) -> str:
    return render_to_string("reports/print.html", {"profile": profile, "for_pdf": for_pdf})


def _refuse_fetch(url: str, timeout: int = 10, ssl_context: object = None) -> dict[str, object]:
    """WeasyPrint may fetch nothing: the document is self-contained (inline SVG, local font)."""
    raise ValueError(f"Not fetched while making a PDF: {url}")


def pdf_of(profile: Profile) -> bytes:
    """The print view as a tagged PDF/UA-1 document: structure tree, /Lang, title, embedded fonts."""
    from weasyprint import CSS, HTML  # heavy: loaded when first needed

    stylesheet = finders.find(PRINT_STYLESHEET)
    document = HTML(string=print_html(profile, for_pdf=True), url_fetcher=_refuse_fetch)
    return bytes(
        document.write_pdf(
            stylesheets=[CSS(filename=stylesheet)],
            pdf_variant="pdf/ua-1",
            pdf_identifier=f"netwerkkaart-profile-{profile.region.code}-{profile.language}".encode(),
            uncompressed_pdf=False,
        )
    )


_MAKERS = {
    "html": _body,
    "print": lambda profile: print_html(profile).encode(),
    "pdf": pdf_of,
    "csv": _csv,
    "xlsx": _xlsx,
    "ods": _ods,
}


# The profiles built last in this process, so that the formats of one profile share one build (the
# charts are most of its cost); keyed by data version, so a change of data is never served from here.
_BUILT: OrderedDict[tuple[str, str, str], Profile] = OrderedDict()
_BUILT_SIZE = 8
_built_lock = threading.Lock()


def _profile_of_version(region: Region, version: str | None) -> Profile:
    if version is None:
        return profile_build(region)
    key = (region.code, translation.get_language() or "nl", version)
    with _built_lock:
        if key in _BUILT:
            _BUILT.move_to_end(key)
            return _BUILT[key]
    profile = profile_build(region, version=version)
    with _built_lock:
        _BUILT[key] = profile
        while len(_BUILT) > _BUILT_SIZE:
            _BUILT.popitem(last=False)
    return profile


def profile_file(region: Region, kind: str) -> bytes:
    """One form of ``region``'s profile in the current language, made once per data version."""
    if kind not in _MAKERS:
        raise ValueError(f"Unknown profile format {kind!r}; expected one of {', '.join(FORMATS)}.")
    language = translation.get_language() or "nl"
    version = profile_version()
    return generated_get_or_make(
        key=f"profile:{region.code}:{language}:{kind}",
        version=version,
        make=lambda: _MAKERS[kind](_profile_of_version(region, version)),
    )
