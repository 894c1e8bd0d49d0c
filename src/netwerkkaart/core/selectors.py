"""Reads shared by the domain apps."""

from .models import DataVersion


def data_version_get(*, key: str) -> str | None:
    """The current token of the data under ``key``; None when it was never marked (then trust no cache)."""
    return DataVersion.objects.filter(key=key).values_list("token", flat=True).first()


def data_versions_get(*, keys: list[str]) -> dict[str, str]:
    """The current tokens of several bodies of data, in one query; keys never marked are left out."""
    return dict(DataVersion.objects.filter(key__in=keys).values_list("key", "token"))
