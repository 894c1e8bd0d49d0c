"""The insight pages in a real browser: zero axe-core violations (WCAG 2.0/2.1 A and AA) in both
languages, one h1, no browser errors, nothing wider than a 320-pixel screen, and the method notes open
without JavaScript (a native details element)."""

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import PageProblems, Site
from .test_public_pages import LANGUAGES, WCAG_TAGS, describe
from .test_public_pages import _no_basemap as _no_basemap  # the fixture, used by name below

pytestmark = [pytest.mark.e2e, pytest.mark.django_db, pytest.mark.usefixtures("_no_basemap")]

# Zeeland (AM24) has no lifelong-learning activity in the demo data, Groot Amsterdam (AM18) many initiatives.
INSIGHT_PAGES = {
    "overview": "/inzichten",
    "overlap": "/inzichten/overlap",
    "continuity": "/inzichten/continuiteit",
    "region": "/inzichten/regio/AM18",
    "region with gaps": "/inzichten/regio/AM24",
    "national": "/inzichten/in-cijfers",
}
# Pages checked for accessibility only (the print view is laid out for paper, not for a phone).
PRINT_PAGES = {"national print": "/inzichten/in-cijfers/afdrukken"}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", [*INSIGHT_PAGES, *PRINT_PAGES, "initiative with learn from"])
def test_insight_page_has_no_accessibility_violations(
    page: Page, problems: PageProblems, site: Site, axe_source: str, name: str, language: str
) -> None:
    path = {**INSIGHT_PAGES, **PRINT_PAGES}.get(name) or _initiative_with_learn_from()
    response = page.goto(LANGUAGES[language] + path, wait_until="load")
    assert response is not None and response.status == 200
    assert page.locator("html").get_attribute("lang") == language
    expect(page.locator("h1")).to_have_count(1)
    # Open every method note, so that axe also checks what they hold.
    for summary in page.locator("details.nk-method > summary").all():
        summary.click()
    if name == "initiative with learn from":
        expect(page.locator("#learn-from-heading")).to_have_count(1)
    page.evaluate(axe_source)
    results = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    violations = results["violations"]
    assert violations == [], f"{name} ({language}) has accessibility violations:\n{describe(violations)}"
    assert problems.all() == []


def _initiative_with_learn_from() -> str:
    """The page of the first initiative (by name) with "learn from" suggestions in the demo data."""
    from netwerkkaart.insights.models import LearnFromSuggestion

    rows = LearnFromSuggestion.objects.select_related("initiative")
    row = rows.order_by("initiative__name", "rank").first()
    assert row is not None, "the demo data has no learn-from suggestion"
    return row.initiative.get_absolute_url()


@pytest.mark.parametrize("name", INSIGHT_PAGES)
def test_insight_pages_fit_a_320_pixel_wide_screen(browser: Browser, site: Site, name: str) -> None:
    context = browser.new_context(base_url=site.url, viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        page.goto(INSIGHT_PAGES[name])
        widths = page.evaluate(
            "() => ({document: document.documentElement.scrollWidth, viewport: window.innerWidth})"
        )
        assert widths["document"] <= widths["viewport"], f"{name} scrolls sideways at 320 px: {widths}"
    finally:
        context.close()


def test_the_method_note_opens_without_javascript(browser: Browser, site: Site) -> None:
    context = browser.new_context(base_url=site.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/inzichten/overlap")
        note = page.locator("details.nk-method")
        note.locator("summary").click()
        expect(note.get_by_text("dezelfde arbeidsmarktregio")).to_be_visible()
    finally:
        context.close()
