"""A company's journey in a real browser, by keyboard alone: from a postcode to the initiatives of its
labour-market region, an enquiry that is stored and mailed, the initiative's answer through the signed
link in the mail, and the coordinators' funnel that counts it. axe-core on every page of it, in both
languages (ADR 16)."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import Browser, Page, expect
from pytest_django import DjangoDbBlocker

from .conftest import PageProblems, Site
from .test_public_pages import WCAG_TAGS, browser_problems, describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

STAFF_EMAIL = "coordinator-e2e@netwerkkaart.example.nl"
STAFF_PASSWORD = "e2e-coordinator-password"  # noqa: S105 - a test user in the test database
CONTACT = "info@werkplaats-rotterdam.example"
RIJNMOND = "AM22"
LANGUAGES = {"nl": "", "en": "/en"}


@dataclass(frozen=True)
class Journey:
    slug: str
    status_token: str


@pytest.fixture(scope="module")
def journey(site: Site, django_db_blocker: DjangoDbBlocker) -> Iterator[Journey]:
    """A fictitious initiative in Rotterdam with a contact address (the e2e demo data has few
    synthetic initiatives, none in Rijnmond), a coordinator, and one enquiry with a status link."""
    from netwerkkaart.accounts.models import User
    from netwerkkaart.enquiries.models import Enquiry
    from netwerkkaart.enquiries.services import status_token_make
    from netwerkkaart.initiatives.models import Activity, Initiative
    from netwerkkaart.initiatives.services import initiative_create, initiative_publish
    from netwerkkaart.regions.selectors import region_get_current

    with django_db_blocker.unblock():
        rotterdam = region_get_current(code="GM0599")
        assert rotterdam is not None, "the e2e regions have no Rotterdam"
        initiative = initiative_publish(
            initiative=initiative_create(
                name="Stagewerkplaats Rotterdam",
                place="Rotterdam",
                municipality=rotterdam,
                latitude=51.92,
                longitude=4.48,
                contact_email=CONTACT,
                fictitious=True,
                activities=Activity.objects.filter(slug="internships"),
            )
        )
        user = User.objects.create_user(email=STAFF_EMAIL, password=STAFF_PASSWORD, is_staff=True)
        from netwerkkaart.enquiries.tests.factories import EnquiryFactory

        enquiry = EnquiryFactory.create(initiative=initiative, site_url=site.url)
        yield Journey(slug=initiative.slug, status_token=status_token_make(enquiry))
        Enquiry.objects.all().delete()
        user.delete()
        Initiative.objects.filter(pk=initiative.pk).delete()


@pytest.fixture(autouse=True)
def _no_rate_limit_left() -> None:
    cache.clear()


def tab_to(page: Page, selector: str, *, limit: int = 80) -> None:
    """Presses Tab until the element matching ``selector`` has the focus, as a keyboard user would."""
    for _press in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def log_in(page: Page, next_path: str) -> None:
    page.goto(f"/beheer/login/?next={next_path}")
    tab_to(page, "#id_username")
    page.keyboard.type(STAFF_EMAIL)
    tab_to(page, "#id_password")
    page.keyboard.type(STAFF_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{next_path}")


def funnel_total(page: Page, step: str) -> int:
    return int(page.locator(f'[data-total="{step}"]').inner_text().strip())


def rijnmond_slugs() -> set[str]:
    """The published initiatives in Rijnmond, as the region page counts them."""
    from netwerkkaart.initiatives.selectors import initiative_select, region_filter_params
    from netwerkkaart.regions.selectors import region_get_current

    region = region_get_current(code=RIJNMOND)
    assert region is not None
    selection = initiative_select(params=region_filter_params(region=region))
    return {initiative.slug for initiative in selection.results[: len(selection.results)]}


def test_company_journey_by_keyboard(
    page: Page, problems: PageProblems, site: Site, journey: Journey, django_db_blocker: DjangoDbBlocker
) -> None:
    # The coordinator's funnel for Rijnmond before.
    funnel_path = f"/bedrijvenbetrokkenheid?region={RIJNMOND}"
    log_in(page, funnel_path)
    contacted_before = funnel_total(page, "contacted")
    asked_before = funnel_total(page, "asked")

    # From the home page to the finder through the main menu.
    page.goto("/")
    tab_to(page, "nav a[href='/vind-een-samenwerking']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/vind-een-samenwerking")

    tab_to(page, "#id_where")
    page.keyboard.type("3011")
    tab_to(page, "input[name='need']")
    page.keyboard.press("Space")  # the first need: interns
    tab_to(page, "button[type='submit']:not(.nk-header-search__button)")
    page.keyboard.press("Enter")
    page.wait_for_url("**/vind-een-samenwerking?**")

    # Initiatives serving Rijnmond first, each with its reasons.
    tiers = page.locator(".nk-finder-tier h3")
    expect(tiers.first).to_contain_text("In uw arbeidsmarktregio")
    region_tier = page.locator(".nk-finder-tier").first
    shown = [
        href.rsplit("/", 1)[-1]
        for href in region_tier.locator(".nk-card__title a").evaluate_all(
            "(links) => links.map((a) => a.pathname)"
        )
    ]
    with django_db_blocker.unblock():
        in_rijnmond = rijnmond_slugs()
    assert shown and set(shown) <= in_rijnmond, (shown, in_rijnmond)
    assert journey.slug in shown
    expect(region_tier.locator(".nk-match__reasons").first).to_contain_text("Rijnmond")
    # Real initiatives without a contact address say where the enquiry goes.
    html = page.content()
    assert "coördinatoren van Netwerkkaart" in html or all(slug == journey.slug for slug in shown)

    # Get in touch with the initiative that has a contact address.
    tab_to(page, f"a.nk-match__contact[href^='/vind-een-samenwerking/contact/{journey.slug}?']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/vind-een-samenwerking/contact/{journey.slug}?**")
    expect(page.locator("#id_where")).to_have_value("3011")
    expect(page.locator("#id_need_0")).to_be_checked()
    # The honeypot is hidden by the app's style sheet (so that sheet loaded).
    expect(page.locator(".nk-honeypot")).to_be_hidden()
    for selector, text in (
        ("#id_name", "Fatima el Amrani"),
        ("#id_email", "fatima@haven-ict.example"),
        ("#id_company", "Haven ICT"),
        ("#id_kvk_number", "87654321"),
        ("#id_message", "Wij zoeken twee mbo-stagiairs voor netwerkbeheer."),
    ):
        tab_to(page, selector)
        page.keyboard.type(text)
    tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    tab_to(page, "form.nk-enquiry button[type='submit']")
    mail.outbox.clear()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/vind-een-samenwerking/contact/{journey.slug}/verzonden")
    expect(page.locator("h1")).to_have_text("Uw aanvraag is verstuurd")

    # Stored first, then mailed: to the initiative (with the status link) and to the company.
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["fatima@haven-ict.example", CONTACT]
    to_initiative = next(message for message in mail.outbox if message.to == [CONTACT])
    assert to_initiative.reply_to == ["fatima@haven-ict.example"]
    links = re.findall(rf"{re.escape(site.url)}/vind-een-samenwerking/status/\S+", str(to_initiative.body))
    assert links, to_initiative.body

    # The initiative answers through the link, without an account, by keyboard.
    page.context.clear_cookies()
    page.goto(links[0])
    expect(page.locator("[data-enquiry-status]")).to_have_text("Nieuw")
    tab_to(page, "input[name='status']")
    page.keyboard.press("ArrowDown")  # from "new" to "contacted"
    tab_to(page, "form.nk-status-form button[type='submit']")
    page.keyboard.press("Enter")
    expect(page.locator("[role='status']")).to_contain_text("De status is opgeslagen")
    expect(page.locator("[data-enquiry-status]")).to_have_text("Contact opgenomen")

    # The funnel counts it.
    log_in(page, funnel_path)
    assert funnel_total(page, "asked") == asked_before + 1
    assert funnel_total(page, "contacted") == contacted_before + 1
    assert page_problems(problems, "journey") == []


def page_problems(problems: PageProblems, name: str) -> list[str]:
    """The browser's problems, less two that are expected: Chromium reports the 400 status of a form
    sent back with errors as a console error, and asks for /favicon.ico on the admin's login page
    (which links no icon)."""
    return [
        problem
        for problem in browser_problems(problems, name)
        if "status of 400" not in problem and "status of 404" not in problem
    ]


def _axe(page: Page, axe_source: str) -> list[dict[str, Any]]:
    page.evaluate(axe_source)
    results = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    violations: list[dict[str, Any]] = results["violations"]
    return violations


def _open(page: Page, journey: Journey, name: str, prefix: str) -> None:
    contact = f"{prefix}/vind-een-samenwerking/contact/{journey.slug}"
    if name == "finder":
        page.goto(f"{prefix}/vind-een-samenwerking")
    elif name == "results":
        page.goto(f"{prefix}/vind-een-samenwerking?where=3011&need=interns&size=small&sector=software")
    elif name == "results with an error":
        page.goto(f"{prefix}/vind-een-samenwerking?where=0000&need=")
    elif name == "form":
        page.goto(f"{contact}?where=3011&need=interns")
    elif name == "form with errors":
        page.goto(contact)
        page.locator("form.nk-enquiry button[type='submit']").click()
        page.wait_for_load_state()
        expect(page.locator(".nk-error-summary")).to_be_visible()
    elif name == "confirmation":
        page.goto(f"{contact}/verzonden")
    elif name == "status":
        page.goto(f"{prefix}/vind-een-samenwerking/status/{journey.status_token}")
    elif name == "funnel":
        log_in(page, f"{prefix}/bedrijvenbetrokkenheid")


PAGES = [
    "finder",
    "results",
    "results with an error",
    "form",
    "form with errors",
    "confirmation",
    "status",
    "funnel",
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_journey_pages_have_no_accessibility_violations(
    page: Page, problems: PageProblems, journey: Journey, axe_source: str, name: str, language: str
) -> None:
    _open(page, journey, name, LANGUAGES[language])
    assert page.locator("html").get_attribute("lang") == language
    expect(page.locator("h1")).to_have_count(1)
    violations = _axe(page, axe_source)
    assert violations == [], f"{name} ({language}) has accessibility violations:\n{describe(violations)}"
    assert page_problems(problems, name) == []


@pytest.mark.parametrize("name", ["results", "form", "status"])
def test_journey_pages_fit_a_phone(browser: Browser, site: Site, journey: Journey, name: str) -> None:
    context = browser.new_context(base_url=site.url, viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        _open(page, journey, name, "")
        widths = page.evaluate(
            "() => ({document: document.documentElement.scrollWidth, viewport: window.innerWidth})"
        )
        assert widths["document"] <= widths["viewport"], f"{name} scrolls sideways at 320 px: {widths}"
    finally:
        context.close()
