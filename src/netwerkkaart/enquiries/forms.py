"""The finder's question form (GET) and the enquiry form (POST)."""

import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from netwerkkaart.initiatives.models import Initiative

from .choices import CompanySize, Need, Sector
from .selectors import CompanyPlace, company_place_find

WHERE_HELP = _("A postcode such as 3011 or 3011 AB, or the name of a municipality such as Rotterdam.")


def _where_field(*, required: bool) -> forms.CharField:
    return forms.CharField(
        label=_("Postcode or municipality"),
        max_length=100,
        required=required,
        help_text=WHERE_HELP,
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "class": "utrecht-textbox utrecht-textbox--html-input"}
        ),
    )


def _place_of(value: str) -> CompanyPlace:
    place = company_place_find(text=value)
    if place is None:
        raise ValidationError(
            gettext(
                "'%(value)s' is not a postcode or municipality we know. Enter a Dutch postcode such as "
                "3011 or 3011 AB, or the name of a municipality such as Rotterdam."
            )
            % {"value": value},
            code="unknown_place",
        )
    return place


def _select(choices: Any, empty: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=[("", empty), *choices],
        required=False,
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select nk-select"}),
    )


class FinderForm(forms.Form):
    where = _where_field(required=True)
    need = forms.ChoiceField(
        label=_("What are you looking for?"), choices=Need.choices, widget=forms.RadioSelect
    )
    size = _select(CompanySize.choices, _("(not given)"))
    sector = _select(Sector.choices, _("(not given)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["size"].label = _("Size of your company (optional)")
        self.fields["sector"].label = _("Sector (optional)")

    def clean_where(self) -> str:
        value: str = self.cleaned_data["where"].strip()
        self.cleaned_data["place"] = _place_of(value)
        return value


_KVK_SEPARATORS = re.compile(r"[\s.-]")


class EnquiryForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone number (optional)"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    company = forms.CharField(
        label=_("Company"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "organization"})
    )
    kvk_number = forms.CharField(
        label=_("KvK number (optional)"),
        max_length=12,
        required=False,
        help_text=_("The 8 digits of your company's registration at the Chamber of Commerce (KvK)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    where = _where_field(required=False)
    need = forms.ChoiceField(
        label=_("What are you looking for?"), choices=Need.choices, widget=forms.RadioSelect
    )
    size = _select(CompanySize.choices, _("(not given)"))
    sector = _select(Sector.choices, _("(not given)"))
    message = forms.CharField(
        label=_("Your message"),
        max_length=2000,
        help_text=_("What would you like to do together? At most 2,000 characters."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    consent = forms.BooleanField(required=True)
    # A field people never see: robots that fill in every field give themselves away.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, initiative: Initiative, via_coordinators: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["size"].label = _("Size of your company (optional)")
        self.fields["sector"].label = _("Sector (optional)")
        self.fields["consent"].label = consent_text(initiative=initiative, via_coordinators=via_coordinators)
        self.fields["consent"].error_messages["required"] = _(
            "Tick the box to agree, or we cannot send your enquiry."
        )
        for name in ("name", "email", "phone", "company", "kvk_number", "message"):
            widget = self.fields[name].widget
            widget.attrs["class"] = (
                "utrecht-textarea utrecht-textarea--html-textarea"
                if name == "message"
                else "utrecht-textbox utrecht-textbox--html-input"
            )

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def clean_kvk_number(self) -> str:
        value = _KVK_SEPARATORS.sub("", self.cleaned_data["kvk_number"])
        if value and not re.fullmatch(r"[0-9]{8}", value):
            raise ValidationError(
                gettext(
                    "'%(value)s' is not a KvK number: a KvK number has exactly 8 digits, such as 12345678."
                )
                % {"value": self.cleaned_data["kvk_number"]},
                code="kvk_number",
            )
        return value

    def clean_where(self) -> str:
        value: str = self.cleaned_data["where"].strip()
        self.cleaned_data["place"] = _place_of(value) if value else None
        return value


def consent_text(*, initiative: Initiative, via_coordinators: bool) -> str:
    """The consent the company gives, stored with the enquiry word for word."""
    if via_coordinators:
        text = gettext(
            "I agree that Netwerkkaart stores my details and message and sends them to the Netwerkkaart "
            "coordinators, who pass them on to %(initiative)s, so that they can contact me about this "
            "enquiry. My name, e-mail address, phone number and message are removed after %(days)d days."
        )
    else:
        text = gettext(
            "I agree that Netwerkkaart stores my details and message and sends them to %(initiative)s, so "
            "that they can contact me about this enquiry. My name, e-mail address, phone number and "
            "message are removed after %(days)d days."
        )
    return text % {"initiative": initiative.name, "days": settings.ENQUIRY_RETENTION_DAYS}
