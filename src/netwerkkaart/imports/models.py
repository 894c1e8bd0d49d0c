"""A record of every spreadsheet import and admin preview, with its report (who, when, which file)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import FileFormat, RunStatus


class ImportRun(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_runs",
        verbose_name=_("user"),
    )
    file_name = models.CharField(_("file name"), max_length=255)
    file_size = models.PositiveIntegerField(_("file size (bytes)"), default=0)
    file_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    file_format = models.CharField(_("format"), max_length=8, choices=FileFormat.choices, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=RunStatus.choices)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    refused_count = models.PositiveIntegerField(_("refused rows"), default=0)
    problem_count = models.PositiveIntegerField(_("problems"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    # The uploaded file, kept only between the preview and its confirmation in the admin.
    content = models.BinaryField(_("file content"), blank=True, default=b"", editable=False)

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"
