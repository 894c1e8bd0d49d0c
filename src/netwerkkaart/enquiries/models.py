"""Enquiries of companies to initiatives, and the mails that carry them (ADR 16).

An enquiry is stored before anything is mailed; each mail is a row with its own delivery state, so a
refused or failed send stays visible and is retried (`send_enquiry_mail`). The personal data (name,
e-mail, phone, message) is removed after a retention period (`purge_enquiries`); what the funnel counts
(need, region, status and its dates) stays.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from netwerkkaart.initiatives.models import Initiative
from netwerkkaart.organisations.validators import validate_kvk_number
from netwerkkaart.regions.models import Region

from .choices import CompanySize, DeliveryState, EnquiryStatus, MailKind, Need, Sector


class Enquiry(models.Model):
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.SET_NULL,
        null=True,
        related_name="enquiries",
        verbose_name=_("initiative"),
    )
    # Where the company is: the funnel counts per labour-market region of the company.
    labour_market_region = models.ForeignKey(
        Region,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("labour-market region of the company"),
    )
    need = models.CharField(_("need"), max_length=24, choices=Need.choices)
    company_size = models.CharField(_("company size"), max_length=16, choices=CompanySize.choices, blank=True)
    sector = models.CharField(_("sector"), max_length=16, choices=Sector.choices, blank=True)
    language = models.CharField(_("language"), max_length=8)

    # Personal data: emptied by `purge_enquiries` after the retention period.
    name = models.CharField(_("name"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    company = models.CharField(_("company"), max_length=200, blank=True)
    kvk_number = models.CharField(_("KvK number"), max_length=8, blank=True, validators=[validate_kvk_number])
    message = models.TextField(_("message"), blank=True)
    consent_text = models.TextField(_("consent text shown"))
    purged_at = models.DateTimeField(_("personal data removed at"), null=True, blank=True)

    # The site's address when the enquiry was made: the links in the mails (sent later, too) start with it.
    site_url = models.URLField(_("site address"), max_length=200)
    # Sent to the platform's coordinators because the initiative has no public contact address.
    via_coordinators = models.BooleanField(_("sent via the coordinators"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=EnquiryStatus.choices, default=EnquiryStatus.NEW
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    contacted_at = models.DateTimeField(_("contacted at"), null=True, blank=True)
    joined_at = models.DateTimeField(_("joined at"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["created_at"], name="enquiry_created_idx"),
            models.Index(fields=["labour_market_region", "created_at"], name="enquiry_region_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kvk_number="") | Q(kvk_number__regex=r"^[0-9]{8}$"), name="enquiry_kvk_8_digits"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_need_display()} ({self.created_at:%Y-%m-%d})"


class EnquiryMail(models.Model):
    """One mail of an enquiry and its delivery: attempts, the last error and when to try again."""

    enquiry = models.ForeignKey(
        Enquiry, on_delete=models.CASCADE, related_name="mails", verbose_name=_("enquiry")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=MailKind.choices)
    recipient = models.EmailField(_("recipient"), blank=True)
    state = models.CharField(
        _("delivery state"), max_length=8, choices=DeliveryState.choices, default=DeliveryState.UNSENT
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    # Empty for a sent mail and for one that ran out of attempts (an administrator may retry it).
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enquiry mail")
        verbose_name_plural = _("enquiry mails")
        ordering = ["enquiry", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["enquiry", "kind"], name="enquiry_mail_unique_kind"),
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="enquiry_mail_due_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (#{self.enquiry_id}): {self.get_state_display()}"
