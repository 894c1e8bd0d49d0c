"""The print view and the PDF/UA of "Samenwerking in cijfers", made through the reports app's cache of
generated files (ADR 15): one file per language and format, kept until the next insights run."""

import hashlib

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from netwerkkaart.reports.profiles import PRINT_STYLESHEET
from netwerkkaart.reports.services import generated_get_or_make

from .charts import national_charts
from .models import InsightRun
from .selectors import national_figures

# Raise when the templates or charts change the files, so nothing made by the old code is served again.
RENDER_VERSION = "1"
FORMATS = ("print", "pdf")
CONTENT_TYPES = {"print": "text/html; charset=utf-8", "pdf": "application/pdf"}


def national_version(run: InsightRun) -> str:
    """The run the files are made from: a new run (new data or a new day) makes them again."""
    text = "|".join([RENDER_VERSION, str(run.pk), run.data_version, run.computed_at.isoformat()])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def national_print_html(run: InsightRun, *, for_pdf: bool = False) -> str:
    figures = national_figures(run=run)
    context = {"run": run, "figures": figures, "charts": national_charts(figures), "for_pdf": for_pdf}
    return render_to_string("insights/national_print.html", context)


def _refuse_fetch(url: str, timeout: int = 10, ssl_context: object = None) -> dict[str, object]:
    """WeasyPrint may fetch nothing: the document is self-contained (inline SVG, local font)."""
    raise ValueError(f"Not fetched while making a PDF: {url}")


def national_pdf(run: InsightRun) -> bytes:
    """The print view as a tagged PDF/UA-1 document (WeasyPrint, as the region profiles)."""
    from weasyprint import CSS, HTML  # heavy: loaded when first needed

    language = translation.get_language() or "nl"
    document = HTML(string=national_print_html(run, for_pdf=True), url_fetcher=_refuse_fetch)
    return bytes(
        document.write_pdf(
            stylesheets=[CSS(filename=finders.find(PRINT_STYLESHEET))],
            pdf_variant="pdf/ua-1",
            pdf_identifier=f"netwerkkaart-samenwerking-in-cijfers-{language}".encode(),
            uncompressed_pdf=False,
        )
    )


def national_file(run: InsightRun, kind: str) -> bytes:
    """The print view or PDF in the active language, from the cache or made now (one query when kept)."""
    if kind not in FORMATS:
        raise ValueError(f"Unknown format {kind!r}; expected one of {', '.join(FORMATS)}.")
    language = translation.get_language() or "nl"
    return generated_get_or_make(
        key=f"national:{language}:{kind}",
        version=national_version(run),
        make=lambda: national_print_html(run).encode() if kind == "print" else national_pdf(run),
    )
