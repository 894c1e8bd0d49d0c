"""The public pages in a real browser: accessibility (axe-core, WCAG 2.0/2.1 A and AA) on every page
type in both languages, the language switch, small screens, and the home map under the CSP."""

import json
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import PageProblems, Site

# django_db: the live server reads the test database (see conftest.py).
pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LANGUAGES = {"nl": "", "en": "/en"}
PAGE_TYPES = [
    "home",
    "initiative list",
    "real initiative",
    "fictitious initiative",
    "organisation",
    "region list",
    "labour-market region",
    "province",
    "municipality",
    "country",
    "not found",
]
LABOUR_MARKET_REGIONS = 35


def open_page(page: Page, site: Site, name: str, language: str) -> None:
    path = LANGUAGES[language] + site.paths()[name]
    response = page.goto(path, wait_until="load")
    assert response is not None
    assert response.status == (404 if name == "not found" else 200), path
    if name == "home":
        # Let the map finish, so axe also checks what the script added.
        page.wait_for_selector("[data-region-map-ready]", state="attached")


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} {violation['helpUrl']}"
        )
        for node in violation["nodes"][:5]:
            lines.append(f"    {json.dumps(node['target'])}: {node['failureSummary']}")
    return "\n".join(lines)


def browser_problems(problems: PageProblems, name: str) -> list[str]:
    found = problems.all()
    if name == "not found":
        # Chromium reports the 404 status of the document itself as a console error.
        found = [problem for problem in found if "status of 404" not in problem]
    return found


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_has_no_accessibility_violations(
    page: Page, problems: PageProblems, site: Site, axe_source: str, name: str, language: str
) -> None:
    open_page(page, site, name, language)

    assert page.locator("html").get_attribute("lang") == language
    expect(page.locator("h1")).to_have_count(1)
    # The script is evaluated by the browser's debugger protocol, which the page's CSP does not govern.
    page.evaluate(axe_source)
    results = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )

    violations = results["violations"]
    assert violations == [], f"{name} ({language}) has accessibility violations:\n{describe(violations)}"
    assert browser_problems(problems, name) == []


@pytest.mark.parametrize("name", ["real initiative", "labour-market region", "not found"])
def test_language_switch_opens_the_same_page_in_the_other_language(page: Page, site: Site, name: str) -> None:
    path = site.paths()[name]
    page.goto(path)
    heading = page.locator("h1").inner_text()

    page.get_by_role("button", name="English").click()
    page.wait_for_url(f"**/en{path}")
    assert page.locator("html").get_attribute("lang") == "en"
    if name != "not found":
        # Names of initiatives and regions are not translated.
        assert page.locator("h1").inner_text() == heading

    page.get_by_role("button", name="Nederlands").click()
    page.wait_for_url(f"{site.url}{path}")
    assert page.locator("html").get_attribute("lang") == "nl"


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_pages_fit_a_320_pixel_wide_screen(browser: Browser, site: Site, name: str) -> None:
    context = browser.new_context(base_url=site.url, viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        page.goto(site.paths()[name], wait_until="load")
        widths = page.evaluate(
            "() => ({document: document.documentElement.scrollWidth, viewport: window.innerWidth})"
        )
        assert widths["document"] <= widths["viewport"], f"{name} scrolls sideways at 320 px: {widths}"
    finally:
        context.close()


def test_home_map_draws_the_labour_market_regions_without_errors(
    page: Page, problems: PageProblems, site: Site
) -> None:
    page.goto("/")
    page.wait_for_selector("[data-region-map-ready]", state="attached")

    figure = page.locator("figure[data-region-map]")
    expect(figure).to_be_visible()
    shapes = page.locator("path.nk-map__region")
    expect(shapes).to_have_count(LABOUR_MARKET_REGIONS)
    # Shaded by count: more than one step is used, and the steps match the legend.
    steps = set(
        page.eval_on_selector_all(
            "path.nk-map__region",
            "paths => paths.map(p => [...p.classList].find(c => c.startsWith('nk-map-step-')))",
        )
    )
    assert len(steps) > 1, steps
    assert steps <= {f"nk-map-step-{step}" for step in range(6)}
    # No basemap: nothing but our own origin was asked for.
    requested = page.evaluate("performance.getEntriesByType('resource').map(r => r.name)")
    assert all(url.startswith(site.url) for url in requested), requested
    assert page.locator(".leaflet-tile").count() == 0
    assert problems.all() == []


def test_clicking_a_region_on_the_map_opens_its_page(page: Page, site: Site) -> None:
    page.goto("/en/")
    page.wait_for_selector("[data-region-map-ready]", state="attached")

    page.locator("path.nk-map__region").first.dispatch_event("click")

    page.wait_for_url("**/en/regio/AM*")
    assert page.locator("html").get_attribute("lang") == "en"


def test_without_javascript_the_map_stays_hidden_and_the_table_remains(browser: Browser, site: Site) -> None:
    context = browser.new_context(base_url=site.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/")
        expect(page.locator("figure[data-region-map]")).to_be_hidden()
        rows = page.locator("table:has(caption#region-counts-caption) tbody tr")
        expect(rows).to_have_count(LABOUR_MARKET_REGIONS)
    finally:
        context.close()


def test_skip_link_moves_focus_to_the_main_content(page: Page, site: Site) -> None:
    page.goto("/initiatieven")

    page.keyboard.press("Tab")
    skip = page.locator(".nk-skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "main-content"


def test_forced_colours_keep_boxes_and_labels_visible(page: Page, site: Site) -> None:
    page.goto("/")
    figure_box = page.locator(".nk-figures__item").first
    assert figure_box.evaluate("el => getComputedStyle(el).borderTopStyle") == "none"

    page.emulate_media(forced_colors="active")

    # Backgrounds are dropped in forced colours, so boxes and labels get a border instead.
    assert figure_box.evaluate("el => getComputedStyle(el).borderTopStyle") == "solid"
    page.goto(site.paths()["fictitious initiative"])
    badge = page.locator(".nk-notice .nk-badge--fictitious")
    assert badge.evaluate("el => getComputedStyle(el).borderTopStyle") == "solid"
