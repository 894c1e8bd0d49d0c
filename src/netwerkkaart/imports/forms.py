"""The forms of the admin's import pages: the upload, and the confirmation with near-match decisions."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .organisation_planning import NEW, Decisions
from .reading.detect import FORMATS
from .report import NearMatch
from .tables import INITIATIVES, ORGANISATIONS, PARTNERSHIPS, YEARLY_FIGURES


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_(
            "CSV, XLSX or ODS with one initiative per row (see the template on /importeren), or the "
            "organisations, partnerships or yearly-figures file of an export."
        ),
    )
    file_format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("recognise from the content")), *((name, name.upper()) for name in FORMATS)],
    )
    kind = forms.ChoiceField(
        label=_("Data set"),
        required=False,
        choices=[
            ("", _("recognise from the header row")),
            (INITIATIVES, _("initiatives with their partners")),
            (ORGANISATIONS, _("organisations (export file organisaties)")),
            (PARTNERSHIPS, _("partnerships (export file samenwerkingen)")),
            (YEARLY_FIGURES, _("yearly figures (export file jaarcijfers)")),
        ],
    )


class ConfirmForm(forms.Form):
    """One choice per near match: the existing organisation meant, or a new organisation."""

    def __init__(self, *args: Any, near_matches: list[NearMatch], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.near_matches = near_matches
        for index, near in enumerate(near_matches):
            choices = [
                (
                    str(candidate.pk),
                    _("the existing organisation %(name)s (%(details)s)")
                    % {
                        "name": candidate.name,
                        "details": ", ".join(
                            part
                            for part in (
                                candidate.slug,
                                f"KvK {candidate.kvk_number}" if candidate.kvk_number else "",
                                f"BRIN {candidate.school_code}" if candidate.school_code else "",
                                f"{candidate.score}%",
                            )
                            if part
                        ),
                    },
                )
                for candidate in near.candidates
            ]
            choices.append((str(NEW), _("a new organisation named '%(name)s'") % {"name": near.name}))
            self.fields[f"near_{index}"] = forms.ChoiceField(
                label=_("'%(name)s' (rows %(rows)s) is")
                % {"name": near.name, "rows": ", ".join(map(str, near.rows))},
                choices=choices,
                widget=forms.RadioSelect,
                initial=str(near.decision) if near.decision is not None else None,
            )

    def decisions(self) -> Decisions:
        return {
            near.key: int(self.cleaned_data[f"near_{index}"]) for index, near in enumerate(self.near_matches)
        }
