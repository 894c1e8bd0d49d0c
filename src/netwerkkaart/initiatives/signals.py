"""Every change to what the result index holds marks it stale, in the transaction that makes it.

Signals rather than calls in the services: the admin and the shell change these rows too, and a missed
call would leave every process showing old counts. Bulk writes (``bulk_create``, ``QuerySet.update``)
send no signals; their callers call `initiative_index_invalidate` themselves.
"""

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import Initiative, Partnership
from .result_index import initiative_index_invalidate

# The many-to-many fields the index reads.
INDEXED_RELATIONS = ("regions_served", "goals", "themes", "target_groups", "education_levels", "activities")


def _changed(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading a fixture: the loader decides
        return
    initiative_index_invalidate()


def _relation_changed(sender: Any, action: str, **kwargs: Any) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        initiative_index_invalidate()


def connect() -> None:
    for model in (Initiative, Partnership):
        post_save.connect(_changed, sender=model, dispatch_uid=f"result-index-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"result-index-delete-{model.__name__}")
    for name in INDEXED_RELATIONS:
        through = getattr(Initiative, name).through
        m2m_changed.connect(_relation_changed, sender=through, dispatch_uid=f"result-index-{name}")
