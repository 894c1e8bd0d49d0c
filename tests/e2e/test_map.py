"""The map of initiatives and its embeddable version in a real browser: clusters drawn under the CSP,
nothing requested from other origins (no basemap in tests), axe-core in both languages, keyboard use, and
the way to the list without JavaScript."""

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, expect

from .conftest import PageProblems, Site
from .test_public_pages import WCAG_TAGS, describe

# django_db: the live server reads the test database (see conftest.py).
pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

MAP_PATHS = {"map": "/kaart", "embed": "/embed/kaart"}
LANGUAGES = {"nl": "", "en": "/en"}


@pytest.fixture(autouse=True)
def _no_basemap() -> Iterator[None]:
    """The live server runs in this process, so the setting reaches it: no tile may leave the machine."""
    tile_url = settings.BASEMAP_TILE_URL
    settings.BASEMAP_TILE_URL = ""
    yield
    settings.BASEMAP_TILE_URL = tile_url


def open_map(page: Page, path: str) -> None:
    response = page.goto(path, wait_until="load")
    assert response is not None and response.status == 200, path
    page.wait_for_selector("[data-cluster-map-ready]", state="attached")


def markers(page: Page) -> Any:
    return page.locator(".nk-marker")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", MAP_PATHS)
def test_map_pages_have_no_accessibility_violations(
    page: Page, problems: PageProblems, site: Site, axe_source: str, name: str, language: str
) -> None:
    open_map(page, LANGUAGES[language] + MAP_PATHS[name])

    assert page.locator("html").get_attribute("lang") == language
    expect(page.locator("h1")).to_have_count(1)
    page.evaluate(axe_source)
    results = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    violations = results["violations"]
    assert violations == [], f"{name} ({language}) has accessibility violations:\n{describe(violations)}"
    assert problems.all() == []


@pytest.mark.parametrize("name", MAP_PATHS)
def test_the_map_draws_clusters_from_this_site_only(
    page: Page, problems: PageProblems, site: Site, name: str
) -> None:
    open_map(page, MAP_PATHS[name])

    expect(page.locator("[data-cluster-map-canvas]")).to_be_visible()
    assert markers(page).count() > 0
    shown = (
        sum(
            int(text.replace(".", "").replace(",", ""))
            for text in page.locator(".nk-marker--cluster").all_inner_texts()
        )
        + page.locator(".nk-marker--single").count()
    )
    status = page.locator("[data-cluster-map-status]").inner_text()
    assert str(shown) in status
    # Region outlines from the shapes endpoint, on a plain background without tiles.
    page.wait_for_selector("path.nk-cluster-map__region", state="attached")
    assert page.locator(".leaflet-tile").count() == 0
    requested = page.evaluate("performance.getEntriesByType('resource').map(r => r.name)")
    assert all(url.startswith(site.url) for url in requested), requested
    assert problems.all() == []


def zoom_of(url: str) -> int:
    return int(parse_qs(urlsplit(url).query)["zoom"][0])


def test_a_cluster_zooms_in_from_the_keyboard(page: Page, problems: PageProblems, site: Site) -> None:
    with page.expect_response(lambda response: "clusters.json" in response.url) as first:
        open_map(page, "/en/kaart")
    cluster = page.locator(".nk-marker--cluster").first
    label = cluster.get_attribute("aria-label")
    assert label and "zoom in" in label

    cluster.focus()
    expect(cluster).to_be_focused()
    with page.expect_response(lambda response: "clusters.json" in response.url) as second:
        page.keyboard.press("Enter")

    assert zoom_of(second.value.url) == zoom_of(first.value.url) + 2
    assert problems.all() == []


def test_single_initiatives_are_links_to_their_pages(page: Page, site: Site) -> None:
    open_map(page, "/kaart")
    # Zoom in on the first group until single initiatives show.
    for _ in range(6):
        if page.locator("a.nk-marker--single").count():
            break
        with page.expect_response(lambda response: "clusters.json" in response.url):
            page.locator(".nk-marker--cluster").first.click()
        page.wait_for_timeout(100)
    single = page.locator("a.nk-marker--single").first
    href = single.get_attribute("href")
    assert href and href.startswith("/initiatieven/")

    single.focus()
    page.keyboard.press("Enter")

    page.wait_for_url(f"**{href}")
    expect(page.locator("h1")).to_have_count(1)


def test_without_javascript_the_map_page_links_to_the_list_with_its_filters(
    browser: Browser, site: Site
) -> None:
    context = browser.new_context(base_url=site.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/kaart?kind=campus")
        expect(page.locator("[data-cluster-map-canvas]")).to_be_hidden()
        link = page.locator("[data-cluster-map-list-link]")
        expect(link).to_be_visible()

        link.click()

        page.wait_for_url("**/initiatieven?kind=campus")
        expect(page.locator("h1")).to_have_count(1)
    finally:
        context.close()
