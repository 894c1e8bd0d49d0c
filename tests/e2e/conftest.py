"""Browser journeys: one headless Chromium (Debian's, never a downloaded one) for the whole run, one
live server with the official regions and the demo data, loaded once for the e2e package.

Why not pytest-django's ``live_server`` fixture directly: it makes every test transactional, which
empties the database after each test, so the data (regions with boundaries, demo initiatives) would
be imported again for every test. The e2e tests only read, so the package starts pytest-django's
``LiveServer`` itself over data committed once, and removes exactly that data afterwards so later
tests start from the migrated database again. The tests carry the ``django_db`` mark all the same:
that is what makes pytest-django create the test database (and its per-test transaction is harmless,
as nothing is written); without it a run of only these tests would use the configured database.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections, models
from django.db.backends.base.creation import TEST_DATABASE_PREFIX
from django.db.models import ProtectedError
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, sync_playwright
from pytest_django import DjangoDbBlocker
from pytest_django.live_server_helper import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_PATH = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
FACTS_PATH = Path(settings.REFERENCE_DATA_DIR) / "pps" / "ict_pps_facts.csv"
SYNTHETIC = 20

# Records the page's Content-Security-Policy violations before any of its own scripts run.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(`${event.violatedDirective}: ${event.blockedURI} (${where})`);
});
"""


@dataclass(frozen=True)
class Site:
    url: str
    real_initiative: str
    fictitious_initiative: str
    organisation: str

    def paths(self) -> dict[str, str]:
        """Every page type, by name, as its Dutch path."""
        return {
            "home": "/",
            "initiative list": "/initiatieven",
            "real initiative": f"/initiatieven/{self.real_initiative}",
            "fictitious initiative": f"/initiatieven/{self.fictitious_initiative}",
            "organisation": f"/organisaties/{self.organisation}",
            "region list": "/regio",
            "labour-market region": "/regio/AM22",
            "province": "/regio/PV28",
            "municipality": "/regio/GM0599",
            "country": "/regio/NL",
            "not found": "/bestaat-niet",
            "downloads": "/downloads",
            "filtered downloads": "/downloads?region=AM22&theme=cybersecurity",
            "import help": "/importeren",
        }


@dataclass
class PageProblems:
    """What went wrong in the browser while a page was open: console errors, uncaught exceptions and
    Content-Security-Policy violations."""

    page: Page
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def listen(self) -> None:
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def all(self) -> list[str]:
        violations: list[str] = self.page.evaluate("window.__cspViolations || []")
        return [
            *(f"console: {text}" for text in self.console_errors),
            *(f"exception: {text}" for text in self.page_errors),
            *(f"CSP: {text}" for text in violations),
        ]


@pytest.fixture(scope="package")
def axe_source() -> str:
    if not AXE_PATH.is_file():
        pytest.fail(
            f"axe-core is missing at {AXE_PATH}. Install the npm packages first: `npm ci` "
            "(or `make install`).",
            pytrace=False,
        )
    return AXE_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="package", autouse=True)
def _django_beside_playwright() -> Iterator[None]:
    """Playwright's sync API runs an event loop in this thread, and Django refuses ORM calls from a
    thread with a running loop unless told that this is on purpose. Only while the e2e tests run:
    subprocesses of other tests (``check --deploy``) must not inherit it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


# One Playwright and one browser for the whole e2e run. Package scope rather than session scope: both
# stop when the last e2e test is done, so tests collected after them run without an event loop.
@pytest.fixture(scope="package")
def playwright(site: Site) -> Iterator[Playwright]:
    """Started after the data is loaded: while its event loop runs, Django gives this thread another
    database connection (asgiref keeps connections per event-loop context), and the live server must
    share the first one."""
    with sync_playwright() as runner:
        yield runner
        # The connection Django opened inside the event loop (the tests' transactions) would keep the
        # PostgreSQL test database busy when pytest-django drops it.
        connections.close_all()


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: `apt-get install chromium`.", pytrace=False)
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def _project_models() -> list[type[models.Model]]:
    """Every table of the project's own apps: the data load may write to any of them."""
    return [model for model in apps.get_models() if model.__module__.startswith("netwerkkaart.")]


def _rows_added_delete(before: dict[type[models.Model], set[Any]]) -> None:
    """Delete the rows added since `before`; protected references decide the order, so retry."""
    remaining = list(before)
    while remaining:
        blocked = []
        for model in remaining:
            try:
                model._default_manager.exclude(pk__in=before[model]).delete()
            except ProtectedError:
                blocked.append(model)
        if len(blocked) == len(remaining):
            raise RuntimeError(f"Cannot remove the e2e data from {blocked}")
        remaining = blocked


def _is_test_database() -> bool:
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite" and (name == ":memory:" or "mode=memory" in name):
        return True
    return Path(name).name.startswith(TEST_DATABASE_PREFIX)


def _load_data() -> None:
    from netwerkkaart.regions.services import reference_data_import

    reference_data_import(data_dir=settings.REFERENCE_DATA_DIR)
    call_command("load_demo", facts=FACTS_PATH, synthetic=SYNTHETIC, seed=1, verbosity=0)
    # The education figures of the region profiles: the real DUO file, through its importer (as `make run`).
    from netwerkkaart.indicators.services import duo_hbo_import

    duo = Path(settings.REFERENCE_DATA_DIR) / "education" / "duo_ingeschrevenen_hbo_2020-2024.csv"
    duo_hbo_import(text=duo.read_bytes().decode("utf-8-sig"), file_name=duo.name)
    # The search page reads the search index, which is built from the data, not kept up by the loader.
    from netwerkkaart.search.services import search_index_rebuild

    search_index_rebuild()


def _pick_pages() -> tuple[str, str, str]:
    """A real and a fictitious initiative and an organisation that show as many parts as possible."""
    from django.db.models import Count

    from netwerkkaart.initiatives.models import Initiative
    from netwerkkaart.organisations.models import Organisation

    published = Initiative.objects.published().annotate(
        partners=Count("partnerships", distinct=True),
        figures=Count("yearly_figures", distinct=True),
        funding=Count("funding_lines", distinct=True),
    )
    real = published.filter(fictitious=False).order_by("-partners", "name").first()
    fictitious = (
        published.filter(fictitious=True).order_by("-figures", "-funding", "-partners", "name").first()
    )
    organisation = (
        Organisation.objects.filter(
            partnerships__initiative__in=Initiative.objects.published(), fictitious=False
        )
        .annotate(n=Count("partnerships"))
        .order_by("-n", "name")
        .first()
    )
    assert real and fictitious and organisation, "the demo data has no real or fictitious initiatives"
    return real.slug, fictitious.slug, organisation.slug


@pytest.fixture(scope="package")
def site(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[Site]:
    with django_db_blocker.unblock():
        if not _is_test_database():
            pytest.fail(
                "The e2e data would go into a real database: mark the e2e tests `django_db` so that "
                "pytest-django creates the test database.",
                pytrace=False,
            )
        tables = _project_models()
        before = {model: set(model._default_manager.values_list("pk", flat=True)) for model in tables}
        server = LiveServer("localhost")
        try:
            _load_data()
            real, fictitious, organisation = _pick_pages()
            server._live_server_modified_settings.enable()
            yield Site(
                url=server.url,
                real_initiative=real,
                fictitious_initiative=fictitious,
                organisation=organisation,
            )
            server._live_server_modified_settings.disable()
        finally:
            server.stop()
            _rows_added_delete(before)


@pytest.fixture
def page(browser: Browser, site: Site) -> Iterator[Page]:
    context = browser.new_context(base_url=site.url, viewport={"width": 1280, "height": 900})
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def problems(page: Page) -> PageProblems:
    """Listens to the page from before its first navigation."""
    problems = PageProblems(page)
    problems.listen()
    return problems
