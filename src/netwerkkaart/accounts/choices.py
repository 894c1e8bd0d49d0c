from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("national administrator")
    REGIONAL_COORDINATOR = "regional_coordinator", _("regional coordinator")
    INITIATIVE_EDITOR = "initiative_editor", _("initiative editor")
