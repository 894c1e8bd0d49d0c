"""The finder, enquiry, status and funnel pages through the test client."""

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from netwerkkaart.accounts.models import User
from netwerkkaart.enquiries.choices import EnquiryStatus, Need
from netwerkkaart.enquiries.models import Enquiry
from netwerkkaart.enquiries.services import status_token_make
from netwerkkaart.initiatives.result_index import initiative_index
from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.models import Region

from .conftest import Country
from .factories import EnquiryFactory

pytestmark = pytest.mark.django_db

FINDER = "/vind-een-samenwerking"


def _form(**changes: str) -> dict[str, str]:
    data = {
        "name": "Pieter Bakker",
        "email": "pieter@bakker-ict.example.nl",
        "company": "Bakker ICT",
        "kvk_number": "1234 5678",
        "where": "3011",
        "need": Need.INTERNS,
        "message": "Wij zoeken stagiairs.",
        "consent": "on",
        "website": "",
    }
    data.update(changes)
    return data


def test_finder_without_question_shows_the_form(client: Client, country: Country) -> None:
    response = client.get(FINDER)
    assert response.status_code == 200
    assert b'name="where"' in response.content and b"results-heading" not in response.content


def test_finder_ranks_region_first(client: Client, country: Country) -> None:
    response = client.get(FINDER, {"where": "3011", "need": Need.INTERNS})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("IT Campus Rotterdam") < html.index("Cyberlab Schiedam") < html.index("Delft Data Lab")
    assert html.index("Delft Data Lab") < html.index("Landelijk Stagenetwerk")
    assert "IT Academy Noord" not in html and "Geheim Concept" not in html
    assert "Biedt wat u zoekt: stages." in html
    contact = reverse("enquiries:create", kwargs={"slug": country.campus.slug})
    assert f"{contact}?where=3011&amp;need=interns" in html


def test_finder_in_english(client: Client, country: Country) -> None:
    response = client.get(f"/en{FINDER}", {"where": "Rotterdam", "need": Need.INTERNS})
    assert b"In your labour-market region" in response.content
    assert b"Offers what you ask for: internships." in response.content


def test_finder_names_the_unknown_place(client: Client, country: Country) -> None:
    with translation.override("en"):
        response = client.get(f"/en{FINDER}", {"where": "Atlantis", "need": Need.INTERNS})
    assert response.status_code == 200
    assert b"&#x27;Atlantis&#x27; is not a postcode or municipality we know" in response.content
    assert b'aria-invalid="true"' in response.content


def test_finder_queries_do_not_grow(
    client: Client, country: Country, django_assert_max_num_queries: Any
) -> None:
    initiative_index()
    # Postcode, memberships, index token, four taxonomies (the need's three and the sector's theme),
    # the initiatives shown.
    with django_assert_max_num_queries(8):
        client.get(FINDER, {"where": "3011", "need": Need.INTERNS, "sector": "software", "size": "small"})


def test_enquiry_stored_and_mailed(client: Client, country: Country) -> None:
    url = reverse("enquiries:create", kwargs={"slug": country.campus.slug})
    assert client.get(url, {"where": "3011", "need": Need.INTERNS}).status_code == 200
    response = client.post(url, _form())
    assert response.status_code == 302
    assert response["Location"] == reverse("enquiries:sent", kwargs={"slug": country.campus.slug})
    enquiry = Enquiry.objects.get()
    assert enquiry.kvk_number == "12345678"
    assert enquiry.labour_market_region == country.rijnmond
    assert enquiry.language == "nl"
    assert "IT Campus Rotterdam" in enquiry.consent_text and "365 dagen" in enquiry.consent_text
    assert len(mail.outbox) == 2
    assert client.get(response["Location"]).status_code == 200


def test_enquiry_without_place_counts_in_the_initiatives_region(client: Client, country: Country) -> None:
    url = reverse("enquiries:create", kwargs={"slug": country.delft_lab.slug})
    client.post(url, _form(where=""))
    assert Enquiry.objects.get().labour_market_region == country.haaglanden


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kvk_number": "1234567"}, "'1234567' is not a KvK number"),
        ({"email": "pieter@"}, "Enter a valid email address."),
        ({"consent": ""}, "Tick the box to agree"),
        ({"where": "0000"}, "'0000' is not a postcode or municipality we know"),
        ({"need": "money"}, "Select a valid choice."),
    ],
)
def test_invalid_enquiry_is_not_stored(
    client: Client, country: Country, changes: dict[str, str], message: str
) -> None:
    url = f"/en{reverse('enquiries:create', kwargs={'slug': country.campus.slug})}"
    response = client.post(url, _form(**changes))
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not Enquiry.objects.exists() and not mail.outbox


def test_honeypot_stores_nothing(client: Client, country: Country) -> None:
    url = reverse("enquiries:create", kwargs={"slug": country.campus.slug})
    response = client.post(url, _form(website="http://spam.example"))
    assert response.status_code == 302
    assert not Enquiry.objects.exists() and not mail.outbox


@override_settings(ENQUIRY_RATE_LIMIT="2/hour")
def test_rate_limit_per_client(client: Client, country: Country) -> None:
    url = reverse("enquiries:create", kwargs={"slug": country.campus.slug})
    assert client.post(url, _form()).status_code == 302
    assert client.post(url, _form()).status_code == 302
    blocked = client.post(url, _form())
    assert blocked.status_code == 429
    assert b"Pieter Bakker" in blocked.content  # what was typed stays in the form
    assert Enquiry.objects.count() == 2
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert other.post(url, _form()).status_code == 302


def test_via_coordinators_is_said_on_the_form(client: Client, country: Country) -> None:
    url = f"/en{reverse('enquiries:create', kwargs={'slug': country.schiedam_lab.slug})}"
    assert b"your enquiry goes to the Netwerkkaart coordinators" in client.get(url).content


@override_settings(ENQUIRY_COORDINATORS_EMAIL="")
def test_unreachable_initiative_has_no_form(client: Client, country: Country) -> None:
    url = f"/en{reverse('enquiries:create', kwargs={'slug': country.schiedam_lab.slug})}"
    response = client.get(url)
    assert b"cannot be reached through Netwerkkaart yet" in response.content
    assert b'name="email"' not in response.content
    client.post(url, _form())
    assert not Enquiry.objects.exists()


@override_settings(ENQUIRY_COORDINATORS_EMAIL="")
def test_finder_offers_no_contact_where_nobody_reads_it(client: Client, country: Country) -> None:
    html = client.get(f"/en{FINDER}", {"where": "3011", "need": Need.INTERNS}).content.decode()
    assert f"/vind-een-samenwerking/contact/{country.campus.slug}?" in html
    assert f"/vind-een-samenwerking/contact/{country.schiedam_lab.slug}?" not in html
    assert "cannot be reached through Netwerkkaart yet" in html


def test_draft_initiative_cannot_be_written_to(client: Client, country: Country) -> None:
    assert client.get(reverse("enquiries:create", kwargs={"slug": country.draft.slug})).status_code == 404


def test_status_page(client: Client, country: Country) -> None:
    enquiry = EnquiryFactory.create(initiative=country.campus, name="Geheime Naam")
    url = reverse("enquiries:status", kwargs={"token": status_token_make(enquiry)})
    page = client.get(url)
    assert page.status_code == 200 and b"Geheime Naam" not in page.content
    assert client.post(url, {"status": "lost"}).status_code == 400
    saved = client.post(url, {"status": EnquiryStatus.DECLINED}, follow=True)
    assert b"De status is opgeslagen" in saved.content
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.DECLINED and enquiry.declined_at is not None
    assert client.get(reverse("enquiries:status", kwargs={"token": "forged"})).status_code == 404


def test_funnel_is_for_staff(client: Client, country: Country) -> None:
    response = client.get(reverse("enquiries:funnel"))
    assert response.status_code == 302 and "/beheer/login/" in response["Location"]
    assert client.get(reverse("enquiries:funnel-csv")).status_code == 302


def _total(html: str, step: str) -> int:
    match = re.search(rf'data-total="{step}">\s*(\d+)\s*<', html)
    assert match, step
    return int(match.group(1))


def test_funnel_counts_and_csv(client: Client, country: Country, staff_user: User) -> None:
    EnquiryFactory.create(labour_market_region=country.rijnmond, status=EnquiryStatus.CONTACTED)
    Enquiry.objects.update(contacted_at=Enquiry.objects.get().created_at)
    EnquiryFactory.create(labour_market_region=country.groningen_region)
    client.force_login(staff_user)
    page = client.get(reverse("enquiries:funnel"))
    assert page.status_code == 200
    html = page.content.decode()
    assert (_total(html, "asked"), _total(html, "contacted"), _total(html, "joined")) == (2, 1, 0)
    regional = client.get(reverse("enquiries:funnel"), {"region": "AM22"}).content.decode()
    assert _total(regional, "asked") == 1
    assert client.get(reverse("enquiries:funnel"), {"region": "GM0599"}).status_code == 404
    csv = b"".join(client.get(reverse("enquiries:funnel-csv")).streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    lines = csv.splitlines()
    assert lines[0] == "kind,region_code,region_name,month,asked,contacted,joined"
    assert "region,AM22,Rijnmond,,1,1,0" in lines
    assert lines[-1] == "total,NL,,,2,1,0"


def test_funnel_csv_is_safe_from_formulas(client: Client, country: Country, staff_user: User) -> None:
    Region.objects.create(kind=RegionKind.LABOUR_MARKET_REGION, code="AM99", name="=HYPERLINK(1)", year=2026)
    client.force_login(staff_user)
    csv = b"".join(client.get(reverse("enquiries:funnel-csv")).streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert "region,AM99,'=HYPERLINK(1),,0,0,0" in csv.splitlines()
