"""Writes of the reports app: the cache of generated files (ADR 15)."""

import hashlib
from collections.abc import Callable

from django.db import IntegrityError, transaction

from netwerkkaart.core.selectors import data_versions_get

from .models import GeneratedFile
from .sections import data_keys

# Part of every version: raise it when a change to the templates, charts or writers changes the files,
# so that nothing made by the old code is served again.
RENDER_VERSION = "1"


def profile_version() -> str | None:
    """The combined token of all the data the profiles read (one query); None when some of it was never
    marked, in which case nothing may be cached (no change to it would ever be noticed)."""
    keys = data_keys()
    tokens = data_versions_get(keys=keys)
    if len(tokens) < len(keys):
        return None
    text = "|".join([RENDER_VERSION, *(f"{key}={tokens[key]}" for key in keys)])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def generated_get(*, key: str, version: str) -> bytes | None:
    content = GeneratedFile.objects.filter(key=key, version=version).values_list("content", flat=True).first()
    return None if content is None else bytes(content)


def generated_get_or_make(*, key: str, version: str | None, make: Callable[[], bytes]) -> bytes:
    """The content made for ``key`` at ``version``: from the cache (one query), or made now and kept.

    Two requests that make the same file at once both succeed; the later write wins (same content).
    """
    if version is None:
        return make()
    cached = generated_get(key=key, version=version)
    if cached is not None:
        return cached
    content = make()
    try:
        with transaction.atomic():
            GeneratedFile.objects.update_or_create(key=key, defaults={"version": version, "content": content})
    except IntegrityError:  # made by another request at the same moment
        pass
    return content


def generated_clear() -> int:
    """Removes every kept file (they are made again on request); returns how many were removed."""
    count, _ = GeneratedFile.objects.all().delete()
    return count
