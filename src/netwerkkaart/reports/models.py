from django.db import models
from django.utils.translation import gettext_lazy as _


class GeneratedFile(models.Model):
    """A file made from the data (a profile's PDF, CSV, page body, ...), kept for one data version.

    ``key`` names what it is (profile, region, language, format); ``version`` is the combined token of
    the data it was made from (`services.profile_version`). A request that finds the same key and
    version serves the content as it is; any other version is made again and replaces the row.
    """

    key = models.CharField(_("key"), max_length=200, unique=True)
    version = models.CharField(_("data version"), max_length=64)
    content = models.BinaryField(_("content"))
    made_at = models.DateTimeField(_("made at"), auto_now=True)

    class Meta:
        verbose_name = _("generated file")
        verbose_name_plural = _("generated files")

    def __str__(self) -> str:
        return f"{self.key} ({self.version})"
