"""The indicator pages in a real browser: zero axe-core violations (WCAG 2.0/2.1 A and AA) in both
languages, with the real DUO file imported so that the classification page shows every programme."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect
from pytest_django import DjangoDbBlocker

from .conftest import PageProblems, Site
from .test_public_pages import LANGUAGES, WCAG_TAGS, describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]
DUO_FILE = Path(settings.REFERENCE_DATA_DIR) / "education" / "duo_ingeschrevenen_hbo_2020-2024.csv"
PAGES = {"indicators": "/indicatoren", "classification": "/indicatoren/ict-opleidingen"}


@pytest.fixture(scope="module", autouse=True)
def duo_imported(site: Site, django_db_blocker: DjangoDbBlocker) -> None:
    """The rows are removed with the rest of the site's data when the e2e package ends."""
    from netwerkkaart.indicators.services import duo_hbo_import

    with django_db_blocker.unblock():
        duo_hbo_import(text=DUO_FILE.read_bytes().decode("utf-8-sig"), file_name=DUO_FILE.name)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_indicator_page_has_no_accessibility_violations(
    page: Page, problems: PageProblems, axe_source: str, name: str, language: str
) -> None:
    response = page.goto(LANGUAGES[language] + PAGES[name], wait_until="load")
    assert response is not None and response.status == 200
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


def test_classification_page_shows_hbo_ict_as_hard_ict(page: Page) -> None:
    page.goto("/en/indicatoren/ict-opleidingen")
    hard = page.locator("section", has=page.get_by_role("heading", name="Hard ICT"))
    expect(hard.get_by_role("rowheader", name="B HBO-ICT")).to_be_visible()
