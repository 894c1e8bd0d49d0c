"""The fixed vocabularies of the partnership finder and the enquiries (ADR 16)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Need(models.TextChoices):
    """What a company comes for; `needs.NEED_MATCHES` maps each to what initiatives record."""

    INTERNS = "interns", _("Interns")
    APPRENTICES = "apprentices", _("Apprentices (learning on the job)")
    RETRAINING = "retraining", _("Retraining or upskilling our own staff")
    GUEST_LECTURES = "guest-lectures", _("Giving guest lectures or becoming a hybrid teacher")
    INNOVATION = "innovation", _("An innovation or research project")
    GRADUATES = "graduates", _("Recruiting graduates")
    PARTNER = "partner", _("Becoming a partner")


class CompanySize(models.TextChoices):
    MICRO = "micro", _("fewer than 10 employees")
    SMALL = "small", _("10 to 49 employees")
    MEDIUM = "medium", _("50 to 249 employees")
    LARGE = "large", _("250 employees or more")


class Sector(models.TextChoices):
    SOFTWARE = "software", _("Software and IT services")
    SECURITY = "security", _("Cybersecurity")
    DATA = "data", _("Data and artificial intelligence")
    INDUSTRY = "industry", _("Industry, logistics and ports")
    PUBLIC = "public", _("Government, healthcare and education")
    OTHER = "other", _("Other")


class EnquiryStatus(models.TextChoices):
    """Set by the initiative through the signed link in its mail."""

    NEW = "new", _("new")
    CONTACTED = "contacted", _("contacted")
    JOINED = "joined", _("joined")
    DECLINED = "declined", _("declined")


class MailKind(models.TextChoices):
    INITIATIVE = "initiative", _("to the initiative")
    CONFIRMATION = "confirmation", _("confirmation to the company")


class DeliveryState(models.TextChoices):
    UNSENT = "unsent", _("not sent yet")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class Tier(models.TextChoices):
    """The groups of the finder's results, in this order."""

    REGION = "region", _("In your labour-market region")
    NEARBY = "nearby", _("Nearby")
    NATIONAL = "national", _("National")
