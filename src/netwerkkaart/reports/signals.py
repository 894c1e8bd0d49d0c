"""The profiles read the yearly figures and the goal and theme names, which the result index does not
hold; a change to them marks the published initiatives' data as changed, so that the profiles' cached
files are made again (ADR 15). Bulk loaders call `initiative_index_invalidate` themselves already."""

from typing import Any

from django.db.models.signals import post_delete, post_save

from netwerkkaart.initiatives.models import Goal, Theme, YearlyFigure
from netwerkkaart.initiatives.result_index import initiative_index_invalidate


def _changed(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    initiative_index_invalidate()


def connect() -> None:
    for model in (YearlyFigure, Goal, Theme):
        post_save.connect(_changed, sender=model, dispatch_uid=f"reports-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"reports-delete-{model.__name__}")
