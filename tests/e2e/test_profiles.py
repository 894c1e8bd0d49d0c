"""Region profiles and the comparison page in a real browser: accessibility (axe-core, WCAG 2.0/2.1 A
and AA) in both languages, no CSP violations from the inline SVG charts, small screens, and the
comparison form without JavaScript."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django import DjangoDbBlocker

from .conftest import PageProblems, Site
from .test_public_pages import LANGUAGES, WCAG_TAGS, describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

PAGES = {
    "national profile": "/regio/NL/profiel",
    "province profile": "/regio/PV28/profiel",
    "labour-market region profile": "/regio/AM22/profiel",
    "comparison, empty": "/regio/vergelijken",
    "comparison of three regions": "/regio/vergelijken?regio=AM22&regio=PV28&regio=NL",
    "printable profile": "/regio/AM22/profiel/afdrukken",
}


@pytest.fixture(scope="module", autouse=True)
def _profiles_made(site: Site, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """The profiles these tests visit made ahead, as `manage.py profiles_generate` does after an import:
    the first build of the national profile can take longer than a page load may on a busy test machine."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("profiles_generate", formats="html,print", regions="NL,PV28,AM22", verbosity=0)
    yield


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_profile_pages_have_no_accessibility_violations(
    page: Page, problems: PageProblems, site: Site, axe_source: str, name: str, language: str
) -> None:
    response = page.goto(LANGUAGES[language] + PAGES[name], wait_until="load")
    assert response is not None and response.status == 200

    assert page.locator("html").get_attribute("lang") == language
    expect(page.locator("h1")).to_have_count(1)
    charts = page.locator("svg[role='img']")
    assert charts.count() >= 1  # the comparison page always has the map
    # Every chart is named and described, and a table with the same title follows it.
    for position in range(charts.count()):
        chart = charts.nth(position)
        assert chart.get_attribute("aria-labelledby") and chart.get_attribute("aria-describedby")
    page.evaluate(axe_source)
    results = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    violations = results["violations"]
    assert violations == [], f"{name} ({language}) has accessibility violations:\n{describe(violations)}"
    assert problems.all() == []


EDUCATION_PAGES = {
    "national profile": ("/regio/NL/profiel", {"nl": "ten minste 448.296", "en": "at least 448,296"}),
    "labour-market region profile": ("/regio/AM22/profiel", {"nl": "Bron: DUO", "en": "Source: DUO"}),
    "comparison of three regions": (
        "/regio/vergelijken?regio=AM22&regio=PV28&regio=NL",
        {"nl": "ten minste 448.296", "en": "at least 448,296"},
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", EDUCATION_PAGES)
def test_the_education_section_is_shown_with_its_figures_and_charts(
    page: Page, site: Site, name: str, language: str
) -> None:
    """The DUO file the e2e data imports reaches the pages (their axe check is the test above)."""
    path, expected = EDUCATION_PAGES[name]
    page.goto(LANGUAGES[language] + path, wait_until="load")
    section = page.locator("#section-education-heading, #compare-section-education-heading")
    expect(section).to_have_count(1)
    expect(page.locator("main")).to_contain_text(expected[language])
    assert (
        page.locator(
            "svg[role='img'][aria-labelledby^='chart-education'], "
            "svg[role='img'][aria-labelledby^='chart-compare-education']"
        ).count()
        >= 1
    )


@pytest.mark.parametrize("name", ["national profile", "comparison of three regions"])
def test_profile_pages_fit_a_320_pixel_wide_screen(browser: Browser, site: Site, name: str) -> None:
    context = browser.new_context(base_url=site.url, viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        page.goto(PAGES[name])
        widths = page.evaluate(
            "() => ({document: document.documentElement.scrollWidth, viewport: window.innerWidth})"
        )
        assert widths["document"] <= widths["viewport"], f"{name} scrolls sideways at 320 px: {widths}"
    finally:
        context.close()


def test_regions_are_compared_by_ticking_boxes_without_javascript(browser: Browser, site: Site) -> None:
    context = browser.new_context(base_url=site.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/en/regio/vergelijken")
        page.get_by_label("Rijnmond", exact=True).check()
        page.get_by_label("Zuid-Holland", exact=True).check()
        page.get_by_role("button", name="Compare").click()
        page.wait_for_url("**/en/regio/vergelijken?regio=*")
        expect(page.get_by_role("heading", name="Side by side")).to_be_visible()
        table = page.get_by_role("table", name="Key figures", exact=True)
        expect(table.get_by_role("columnheader", name="Rijnmond", exact=True)).to_be_visible()
        expect(table.get_by_role("columnheader", name="Zuid-Holland", exact=True)).to_be_visible()
    finally:
        context.close()


def test_the_profile_is_reached_from_the_region_page(page: Page, site: Site) -> None:
    page.goto("/en/regio/AM22")
    page.get_by_role("link", name="Region profile of Rijnmond: figures, charts and downloads").click()
    page.wait_for_url("**/en/regio/AM22/profiel")
    expect(page.locator("h1")).to_have_text("Region profile Rijnmond")
    expect(page.get_by_role("link", name="Accessible PDF (PDF/UA)")).to_be_visible()
