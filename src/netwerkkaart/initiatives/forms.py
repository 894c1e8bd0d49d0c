"""The public filter state, read from a query string: lenient, as URLs are shared and edited by hand."""

import re
from typing import Any, cast

from django import forms
from django.core.validators import slug_re
from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from netwerkkaart.organisations.models import Organisation

from .choices import InitiativeKind, Phase
from .selectors import (
    FACET_NAMES,
    Facet,
    Facets,
    InitiativeFilterParams,
    InitiativeSort,
    initiative_facet_choices,
)

# Bounds what one URL can ask of the database.
MAX_VALUES_PER_FACET = 50
_REGION_CODE = re.compile(r"[A-Z]{2}\d{2,4}")


class LenientMultipleChoiceField(forms.MultipleChoiceField):
    """Keeps the known values and drops the rest, so an outdated or mistyped link still works."""

    def to_python(self, value: Any) -> list[str]:
        values = super().to_python(value)[:MAX_VALUES_PER_FACET]
        return list(dict.fromkeys(item for item in values if self.valid_value(item)))

    def validate(self, value: Any) -> None:
        """Unknown values were dropped already; nothing to refuse."""


class LenientSlugField(LenientMultipleChoiceField):
    """Values checked against the database only for what was asked (organisations are many)."""

    def __init__(self, *, queryset: Any, **kwargs: Any) -> None:
        self.queryset = queryset
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> list[str]:
        asked = [str(item) for item in forms.MultipleChoiceField.to_python(self, value)][
            :MAX_VALUES_PER_FACET
        ]
        # Only slug-shaped values reach the database (PostgreSQL refuses NUL bytes, for one).
        asked = [item for item in asked if slug_re.fullmatch(item)]
        if not asked:
            return []
        known = set(self.queryset.filter(slug__in=asked).values_list("slug", flat=True))
        return list(dict.fromkeys(item for item in asked if item in known))


class LenientCodeField(LenientMultipleChoiceField):
    """Region codes in any case ("gm0606"), checked when the selection is made, not against a list."""

    def to_python(self, value: Any) -> list[str]:
        codes = [str(item).strip().upper() for item in forms.MultipleChoiceField.to_python(self, value)]
        return list(
            dict.fromkeys(code for code in codes[:MAX_VALUES_PER_FACET] if _REGION_CODE.fullmatch(code))
        )


class InitiativeFilterForm(forms.Form):
    """GET parameters of the list, the search results and the map: short English names, values are
    region codes, taxonomy slugs, choice values and organisation slugs."""

    province = LenientMultipleChoiceField(label=_("Province"), required=False)
    region = LenientMultipleChoiceField(label=_("Labour-market region"), required=False)
    goal = LenientMultipleChoiceField(label=_("Goal"), required=False)
    theme = LenientMultipleChoiceField(label=_("Theme"), required=False)
    target_group = LenientMultipleChoiceField(label=_("Target group"), required=False)
    level = LenientMultipleChoiceField(label=_("Education level"), required=False)
    kind = LenientMultipleChoiceField(label=_("Kind"), required=False, choices=InitiativeKind.choices)
    phase = LenientMultipleChoiceField(label=_("Phase"), required=False, choices=Phase.choices)
    partner = LenientSlugField(label=_("Partner organisation"), required=False, queryset=Organisation.objects)
    municipality = LenientCodeField(label=_("Municipality"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=InitiativeSort.choices)

    # Field name -> InitiativeFilterParams attribute, in the order of FACET_NAMES.
    PARAMS = dict(
        zip(
            ("province", "region", "goal", "theme", "target_group", "level", "kind", "phase", "partner"),
            FACET_NAMES,
            strict=True,
        )
    )

    def __init__(self, *args: Any, searching: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Search results come by relevance first; a plain list has no relevance to sort by.
        self.default_sort = InitiativeSort.RELEVANCE if searching else InitiativeSort.NAME
        self._choices_set(
            "sort",
            [
                (value, label)
                for value, label in InitiativeSort.choices
                if searching or value != InitiativeSort.RELEVANCE
            ],
        )
        self.choices = initiative_facet_choices()
        for field, attribute in self.PARAMS.items():
            rows = self.choices.regions.get(attribute) or self.choices.terms.get(attribute)
            if rows is not None:
                self._choices_set(field, [(value, label) for _pk, value, label in rows])

    def _choices_set(self, name: str, choices: list[tuple[str, str | Promise]]) -> None:
        field = cast(forms.ChoiceField, self.fields[name])
        field.choices = choices

    def facet_fields(self, facets: Facets) -> list[tuple[str, Facet]]:
        """Each facet with the name of its field in the query string."""
        names = {attribute: field for field, attribute in self.PARAMS.items()}
        return [(names[facet.name], facet) for facet in facets.facets]

    def params(self) -> InitiativeFilterParams:
        """The filter state; an invalid form (only an unknown sort can make it so) sorts by default."""
        self.is_valid()
        data = self.cleaned_data
        return InitiativeFilterParams(
            **{attribute: tuple(data.get(field, ())) for field, attribute in self.PARAMS.items()},
            municipalities=tuple(data.get("municipality", ())),
            sort=data.get("sort") or self.default_sort,
        )


def filter_query(params: InitiativeFilterParams) -> str:
    """The query string of a filter state, as `InitiativeFilterForm` reads it (the default sort left out)."""
    query = QueryDict(mutable=True)
    fields = {**InitiativeFilterForm.PARAMS, "municipality": "municipalities"}
    for field, attribute in fields.items():
        values = getattr(params, attribute)
        if values:
            query.setlist(field, list(values))
    if params.sort != InitiativeSort.NAME:
        query["sort"] = params.sort
    return query.urlencode()
