from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "netwerkkaart.reports"
    label = "reports"
    verbose_name = _("Region profiles")

    def ready(self) -> None:
        from . import signals

        signals.connect()
