"""The columns of the import sheet: their keys, the headers of the template, and the header
variants real sheets use.

A header is compared after normalisation (``header_key``): letter case, diacritics, punctuation,
underscores and extra spaces do not matter, nor a marker such as "*" or "(verplicht)". So
"Naam initiatief", " NAAM " and "naam_initiatief" are the same header. Partner columns may repeat
("Partner 1", "Partner 2", ...); every other column may appear once.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netwerkkaart.core.errors import ImportProblem
from netwerkkaart.initiatives.choices import PartnershipRole

from .reading.sheet import RefusedCell, Sheet, SheetRow, column_letter


@dataclass(frozen=True)
class Column:
    key: str
    header_nl: str  # the header in the Dutch template
    header_en: str  # the header in the English template
    aliases: tuple[str, ...]
    description: Promise
    example: str = ""
    required: bool = False
    # Partner columns: the role a partner listed here has unless its brackets say otherwise.
    role: str = ""


def _c(
    key: str,
    header_nl: str,
    header_en: str,
    aliases: tuple[str, ...],
    description: Promise,
    example: str = "",
    *,
    required: bool = False,
    role: str = "",
) -> Column:
    return Column(key, header_nl, header_en, aliases, description, example, required, role)


COLUMNS: tuple[Column, ...] = (
    _c(
        "id",
        "id",
        "id",
        ("initiatief id", "initiative id"),
        gettext_lazy(
            "The number of the initiative in Netwerkkaart, as in an export. Leave it empty for new "
            "initiatives."
        ),
    ),
    _c(
        "slug",
        "slug",
        "slug",
        ("webadres code", "url code"),
        gettext_lazy(
            "The last part of the initiative's web address on Netwerkkaart, as in an export. An "
            "initiative with this slug is updated; a new one gets it."
        ),
        "it-campus-rotterdam",
    ),
    _c(
        "name",
        "naam",
        "name",
        (
            "naam initiatief",
            "initiatief",
            "initiatiefnaam",
            "naam van het initiatief",
            "naam samenwerkingsverband",
            "samenwerkingsverband",
            "pps",
            "naam pps",
            "initiative",
            "initiative name",
            "titel",
            "title",
        ),
        gettext_lazy("The name of the initiative. Required."),
        "IT Campus Rotterdam",
        required=True,
    ),
    _c(
        "kind",
        "soort",
        "kind",
        ("type", "soort initiatief", "type initiatief", "vorm", "categorie", "category", "initiative kind"),
        gettext_lazy(
            "The kind of initiative, by its name in Dutch or English: CIV, Centre of Expertise, "
            "RIF-project, ecosysteem-pps, campus, omscholingsprogramma, fieldlab, regionaal netwerk, "
            "overig. Empty: other."
        ),
        "campus",
    ),
    _c(
        "phase",
        "fase",
        "phase",
        ("stadium", "stage"),
        gettext_lazy("The phase: verkenning, opbouw, groei, verduurzaamd or beëindigd (or in English)."),
        "groei",
    ),
    _c(
        "status",
        "status",
        "status",
        ("publicatiestatus", "publication status"),
        gettext_lazy(
            "gepubliceerd (published) or concept (draft). Empty or no column: a new initiative is "
            "published, an existing one keeps its status."
        ),
        "gepubliceerd",
    ),
    _c(
        "summary",
        "samenvatting",
        "summary",
        ("korte beschrijving", "short description"),
        gettext_lazy("One or two sentences, at most 300 characters."),
    ),
    _c(
        "description",
        "beschrijving",
        "description",
        ("omschrijving", "toelichting"),
        gettext_lazy("A longer description."),
    ),
    _c(
        "start_year",
        "startjaar",
        "start year",
        (
            "start",
            "jaar van start",
            "gestart",
            "gestart in",
            "beginjaar",
            "start jaar",
            "sinds",
            "since",
            "started",
            "year started",
        ),
        gettext_lazy("The year it started, four digits."),
        "2018",
    ),
    _c(
        "end_year",
        "eindjaar",
        "end year",
        ("einde", "eind jaar", "tot", "until", "end", "looptijd tot"),
        gettext_lazy("The year it ended or ends, four digits; not before the start year."),
    ),
    _c(
        "website",
        "website",
        "website",
        ("url", "site", "webadres", "web", "internet", "homepage", "link"),
        gettext_lazy("The web address, starting with https://."),
        "https://www.itcampusrotterdam.nl",
    ),
    _c(
        "place",
        "plaats",
        "place",
        ("city", "stad", "vestigingsplaats", "locatie", "location", "woonplaats", "town"),
        gettext_lazy("The place of the main location, as people write it."),
        "Rotterdam",
    ),
    _c(
        "municipality",
        "gemeente",
        "municipality",
        ("gemeentecode", "gemeente code", "cbs gemeentecode", "municipality code", "gm code"),
        gettext_lazy("The municipality of the main location: its CBS code (GM0599) or its name (Rotterdam)."),
        "GM0599",
    ),
    _c(
        "regions_served",
        "werkgebied",
        "regions served",
        (
            "regio",
            "regios",
            "region",
            "regions",
            "served regions",
            "regions served codes",
        ),
        gettext_lazy(
            "The regions it serves: CBS codes or names of labour-market regions (AM22), provinces "
            "(PV28) or municipalities, separated by semicolons. No column: the labour-market region of "
            "the municipality; an empty cell: none."
        ),
        "AM22",
    ),
    _c(
        "labour_market_regions",
        "arbeidsmarktregio",
        "labour-market regions",
        (
            "arbeidsmarktregios",
            "arbeidsmarktregio code",
            "arbeidsmarktregiocode",
            "labour market region",
            "labour market region code",
            "labor market region",
            "amr",
        ),
        gettext_lazy(
            "Labour-market regions by code or name. Read as the regions served when the sheet has no "
            "column for those; in an export it is derived and not read."
        ),
    ),
    _c(
        "latitude",
        "breedtegraad",
        "latitude",
        ("lat", "noorderbreedte"),
        gettext_lazy(
            "The latitude of the main location (WGS84, e.g. 51.92). No column: the centre of the "
            "municipality."
        ),
    ),
    _c(
        "longitude",
        "lengtegraad",
        "longitude",
        ("lon", "lng", "long", "oosterlengte"),
        gettext_lazy("The longitude of the main location (WGS84, e.g. 4.48)."),
    ),
    _c(
        "goals",
        "doelen",
        "goals",
        ("doel", "goal", "doelstellingen"),
        gettext_lazy("Goals, by their Dutch or English name, separated by semicolons."),
        "Initieel onderwijs; Innovatie met bedrijven",
    ),
    _c(
        "themes",
        "thema's",
        "themes",
        ("thema", "theme", "onderwerpen", "topics"),
        gettext_lazy("Themes, by their Dutch or English name, separated by semicolons."),
        "Cybersecurity; Data en AI",
    ),
    _c(
        "target_groups",
        "doelgroepen",
        "target groups",
        ("doelgroep", "target group"),
        gettext_lazy("Target groups, by their Dutch or English name, separated by semicolons."),
        "Mbo-studenten; Hbo-studenten",
    ),
    _c(
        "education_levels",
        "onderwijsniveaus",
        "education levels",
        ("onderwijsniveau", "niveau", "niveaus", "opleidingsniveau", "education level", "levels"),
        gettext_lazy("Education levels, by their Dutch or English name, separated by semicolons."),
        "Mbo niveau 4; Hbo bachelor",
    ),
    _c(
        "activities",
        "activiteiten",
        "activities",
        ("activiteit", "activity", "aanbod"),
        gettext_lazy(
            "What companies can do with the initiative, by the Dutch or English name, separated by "
            "semicolons."
        ),
        "Stages; Gastlessen en hybride docenten",
    ),
    _c(
        "lead",
        "penvoerder",
        "lead applicant",
        (
            "lead",
            "lead partner",
            "trekker",
            "kartrekker",
            "penvoerder trekker",
            "lead or host",
            "host",
            "partners lead applicant",
            "partners penvoerder",
        ),
        gettext_lazy("The lead applicant (penvoerder), written as a partner (see below)."),
        "Hogeschool Rotterdam (hogeschool, BRIN 21UI)",
        role=PartnershipRole.LEAD_APPLICANT,
    ),
    _c(
        "partners",
        "partners",
        "partners",
        (
            "partner",
            "samenwerkingspartners",
            "betrokken partners",
            "betrokken organisaties",
            "deelnemende organisaties",
            "organisaties",
            "organisations",
            "organizations",
            "partnerorganisaties",
            "partner organisations",
            "known partners",
        ),
        gettext_lazy(
            "Partners of any role, separated by semicolons, commas or line breaks, each with its role "
            "in brackets when it cannot be told from the organisation (see below)."
        ),
        "Albeda (mbo-instelling); Gemeente Rotterdam (financier); "
        "Havenbedrijf Rotterdam (bedrijf, KvK 24354561)",
    ),
    _c(
        "education_partners",
        "onderwijspartners",
        "education partners",
        (
            "onderwijspartner",
            "education partner",
            "onderwijsinstellingen",
            "scholen",
            "schools",
            "partners education partner",
            "partners onderwijspartner",
        ),
        gettext_lazy("Partners in the role education partner."),
        role=PartnershipRole.EDUCATION_PARTNER,
    ),
    _c(
        "companies",
        "bedrijven",
        "companies",
        (
            "bedrijfsleven",
            "bedrijfspartners",
            "business partners",
            "company partners",
            "partners company",
            "partners bedrijf",
        ),
        gettext_lazy("Partners in the role company."),
        role=PartnershipRole.COMPANY,
    ),
    _c(
        "governments",
        "overheden",
        "governments",
        (
            "overheid",
            "government",
            "overheidspartners",
            "government partners",
            "partners government",
            "partners overheid",
        ),
        gettext_lazy("Partners in the role government."),
        role=PartnershipRole.GOVERNMENT,
    ),
    _c(
        "knowledge_partners",
        "kennispartners",
        "knowledge partners",
        (
            "kennispartner",
            "knowledge partner",
            "kennisinstellingen",
            "partners knowledge partner",
            "partners kennispartner",
        ),
        gettext_lazy("Partners in the role knowledge partner."),
        role=PartnershipRole.KNOWLEDGE_PARTNER,
    ),
    _c(
        "funders",
        "financiers",
        "funders",
        ("financier", "funder", "financiering door", "partners funder", "partners financier"),
        gettext_lazy("Partners in the role funder."),
        role=PartnershipRole.FUNDER,
    ),
    _c(
        "contact_email",
        "e-mail",
        "contact e-mail",
        ("email", "e mailadres", "emailadres", "mail", "contact email"),
        gettext_lazy("A general public e-mail address (not a person's own)."),
        "info@example.nl",
    ),
    _c(
        "contact_phone",
        "telefoon",
        "contact phone",
        ("telefoonnummer", "tel", "phone", "phone number"),
        gettext_lazy("A public phone number."),
    ),
    _c(
        "contact_person",
        "contactpersoon",
        "contact person",
        ("contact",),
        gettext_lazy(
            "A contact person is personal data: only with the date of their consent in the next column."
        ),
    ),
    _c(
        "contact_person_consent_on",
        "toestemming contactpersoon",
        "contact person consent",
        ("toestemming", "toestemming op", "consent", "contact person consented on"),
        gettext_lazy("The date the contact person consented to publication (2025-03-01 or 1-3-2025)."),
    ),
    _c(
        "source",
        "bron",
        "source",
        ("bronnen", "sources", "source pages"),
        gettext_lazy("Where these facts come from."),
        "itcampusrotterdam.nl",
    ),
    _c(
        "source_note",
        "toelichting bron",
        "source note",
        ("opmerking bron", "note on the source", "certainty", "zekerheid"),
        gettext_lazy("A note on the source: how certain, what is missing."),
    ),
    _c(
        "verified_on",
        "geverifieerd op",
        "verified on",
        ("gecontroleerd op", "laatst gecontroleerd", "checked on"),
        gettext_lazy("The date the facts were last checked."),
    ),
    _c(
        "published_at",
        "gepubliceerd op",
        "published at",
        ("publicatiedatum", "published on"),
        gettext_lazy("When a new initiative was first published (date or date and time), as in an export."),
    ),
    _c(
        "fictitious",
        "fictief",
        "fictitious",
        (),
        gettext_lazy("ja (yes) for generated demo data; empty or nee (no) for a real initiative."),
    ),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
PARTNER_KEYS = tuple(column.key for column in COLUMNS if column.key == "partners" or column.role)
# The columns in the downloadable template, in this order (the export's extra columns, id and
# published_at, are read but not offered to people filling in a sheet).
TEMPLATE_KEYS = (
    "name",
    *(
        column.key
        for column in COLUMNS
        if column.key not in {"name", "id", "published_at", "fictitious", "labour_market_regions"}
    ),
)
# The partner columns of the export, by their exact headers (docs/data/export-format.md).
EXPORT_PARTNER_HEADERS = frozenset(
    f"partners_{role}"
    for role in (
        "lead_applicant",
        "education_partner",
        "company",
        "government",
        "knowledge_partner",
        "funder",
    )
)
# The header row is looked for among the first rows: sheets often start with a title.
HEADER_SEARCH_ROWS = 10

_MARKERS = re.compile(r"\((verplicht|optioneel|required|optional)\)|\*")
_NOT_WORD = re.compile(r"[\W_]+", flags=re.UNICODE)
_NUMBERED = re.compile(r"^(?P<base>.*?)\s*\d+$")


def header_key(text: str) -> str:
    """The header as compared: "Thema's *" and " THEMAS" are both "themas"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    text = _MARKERS.sub(" ", text).replace("'", "").replace("\u2019", "")
    return " ".join(_NOT_WORD.sub(" ", text).split())


_BY_HEADER: dict[str, str] = {}
for _column in COLUMNS:
    for _header in (_column.key, _column.header_nl, _column.header_en, *_column.aliases):
        _BY_HEADER.setdefault(header_key(_header), _column.key)


def column_for_header(header: str) -> str | None:
    key = header_key(header)
    if key in _BY_HEADER:
        return _BY_HEADER[key]
    numbered = _NUMBERED.match(key)
    if numbered:
        base = _BY_HEADER.get(numbered["base"])
        if base in PARTNER_KEYS:
            return base
    return None


@dataclass(frozen=True)
class SheetColumn:
    index: int
    key: str
    header: str  # as written in the file, for messages

    @property
    def export_syntax(self) -> bool:
        """A partner column of the export, read by the export's own rules for organisation lists."""
        return self.header in EXPORT_PARTNER_HEADERS


@dataclass
class Layout:
    """Where the header row is and which column of the file holds which field."""

    header_row: int
    columns: list[SheetColumn]
    ignored: list[str]  # headers of columns that are not imported
    ignored_indexes: set[int]
    width: int  # the number of cells of the header row

    @property
    def partner_keys(self) -> tuple[str, ...]:
        """The keys of the columns that list partners (their cells are read as partner lists)."""
        return PARTNER_KEYS

    def has(self, key: str) -> bool:
        return any(column.key == key for column in self.columns)

    def header_of(self, key: str) -> str:
        return next((c.header for c in self.columns if c.key == key), COLUMNS_BY_KEY[key].header_nl)


def _cell_text(cell: str | RefusedCell) -> str:
    return cell if isinstance(cell, str) else cell.text


def layout_find(sheet: Sheet) -> tuple[Layout | None, list[ImportProblem]]:
    """The header row and its columns; problems when it is missing or unclear."""
    file = sheet.file
    if not sheet.rows:
        return None, [
            ImportProblem(file, _("The file holds no rows: a header row and initiatives are expected."))
        ]
    candidates = sheet.rows[:HEADER_SEARCH_ROWS]
    # The row that names the most columns, among those with a name column (a title row such as
    # "Initiatief" above the real header names one at most).
    scored = [
        (sum(1 for key in keys if key), -position, row)
        for position, row in enumerate(candidates)
        if "name" in (keys := [column_for_header(_cell_text(cell)) for cell in row.cells])
    ]
    header = max(scored, key=lambda item: item[:2])[2] if scored else None
    if header is None:
        return None, [_missing_header_problem(file, candidates[0])]
    problems: list[ImportProblem] = []
    columns: list[SheetColumn] = []
    ignored: list[str] = []
    ignored_indexes: set[int] = set()
    seen: dict[str, SheetColumn] = {}
    for index, cell in enumerate(header.cells):
        if isinstance(cell, RefusedCell):
            problems.append(ImportProblem(file, cell.reason, row=header.number, column=column_letter(index)))
            continue
        written = " ".join(cell.split())
        if not written:
            continue
        key = column_for_header(written)
        if key is None:
            ignored.append(written)
            ignored_indexes.add(index)
            continue
        if key in seen and key not in PARTNER_KEYS:
            problems.append(
                ImportProblem(
                    file,
                    _("This column appears twice: column %(first)s ('%(header)s') holds the same field.")
                    % {"first": column_letter(seen[key].index), "header": seen[key].header},
                    row=header.number,
                    column=written,
                )
            )
            ignored_indexes.add(index)
            continue
        column = SheetColumn(index, key, written)
        seen.setdefault(key, column)
        columns.append(column)
    width = max((index + 1 for index, cell in enumerate(header.cells) if _cell_text(cell).strip()), default=0)
    return Layout(header.number, columns, ignored, ignored_indexes, width), problems


def _missing_header_problem(file: str, first: SheetRow) -> ImportProblem:
    found = [_cell_text(cell).strip() for cell in first.cells if _cell_text(cell).strip()]
    message = _(
        "No header row with a column for the initiative's name was found in the first %(count)d rows; "
        "the name column is required (accepted headers include 'naam', 'naam initiatief' and 'name'). "
        "Headers found: %(found)s."
    ) % {"count": HEADER_SEARCH_ROWS, "found": ", ".join(f"'{text}'" for text in found[:12]) or "-"}
    if len(found) == 1 and any(separator in found[0] for separator in "|:,;\t"):
        message += " " + _(
            "The whole header is one cell: the file may use a separator other than comma, semicolon or tab."
        )
    return ImportProblem(file, message, row=first.number, column=COLUMNS_BY_KEY["name"].header_nl)
