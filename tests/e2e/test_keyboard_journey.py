"""A new user's journey with the keyboard only, in a real browser: from the home page through the header
search, two filters, an initiative and back, and through the map and out of it again.

Every step goes through ``page.keyboard`` (the browser's Back button, a browser control and not page
content, is ``page.go_back()``: headless Chromium has no Alt+Left). After every Tab and Shift+Tab the
focused element must be visible, in the viewport, not hidden under something else, and show the focus
indicator of the site's CSS (``:focus-visible`` with an outline, or a box shadow).
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import Page, Response, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from .conftest import PageProblems, Site

# django_db: the live server reads the test database (see conftest.py).
pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

QUERY = "ict"  # matches several initiatives of the demo data (and organisations too)
MAX_TABS = 80  # a bound on every walk with Tab: beyond it the walk counts as lost or trapped
SKIP_LINK = "body > a[href='#main-content']"

# What the test needs to know about the focused element, and whether its focus can be seen.
FOCUS_STATE = """
() => {
  const element = document.activeElement;
  const body = !element || element === document.body || element === document.documentElement;
  const target = body ? document.body : element;
  const style = getComputedStyle(target);
  const rect = target.getBoundingClientRect();
  const width = window.innerWidth;
  const height = window.innerHeight;
  const transparent = (colour) => colour === "transparent" || /rgba\\(.*,\\s*0\\)$/.test(colour);
  const outline =
    style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0 && !transparent(style.outlineColor);
  // Not entirely hidden (WCAG 2.4.11): some point of its part inside the viewport shows the element itself.
  // Each box on its own: a link that wraps has one per line, and its bounding box covers other text.
  const points = [[0.5, 0.5], [0.25, 0.25], [0.75, 0.25], [0.25, 0.75], [0.75, 0.75]];
  const uncovered = Array.from(target.getClientRects()).some((box) => {
    const left = Math.max(box.left, 0);
    const right = Math.min(box.right, width);
    const top = Math.max(box.top, 0);
    const bottom = Math.min(box.bottom, height);
    return (
      right > left &&
      bottom > top &&
      points.some(([fx, fy]) => {
        const hit = document.elementFromPoint(left + (right - left) * fx, top + (bottom - top) * fy);
        return hit !== null && target.contains(hit);
      })
    );
  });
  const text = (target.getAttribute("aria-label") || target.textContent || "").replace(/\\s+/g, " ").trim();
  return {
    body: body,
    description:
      `<${target.tagName.toLowerCase()} id="${target.id}" class="${target.className}"` +
      ` name="${target.name || ""}" value="${target.value || ""}"` +
      ` href="${target.getAttribute("href") || ""}"> ${text.slice(0, 60)}`,
    focusVisible: target.matches(":focus-visible"),
    outline: outline,
    boxShadow: style.boxShadow !== "none",
    rendered: target.checkVisibility({ opacityProperty: true, visibilityProperty: true }),
    rect: { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom },
    viewport: { width: width, height: height },
    uncovered: uncovered,
  };
}
"""


@pytest.fixture(autouse=True)
def _no_basemap() -> Iterator[None]:
    """As in test_map.py: no tile may leave the machine (the live server runs in this process). The map
    and the initiative pages both draw maps."""
    tile_url = settings.BASEMAP_TILE_URL
    settings.BASEMAP_TILE_URL = ""
    yield
    settings.BASEMAP_TILE_URL = tile_url


@dataclass(frozen=True)
class Focus:
    body: bool
    description: str
    focus_visible: bool
    outline: bool
    box_shadow: bool
    rendered: bool
    rect: dict[str, float]
    viewport: dict[str, float]
    uncovered: bool


def focus_state(page: Page) -> Focus:
    state: dict[str, Any] = page.evaluate(FOCUS_STATE)
    return Focus(
        body=state["body"],
        description=state["description"],
        focus_visible=state["focusVisible"],
        outline=state["outline"],
        box_shadow=state["boxShadow"],
        rendered=state["rendered"],
        rect=state["rect"],
        viewport=state["viewport"],
        uncovered=state["uncovered"],
    )


def assert_focus_visible(page: Page, after: str) -> Focus:
    """The element that has the focus can be seen, and so can its focus indicator."""
    focus = focus_state(page)
    where = f"after {after}: {focus.description}"
    assert not focus.body, f"focus fell to the body {where}"
    assert focus.rendered, f"the focused element is not rendered {where}"
    rect, viewport = focus.rect, focus.viewport
    width, height = rect["right"] - rect["left"], rect["bottom"] - rect["top"]
    assert width > 0 and height > 0, f"the focused element has no size ({rect}) {where}"
    assert rect["right"] > 0 and rect["bottom"] > 0, f"focus outside the viewport ({rect}) {where}"
    assert rect["left"] < viewport["width"] and rect["top"] < viewport["height"], (
        f"focus outside the viewport ({rect}) {where}"
    )
    if width <= viewport["width"] and height <= viewport["height"]:
        # What fits in the viewport is scrolled into it whole (one pixel of rounding allowed).
        assert (
            rect["left"] >= -1
            and rect["top"] >= -1
            and rect["right"] <= viewport["width"] + 1
            and rect["bottom"] <= viewport["height"] + 1
        ), f"the focused element is not wholly in the viewport ({rect}) {where}"
    assert focus.uncovered, f"the focused element is hidden under another element {where}"
    assert focus.focus_visible, f"the focused element does not match :focus-visible {where}"
    assert focus.outline or focus.box_shadow, f"no focus indicator (outline or box shadow) {where}"
    return focus


def tab(page: Page, backwards: bool = False) -> Focus:
    key = "Shift+Tab" if backwards else "Tab"
    page.keyboard.press(key)
    return assert_focus_visible(page, key)


def is_focused(page: Page, selector: str) -> bool:
    return bool(page.evaluate("(selector) => document.activeElement.matches(selector)", selector))


def tab_to(page: Page, selector: str, backwards: bool = False, limit: int = MAX_TABS) -> list[str]:
    """Tab (or Shift+Tab) until the focus is on an element that matches `selector`; checks the focus after
    every press and returns the elements passed on the way, the last one included."""
    passed = []
    for _ in range(limit):
        passed.append(tab(page, backwards).description)
        if is_focused(page, selector):
            return passed
    direction = "Shift+Tab" if backwards else "Tab"
    pytest.fail(f"{limit} presses of {direction} never reached {selector}; passed:\n" + "\n".join(passed))


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def count_in(text: str) -> int:
    match = re.search(r"\d+", text)
    assert match, text
    return int(match.group())


def result_count(page: Page) -> int:
    return count_in(page.locator("[data-filter-count]").inner_text())


def facet_option(page: Page, name: str, largest: bool, value: str | None = None) -> tuple[str, int]:
    """The value and count of the facet option `value`, or else of the option with the largest count
    (`largest`) or the first with any."""
    options: list[list[Any]] = page.evaluate(
        """(name) => Array.from(document.querySelectorAll(`[data-filter-form] input[name=${name}]`))
             .map((input) => {
               const label = document.querySelector(`label[for="${input.id}"]`).textContent;
               const match = label.match(/\\((\\d+)\\)\\s*$/);
               return [input.value, match ? Number(match[1]) : 0];
             })""",
        name,
    )
    if value is not None:
        return next((option, count) for option, count in options if option == value)
    counted = [(option, count) for option, count in options if count > 0]
    assert counted, f"no {name} to choose from: {options}"
    return max(counted, key=lambda option: option[1]) if largest else counted[0]


def wait_until_applied(page: Page) -> None:
    """filters.js marks the results busy, synchronously, from the change or submit until they are
    swapped; without the script there is nothing to wait for."""
    expect(page.locator("[data-filter-results]")).not_to_have_attribute("aria-busy", "true")


def check_with_space(page: Page, name: str, value: str) -> None:
    checkbox = f'[data-filter-form] input[name="{name}"][value="{value}"]'
    tab_to(page, checkbox)
    expect(page.locator(checkbox)).not_to_be_checked()

    page.keyboard.press("Space")

    wait_until_applied(page)
    expect(page.locator(checkbox)).to_be_checked()
    # Applied at once or not, the keyboard user stays on the checkbox they used.
    assert is_focused(page, checkbox), f"focus left {checkbox}: {focus_state(page).description}"
    assert_focus_visible(page, f"Space on {checkbox}")


def test_a_keyboard_user_searches_filters_opens_an_initiative_and_comes_back(
    page: Page, problems: PageProblems, site: Site
) -> None:
    # 1. The home page: the skip link comes first and moves the focus to the main content.
    page.goto("/", wait_until="load")
    tab(page)
    assert is_focused(page, SKIP_LINK), f"not the skip link first: {focus_state(page).description}"
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()
    assert urlsplit(page.url).fragment == "main-content"

    # The header search box lies before the main content: back to it, type, and search with Enter.
    tab_to(page, "#site-search", backwards=True, limit=10)
    page.keyboard.type(QUERY)
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == "/zoeken"
    assert query_of(page.url) == {"q": [QUERY]}
    found = result_count(page)
    assert found >= 3, f"'{QUERY}' should match several initiatives, not {found}"
    status = page.locator("[data-filter-status]")
    expect(status).to_have_text(re.compile(rf"^\s*{found} initiatieven gevonden\.\s*$"))

    # 2. Two filters on the results: the province with the most results, then a theme among those.
    province, in_province = facet_option(page, "province", largest=True)
    check_with_space(page, "province", province)
    theme_facet = "[data-filter-form] details:has(input[name=theme])"
    expect(page.locator(theme_facet)).not_to_have_attribute("open", "")
    tab_to(page, f"{theme_facet} > summary")
    page.keyboard.press("Enter")
    expect(page.locator(theme_facet)).to_have_attribute("open", "")
    applied_at_once = "province" in query_of(page.url)  # by filters.js, or only on submit
    assert result_count(page) == (in_province if applied_at_once else found)
    theme, expected = facet_option(page, "theme", largest=False)
    check_with_space(page, "theme", theme)

    # Apply with the submit button: filters.js may have applied both already, or it loads the page.
    submit = "[data-filter-form] button[type=submit]"
    tab_to(page, submit)
    page.evaluate("window.__sameDocument = true")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: {"province", "theme"} <= query_of(url).keys())
    page.wait_for_load_state("load")
    wait_until_applied(page)
    filtered_url = page.url
    assert query_of(filtered_url)["q"] == [QUERY]
    assert query_of(filtered_url)["province"] == [province]
    assert query_of(filtered_url)["theme"] == [theme]
    # The count of the chosen theme is the number of results, now within the province too.
    shown = result_count(page)
    assert 0 < shown < found
    assert facet_option(page, "theme", largest=False, value=theme)[1] == shown
    if applied_at_once:
        assert shown == expected
    expect(status).to_have_text(re.compile(rf"^\s*{shown} initiatie(f|ven) gevonden\.\s*$"))
    if page.evaluate("window.__sameDocument === true"):
        # Swapped in place: the focus stays on the button that was pressed.
        assert is_focused(page, submit), f"focus lost after applying: {focus_state(page).description}"
        assert_focus_visible(page, "Enter on the submit button")

    # 3. On to the first initiative in the results, and open it.
    initiative_link = "[data-filter-results] a[href^='/initiatieven/']"
    tab_to(page, initiative_link)
    href = page.evaluate("document.activeElement.getAttribute('href')")
    name = page.evaluate("document.activeElement.textContent.trim()")
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == href
    expect(page.locator("h1")).to_have_text(name)

    # 4. Back: the results with both filters, still chosen.
    response = page.go_back(wait_until="load")
    assert response is None or response.ok
    assert page.url == filtered_url
    expect(page.locator(f"input[name=province][value='{province}']")).to_be_checked()
    expect(page.locator(f"input[name=theme][value='{theme}']")).to_be_checked()
    assert result_count(page) == shown
    # And Back once more is the state before the theme: the submit button added no second entry.
    page.go_back(wait_until="load")
    try:
        page.wait_for_url(lambda url: "theme" not in query_of(url))
    except PlaywrightTimeoutError:
        pytest.fail(f"Back stayed on {page.url}: applying an unchanged filter added a history entry")
    wait_until_applied(page)
    assert query_of(page.url)["province"] == [province]
    expect(page.locator(f"input[name=province][value='{province}']")).to_be_checked()
    expect(page.locator(f"input[name=theme][value='{theme}']")).not_to_be_checked()
    expect(page.locator("[data-filter-count]")).to_have_text(re.compile(rf"^\s*{in_province} initiatie"))
    assert problems.all() == []


def is_clusters(response: Response) -> bool:
    return "/clusters.json" in response.url


def zoom_of(response: Response) -> int:
    return int(query_of(response.url)["zoom"][0])


MAP = "[data-cluster-map-canvas]"
IN_MAP = f"{MAP}, {MAP} *"
CLUSTER = ".nk-marker--cluster"
LIST_LINK = "[data-cluster-map-list-link]"


def test_the_map_lets_the_keyboard_in_and_out_and_zooms_on_enter(
    page: Page, problems: PageProblems, site: Site
) -> None:
    with page.expect_response(is_clusters) as first:
        page.goto("/kaart", wait_until="load")
    page.wait_for_selector("[data-cluster-map-ready]", state="attached")
    zoom = zoom_of(first.value)

    # From the element before the map (the main content, by the skip link) Tab goes into the map, past
    # its groups and zoom buttons, and out of it to the link to the list.
    tab(page)
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()
    tab(page)
    assert is_focused(page, MAP), f"the map is not next: {focus_state(page).description}"
    inside = tab_to(page, LIST_LINK)
    assert len(inside) > 3
    names = "\n".join(inside)
    assert "nk-marker--cluster" in names, names
    assert "leaflet-control-zoom-in" in names and "leaflet-control-zoom-out" in names, names

    # And Shift+Tab goes back through the map to what lies before it (the header).
    back = tab_to(page, f"body :not({IN_MAP}, {LIST_LINK})", backwards=True)
    assert len(back) == len(inside) + 1, "\n".join(back)
    assert is_focused(page, "header *"), f"not back in the header: {focus_state(page).description}"

    # The zoom buttons work with Enter and, as buttons, with Space; the focus stays on them.
    tab_to(page, ".leaflet-control-zoom-in")
    with page.expect_response(is_clusters) as zoomed:
        page.keyboard.press("Enter")
    assert zoom_of(zoomed.value) == zoom + 1
    expect(page.locator(".leaflet-control-zoom-in")).to_be_focused()
    tab(page)
    assert is_focused(page, ".leaflet-control-zoom-out")
    scrolled = page.evaluate("window.scrollY")
    try:
        with page.expect_response(is_clusters) as zoomed:
            page.keyboard.press("Space")
    except PlaywrightTimeoutError:
        moved = page.evaluate("window.scrollY") - scrolled
        pytest.fail(f"Space on the zoom-out button did not zoom (the page scrolled {moved} px)")
    assert zoom_of(zoomed.value) == zoom
    assert page.evaluate("window.scrollY") == scrolled, "Space scrolled the page as well as zooming out"
    expect(page.locator(".leaflet-control-zoom-out")).to_be_focused()

    # Enter on a group zooms in on it; the focus stays in the map, from where Tab goes on to the new
    # markers and out of the map again.
    tab_to(page, CLUSTER, backwards=True)
    group = page.evaluate_handle("document.activeElement")
    with page.expect_response(is_clusters) as zoomed:
        page.keyboard.press("Enter")
    assert zoom_of(zoomed.value) == zoom + 2
    page.wait_for_function("(group) => !group.isConnected", arg=group)
    assert is_focused(page, IN_MAP), f"focus left the map: {focus_state(page).description}"
    assert_focus_visible(page, "Enter on a group")
    expect(page.locator("[data-cluster-map-status]")).to_contain_text(re.compile(r"\d"))
    assert page.locator(".nk-marker").count() > 0
    after = tab_to(page, LIST_LINK)
    assert any("nk-marker" in name for name in after), "\n".join(after)
    assert problems.all() == []
