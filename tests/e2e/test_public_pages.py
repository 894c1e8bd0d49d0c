"""The public pages in a real browser: accessibility (axe-core, WCAG 2.0/2.1 A and AA) on every page
type in both languages, the language switch, small screens, forced colours, the home map under the CSP,
and an initiative's yearly figures and location map."""

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, expect
from pytest_django import DjangoDbBlocker

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
    "initiative with figures and map",
    "downloads",
    "filtered downloads",
    "import help",
]
LABOUR_MARKET_REGIONS = 35
# Each map's script marks its root when it has drawn, so that a check sees what the script added.
MAP_READY = {
    "home": "[data-region-map-ready]",
    "map": "[data-cluster-map-ready]",
    "initiative with figures and map": "[data-location-map-ready]",
}


@pytest.fixture(autouse=True)
def _no_basemap() -> Iterator[None]:
    """The live server runs in this process, so the setting reaches it: no tile may leave the machine."""
    tile_url = settings.BASEMAP_TILE_URL
    settings.BASEMAP_TILE_URL = ""
    yield
    settings.BASEMAP_TILE_URL = tile_url


@pytest.fixture(scope="module")
def mapped_initiative(site: Site, django_db_blocker: DjangoDbBlocker) -> Iterator[str]:
    """A published initiative with yearly figures and coordinates, given a further location for the map."""
    from django.db.models import Count

    from netwerkkaart.initiatives.models import Initiative, InitiativeLocation

    with django_db_blocker.unblock():
        initiative = (
            Initiative.objects.published()
            .filter(latitude__isnull=False, longitude__isnull=False)
            .annotate(figures=Count("yearly_figures"))
            .filter(figures__gt=0)
            .order_by("-figures", "name")
            .first()
        )
        assert initiative is not None, "the demo data has no initiative with figures and a location"
        assert initiative.latitude is not None and initiative.longitude is not None
        location = InitiativeLocation.objects.create(
            initiative=initiative,
            name="Werkplaats voor de e2e-tests",
            place="Elders",
            latitude=initiative.latitude + 0.05,
            longitude=initiative.longitude + 0.08,
        )
    yield initiative.slug
    with django_db_blocker.unblock():
        location.delete()


def paths_of(site: Site, mapped_initiative: str) -> dict[str, str]:
    return {
        **site.paths(),
        "map": "/kaart",
        "initiative with figures and map": f"/initiatieven/{mapped_initiative}",
    }


def open_page(page: Page, site: Site, name: str, language: str, mapped_initiative: str = "") -> None:
    path = LANGUAGES[language] + paths_of(site, mapped_initiative)[name]
    response = page.goto(path, wait_until="load")
    assert response is not None
    assert response.status == (404 if name == "not found" else 200), path
    if name in MAP_READY:
        # Let the map finish, so axe also checks what the script added.
        page.wait_for_selector(MAP_READY[name], state="attached")


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
    page: Page,
    problems: PageProblems,
    site: Site,
    axe_source: str,
    mapped_initiative: str,
    name: str,
    language: str,
) -> None:
    open_page(page, site, name, language, mapped_initiative)

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


@pytest.mark.parametrize("name", [*PAGE_TYPES, "map"])
def test_pages_fit_a_320_pixel_wide_screen(
    browser: Browser, site: Site, mapped_initiative: str, name: str
) -> None:
    context = browser.new_context(base_url=site.url, viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        open_page(page, site, name, "nl", mapped_initiative)
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


def test_initiative_page_shows_figures_as_table_and_charts_and_locations_on_a_map(
    page: Page, problems: PageProblems, site: Site, mapped_initiative: str
) -> None:
    open_page(page, site, "initiative with figures and map", "en", mapped_initiative)

    expect(page.locator("#figures-table tbody tr").first).to_be_visible()
    charts = page.locator("svg.nk-chart__svg[role=img]")
    assert charts.count() >= 1
    assert charts.first.get_attribute("aria-labelledby")
    expect(page.locator("figure[data-location-map]")).to_be_visible()
    # Both locations of the list are on the map; no basemap, so nothing from other origins.
    expect(page.locator("path.nk-location-marker")).to_have_count(2)
    expect(page.locator(".leaflet-tooltip", has_text="Werkplaats voor de e2e-tests")).to_be_visible()
    requested = page.evaluate("performance.getEntriesByType('resource').map(r => r.name)")
    assert all(url.startswith(site.url) for url in requested), requested
    assert problems.all() == []


def test_keyboard_users_tab_past_the_location_map(page: Page, site: Site, mapped_initiative: str) -> None:
    open_page(page, site, "initiative with figures and map", "en", mapped_initiative)
    canvas = page.locator("[data-location-map-canvas]")
    assert canvas.get_attribute("tabindex") is None, "the map itself takes no focus"

    page.locator("[data-location-list] a").last.focus()
    inside_map = []
    for _ in range(6):
        page.keyboard.press("Tab")
        inside_map.append(page.evaluate("!!document.activeElement.closest('[data-location-map]')"))
        if inside_map[-1] is False and len(inside_map) > 1:
            break

    assert inside_map[:2] == [True, True], "the zoom buttons come next"
    assert inside_map[-1] is False, f"focus stays in the map: {inside_map}"
    assert page.evaluate("!!document.activeElement.closest('section[aria-labelledby=partners-heading]')")


@pytest.mark.parametrize("name", ["home", "initiative list", "initiative with figures and map"])
def test_forced_colours_keep_the_focus_ring(
    page: Page, site: Site, mapped_initiative: str, name: str
) -> None:
    page.emulate_media(forced_colors="active")
    open_page(page, site, name, "nl", mapped_initiative)
    assert page.evaluate("matchMedia('(forced-colors: active)').matches")

    # A key press first, so that the browser shows focus as for keyboard users (:focus-visible).
    page.keyboard.press("Tab")
    for selector in ("main a[href]", "header a[href]"):
        link = page.locator(selector).first
        link.focus()
        style = link.evaluate(
            "el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth]; }"
        )
        assert style[0] != "none" and style[1] != "0px", (selector, style)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_api_documentation_has_no_accessibility_violations(
    page: Page, problems: PageProblems, site: Site, axe_source: str, language: str
) -> None:
    """The API docs live outside the translated paths (/api/v1/docs?lang=...)."""
    response = page.goto(f"{site.url}/api/v1/docs?lang={language}", wait_until="load")

    assert response is not None and response.status == 200
    assert page.locator("html").get_attribute("lang") == language
    expect(page.locator("h1")).to_have_count(1)
    page.evaluate(axe_source)
    results = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    assert results["violations"] == [], describe(results["violations"])
    assert browser_problems(problems, "api docs") == []
