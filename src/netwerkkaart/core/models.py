"""Shared abstract models."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class TermQuerySet(models.QuerySet["Term"]):
    def active(self) -> "TermQuerySet":
        return self.filter(is_active=True)


class Term(models.Model):
    """A taxonomy entry that users can extend (theme, goal, target group, ...), labelled in NL and EN."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "name_nl"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "nl").startswith("en") else self.name_nl

    @property
    def description(self) -> str:
        return self.description_en if (get_language() or "nl").startswith("en") else self.description_nl


class DataVersion(models.Model):
    """A token that changes, in the writing transaction, whenever a body of data changes.

    Processes that keep derived data in memory (the initiative result index) compare the token with the
    one they built from and rebuild when it differs. A random token rather than a counter: a rolled-back
    transaction restores the old token, and a later, different change can never reuse a number.
    """

    key = models.CharField(_("key"), max_length=64, unique=True)
    token = models.CharField(_("token"), max_length=32)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.key}: {self.token}"
