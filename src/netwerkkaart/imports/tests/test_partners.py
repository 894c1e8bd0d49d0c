"""The partner cell syntax: several organisations, roles and identifiers in one cell."""

import pytest
from django.utils import translation

from netwerkkaart.imports.partners import PartnerEntry, kind_from_name, partner_cell_parse


def _parsed(text: str, *, export_syntax: bool = False) -> list[PartnerEntry]:
    entries, errors = partner_cell_parse(text, export_syntax=export_syntax)
    assert errors == []
    return entries


def test_semicolons_commas_and_line_breaks_separate_partners() -> None:
    entries = _parsed("ROC A; Bedrijf B, Gemeente C\nHogeschool D\r\n• Stichting E")
    assert [entry.name for entry in entries] == [
        "ROC A",
        "Bedrijf B",
        "Gemeente C",
        "Hogeschool D",
        "Stichting E",
    ]


def test_attributes_in_brackets_in_any_order() -> None:
    (entry,) = _parsed("Havenbedrijf Rotterdam (KvK 24354561, financier, groot, bedrijf)")
    assert (entry.name, entry.role, entry.kind, entry.size_class, entry.kvk_number) == (
        "Havenbedrijf Rotterdam",
        "funder",
        "company",
        "large",
        "24354561",
    )


def test_bedrijf_and_overheid_are_a_role_or_a_kind_whichever_is_free() -> None:
    lead, plain = _parsed("Gemeente X (penvoerder, overheid); KPN [bedrijf]")
    assert (lead.role, lead.kind) == ("lead_applicant", "government")
    assert (plain.role, plain.kind) == ("company", "company")


def test_identifiers_with_or_without_a_label() -> None:
    school, company = _parsed("Albeda (25BE); Voorbeeld B.V. (kvk-nummer: 1234 5678)")
    assert school.school_code == "25BE"
    assert company.kvk_number == "12345678"


def test_a_quoted_name_keeps_its_comma_and_brackets() -> None:
    (entry,) = _parsed('"Arts, Crafts & Code (Noord) B.V." (bedrijf, mkb)')
    assert (entry.name, entry.role, entry.size_class) == (
        "Arts, Crafts & Code (Noord) B.V.",
        "company",
        "sme",
    )


def test_english_and_code_words_are_understood() -> None:
    (entry,) = _parsed("TNO (knowledge_partner, knowledge institute)")
    assert (entry.role, entry.kind) == ("knowledge_partner", "knowledge_institute")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Bedrijf (KvK 123)", "A KvK number has exactly 8 digits"),
        ("School (BRIN 1)", "A school code (BRIN / instellingscode)"),
        ("X (penvoerder, financier)", "gives two different roles"),
        ("X (sponsor)", "'sponsor' in the brackets of 'X'"),
        ("X (bedrijf) Noord", "follows the brackets"),
        ("(bedrijf)", "has no organisation name"),
        ("Gemeente Y (overheid, groot)", "only a company has a size"),
    ],
)
def test_unreadable_entries_say_why(text: str, message: str) -> None:
    with translation.override("en"):
        _entries, errors = partner_cell_parse(text)
    assert any(message in error for error in errors), errors


def test_the_export_syntax_splits_on_semicolons_only() -> None:
    entries = _parsed(
        "Arts, Crafts (Noord) B.V. [KvK 12345678]; Hogeschool Rotterdam [BRIN 21UI]; "
        "Voorbeeld [KvK 87654321, BRIN 99XX]; Semi;;colon",
        export_syntax=True,
    )
    assert [(e.name, e.kvk_number, e.school_code) for e in entries] == [
        ("Arts, Crafts (Noord) B.V.", "12345678", ""),
        ("Hogeschool Rotterdam", "", "21UI"),
        ("Voorbeeld", "87654321", "99XX"),
        ("Semi;colon", "", ""),
    ]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Gemeente Rotterdam", "government"),
        ("Hogeschool van Amsterdam", "university_of_applied_sciences"),
        ("Universiteit Twente", "university"),
        ("ROC van Amsterdam", "mbo_school"),
        ("Albeda", "mbo_school"),
        ("Voorbeeld B.V.", "company"),
        ("ICT Valley", ""),
    ],
)
def test_the_kind_of_a_new_organisation_from_its_name(name: str, kind: str) -> None:
    assert kind_from_name(name) == kind
