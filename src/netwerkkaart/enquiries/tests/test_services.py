"""Submitting, delivering (and retrying), status links and the purge."""

import smtplib
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from netwerkkaart.enquiries.choices import DeliveryState, EnquiryStatus, MailKind, Need
from netwerkkaart.enquiries.models import Enquiry, EnquiryMail
from netwerkkaart.enquiries.selectors import enquiry_funnel
from netwerkkaart.enquiries.services import (
    EnquiryInput,
    EnquiryNotDeliverable,
    enquiry_mail_deliver,
    enquiry_mails_send_due,
    enquiry_purge,
    enquiry_status_set,
    enquiry_submit,
    status_token_make,
    status_token_read,
)

from .conftest import Country
from .factories import EnquiryFactory

pytestmark = pytest.mark.django_db

REFUSING = "netwerkkaart.enquiries.tests.test_services.RefusingBackend"


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses every recipient."""

    def send_messages(self, email_messages: Any) -> int:
        recipients = {address: (550, b"5.1.1 User unknown") for m in email_messages for address in m.to}
        raise smtplib.SMTPRecipientsRefused(recipients)


def _data(**changes: str) -> EnquiryInput:
    values = {
        "need": Need.INTERNS,
        "name": "Pieter Bakker",
        "email": "pieter@bakker-ict.example.nl",
        "company": "Bakker ICT",
        "message": "Wij zoeken twee stagiairs voor het voorjaar.",
        "consent_text": "Ik ga akkoord.",
        "phone": "06 12345678",
        "kvk_number": "12345678",
    }
    values.update(changes)
    return EnquiryInput(**values)


def _submit(country: Country, language: str = "nl", **changes: Any) -> Enquiry:
    return enquiry_submit(
        initiative=changes.pop("initiative", country.campus),
        labour_market_region=country.rijnmond,
        data=_data(**changes),
        language=language,
        site_url="http://testserver/",
    )


def _status_link(body: str) -> str:
    line = next(line for line in body.splitlines() if "/vind-een-samenwerking/status/" in line)
    return line.strip().removeprefix("http://testserver")


def test_submit_stores_then_mails_initiative_and_company(country: Country) -> None:
    enquiry = _submit(country)
    assert enquiry.pk and enquiry.status == EnquiryStatus.NEW
    states = dict(enquiry.mails.values_list("kind", "state"))
    assert states == {MailKind.INITIATIVE: DeliveryState.SENT, MailKind.CONFIRMATION: DeliveryState.SENT}
    to_initiative, confirmation = sorted(mail.outbox, key=lambda m: m.to[0] != "info@itcampus.example.nl")
    assert to_initiative.to == ["info@itcampus.example.nl"]
    assert to_initiative.reply_to == ["pieter@bakker-ict.example.nl"]
    # Dutch first, then English, each with a status link in its language.
    body = to_initiative.body
    assert body.index("Een bedrijf vond") < body.index("A company found")
    assert "Pieter Bakker" in body and "12345678" in body
    assert "/en/vind-een-samenwerking/status/" in body
    assert confirmation.to == ["pieter@bakker-ict.example.nl"]
    assert "Beste Pieter Bakker" in confirmation.body
    assert "Dear" not in confirmation.body


def test_confirmation_in_the_language_of_the_page(country: Country) -> None:
    _submit(country, language="en")
    confirmation = next(m for m in mail.outbox if m.to == ["pieter@bakker-ict.example.nl"])
    assert "Dear Pieter Bakker" in confirmation.body
    assert confirmation.subject == "Your enquiry to IT Campus Rotterdam (Netwerkkaart)"


def test_without_contact_address_to_the_coordinators(country: Country) -> None:
    enquiry = _submit(country, initiative=country.schiedam_lab)
    assert enquiry.via_coordinators
    to_coordinators = next(m for m in mail.outbox if m.to != ["pieter@bakker-ict.example.nl"])
    assert to_coordinators.to == ["coordinatoren@netwerkkaart.example.nl"]
    assert "Cyberlab Schiedam" in to_coordinators.body


@override_settings(ENQUIRY_COORDINATORS_EMAIL="")
def test_nowhere_to_send_is_refused_before_storing(country: Country) -> None:
    with pytest.raises(EnquiryNotDeliverable):
        _submit(country, initiative=country.schiedam_lab)
    assert not Enquiry.objects.exists()


def test_refused_mail_is_kept_failed_and_retried(country: Country) -> None:
    with override_settings(EMAIL_BACKEND=REFUSING):
        enquiry = _submit(country)
    assert Enquiry.objects.filter(pk=enquiry.pk, name="Pieter Bakker").exists()
    assert mail.outbox == []
    for sent in EnquiryMail.objects.filter(enquiry=enquiry):
        assert sent.state == DeliveryState.FAILED
        assert sent.attempts == 1
        assert sent.last_error.startswith("SMTPRecipientsRefused")
        assert sent.next_attempt_at is not None and sent.next_attempt_at > timezone.now()

    # Not due yet: the command leaves them.
    call_command("send_enquiry_mail", stdout=mock.Mock())
    assert mail.outbox == []
    # Due: sent now, by the command.
    EnquiryMail.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    call_command("send_enquiry_mail", stdout=mock.Mock())
    assert len(mail.outbox) == 2
    assert set(EnquiryMail.objects.values_list("state", "attempts")) == {(DeliveryState.SENT, 2)}


@override_settings(EMAIL_BACKEND=REFUSING, ENQUIRY_MAIL_MAX_ATTEMPTS=3)
def test_backoff_doubles_and_stops_after_the_last_attempt(country: Country) -> None:
    start = timezone.now()
    _submit(country)
    delays = []
    for _attempt in range(2):
        due = EnquiryMail.objects.get(kind=MailKind.INITIATIVE)
        assert due.next_attempt_at is not None
        delays.append(due.next_attempt_at - (due.last_attempt_at or start))
        enquiry_mails_send_due(now=due.next_attempt_at)
    assert delays == [timedelta(minutes=5), timedelta(minutes=10)]
    given_up = EnquiryMail.objects.get(kind=MailKind.INITIATIVE)
    assert (given_up.state, given_up.attempts, given_up.next_attempt_at) == (DeliveryState.FAILED, 3, None)


def test_status_token_round_trip_and_tampering(country: Country) -> None:
    enquiry = EnquiryFactory.create(initiative=country.campus)
    token = status_token_make(enquiry)
    assert status_token_read(token) == enquiry.pk
    assert status_token_read(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert status_token_read("not-a-token") is None


def test_status_token_expires(country: Country, settings: Any) -> None:
    enquiry = EnquiryFactory.create(initiative=country.campus)
    token = status_token_make(enquiry)
    settings.ENQUIRY_STATUS_LINK_MAX_AGE_DAYS = 10
    later = timezone.now() + timedelta(days=11)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        assert status_token_read(token) is None


def test_the_mailed_status_link_works(country: Country) -> None:
    enquiry = _submit(country)
    to_initiative = next(m for m in mail.outbox if m.to == ["info@itcampus.example.nl"])
    link = _status_link(str(to_initiative.body))
    client = Client()
    page = client.get(link)
    assert page.status_code == 200
    assert b"Pieter" not in page.content and b"bakker-ict" not in page.content
    response = client.post(link, {"status": EnquiryStatus.CONTACTED})
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.CONTACTED and enquiry.contacted_at is not None


def test_status_dates_are_kept_once_set(country: Country) -> None:
    enquiry = EnquiryFactory.create(initiative=country.campus)
    enquiry = enquiry_status_set(enquiry=enquiry, status=EnquiryStatus.JOINED)
    assert enquiry.contacted_at is not None and enquiry.joined_at is not None
    joined_at = enquiry.joined_at
    enquiry = enquiry_status_set(enquiry=enquiry, status=EnquiryStatus.NEW)
    assert enquiry.status == EnquiryStatus.NEW and enquiry.joined_at == joined_at


def test_purge_removes_personal_data_and_keeps_the_counts(country: Country) -> None:
    old = _submit(country)
    enquiry_status_set(enquiry=old, status=EnquiryStatus.JOINED)
    recent = _submit(country, name="Recent Persoon", email="recent@example.nl")
    Enquiry.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=400))
    before = enquiry_funnel()

    out = mock.Mock()
    call_command("purge_enquiries", stdout=out)

    old.refresh_from_db()
    recent.refresh_from_db()
    for field in ("name", "email", "phone", "company", "kvk_number", "message"):
        assert getattr(old, field) == ""
    assert old.purged_at is not None
    assert set(EnquiryMail.objects.filter(enquiry=old).values_list("recipient", flat=True)) == {""}
    assert (recent.name, recent.email) == ("Recent Persoon", "recent@example.nl")
    # What the funnel counts stays.
    assert old.need == Need.INTERNS and old.labour_market_region == country.rijnmond
    assert old.status == EnquiryStatus.JOINED and old.joined_at is not None
    after = enquiry_funnel()
    assert after == before
    assert (after.total.asked, after.total.joined) == (2, 1)
    assert "1 enquiries" in out.write.call_args[0][0]
    # Twice is once.
    assert enquiry_purge(older_than_days=365) == 0


def test_purge_with_a_shorter_period(country: Country) -> None:
    enquiry = _submit(country)
    Enquiry.objects.filter(pk=enquiry.pk).update(created_at=timezone.now() - timedelta(days=31))
    call_command("purge_enquiries", days=30, stdout=mock.Mock())
    enquiry.refresh_from_db()
    assert enquiry.name == "" and enquiry.email == ""


def test_two_senders_send_a_mail_once(country: Country) -> None:
    with override_settings(EMAIL_BACKEND=REFUSING):
        _submit(country)
    EnquiryMail.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    # What a second process read before the first one sent.
    stale = EnquiryMail.objects.get(kind=MailKind.INITIATIVE)
    assert enquiry_mails_send_due().sent == 2
    assert enquiry_mail_deliver(mail=stale) is False
    assert len(mail.outbox) == 2
