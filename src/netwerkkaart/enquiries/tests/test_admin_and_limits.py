"""The admin's view of mails that need attention, and the rate-limit setting."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings

from netwerkkaart.accounts.models import User
from netwerkkaart.enquiries.choices import DeliveryState, MailKind
from netwerkkaart.enquiries.models import EnquiryMail
from netwerkkaart.enquiries.ratelimit import rate_parse

from .conftest import Country
from .factories import EnquiryFactory

pytestmark = pytest.mark.django_db


def test_admin_opens_on_unsent_and_failed_mails(client: Client, country: Country) -> None:
    admin = User.objects.create_superuser(email="admin@example.nl", password="a-long-password-1")
    sent, failed = (
        EnquiryFactory.create(initiative=country.campus),
        EnquiryFactory.create(initiative=country.campus),
    )
    EnquiryMail.objects.create(
        enquiry=sent, kind=MailKind.INITIATIVE, recipient="a@example.nl", state=DeliveryState.SENT
    )
    mail = EnquiryMail.objects.create(
        enquiry=failed,
        kind=MailKind.INITIATIVE,
        recipient="b@example.nl",
        state=DeliveryState.FAILED,
        attempts=8,
        last_error="SMTPRecipientsRefused: refused by the test",
    )
    client.force_login(admin)
    listing = client.get("/beheer/enquiries/enquirymail/").content.decode()
    assert "SMTPRecipientsRefused: refused by the test" in listing
    assert f"/beheer/enquiries/enquirymail/{mail.pk}/change/" in listing
    assert f"/beheer/enquiries/enquirymail/{sent.mails.get().pk}/change/" not in listing
    response = client.post(
        "/beheer/enquiries/enquirymail/",
        {"action": "retry_now", "_selected_action": [mail.pk]},
    )
    assert response.status_code == 302
    mail.refresh_from_db()
    assert mail.attempts == 0 and mail.next_attempt_at is not None


@pytest.mark.parametrize(
    ("rate", "parsed"), [("5/hour", (5, 3600)), (" 10 / minute ", (10, 60)), ("1/day", (1, 86400))]
)
def test_rate_parse(rate: str, parsed: tuple[int, int]) -> None:
    assert rate_parse(rate) == parsed


@pytest.mark.parametrize("rate", ["5", "5/week", "many/hour", ""])
def test_rate_parse_refuses_what_it_cannot_read(rate: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="number/second"):
        rate_parse(rate)


@override_settings(ENQUIRY_RATE_LIMIT="1/hour", REST_FRAMEWORK={"NUM_PROXIES": 1})
def test_rate_limit_behind_a_trusted_proxy_counts_the_forwarded_client(country: Country) -> None:
    url = f"/vind-een-samenwerking/contact/{country.campus.slug}"
    data = {
        "name": "x",
        "email": "x@example.nl",
        "company": "X",
        "need": "interns",
        "message": "Hoi",
        "consent": "on",
    }
    first = Client(HTTP_X_FORWARDED_FOR="198.51.100.1")
    second = Client(HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert first.post(url, data).status_code == 302
    assert first.post(url, data).status_code == 429
    assert second.post(url, data).status_code == 302
