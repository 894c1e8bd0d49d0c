from django.db import models
from django.utils.translation import gettext_lazy as _


class InitiativeKind(models.TextChoices):
    CENTRE_FOR_INNOVATIVE_CRAFTSMANSHIP = "civ", _("Centre for innovative craftsmanship (CIV, mbo)")
    CENTRE_OF_EXPERTISE = "coe", _("Centre of Expertise (CoE, hbo)")
    RIF_PROJECT = "rif_project", _("RIF project (regional investment fund mbo)")
    ECOSYSTEM_PPS = "ecosystem_pps", _("ecosystem PPS (Nationaal Groeifonds)")
    CAMPUS = "campus", _("campus")
    RETRAINING_PROGRAMME = "retraining_programme", _("retraining programme")
    FIELDLAB = "fieldlab", _("fieldlab")
    REGIONAL_NETWORK = "regional_network", _("regional network or association")
    OTHER = "other", _("other")


class Phase(models.TextChoices):
    EXPLORING = "exploring", _("exploring")
    STARTING = "starting", _("pilot / start-up")
    SCALING = "scaling", _("scaling up")
    SUSTAINED = "sustained", _("sustained without project subsidy")
    ENDED = "ended", _("ended")


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    ARCHIVED = "archived", _("archived")


class PartnershipRole(models.TextChoices):
    LEAD_APPLICANT = "lead_applicant", _("lead applicant")
    EDUCATION_PARTNER = "education_partner", _("education partner")
    COMPANY = "company", _("company")
    GOVERNMENT = "government", _("government")
    KNOWLEDGE_PARTNER = "knowledge_partner", _("knowledge partner")
    FUNDER = "funder", _("funder")


class FundingSource(models.TextChoices):
    RIF = "rif", _("Regional investment fund mbo (RIF)")
    NATIONAL_GROWTH_FUND = "national_growth_fund", _("Nationaal Groeifonds")
    REGION_DEAL = "region_deal", _("Regio Deal")
    PROVINCE = "province", _("province")
    MUNICIPALITY = "municipality", _("municipality")
    EU_ESF = "eu_esf", _("EU ESF")
    EU_ERDF = "eu_erdf", _("EU EFRO (ERDF)")
    EU_ERASMUS = "eu_erasmus", _("EU Erasmus+")
    PRIVATE_CASH = "private_cash", _("private co-funding in cash")
    PRIVATE_IN_KIND = "private_in_kind", _("private co-funding in kind")
    SCHOOLS_OWN_MEANS = "schools_own_means", _("schools' own means")
    OTHER = "other", _("other")


# Funding that comes from a time-limited project subsidy (continuity risk when it ends).
PROJECT_SUBSIDY_SOURCES = frozenset(
    {
        FundingSource.RIF,
        FundingSource.NATIONAL_GROWTH_FUND,
        FundingSource.REGION_DEAL,
        FundingSource.EU_ESF,
        FundingSource.EU_ERDF,
        FundingSource.EU_ERASMUS,
    }
)
PRIVATE_SOURCES = frozenset({FundingSource.PRIVATE_CASH, FundingSource.PRIVATE_IN_KIND})
