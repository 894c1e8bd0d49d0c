from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "netwerkkaart.core"
    label = "core"
