"""No enquiry data on public pages, in the open API or in the exports (ADR 16)."""

import pytest
from django.test import Client

from netwerkkaart.enquiries.choices import EnquiryStatus

from .conftest import Country
from .factories import EnquiryFactory

pytestmark = pytest.mark.django_db

SECRETS = (
    "Zeer Geheime Naam",
    "geheim@bedrijf.example.nl",
    "0612398765",
    "Geheimbedrijf",
    "Ons geheime plan",
)


def _public_urls(country: Country) -> list[str]:
    slug = country.campus.slug
    return [
        "/",
        f"/initiatieven/{slug}",
        "/initiatieven",
        "/regio/AM22",
        "/vind-een-samenwerking?where=3011&need=interns",
        "/api/v1/initiatives",
        f"/api/v1/initiatives/{slug}",
        "/api/v1/initiatives?region=AM22",
        "/downloads/initiatieven.csv",
        "/downloads/partnerschappen.csv",
        "/downloads/organisaties.csv",
        "/downloads/jaarcijfers.csv",
        "/catalogus.jsonld",
    ]


def test_enquiry_data_is_nowhere_public(client: Client, country: Country) -> None:
    EnquiryFactory.create(
        initiative=country.campus,
        labour_market_region=country.rijnmond,
        name=SECRETS[0],
        email=SECRETS[1],
        phone=SECRETS[2],
        company=SECRETS[3],
        message=SECRETS[4],
        status=EnquiryStatus.JOINED,
    )
    checked = 0
    for url in _public_urls(country):
        response = client.get(url)
        if response.status_code == 404:
            continue
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
        text = body.decode("utf-8", errors="replace")
        for secret in SECRETS:
            assert secret not in text, (url, secret)
        checked += 1
    assert checked >= 10
