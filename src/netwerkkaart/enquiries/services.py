"""Writes of enquiries: submit, deliver their mails (with retries), set the status, purge (ADR 16)."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from netwerkkaart.initiatives.models import Initiative
from netwerkkaart.regions.models import Region

from .choices import DeliveryState, EnquiryStatus, MailKind
from .models import Enquiry, EnquiryMail

logger = logging.getLogger(__name__)

STATUS_LINK_SALT = "netwerkkaart.enquiries.status"
# The first retry waits this long; every next one twice as long, up to `RETRY_MAX_DELAY`.
RETRY_FIRST_DELAY = timedelta(minutes=5)
RETRY_MAX_DELAY = timedelta(hours=24)
# While one process sends a mail, others leave it alone for this long.
SEND_LEASE = timedelta(minutes=10)
ERROR_LENGTH = 1000


class EnquiryNotDeliverable(Exception):
    """The initiative has no public contact address and no coordinators' address is set."""


@dataclass(frozen=True)
class EnquiryInput:
    """What the company filled in, validated by `forms.EnquiryForm`."""

    need: str
    name: str
    email: str
    company: str
    message: str
    consent_text: str
    phone: str = ""
    kvk_number: str = ""
    company_size: str = ""
    sector: str = ""


def initiative_recipient(initiative: Initiative) -> tuple[str, bool]:
    """Where an enquiry to the initiative goes: its public contact address, else the coordinators'
    address (the second value says so); empty when neither is there."""
    if initiative.contact_email:
        return initiative.contact_email, False
    return settings.ENQUIRY_COORDINATORS_EMAIL, True


def status_token_make(enquiry: Enquiry) -> str:
    return signing.dumps(enquiry.pk, salt=STATUS_LINK_SALT)


def status_token_read(token: str) -> int | None:
    """The enquiry a status link is for, or None when it was altered or has expired."""
    try:
        value = signing.loads(
            token, salt=STATUS_LINK_SALT, max_age=timedelta(days=settings.ENQUIRY_STATUS_LINK_MAX_AGE_DAYS)
        )
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    return value if isinstance(value, int) else None


def enquiry_submit(
    *,
    initiative: Initiative,
    labour_market_region: Region | None,
    data: EnquiryInput,
    language: str,
    site_url: str,
) -> Enquiry:
    """Stores the enquiry and its two mails in one transaction, then tries to send them.

    A failed send leaves the mail stored as failed with a time for the next attempt
    (`send_enquiry_mail` retries); the enquiry itself is never lost.
    """
    recipient, via_coordinators = initiative_recipient(initiative)
    if not recipient:
        raise EnquiryNotDeliverable(initiative.slug)
    now = timezone.now()
    with transaction.atomic():
        enquiry = Enquiry.objects.create(
            initiative=initiative,
            labour_market_region=labour_market_region,
            need=data.need,
            company_size=data.company_size,
            sector=data.sector,
            language=language,
            name=data.name,
            email=data.email,
            phone=data.phone,
            company=data.company,
            kvk_number=data.kvk_number,
            message=data.message,
            consent_text=data.consent_text,
            via_coordinators=via_coordinators,
            site_url=site_url.rstrip("/"),
        )
        mails = EnquiryMail.objects.bulk_create(
            [
                EnquiryMail(
                    enquiry=enquiry, kind=MailKind.INITIATIVE, recipient=recipient, next_attempt_at=now
                ),
                EnquiryMail(
                    enquiry=enquiry, kind=MailKind.CONFIRMATION, recipient=data.email, next_attempt_at=now
                ),
            ]
        )
    for mail in mails:
        enquiry_mail_deliver(mail=mail, now=now)
    return enquiry


def _status_url(enquiry: Enquiry, language: str) -> str:
    with translation.override(language):
        path = reverse("enquiries:status", kwargs={"token": status_token_make(enquiry)})
    return f"{enquiry.site_url}{path}"


def _rendered(mail: EnquiryMail) -> EmailMessage:
    """The mail in the enquiry's language; the initiative's mail in Dutch first, then in English."""
    enquiry = mail.enquiry
    initiative = enquiry.initiative
    languages = [enquiry.language]
    if mail.kind == MailKind.INITIATIVE:
        languages = ["nl", "en"]
    parts, subject = [], ""
    for language in languages:
        with translation.override(language):
            context = {
                "enquiry": enquiry,
                "initiative": initiative,
                "initiative_name": initiative.name if initiative else "",
                "status_url": _status_url(enquiry, language),
                "link_days": settings.ENQUIRY_STATUS_LINK_MAX_AGE_DAYS,
                "retention_days": settings.ENQUIRY_RETENTION_DAYS,
                "finder_url": f"{enquiry.site_url}{reverse('enquiries:finder')}",
            }
            parts.append(render_to_string(f"enquiries/mail/{mail.kind}.txt", context).strip())
            if not subject:
                subject = " ".join(
                    render_to_string(f"enquiries/mail/{mail.kind}_subject.txt", context).split()
                )
    body = "\n\n----------------------------------------\n\n".join(parts) + "\n"
    reply_to = [enquiry.email] if mail.kind == MailKind.INITIATIVE and enquiry.email else None
    return EmailMessage(subject=subject, body=body, to=[mail.recipient], reply_to=reply_to)


def _retry_delay(attempts: int) -> timedelta:
    return min(RETRY_FIRST_DELAY * 2 ** max(attempts - 1, 0), RETRY_MAX_DELAY)


def enquiry_mail_deliver(*, mail: EnquiryMail, now: datetime | None = None) -> bool:
    """Sends one mail if no other process is sending it; records the outcome. True when sent.

    Any error of the mail backend counts as a failed attempt (SMTP refusals, connection errors,
    timeouts): it is stored with the attempt count and the time of the next attempt.
    """
    now = now or timezone.now()
    # Claim the attempt: only one process gets it while the lease runs (a due mail whose attempts
    # nobody else has counted meanwhile).
    claimed = EnquiryMail.objects.filter(
        pk=mail.pk,
        attempts=mail.attempts,
        state__in=[DeliveryState.UNSENT, DeliveryState.FAILED],
        next_attempt_at__lte=now,
    ).update(last_attempt_at=now, next_attempt_at=now + SEND_LEASE)
    if not claimed:
        return False
    mail = EnquiryMail.objects.select_related("enquiry__initiative").get(pk=mail.pk)
    attempts = mail.attempts + 1
    try:
        if not mail.recipient:
            raise EnquiryNotDeliverable("no recipient address")
        _rendered(mail).send(fail_silently=False)
    except Exception as error:
        logger.warning("Enquiry mail %s failed (attempt %d): %s", mail.pk, attempts, error)
        retry = attempts < settings.ENQUIRY_MAIL_MAX_ATTEMPTS
        EnquiryMail.objects.filter(pk=mail.pk).update(
            state=DeliveryState.FAILED,
            attempts=attempts,
            last_error=f"{type(error).__name__}: {error}"[:ERROR_LENGTH],
            next_attempt_at=now + _retry_delay(attempts) if retry else None,
        )
        return False
    EnquiryMail.objects.filter(pk=mail.pk).update(
        state=DeliveryState.SENT, attempts=attempts, sent_at=now, next_attempt_at=None, last_error=""
    )
    return True


@dataclass(frozen=True)
class SendReport:
    sent: int
    failed: int


def enquiry_mails_send_due(*, now: datetime | None = None, limit: int = 500) -> SendReport:
    """Tries every unsent or failed mail whose next attempt is due, oldest first."""
    now = now or timezone.now()
    due = list(
        EnquiryMail.objects.filter(
            state__in=[DeliveryState.UNSENT, DeliveryState.FAILED], next_attempt_at__lte=now
        ).order_by("next_attempt_at", "pk")[:limit]
    )
    sent = sum(1 for mail in due if enquiry_mail_deliver(mail=mail, now=now))
    return SendReport(sent=sent, failed=len(due) - sent)


def enquiry_mails_retry_now(*, mail_ids: list[int]) -> int:
    """Makes mails that are not sent due at once, also those out of attempts (admin action)."""
    return (
        EnquiryMail.objects.filter(pk__in=mail_ids)
        .exclude(state=DeliveryState.SENT)
        .update(next_attempt_at=timezone.now(), attempts=0)
    )


def enquiry_status_set(*, enquiry: Enquiry, status: str, now: datetime | None = None) -> Enquiry:
    """The initiative's answer. The funnel's dates are set once: a later change of mind keeps them."""
    now = now or timezone.now()
    status = EnquiryStatus(status)
    with transaction.atomic():
        enquiry = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
        enquiry.status = status
        enquiry.status_changed_at = now
        if status in (EnquiryStatus.CONTACTED, EnquiryStatus.JOINED) and enquiry.contacted_at is None:
            enquiry.contacted_at = now
        if status == EnquiryStatus.JOINED and enquiry.joined_at is None:
            enquiry.joined_at = now
        if status == EnquiryStatus.DECLINED and enquiry.declined_at is None:
            enquiry.declined_at = now
        enquiry.save(
            update_fields=["status", "status_changed_at", "contacted_at", "joined_at", "declined_at"]
        )
    return enquiry


PERSONAL_FIELDS = ("name", "email", "phone", "company", "kvk_number", "message")


def enquiry_purge(*, older_than_days: int, now: datetime | None = None) -> int:
    """Removes the personal data of enquiries asked more than ``older_than_days`` ago, and the
    addresses and errors of their mails; the counts of the funnel stay. Returns how many."""
    if older_than_days < 0:
        raise ValueError("The retention period cannot be negative.")
    now = now or timezone.now()
    cutoff = now - timedelta(days=older_than_days)
    with transaction.atomic():
        old = Enquiry.objects.filter(created_at__lt=cutoff, purged_at__isnull=True)
        mails = EnquiryMail.objects.filter(enquiry__in=old)
        mails.exclude(state=DeliveryState.SENT).update(state=DeliveryState.FAILED, next_attempt_at=None)
        mails.update(recipient="", last_error="")
        count = old.update(purged_at=now, **dict.fromkeys(PERSONAL_FIELDS, ""))
    return count
