"""The public pages in Dutch and English: status, language, content rules, 404s and query counts."""

import re
from collections.abc import Callable

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import translation
from pytest_django import DjangoAssertNumQueries

from netwerkkaart.initiatives.choices import PartnershipRole
from netwerkkaart.initiatives.models import Goal, Initiative
from netwerkkaart.initiatives.result_index import initiative_index
from netwerkkaart.initiatives.services import (
    InitiativeFields,
    initiative_create,
    initiative_publish,
    partnership_add,
)
from netwerkkaart.regions.models import Region

from .conftest import World

pytestmark = pytest.mark.django_db

PAGES: dict[str, Callable[[World], str]] = {
    "home": lambda w: "/",
    "initiative list": lambda w: "/initiatieven",
    "initiative": lambda w: f"/initiatieven/{w.campus.slug}",
    "fictitious initiative": lambda w: f"/initiatieven/{w.fictitious.slug}",
    "organisation": lambda w: f"/organisaties/{w.school.slug}",
    "region list": lambda w: "/regio",
    "labour-market region": lambda w: "/regio/AM22",
    "province": lambda w: "/regio/PV28",
    "municipality": lambda w: "/regio/GM0599",
    "country": lambda w: "/regio/NL",
}


def html_lang(content: bytes) -> str:
    match = re.search(rb'<html lang="([a-z-]+)"', content)
    assert match, "the page has no <html lang>"
    return match.group(1).decode()


def main_of(content: bytes) -> str:
    text = content.decode()
    return text[text.index("<main") : text.index("</main>")]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(("prefix", "language"), [("", "nl"), ("/en", "en")])
def test_every_page_answers_in_both_languages(
    client: Client, world: World, page: str, prefix: str, language: str
) -> None:
    response = client.get(prefix + PAGES[page](world))

    assert response.status_code == 200
    assert html_lang(response.content) == language
    assert response.content.count(b"<h1") == 1
    for landmark in (b"<header", b"<nav", b"<main", b"<footer"):
        assert landmark in response.content
    assert re.search(rb'<a class="[^"]*\bnk-skip-link"\s+href="#main-content"', response.content)


def test_dutch_and_english_pages_differ_in_their_words(client: Client, world: World) -> None:
    dutch = client.get(f"/initiatieven/{world.campus.slug}").content.decode()
    english = client.get(f"/en/initiatieven/{world.campus.slug}").content.decode()

    assert "Partners" in english and "Yearly figures" in english
    assert "Jaarcijfers" in dutch and "Yearly figures" not in dutch


@pytest.mark.parametrize(
    "path",
    [
        "/initiatieven/does-not-exist",
        "/organisaties/does-not-exist",
        "/regio/AM99",
        "/regio/XX",
        "/no-such-page",
    ],
)
@pytest.mark.parametrize(("prefix", "language"), [("", "nl"), ("/en", "en")])
def test_unknown_things_are_404_in_the_site_layout(
    client: Client, world: World, path: str, prefix: str, language: str
) -> None:
    response = client.get(prefix + path)

    assert response.status_code == 404
    assert html_lang(response.content) == language
    assert b'<nav class="nk-nav"' in response.content
    assert (b"Pagina niet gevonden" if language == "nl" else b"Page not found") in response.content


@pytest.mark.parametrize("which", ["draft", "archived"])
def test_draft_and_archived_initiatives_are_not_public(client: Client, world: World, which: str) -> None:
    initiative: Initiative = getattr(world, which)

    assert client.get(f"/initiatieven/{initiative.slug}").status_code == 404
    for path in ("/", "/initiatieven", "/regio/AM22", "/regio/NL", f"/organisaties/{world.school.slug}"):
        assert initiative.name.encode() not in client.get(path).content, path


def test_published_initiative_page_shows_all_its_facts(client: Client, world: World) -> None:
    response = client.get(f"/en/initiatieven/{world.campus.slug}")
    html = main_of(response.content)

    for fact in [
        "IT Campus Rotterdam",
        "Mbo, hbo and companies train ICT talent together",
        "<p>A campus where students work on real assignments.</p>",
        "Campus",
        "Scaling up",
        "since 2018",
        'href="https://itcampusrotterdam.example.nl"',
        'href="/en/regio/GM0599"',
        'href="/en/regio/AM22"',
        "Initial education",
        "Innovation with companies",
        "Software development",
        "Mbo students",
        "Internships",
        "Lead applicant",
        f'href="/en/organisaties/{world.school.slug}"',
        "Regional investment fund mbo (RIF)",
        "€ 250,000",
        "31 December 2025",
        "<caption",
        "1,500",
        "23%",
        "Annual report 2024",
        "1 March 2025",
        "info@itcampus.example.nl",
        'href="tel:0101234567"',
        "Anna de Vries",
        "europoortkringen.nl",
        "Start year and hosts from news reports.",
        "1 February 2026",
    ]:
        assert fact in html, fact
    assert "Fictitious example" not in html


def test_partners_are_grouped_by_role_lead_applicant_first(client: Client, world: World) -> None:
    html = main_of(client.get(f"/en/initiatieven/{world.campus.slug}").content)

    lead, company, funder = html.index(">Lead applicant<"), html.index(">Company<"), html.index(">Funder<")
    assert lead < company < funder
    assert html.count(f'href="/en/organisaties/{world.company.slug}"') == 2


def test_yearly_figures_are_localised_in_dutch(client: Client, world: World) -> None:
    html = main_of(client.get(f"/initiatieven/{world.campus.slug}").content)

    assert "1.500" in html
    assert "€ 250.000" in html
    assert "31 december 2025" in html


def test_fictitious_initiatives_are_labelled_everywhere(client: Client, world: World) -> None:
    detail = client.get(f"/initiatieven/{world.fictitious.slug}").content.decode()
    assert "nk-notice--fictitious" in detail
    assert "Fictief voorbeeld" in detail
    assert "(Fictief voorbeeld)" in detail.split("</title>")[0]

    english = client.get(f"/en/initiatieven/{world.fictitious.slug}").content.decode()
    assert "Fictitious example" in english

    def row_of(html: str, name: str) -> str:
        start = html.index(name)
        return html[start : html.index("</tr>", start)]

    listing = client.get("/initiatieven").content.decode()
    assert "Fictief voorbeeld" in row_of(listing, "Cyberlab Schiedam")
    assert "Fictief voorbeeld" not in row_of(listing, "IT Campus Rotterdam")

    region = client.get("/regio/AM22").content.decode()
    assert "Fictief voorbeeld" in row_of(region, "Cyberlab Schiedam")

    home = client.get("/").content.decode()
    card = home[home.index("Cyberlab Schiedam") : home.index("</li>", home.index("Cyberlab Schiedam"))]
    assert "Fictief voorbeeld" in card

    organisation = client.get(f"/organisaties/{world.fictitious_company.slug}").content.decode()
    assert "nk-notice--fictitious" in organisation


def test_contact_person_is_shown_only_with_recorded_consent(client: Client, world: World) -> None:
    assert "Anna de Vries" in client.get(f"/initiatieven/{world.campus.slug}").content.decode()

    # The database refuses a contact person without consent, so a form or import that forgets the
    # consent must still not publish the name: render the page for such an unsaved change.
    initiative = Initiative.objects.get(pk=world.campus.pk)
    initiative.contact_person_consent_on = None
    request = RequestFactory().get(f"/initiatieven/{world.campus.slug}")
    html = render_to_string(
        "web/initiative_detail.html",
        {"initiative": initiative, "partner_groups": []},
        request=request,
    )
    assert "Anna de Vries" not in html
    assert "info@itcampus.example.nl" in html


def test_not_verified_yet_is_said_when_no_verification_is_recorded(client: Client, world: World) -> None:
    html = client.get(f"/en/initiatieven/{world.academy.slug}").content.decode()

    assert "not verified yet" in html


def test_organisation_page_lists_its_published_initiatives_with_roles(client: Client, world: World) -> None:
    html = main_of(client.get(f"/en/organisaties/{world.company.slug}").content)

    assert "Large company" in html
    assert "24354561" in html
    assert f'href="/en/initiatieven/{world.campus.slug}"' in html
    assert "Company" in html and "Funder" in html
    assert 'href="/en/regio/GM0599"' in html

    school = main_of(client.get(f"/en/organisaties/{world.school.slug}").content)
    assert "21UI" in school
    assert "Secret Draft Initiative" not in school
    # Roles in the order of the role list (lead applicant first), not alphabetically.
    assert school.index("Lead applicant") < school.index("Knowledge partner")


def test_municipality_page_names_its_labour_market_region_and_province(client: Client, world: World) -> None:
    html = main_of(client.get("/en/regio/GM0599").content)

    assert 'href="/en/regio/AM22"' in html
    assert 'href="/en/regio/PV28"' in html
    assert "IT Campus Rotterdam" in html
    assert "Cyberlab Schiedam" not in html
    assert 'listed on the page of <a href="/en/regio/AM22">Rijnmond</a>' in html


def test_labour_market_region_page_lists_members_initiatives_and_coverage(
    client: Client, world: World
) -> None:
    response = client.get("/en/regio/AM22")
    html = main_of(response.content)

    assert 'href="/en/regio/GM0599"' in html and 'href="/en/regio/GM0606"' in html
    assert "IT Campus Rotterdam" in html and "Cyberlab Schiedam" in html
    assert "IT Academy Noord-Nederland" not in html
    goals = {row.term.slug: row.count for row in response.context["coverage"].goals}
    themes = {row.term.slug: row.count for row in response.context["coverage"].themes}
    assert goals["initial-education"] == 1
    assert goals["postinitial-education"] == 0
    assert themes["cybersecurity"] == 1
    assert themes["women-in-ict"] == 0


def test_country_page_holds_every_published_initiative_and_region_tables(
    client: Client, world: World
) -> None:
    html = main_of(client.get("/regio/NL").content)

    for name in ("IT Campus Rotterdam", "Cyberlab Schiedam", "IT Academy Noord-Nederland"):
        assert name in html
    assert 'href="/regio/PV20"' in html and 'href="/regio/AM01"' in html


def test_region_code_in_lower_case_redirects_to_the_official_code(client: Client, world: World) -> None:
    response = client.get("/en/regio/am22")

    assert response.status_code == 301
    assert response["Location"] == "/en/regio/AM22"


def test_home_counts_initiatives_per_labour_market_region(client: Client, world: World) -> None:
    response = client.get("/")

    counts = {row.region.code: row.count for row in response.context["region_counts"]}
    assert counts == {"AM22": 2, "AM01": 1}
    totals = response.context["totals"]
    assert (totals.initiatives, totals.fictitious, totals.real) == (3, 1, 2)
    assert (totals.organisations, totals.companies) == (3, 2)
    html = response.content.decode()
    assert "<caption" in html and 'href="/regio/AM22"' in html
    newest = [initiative.name for initiative in response.context["newest"]]
    assert newest == ["IT Academy Noord-Nederland", "Cyberlab Schiedam", "IT Campus Rotterdam"]
    real = [initiative.name for initiative in response.context["real_initiatives"]]
    assert real == ["IT Academy Noord-Nederland", "IT Campus Rotterdam"]


def test_home_map_is_offered_only_when_region_boundaries_are_loaded(client: Client, world: World) -> None:
    html = client.get("/").content.decode()
    assert "data-region-map-canvas" in html
    assert 'data-geojson-url="/regio/arbeidsmarktregios.geojson"' in html
    assert "vendor/leaflet/leaflet.js" in html

    Region.objects.update(boundary=None)
    html = client.get("/").content.decode()
    assert "data-region-map" not in html
    assert "leaflet" not in html


def test_region_shapes_carry_counts_links_and_labels(client: Client, world: World) -> None:
    response = client.get("/en/regio/arbeidsmarktregios.geojson")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    by_code = {feature["properties"]["code"]: feature for feature in collection["features"]}
    assert set(by_code) == {"AM01", "AM22"}
    rijnmond = by_code["AM22"]["properties"]
    assert rijnmond["count"] == 2
    assert rijnmond["url"] == "/en/regio/AM22"
    assert rijnmond["label"] == "Rijnmond: 2 initiatives"
    assert by_code["AM22"]["geometry"]["type"] == "Polygon"
    dutch = client.get("/regio/arbeidsmarktregios.geojson").json()
    labels = {f["properties"]["label"] for f in dutch["features"]}
    assert "Groningen: 1 initiatief" in labels


def test_initiative_list_is_paginated(client: Client, world: World) -> None:
    for number in range(30):
        initiative_publish(initiative=initiative_create(name=f"Extra initiative {number:02d}"))

    first = client.get("/en/initiatieven")
    second = client.get("/en/initiatieven?page=2")

    assert first.context["page_obj"].paginator.count == 33
    assert len(first.context["page_obj"].object_list) == 25
    assert len(second.context["page_obj"].object_list) == 8
    assert 'aria-current="page"' in second.content.decode()
    assert 'href="?page=1"' in second.content.decode()
    assert "(page 2)" in second.content.decode().split("</title>")[0]


def test_language_switch_posts_to_set_language_with_the_same_page_in_the_other_language(
    client: Client, world: World
) -> None:
    dutch = client.get(f"/initiatieven/{world.campus.slug}?x=1").content.decode()
    assert 'action="/i18n/setlang/"' in dutch
    assert f'name="next" value="/en/initiatieven/{world.campus.slug}?x=1"' in dutch
    assert re.search(r'<button[^>]*value="en"\s+lang="en">English</button>', dutch)

    english = client.get("/en/regio/AM22").content.decode()
    assert 'name="next" value="/regio/AM22"' in english
    assert re.search(r'<button[^>]*value="nl"\s+lang="nl">Nederlands</button>', english)

    not_found = client.get("/en/no-such-page").content.decode()
    assert 'name="next" value="/no-such-page"' in not_found

    response = client.post("/i18n/setlang/", {"language": "en", "next": f"/initiatieven/{world.campus.slug}"})
    assert response.status_code == 302
    assert response["Location"] == f"/en/initiatieven/{world.campus.slug}"


def test_current_page_is_marked_in_the_navigation(client: Client, world: World) -> None:
    def link(html: str, href: str) -> str:
        match = re.search(rf'<a class="nk-nav__link[^"]*"\s+href="{href}"[^>]*>', html)
        assert match, href
        return match.group(0)

    listing = client.get("/initiatieven").content.decode()
    assert 'aria-current="page"' in link(listing, "/initiatieven")
    detail = client.get(f"/initiatieven/{world.campus.slug}").content.decode()
    assert 'aria-current="true"' in link(detail, "/initiatieven")
    assert "aria-current" not in link(detail, "/")
    assert "aria-current" not in link(detail, "/regio")


@pytest.mark.parametrize("path", ["/", "/en/initiatieven", "/en/no-such-page"])
def test_content_security_policy_forbids_inline_code(client: Client, world: World, path: str) -> None:
    response = client.get(path)

    policy = response.headers.get("Content-Security-Policy", "")
    assert "script-src 'self'" in policy
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "style=" not in response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)", response.content.decode()), "inline script"


def test_server_error_page_renders_without_a_request() -> None:
    with translation.override("nl"):
        html = render_to_string("500.html")

    assert '<html lang="nl"' in html
    assert "Er is iets misgegaan" in html
    assert "set_language" not in html and "setlang" not in html


def add_published_initiatives(world: World, count: int) -> None:
    """More initiatives everywhere the pages look: in regions, with partners, with and without an
    explicit labour-market region served."""
    for number in range(count):
        fields: InitiativeFields = {
            "municipality": world.schiedam if number % 2 else world.rotterdam,
            "place": "Schiedam" if number % 2 else "Rotterdam",
            "goals": Goal.objects.filter(slug="innovation"),
        }
        if number % 3 == 0:
            fields["regions_served"] = []
        initiative = initiative_create(name=f"Bulk initiative {number:02d}", **fields)
        for organisation, role in [
            (world.school, PartnershipRole.EDUCATION_PARTNER),
            (world.company, PartnershipRole.COMPANY),
        ]:
            partnership_add(initiative=initiative, organisation=organisation, role=role)
        initiative_publish(initiative=initiative)


@pytest.mark.parametrize(
    ("page", "max_queries"),
    [
        ("home", 14),
        ("initiative list", 20),
        ("initiative", 12),
        ("organisation", 2),
        ("region list", 8),
        # The region pages: the result index's token is one of them.
        ("labour-market region", 9),
        ("province", 9),
        ("municipality", 10),
        ("country", 15),
    ],
)
def test_pages_use_a_bounded_number_of_queries(
    client: Client,
    world: World,
    django_assert_max_num_queries: DjangoAssertNumQueries,
    page: str,
    max_queries: int,
) -> None:
    add_published_initiatives(world, 20)
    path = PAGES[page](world)
    initiative_index()  # built once per change, in a fixed number of queries (tested with the index)

    with django_assert_max_num_queries(max_queries):
        response = client.get(path)

    assert response.status_code == 200


def test_content_security_policy_nonce_is_a_real_nonce(client: Client, world: World) -> None:
    response = client.get("/")
    html = response.content.decode()
    policy = response.headers["Content-Security-Policy"]

    match = re.search(r'<script[^>]* nonce="([^"]+)"', html)
    assert match, "the home page loads its map scripts with a nonce"
    assert f"'nonce-{match.group(1)}'" in policy
    assert "'nonce'" not in policy
