"""Funding lines and yearly figures feed the insights but not the result index: their changes mark the
insights' own body of data as changed, in the transaction that makes them (ADR 17).

Bulk writes send no signals; their callers call `insights_inputs_invalidate` themselves.
"""

from typing import Any

from django.db.models.signals import post_delete, post_save

from netwerkkaart.core.services import data_version_bump
from netwerkkaart.initiatives.models import FundingLine, YearlyFigure

INPUTS_DATA_KEY = "insights.inputs"


def insights_inputs_invalidate() -> None:
    data_version_bump(key=INPUTS_DATA_KEY)


def _changed(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    insights_inputs_invalidate()


def connect() -> None:
    for model in (FundingLine, YearlyFigure):
        post_save.connect(_changed, sender=model, dispatch_uid=f"insights-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"insights-delete-{model.__name__}")
