"""The partner cell: several organisations in one cell, each with its role and identifiers.

Syntax (docs/data/import-template.md)::

    Name (attribute, attribute, ...); Name (attribute); ...

* Partners are separated by semicolons, commas or line breaks, never inside brackets or quotes.
  A name that itself holds a comma or brackets is put in double quotes:
  ``"Arts, Crafts & Code B.V." (bedrijf)``.
* The attributes in brackets, in any order, each at most once:
  a role (penvoerder, onderwijspartner, bedrijf, overheid, kennispartner, financier, or in English),
  a kind of organisation (mbo-instelling, hogeschool, universiteit, vo-school, bedrijf, overheid,
  branche-organisatie, kennisinstelling, overig), a size (mkb, groot), a KvK number
  (``KvK 12345678`` or just the 8 digits) and a school code (``BRIN 25BE`` or just the code).
  "bedrijf" and "overheid" are both a role and a kind: they set whichever is not given otherwise.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from netwerkkaart.initiatives.choices import PartnershipRole
from netwerkkaart.organisations.choices import OrganisationKind, SizeClass
from netwerkkaart.organisations.validators import validate_kvk_number, validate_school_code

from .values import list_items, text_key

ROLE_WORDS: dict[str, str] = {
    "penvoerder": PartnershipRole.LEAD_APPLICANT,
    "lead applicant": PartnershipRole.LEAD_APPLICANT,
    "lead": PartnershipRole.LEAD_APPLICANT,
    "trekker": PartnershipRole.LEAD_APPLICANT,
    "hoofdaanvrager": PartnershipRole.LEAD_APPLICANT,
    "onderwijspartner": PartnershipRole.EDUCATION_PARTNER,
    "onderwijs": PartnershipRole.EDUCATION_PARTNER,
    "education partner": PartnershipRole.EDUCATION_PARTNER,
    "company": PartnershipRole.COMPANY,
    "bedrijfspartner": PartnershipRole.COMPANY,
    "government": PartnershipRole.GOVERNMENT,
    "kennispartner": PartnershipRole.KNOWLEDGE_PARTNER,
    "knowledge partner": PartnershipRole.KNOWLEDGE_PARTNER,
    "financier": PartnershipRole.FUNDER,
    "cofinancier": PartnershipRole.FUNDER,
    "co financier": PartnershipRole.FUNDER,
    "funder": PartnershipRole.FUNDER,
    "co funder": PartnershipRole.FUNDER,
    "subsidiegever": PartnershipRole.FUNDER,
}
KIND_WORDS: dict[str, str] = {
    "mbo instelling": OrganisationKind.MBO_SCHOOL,
    "mbo school": OrganisationKind.MBO_SCHOOL,
    "mbo": OrganisationKind.MBO_SCHOOL,
    "roc": OrganisationKind.MBO_SCHOOL,
    "aoc": OrganisationKind.MBO_SCHOOL,
    "vakinstelling": OrganisationKind.MBO_SCHOOL,
    "hogeschool": OrganisationKind.UNIVERSITY_OF_APPLIED_SCIENCES,
    "hbo": OrganisationKind.UNIVERSITY_OF_APPLIED_SCIENCES,
    "hbo instelling": OrganisationKind.UNIVERSITY_OF_APPLIED_SCIENCES,
    "university of applied sciences": OrganisationKind.UNIVERSITY_OF_APPLIED_SCIENCES,
    "universiteit": OrganisationKind.UNIVERSITY,
    "university": OrganisationKind.UNIVERSITY,
    "wo": OrganisationKind.UNIVERSITY,
    "vo school": OrganisationKind.SECONDARY_SCHOOL,
    "vo": OrganisationKind.SECONDARY_SCHOOL,
    "middelbare school": OrganisationKind.SECONDARY_SCHOOL,
    "secondary school": OrganisationKind.SECONDARY_SCHOOL,
    "gemeente": OrganisationKind.GOVERNMENT,
    "provincie": OrganisationKind.GOVERNMENT,
    "rijk": OrganisationKind.GOVERNMENT,
    "ministerie": OrganisationKind.GOVERNMENT,
    "branche organisatie": OrganisationKind.SECTOR_ORGANISATION,
    "brancheorganisatie": OrganisationKind.SECTOR_ORGANISATION,
    "werkgeversorganisatie": OrganisationKind.SECTOR_ORGANISATION,
    "branche of werkgeversorganisatie": OrganisationKind.SECTOR_ORGANISATION,
    "sector organisation": OrganisationKind.SECTOR_ORGANISATION,
    "sector or employers organisation": OrganisationKind.SECTOR_ORGANISATION,
    "kennisinstelling": OrganisationKind.KNOWLEDGE_INSTITUTE,
    "knowledge institute": OrganisationKind.KNOWLEDGE_INSTITUTE,
    "overig": OrganisationKind.OTHER,
    "anders": OrganisationKind.OTHER,
    "other": OrganisationKind.OTHER,
}
# Both a role and a kind.
ROLE_AND_KIND_WORDS: dict[str, tuple[str, str]] = {
    "bedrijf": (PartnershipRole.COMPANY, OrganisationKind.COMPANY),
    "overheid": (PartnershipRole.GOVERNMENT, OrganisationKind.GOVERNMENT),
}
SIZE_WORDS: dict[str, str] = {
    "mkb": SizeClass.SME,
    "sme": SizeClass.SME,
    "midden en kleinbedrijf": SizeClass.SME,
    "groot": SizeClass.LARGE,
    "grootbedrijf": SizeClass.LARGE,
    "large": SizeClass.LARGE,
    "large company": SizeClass.LARGE,
}
# The machine values of the choices are accepted too ("lead_applicant", "mbo_school").
for _role in PartnershipRole:
    ROLE_WORDS.setdefault(text_key(_role.value), _role.value)
for _kind in OrganisationKind:
    if _kind.value not in {OrganisationKind.COMPANY, OrganisationKind.GOVERNMENT}:
        KIND_WORDS.setdefault(text_key(_kind.value), _kind.value)
for _size in SizeClass:
    SIZE_WORDS.setdefault(text_key(_size.value), _size.value)

_KVK = re.compile(r"^(?:kvk(?:[\s-]*(?:nummer|nr\.?|number))?|coc)\s*:?\s*(?P<value>.*)$", re.IGNORECASE)
_SCHOOL = re.compile(
    r"^(?:brin(?:[\s-]*code)?|instellingscode|school\s*code)\s*:?\s*(?P<value>.*)$", re.IGNORECASE
)
_EIGHT_DIGITS = re.compile(r"^\d{8}$")
_SCHOOL_CODE = re.compile(r"^\d{2}[A-Za-z0-9]{2}$")
_BULLET = re.compile(r"^\s*(?:[•·*]|\d+[.)])\s+")
NAME_MAX_LENGTH = 200


@dataclass(frozen=True)
class PartnerEntry:
    written: str  # the entry as in the cell, for messages
    name: str
    role: str = ""
    kind: str = ""
    size_class: str = ""
    kvk_number: str = ""
    school_code: str = ""


def _split(text: str) -> list[str]:
    """The entries of a cell: split on ; , | and line breaks outside brackets and quotes."""
    entries: list[str] = []
    current: list[str] = []
    depth = 0
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "([":
            depth += 1
        elif not quoted and char in ")]" and depth:
            depth -= 1
        elif not quoted and not depth and char in ";,|\n\r":
            entries.append("".join(current))
            current = []
            continue
        current.append(char)
    entries.append("".join(current))
    return [_BULLET.sub("", entry).strip() for entry in entries if entry.strip()]


def _name_and_brackets(entry: str) -> tuple[str, list[str], str]:
    """The name, the texts inside its bracket groups, and any text left after them."""
    if entry.startswith('"'):
        end = entry.find('"', 1)
        if end == -1:
            return entry.strip('"').strip(), [], ""
        name, rest = entry[1:end].strip(), entry[end + 1 :]
    else:
        cut = min((i for i in (entry.find("("), entry.find("[")) if i >= 0), default=len(entry))
        name, rest = entry[:cut].strip(), entry[cut:]
    groups: list[str] = []
    rest = rest.strip()
    while rest[:1] in ("(", "["):
        closing = ")" if rest[0] == "(" else "]"
        end = rest.find(closing)
        if end == -1:
            return name, groups, rest
        groups.append(rest[1:end])
        rest = rest[end + 1 :].strip()
    return name, groups, rest


# The export's organisation list item: "Name [KvK 12345678, BRIN 21UI]" (docs/data/export-format.md).
_EXPORT_IDENTIFIERS = re.compile(
    r"\s\[((?:KvK \d{8}|BRIN [0-9A-Z]{4})(?:, (?:KvK \d{8}|BRIN [0-9A-Z]{4}))*)\]$"
)


def _export_entry(written: str) -> PartnerEntry:
    found = _EXPORT_IDENTIFIERS.search(written)
    if found is None:
        return PartnerEntry(written=written, name=written)
    identifiers = dict(part.split(" ") for part in found.group(1).split(", "))
    return PartnerEntry(
        written=written,
        name=written[: found.start()].strip(),
        kvk_number=identifiers.get("KvK", ""),
        school_code=identifiers.get("BRIN", ""),
    )


def partner_cell_parse(text: str, *, export_syntax: bool = False) -> tuple[list[PartnerEntry], list[str]]:
    """The partners in a cell, and a message for every entry that cannot be read.

    ``export_syntax``: the cell is a ``partners_<role>`` column of the export, whose items are
    separated by semicolons only and carry identifiers only as ``[KvK ..., BRIN ...]`` at the end.
    """
    entries: list[PartnerEntry] = []
    errors: list[str] = []
    if export_syntax:
        for written in list_items(text):
            entry = _export_entry(written)
            if len(entry.name) > NAME_MAX_LENGTH:
                errors.append(
                    _("The organisation name '%(name)s…' is longer than %(limit)d characters.")
                    % {"name": entry.name[:40], "limit": NAME_MAX_LENGTH}
                )
            elif entry.name:
                entries.append(entry)
        return entries, errors
    for written in _split(text):
        parsed, entry_errors = _entry_parse(written)
        errors.extend(entry_errors)
        if parsed is not None and not entry_errors:
            entries.append(parsed)
    return entries, errors


def _entry_parse(written: str) -> tuple[PartnerEntry | None, list[str]]:
    name, groups, rest = _name_and_brackets(written)
    name = " ".join(name.split())
    errors: list[str] = []
    if rest:
        errors.append(
            _(
                "In '%(entry)s' the text '%(rest)s' follows the brackets; put the attributes inside "
                "the brackets, or the name in double quotes."
            )
            % {"entry": written, "rest": rest}
        )
    if not name:
        errors.append(_("'%(entry)s' has no organisation name.") % {"entry": written})
        return None, errors
    if len(name) > NAME_MAX_LENGTH:
        errors.append(
            _("The organisation name '%(name)s…' is longer than %(limit)d characters.")
            % {"name": name[:40], "limit": NAME_MAX_LENGTH}
        )
    values: dict[str, str] = {}
    both: list[tuple[str, str]] = []

    def put(field: str, value: str, attribute: str) -> None:
        if field in values and values[field] != value:
            errors.append(
                _("'%(entry)s' gives two different %(what)s ('%(attribute)s').")
                % {"entry": written, "what": _field_label(field), "attribute": attribute}
            )
        values[field] = value

    for attribute in (part.strip() for group in groups for part in re.split(r"[,;]", group)):
        if not attribute:
            continue
        key = text_key(attribute)
        kvk = _KVK.match(attribute)
        school = _SCHOOL.match(attribute)
        compact = re.sub(r"[\s.]", "", attribute)
        if key in ROLE_AND_KIND_WORDS:
            both.append(ROLE_AND_KIND_WORDS[key])
        elif key in ROLE_WORDS:
            put("role", ROLE_WORDS[key], attribute)
        elif key in KIND_WORDS:
            put("kind", KIND_WORDS[key], attribute)
        elif key in SIZE_WORDS:
            put("size_class", SIZE_WORDS[key], attribute)
        elif kvk or _EIGHT_DIGITS.match(compact):
            value = re.sub(r"[\s.]", "", kvk["value"]) if kvk else compact
            if _EIGHT_DIGITS.match(value):
                put("kvk_number", value, attribute)
            else:
                errors.append(
                    _("'%(value)s' for %(name)s: %(rule)s")
                    % {"value": attribute, "name": name, "rule": validate_kvk_number.message}
                )
        elif school or _SCHOOL_CODE.match(compact):
            value = (school["value"] if school else compact).strip().upper()
            if _SCHOOL_CODE.match(value):
                put("school_code", value, attribute)
            else:
                errors.append(
                    _("'%(value)s' for %(name)s: %(rule)s")
                    % {"value": attribute, "name": name, "rule": validate_school_code.message}
                )
        else:
            errors.append(
                _(
                    "'%(attribute)s' in the brackets of '%(name)s' is not a role, kind of organisation, "
                    "size, KvK number or school code."
                )
                % {"attribute": attribute, "name": name}
            )
    for role, kind in both:
        values.setdefault("role", role)
        values.setdefault("kind", kind)
        if values["role"] != role and values["kind"] != kind:
            errors.append(_("'%(entry)s' gives two different roles.") % {"entry": written})
    if values.get("size_class") and values.get("kind", OrganisationKind.COMPANY) != OrganisationKind.COMPANY:
        errors.append(_("'%(entry)s': only a company has a size (mkb or groot).") % {"entry": written})
    return PartnerEntry(written=written, name=name, **values), errors


def _field_label(field: str) -> str:
    return {
        "role": _("roles"),
        "kind": _("kinds of organisation"),
        "size_class": _("sizes"),
        "kvk_number": _("KvK numbers"),
        "school_code": _("school codes"),
    }[field]


# The kind of a new organisation when the sheet does not say: from words in its name. A guess
# only decides the kind of an organisation that is created and the role when none is given.
KIND_FROM_NAME: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"^(gemeente|provincie|ministerie|waterschap)\b|^rijksoverheid$", re.IGNORECASE),
        OrganisationKind.GOVERNMENT,
    ),
    (
        re.compile(
            r"hogeschool|university of applied sciences|\b(fontys|saxion|inholland|windesheim|avans)\b",
            re.IGNORECASE,
        ),
        OrganisationKind.UNIVERSITY_OF_APPLIED_SCIENCES,
    ),
    (
        re.compile(r"universiteit|\buniversity\b|\btu (delft|eindhoven)\b", re.IGNORECASE),
        OrganisationKind.UNIVERSITY,
    ),
    (
        re.compile(
            r"\b(roc|aoc|mbo|vakcollege|curio|deltion|albeda|zadkine|aventus|noorderpoort|mborijnland)\b"
            r"|\b(horizon|alfa|nova|graafschap|davinci|da vinci|summa|koning willem i) college\b",
            re.IGNORECASE,
        ),
        OrganisationKind.MBO_SCHOOL,
    ),
    (
        re.compile(r"\b(lyceum|gymnasium|scholengemeenschap)\b", re.IGNORECASE),
        OrganisationKind.SECONDARY_SCHOOL,
    ),
    (
        re.compile(r"\btno\b|kennisinstituut|onderzoeksinstituut", re.IGNORECASE),
        OrganisationKind.KNOWLEDGE_INSTITUTE,
    ),
    (re.compile(r"\b(b\.?\s?v\.?|n\.?\s?v\.?)$", re.IGNORECASE), OrganisationKind.COMPANY),
)

ROLE_BY_KIND: dict[str, str] = {
    OrganisationKind.MBO_SCHOOL: PartnershipRole.EDUCATION_PARTNER,
    OrganisationKind.UNIVERSITY_OF_APPLIED_SCIENCES: PartnershipRole.EDUCATION_PARTNER,
    OrganisationKind.UNIVERSITY: PartnershipRole.EDUCATION_PARTNER,
    OrganisationKind.SECONDARY_SCHOOL: PartnershipRole.EDUCATION_PARTNER,
    OrganisationKind.COMPANY: PartnershipRole.COMPANY,
    OrganisationKind.SECTOR_ORGANISATION: PartnershipRole.COMPANY,
    OrganisationKind.GOVERNMENT: PartnershipRole.GOVERNMENT,
    OrganisationKind.KNOWLEDGE_INSTITUTE: PartnershipRole.KNOWLEDGE_PARTNER,
}


def kind_from_name(name: str) -> str:
    for pattern, kind in KIND_FROM_NAME:
        if pattern.search(name.strip()):
            return kind
    return ""
