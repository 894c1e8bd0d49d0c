from django.db import models
from django.utils.translation import gettext_lazy as _


class RowOutcome(models.TextChoices):
    CREATED = "created", _("created")
    UPDATED = "updated", _("updated")
    UNCHANGED = "unchanged", _("unchanged")
    REFUSED = "refused", _("refused")


class RunStatus(models.TextChoices):
    PREVIEWED = "previewed", _("dry run, waiting for confirmation")
    DRY_RUN = "dry_run", _("dry run")
    IMPORTED = "imported", _("imported")
    REFUSED = "refused", _("refused")


class FileFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
    ODS = "ods", "ODS"
