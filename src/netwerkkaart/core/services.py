"""Writes shared by the domain apps."""

import uuid

from .models import DataVersion


def data_version_bump(*, key: str) -> str:
    """Marks the data under ``key`` as changed; part of the caller's transaction. Returns the new token."""
    token = uuid.uuid4().hex
    DataVersion.objects.update_or_create(key=key, defaults={"token": token})
    return token
