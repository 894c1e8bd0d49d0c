"""Rows of the funnel tables as (label, counts) pairs."""

from typing import Any

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext

from netwerkkaart.enquiries.selectors import Funnel, FunnelCounts

register = template.Library()


@register.simple_tag
def month_rows(funnel: Funnel) -> list[tuple[str, FunnelCounts]]:
    return [(date_format(row.month, "YEAR_MONTH_FORMAT"), row.counts) for row in funnel.months]


@register.simple_tag
def region_rows(funnel: Funnel) -> list[tuple[Any, FunnelCounts]]:
    return [(row.region.name if row.region else gettext("unknown"), row.counts) for row in funnel.regions]
