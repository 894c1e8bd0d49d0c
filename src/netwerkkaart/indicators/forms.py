from django import forms
from django.utils.translation import gettext_lazy as _


class TemplateUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Filled-in indicator template"),
        help_text=_("CSV, XLSX or ODS with one figure per row; see the template on /indicatoren."),
    )
