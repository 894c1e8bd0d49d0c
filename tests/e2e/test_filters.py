"""The filtered list and the search page in a real browser: accessibility (axe-core) in both
languages, the form without JavaScript, the live result count with it, and search from the header."""

import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django import DjangoDbBlocker

from .conftest import PageProblems, Site
from .test_public_pages import LANGUAGES, WCAG_TAGS, describe

# django_db: the live server reads the test database (see conftest.py).
pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

PAGES = {
    "filtered list": "/initiatieven?theme=cybersecurity&sort=start_year",
    "search results": "/zoeken?q=cyber",
    "filtered search results": "/zoeken?q=cyber&kind=coe",
    "search without results": "/zoeken?q=zwembad",
    "search without a query": "/zoeken",
}
# The demo data has no initiative with the word "opleiding": this module adds one for its search.
TRAINING = "ICT-opleiding Noorderpoort"


@pytest.fixture(scope="module")
def training(site: Site, django_db_blocker: DjangoDbBlocker) -> Iterator[str]:
    from netwerkkaart.initiatives.models import Initiative
    from netwerkkaart.initiatives.services import initiative_create, initiative_publish
    from netwerkkaart.search.choices import SearchKind
    from netwerkkaart.search.services import search_index_remove, search_index_update_initiative

    with django_db_blocker.unblock():
        initiative = initiative_publish(initiative=initiative_create(name=TRAINING, place="Groningen"))
        search_index_update_initiative(initiative=initiative)
    yield initiative.slug
    with django_db_blocker.unblock():
        search_index_remove(kind=SearchKind.INITIATIVE, object_id=initiative.pk)
        Initiative.objects.filter(pk=initiative.pk).delete()


def axe_violations(page: Page, axe_source: str) -> list[dict[str, object]]:
    page.evaluate(axe_source)
    results = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    violations: list[dict[str, object]] = results["violations"]
    return violations


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_filter_and_search_pages_have_no_accessibility_violations(
    page: Page, problems: PageProblems, site: Site, axe_source: str, name: str, language: str
) -> None:
    response = page.goto(LANGUAGES[language] + PAGES[name], wait_until="load")

    assert response is not None and response.status == 200
    assert page.locator("html").get_attribute("lang") == language
    expect(page.locator("h1")).to_have_count(1)
    violations = axe_violations(page, axe_source)
    assert violations == [], f"{name} ({language}):\n{describe(violations)}"  # type: ignore[arg-type]
    assert problems.all() == []


def result_count(page: Page) -> int:
    text = page.locator("[data-filter-count]").inner_text()
    match = re.search(r"\d+", text)
    assert match, text
    return int(match.group())


def facet_count(page: Page, name: str, value: str) -> int:
    label = page.locator(
        f'label[for="{page.locator(f"input[name={name}][value={value}]").get_attribute("id")}"]'
    )
    match = re.search(r"\((\d+)\)", label.text_content() or "")
    assert match
    return int(match.group(1))


def open_facet(page: Page, label: str) -> None:
    page.locator("summary.nk-facet__summary", has_text=re.compile(rf"^\s*{label}\b")).click()


def test_the_filter_form_works_without_javascript(browser: Browser, site: Site) -> None:
    context = browser.new_context(base_url=site.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/en/initiatieven")
        total = result_count(page)
        expected = facet_count(page, "theme", "cybersecurity")
        assert 0 < expected < total

        open_facet(page, "Theme")
        page.locator("input[name=theme][value=cybersecurity]").check()
        page.get_by_role("button", name="Apply filters").click()

        page.wait_for_url("**/en/initiatieven?*")
        assert parse_qs(urlsplit(page.url).query)["theme"] == ["cybersecurity"]
        assert result_count(page) == expected
        expect(page.locator("input[name=theme][value=cybersecurity]")).to_be_checked()
        expect(page.locator("[role=status]")).to_contain_text(f"{expected} initiative")
    finally:
        context.close()


def test_with_javascript_a_change_updates_results_url_and_live_region(
    page: Page, problems: PageProblems, site: Site
) -> None:
    page.goto("/en/initiatieven")
    total = result_count(page)
    expected = facet_count(page, "theme", "cybersecurity")

    open_facet(page, "Theme")
    page.locator("input[name=theme][value=cybersecurity]").check()

    expect(page.locator("[role=status]")).to_have_text(re.compile(rf"^{expected} initiatives? found\.$"))
    expect(page.locator("[data-filter-count]")).to_contain_text(str(expected))
    assert parse_qs(urlsplit(page.url).query)["theme"] == ["cybersecurity"]
    # Focus stays on the checkbox that was used.
    assert page.evaluate("document.activeElement.value") == "cybersecurity"

    page.go_back()
    expect(page.locator("[role=status]")).to_have_text(re.compile(rf"^{total} initiatives found\.$"))
    assert problems.all() == []


def test_pagination_keeps_the_filter_state(page: Page, site: Site) -> None:
    page.goto("/initiatieven?sort=newest")

    page.locator("a[rel=next]").click()

    query = parse_qs(urlsplit(page.url).query)
    assert query == {"sort": ["newest"], "page": ["2"]}
    expect(page.locator("#id_sort")).to_have_value("newest")


@pytest.mark.parametrize(
    ("query", "section", "expected"),
    [
        ("opleidingen", "#initiatives", TRAINING),
        ("Fryslan", "[aria-labelledby=organisations-heading]", "Fryslân"),
        ("cybersecurty", "#initiatives", "Centre of Expertise Cyber Security"),
    ],
)
def test_searching_from_the_header_finds_what_a_dutch_user_means(
    page: Page, problems: PageProblems, site: Site, training: str, query: str, section: str, expected: str
) -> None:
    page.goto("/en/")

    box = page.get_by_role("searchbox", name="Search initiatives and organisations")
    box.fill(query)
    box.press("Enter")

    page.wait_for_url("**/zoeken?q=*")
    expect(page.locator(section)).to_contain_text(expected)
    assert problems.all() == []


@pytest.mark.parametrize("name", PAGES)
def test_filter_and_search_pages_fit_a_320_pixel_wide_screen(browser: Browser, site: Site, name: str) -> None:
    context = browser.new_context(base_url=site.url, viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        page.goto(PAGES[name], wait_until="load")
        widths = page.evaluate(
            "() => ({document: document.documentElement.scrollWidth, viewport: window.innerWidth})"
        )
        assert widths["document"] <= widths["viewport"], f"{name} scrolls sideways at 320 px: {widths}"
    finally:
        context.close()
