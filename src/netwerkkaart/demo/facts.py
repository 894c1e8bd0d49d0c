"""The real initiatives in ``pps/ict_pps_facts.csv``: read, validate and load them.

Only what the file says is stored. Nothing is invented: no figures, funding, phases, KvK numbers
or company sizes. Free text that does not fit a field (the original kind, theme and target-group
wording, partners that are not an organisation, notes in parentheses) is kept in the description.

The mapping of free text onto the platform's codes is data, in the keyword tables below:

* ``INITIATIVE_KIND_KEYWORDS``: the file's kind text to an ``InitiativeKind`` (else "other").
* ``ORGANISATION_KIND_KEYWORDS``: an organisation's name to an ``OrganisationKind`` (else "other").
* ``ROLE_BY_ORGANISATION_KIND`` and ``ROLE_BY_NOTE``: the partnership role of a partner.
* ``NOT_AN_ORGANISATION``: entries such as "about 35 founding partners" or "companies".
* ``THEME_KEYWORDS`` and ``TARGET_GROUP_KEYWORDS``: free text to the seeded taxonomy slugs.
* ``PROVINCE_CODES``: a ``city`` that is exactly a province name ("Limburg") to its CBS code.

Each keyword is a regular expression matched case-insensitively; every matching entry applies.

Validation happens before any write and collects every problem (``DataImportError``). Rows are
numbered as lines in the file: the header is row 1, the first initiative row 2.
"""

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar, cast

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from netwerkkaart.core.errors import DataImportError, ImportProblem
from netwerkkaart.core.models import Term
from netwerkkaart.initiatives.choices import InitiativeKind, PartnershipRole
from netwerkkaart.initiatives.models import (
    EducationLevel,
    Goal,
    Initiative,
    TargetGroup,
    Theme,
)
from netwerkkaart.initiatives.services import (
    InitiativeFields,
    initiative_create,
    initiative_publish,
    partnership_add,
)
from netwerkkaart.organisations.choices import OrganisationKind
from netwerkkaart.organisations.services import (
    organisation_get_or_create_by_name,
    organisation_name_key,
)
from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.models import Region
from netwerkkaart.regions.selectors import region_get_current

FACTS_COLUMNS = (
    "name",
    "kind",
    "lead_or_host",
    "known_partners",
    "city",
    "gemeentecode",
    "arbeidsmarktregio_code",
    "themes",
    "target_groups",
    "start_year",
    "source_pages",
    "certainty",
)
FACTS_RELATIVE_PATH = Path("pps") / "ict_pps_facts.csv"

INITIATIVE_KIND_KEYWORDS: tuple[tuple[str, InitiativeKind], ...] = (
    (r"\bcentre of expertise\b|\bcoe\b", InitiativeKind.CENTRE_OF_EXPERTISE),
    (r"centrum voor innovatief vakmanschap|\bciv\b", InitiativeKind.CENTRE_FOR_INNOVATIVE_CRAFTSMANSHIP),
    (r"\brif\b", InitiativeKind.RIF_PROJECT),
    (r"\becosystem\b|groeifonds", InitiativeKind.ECOSYSTEM_PPS),
    (r"\bcampus\b", InitiativeKind.CAMPUS),
    (r"\bretraining\b|omscholing", InitiativeKind.RETRAINING_PROGRAMME),
    (r"\bfieldlab\b", InitiativeKind.FIELDLAB),
    (r"\bnetwork\b|\bassociation\b|\bvereniging\b", InitiativeKind.REGIONAL_NETWORK),
)

ORGANISATION_KIND_KEYWORDS: tuple[tuple[str, OrganisationKind], ...] = (
    (r"^(gemeente|provincie|ministerie|ministry)\b|^rijksoverheid$", OrganisationKind.GOVERNMENT),
    (r"\btno\b|\bpolitieacademie\b", OrganisationKind.KNOWLEDGE_INSTITUTE),
    (
        r"hogeschool|\bsaxion\b|\binholland\b|university of applied sciences",
        OrganisationKind.UNIVERSITY_OF_APPLIED_SCIENCES,
    ),
    (r"universiteit|\buniversity\b", OrganisationKind.UNIVERSITY),
    (
        r"\broc\b|\balbeda\b|\bzadkine\b|\bmborijnland\b|\bhorizon college\b|\baventus\b",
        OrganisationKind.MBO_SCHOOL,
    ),
    (
        r"\b(ibm|kpn|thales|intermax|eset|guardian360)\b|\bhavenbedrijf\b|\bport of rotterdam\b"
        r"|\bb\.?v\.?$",
        OrganisationKind.COMPANY,
    ),
)

ROLE_BY_ORGANISATION_KIND: dict[str, PartnershipRole] = {
    OrganisationKind.MBO_SCHOOL: PartnershipRole.EDUCATION_PARTNER,
    OrganisationKind.UNIVERSITY_OF_APPLIED_SCIENCES: PartnershipRole.EDUCATION_PARTNER,
    OrganisationKind.UNIVERSITY: PartnershipRole.EDUCATION_PARTNER,
    OrganisationKind.SECONDARY_SCHOOL: PartnershipRole.EDUCATION_PARTNER,
    OrganisationKind.COMPANY: PartnershipRole.COMPANY,
    OrganisationKind.SECTOR_ORGANISATION: PartnershipRole.COMPANY,
    OrganisationKind.GOVERNMENT: PartnershipRole.GOVERNMENT,
    OrganisationKind.KNOWLEDGE_INSTITUTE: PartnershipRole.KNOWLEDGE_PARTNER,
    # Networks, clusters and innovation hubs: the role list has no general "partner" (reported).
    OrganisationKind.OTHER: PartnershipRole.KNOWLEDGE_PARTNER,
}
# A note in parentheses that states the role: "provincie Groningen (co-funder)".
ROLE_BY_NOTE: tuple[tuple[str, PartnershipRole], ...] = (
    (r"\b(co-?funder|funder|co-?financier|financier)\b", PartnershipRole.FUNDER),
    (r"\b(lectorate|lectoraat)\b", PartnershipRole.KNOWLEDGE_PARTNER),
)
# Entries in known_partners that name a group or a remark, not one organisation.
NOT_AN_ORGANISATION = re.compile(
    r"^(about|circa|ca\.|later editions?)\b|\d+\s*\+"
    r"|\b(companies|ministries|smes|partners|employers|institutions|editions)\b",
    flags=re.IGNORECASE,
)
# One organisation under two names in the file; the key is ``organisation_name_key``.
ORGANISATION_ALIASES = {"port of rotterdam": "Havenbedrijf Rotterdam"}


@dataclass(frozen=True)
class Keyword:
    pattern: str
    themes: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    education_levels: tuple[str, ...] = ()


THEME_KEYWORDS: tuple[Keyword, ...] = (
    Keyword(
        r"lifelong learning|\bllo\b|retraining|upskilling|omscholing",
        themes=("lifelong-learning",),
        goals=("postinitial-education",),
    ),
    Keyword(r"\bwomen\b|\bgirls\b|diversity", themes=("women-in-ict",)),
    Keyword(r"cyber|security", themes=("cybersecurity",)),
    Keyword(r"\bdata\b|\bai\b", themes=("data-and-ai",)),
    Keyword(r"software", themes=("software-development",)),
    Keyword(r"\binflow\b|interest in ict", themes=("inflow",)),
    Keyword(r"\bhybrid\b.*\bteachers\b", themes=("hybrid-teachers",)),
    Keyword(r"smart industry", themes=("smart-industry",)),
    Keyword(r"digital (basic )?skills|basisvaardigheden", themes=("digital-basic-skills",)),
    Keyword(r"research|innovation", goals=("innovation",)),
    Keyword(r"associate degree", education_levels=("hbo-associate-degree",)),
)
# Matched against each ";"-separated target group on its own.
TARGET_GROUP_KEYWORDS: tuple[Keyword, ...] = (
    Keyword(r"\bmbo students\b", target_groups=("mbo-students",), goals=("initial-education",)),
    Keyword(r"\bhbo students\b", target_groups=("hbo-students",), goals=("initial-education",)),
    Keyword(
        r"\bwo students\b|university students",
        target_groups=("wo-students",),
        goals=("initial-education",),
    ),
    # "students" without a level: initial education, but no target group of a particular level.
    Keyword(r"^students$", goals=("initial-education",)),
    Keyword(r"working professionals|werkenden", target_groups=("working-professionals",)),
    Keyword(
        r"career switchers|jobseekers|zij-instromers",
        target_groups=("jobseekers-career-switchers",),
    ),
    Keyword(r"\bsmes\b|sme owners", target_groups=("sme-owners",)),
    Keyword(r"pupils", target_groups=("vo-pupils",)),
    Keyword(r"\bwomen\b|\bgirls\b", target_groups=("women-and-girls",)),
    Keyword(r"\bteachers\b", target_groups=("teachers",)),
    Keyword(r"newcomers|status holders", target_groups=("newcomers",)),
)

PROVINCE_CODES = {
    "groningen": "PV20",
    "friesland": "PV21",
    "fryslan": "PV21",
    "drenthe": "PV22",
    "overijssel": "PV23",
    "flevoland": "PV24",
    "gelderland": "PV25",
    "utrecht": "PV26",
    "noord holland": "PV27",
    "zuid holland": "PV28",
    "zeeland": "PV29",
    "noord brabant": "PV30",
    "limburg": "PV31",
}

_PARENTHESES = re.compile(r"\s*\(([^)]*)\)")
_MUNICIPALITY_CODE = re.compile(r"^GM\d{4}$")
_LABOUR_MARKET_REGION_CODE = re.compile(r"^AM\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
YEAR_RANGE = (1990, 2100)

TermT = TypeVar("TermT", bound=Term)


@dataclass(frozen=True)
class PartnerFact:
    name: str
    kind: OrganisationKind
    role: PartnershipRole


@dataclass(frozen=True)
class InitiativeFact:
    """One row of the facts file, parsed; regions are still codes."""

    row: int
    name: str
    slug: str
    kind: InitiativeKind
    lead: PartnerFact | None
    partners: tuple[PartnerFact, ...]
    place: str
    municipality_code: str
    labour_market_region_code: str
    province_code: str
    start_year: int | None
    source: str
    source_note: str
    description: str
    themes: tuple[str, ...]
    goals: tuple[str, ...]
    target_groups: tuple[str, ...]
    education_levels: tuple[str, ...]


@dataclass
class FactsLoadReport:
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    organisations_created: int = 0
    partnerships_created: int = 0


def facts_default_path(data_dir: Path) -> Path:
    return data_dir / FACTS_RELATIVE_PATH


def strip_notes(text: str) -> tuple[str, list[str]]:
    """Split "ICT Valley (100+ companies)" into ("ICT Valley", ["100+ companies"])."""
    notes = [note.strip() for note in _PARENTHESES.findall(text) if note.strip()]
    return " ".join(_PARENTHESES.sub("", text).split()), notes


def initiative_kind_from_text(text: str) -> InitiativeKind:
    for pattern, kind in INITIATIVE_KIND_KEYWORDS:
        if re.search(pattern, text, flags=re.IGNORECASE):
            return kind
    return InitiativeKind.OTHER


def organisation_kind_from_name(name: str) -> OrganisationKind:
    for pattern, kind in ORGANISATION_KIND_KEYWORDS:
        if re.search(pattern, name.strip(), flags=re.IGNORECASE):
            return kind
    return OrganisationKind.OTHER


def partnership_role_for(*, kind: str, notes: Iterable[str] = ()) -> PartnershipRole:
    for note in notes:
        for pattern, role in ROLE_BY_NOTE:
            if re.search(pattern, note, flags=re.IGNORECASE):
                return role
    return ROLE_BY_ORGANISATION_KIND.get(kind, PartnershipRole.KNOWLEDGE_PARTNER)


def is_organisation_name(text: str) -> bool:
    return bool(text) and not NOT_AN_ORGANISATION.search(text)


def _canonical_name(name: str) -> str:
    return ORGANISATION_ALIASES.get(organisation_name_key(name), name)


def _split_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(";") if item.strip()]


def _keywords_apply(
    keywords: Iterable[Keyword], texts: Iterable[str]
) -> tuple[set[str], set[str], set[str], set[str]]:
    themes: set[str] = set()
    goals: set[str] = set()
    target_groups: set[str] = set()
    levels: set[str] = set()
    for text in texts:
        for keyword in keywords:
            if re.search(keyword.pattern, text, flags=re.IGNORECASE):
                themes.update(keyword.themes)
                goals.update(keyword.goals)
                target_groups.update(keyword.target_groups)
                levels.update(keyword.education_levels)
    return themes, goals, target_groups, levels


def _province_code(city: str) -> str:
    name, _notes = strip_notes(city)
    return PROVINCE_CODES.get(organisation_name_key(name).replace("-", " "), "")


def _row_parse(row_number: int, values: dict[str, str]) -> InitiativeFact:
    name = " ".join(values["name"].split())
    kind_text = values["kind"].strip()
    description_lines = [f"Kind in the source: {kind_text}."] if kind_text else []

    lead: PartnerFact | None = None
    lead_text = values["lead_or_host"].strip()
    if lead_text:
        description_lines.append(f"Lead or host in the source: {lead_text}.")
        lead_name, _notes = strip_notes(lead_text)
        if is_organisation_name(lead_name):
            lead_name = _canonical_name(lead_name)
            lead = PartnerFact(
                lead_name, organisation_kind_from_name(lead_name), PartnershipRole.LEAD_APPLICANT
            )

    partners: list[PartnerFact] = []
    mentioned: list[str] = []
    noted: list[str] = []
    for entry in _split_list(values["known_partners"]):
        partner_name, notes = strip_notes(entry)
        if not is_organisation_name(partner_name):
            mentioned.append(entry)
            continue
        canonical = _canonical_name(partner_name)
        if canonical != partner_name:
            noted.append(f"{entry} (recorded as {canonical})")
        elif notes:
            noted.append(entry)
        partner_name = canonical
        kind = organisation_kind_from_name(partner_name)
        partners.append(PartnerFact(partner_name, kind, partnership_role_for(kind=kind, notes=notes)))
    if mentioned:
        description_lines.append(f"Partners mentioned in the source: {'; '.join(mentioned)}.")
    if noted:
        description_lines.append(f"Notes on partners in the source: {'; '.join(noted)}.")

    themes_text = values["themes"].strip()
    target_groups_text = values["target_groups"].strip()
    if themes_text:
        description_lines.append(f"Themes in the source: {themes_text}.")
    if target_groups_text:
        description_lines.append(f"Target groups in the source: {target_groups_text}.")
    themes, goals, target_groups, levels = _keywords_apply(THEME_KEYWORDS, [themes_text])
    more = _keywords_apply(TARGET_GROUP_KEYWORDS, _split_list(target_groups_text))
    themes |= more[0]
    goals |= more[1]
    target_groups |= more[2]
    levels |= more[3]

    city = values["city"].strip()
    year_text = values["start_year"].strip()
    return InitiativeFact(
        row=row_number,
        name=name,
        slug=slugify(name),
        kind=initiative_kind_from_text(kind_text),
        lead=lead,
        partners=tuple(partners),
        place=city,
        municipality_code=values["gemeentecode"].strip().upper(),
        labour_market_region_code=values["arbeidsmarktregio_code"].strip().upper(),
        province_code=_province_code(city),
        start_year=int(year_text) if year_text else None,
        source=values["source_pages"].strip(),
        source_note=values["certainty"].strip(),
        description="\n".join(description_lines),
        themes=tuple(sorted(themes)),
        goals=tuple(sorted(goals)),
        target_groups=tuple(sorted(target_groups)),
        education_levels=tuple(sorted(levels)),
    )


def _row_problems(file: str, row_number: int, values: dict[str, str]) -> list[ImportProblem]:
    problems: list[ImportProblem] = []

    def problem(column: str, message: str) -> None:
        problems.append(ImportProblem(file, message, row=row_number, column=column))

    if not values["name"].strip():
        problem("name", _("The name is empty."))
    year = values["start_year"].strip()
    if year and (not _YEAR.match(year) or not YEAR_RANGE[0] <= int(year) <= YEAR_RANGE[1]):
        problem(
            "start_year",
            _("'%(value)s' is not a year between %(first)d and %(last)d; leave it empty when unknown.")
            % {"value": year, "first": YEAR_RANGE[0], "last": YEAR_RANGE[1]},
        )
    code = values["gemeentecode"].strip().upper()
    if code and not _MUNICIPALITY_CODE.match(code):
        problem(
            "gemeentecode",
            _("'%(code)s' is not a CBS municipality code such as GM0599.") % {"code": code},
        )
    code = values["arbeidsmarktregio_code"].strip().upper()
    if code and not _LABOUR_MARKET_REGION_CODE.match(code):
        problem(
            "arbeidsmarktregio_code",
            _("'%(code)s' is not a CBS labour-market region code such as AM22.") % {"code": code},
        )
    return problems


def _decode(raw: bytes, file: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = raw[: error.start].count(b"\n") + 1
        raise DataImportError(
            [
                ImportProblem(
                    file,
                    _(
                        "The file is not UTF-8 encoded (byte 0x%(byte)02x cannot be read); "
                        "save it as UTF-8 CSV."
                    )
                    % {"byte": raw[error.start]},
                    row=row,
                )
            ]
        ) from error


def _problem_order(problem: ImportProblem) -> tuple[int, int]:
    column = FACTS_COLUMNS.index(problem.column) if problem.column in FACTS_COLUMNS else 99
    return (problem.row or 0, column)


def facts_read(*, path: Path) -> list[InitiativeFact]:
    """Parse and check the facts file on its own (regions are checked by ``facts_load``)."""
    facts, problems = _facts_parse(path)
    if problems:
        raise DataImportError(problems)
    return facts


def _facts_parse(path: Path) -> tuple[list[InitiativeFact], list[ImportProblem]]:
    """The rows that parse, and the problems of the others (a bad file or header raises)."""
    file = path.name
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DataImportError(
            [ImportProblem(file, _("The file cannot be read: %(error)s.") % {"error": error})]
        ) from error
    reader = csv.reader(io.StringIO(_decode(raw, file), newline=""))
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise DataImportError([ImportProblem(file, _("The file is empty; a header row is expected."), row=1)])
    columns = [cell.strip() for cell in header]

    problems: list[ImportProblem] = []
    for column in FACTS_COLUMNS:
        if column not in columns:
            problems.append(ImportProblem(file, _("This column is missing."), row=1, column=column))
    for column in columns:
        if column not in FACTS_COLUMNS:
            problems.append(
                ImportProblem(
                    file,
                    _("Unexpected column; the expected columns are %(columns)s.")
                    % {"columns": ", ".join(FACTS_COLUMNS)},
                    row=1,
                    column=column,
                )
            )
        elif columns.count(column) > 1:
            problems.append(ImportProblem(file, _("This column appears twice."), row=1, column=column))
    if problems:
        raise DataImportError(sorted(set(problems), key=lambda p: (p.column or "", p.message)))

    facts: list[InitiativeFact] = []
    rows_by_slug: dict[str, int] = {}
    previous_line = reader.line_num
    for cells in reader:
        row_number = previous_line + 1
        previous_line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(columns):
            problems.append(
                ImportProblem(
                    file,
                    _(
                        "The row has %(found)d values where %(expected)d are expected "
                        "(a value with a comma needs quotes)."
                    )
                    % {"found": len(cells), "expected": len(columns)},
                    row=row_number,
                )
            )
            continue
        values = dict(zip(columns, cells, strict=True))
        row_problems = _row_problems(file, row_number, values)
        if row_problems:
            problems.extend(row_problems)
            continue
        fact = _row_parse(row_number, values)
        if fact.slug in rows_by_slug:
            problems.append(
                ImportProblem(
                    file,
                    _("An initiative with this name is already on row %(row)d.")
                    % {"row": rows_by_slug[fact.slug]},
                    row=row_number,
                    column="name",
                )
            )
            continue
        rows_by_slug[fact.slug] = row_number
        facts.append(fact)
    return facts, problems


def facts_real_name_keys(*, path: Path) -> frozenset[str]:
    """The names of the real initiatives and organisations in the file, as name keys."""
    names: set[str] = set()
    for fact in facts_read(path=path):
        names.add(organisation_name_key(fact.name))
        if fact.lead:
            names.add(organisation_name_key(fact.lead.name))
        names.update(organisation_name_key(partner.name) for partner in fact.partners)
    return frozenset(names)


@dataclass(frozen=True)
class _ResolvedRegions:
    municipality: Region | None
    regions_served: list[Region] | None


def _regions_resolve(
    file: str, facts: list[InitiativeFact]
) -> tuple[dict[int, _ResolvedRegions], list[ImportProblem]]:
    problems: list[ImportProblem] = []
    resolved: dict[int, _ResolvedRegions] = {}
    cache: dict[str, Region | None] = {}

    def current(code: str, kind: str) -> Region | None:
        if code not in cache:
            cache[code] = region_get_current(code=code)
        region = cache[code]
        return region if region is not None and region.kind == kind else None

    for fact in facts:
        municipality = None
        served: list[Region] | None = None
        if fact.municipality_code:
            municipality = current(fact.municipality_code, RegionKind.MUNICIPALITY)
            if municipality is None:
                problems.append(
                    ImportProblem(
                        file,
                        _(
                            "There is no current municipality with code '%(code)s' "
                            "(are the regions imported?)."
                        )
                        % {"code": fact.municipality_code},
                        row=fact.row,
                        column="gemeentecode",
                    )
                )
        if fact.labour_market_region_code:
            region = current(fact.labour_market_region_code, RegionKind.LABOUR_MARKET_REGION)
            if region is None:
                problems.append(
                    ImportProblem(
                        file,
                        _(
                            "There is no current labour-market region with code '%(code)s' "
                            "(are the regions imported?)."
                        )
                        % {"code": fact.labour_market_region_code},
                        row=fact.row,
                        column="arbeidsmarktregio_code",
                    )
                )
            else:
                served = [region]
        elif municipality is None and fact.province_code:
            province = current(fact.province_code, RegionKind.PROVINCE)
            if province is None:
                problems.append(
                    ImportProblem(
                        file,
                        _("There is no current province with code '%(code)s' (are the regions imported?).")
                        % {"code": fact.province_code},
                        row=fact.row,
                        column="city",
                    )
                )
            else:
                served = [province]
        # served None: the services' default, the municipality's labour-market region.
        resolved[fact.row] = _ResolvedRegions(municipality, served)
    return resolved, problems


@dataclass(frozen=True)
class _Terms:
    themes: dict[str, Theme]
    goals: dict[str, Goal]
    target_groups: dict[str, TargetGroup]
    education_levels: dict[str, EducationLevel]


def _terms_of(
    model: type[TermT], slugs: set[str], file: str, problems: list[ImportProblem]
) -> dict[str, TermT]:
    # The managers of the Term subclasses are typed for Term; the rows are of ``model``.
    found = cast(
        "dict[str, TermT]",
        {term.slug: term for term in model._default_manager.filter(slug__in=slugs)},
    )
    for slug in sorted(slugs - found.keys()):
        problems.append(
            ImportProblem(
                file,
                _("The %(kind)s '%(slug)s' is not in the database.")
                % {"kind": model._meta.verbose_name, "slug": slug},
            )
        )
    return found


def _terms_resolve(file: str, facts: list[InitiativeFact]) -> tuple[_Terms, list[ImportProblem]]:
    problems: list[ImportProblem] = []
    terms = _Terms(
        themes=_terms_of(Theme, {s for f in facts for s in f.themes}, file, problems),
        goals=_terms_of(Goal, {s for f in facts for s in f.goals}, file, problems),
        target_groups=_terms_of(TargetGroup, {s for f in facts for s in f.target_groups}, file, problems),
        education_levels=_terms_of(
            EducationLevel, {s for f in facts for s in f.education_levels}, file, problems
        ),
    )
    return terms, problems


@transaction.atomic
def facts_load(*, path: Path) -> FactsLoadReport:
    """Load the real initiatives; existing ones (same slug) are kept as they are.

    Everything is checked first; on any problem ``DataImportError`` is raised and nothing is
    written. The load is one transaction.
    """
    file = path.name
    facts, problems = _facts_parse(path)
    regions, region_problems = _regions_resolve(file, facts)
    terms, term_problems = _terms_resolve(file, facts)
    problems = problems + region_problems + term_problems
    if problems:
        raise DataImportError(sorted(problems, key=_problem_order))

    report = FactsLoadReport()
    existing = set(
        Initiative.objects.filter(slug__in=[fact.slug for fact in facts]).values_list("slug", flat=True)
    )
    for fact in facts:
        if fact.slug in existing:
            report.kept.append(fact.name)
            continue
        region = regions[fact.row]
        municipality = region.municipality
        fields: InitiativeFields = {
            "kind": fact.kind,
            "description": fact.description,
            "start_year": fact.start_year,
            "place": fact.place,
            "municipality": municipality,
            "latitude": municipality.latitude if municipality else None,
            "longitude": municipality.longitude if municipality else None,
            "source": fact.source,
            "source_note": fact.source_note,
            "fictitious": False,
            "themes": [terms.themes[slug] for slug in fact.themes],
            "goals": [terms.goals[slug] for slug in fact.goals],
            "target_groups": [terms.target_groups[slug] for slug in fact.target_groups],
            "education_levels": [terms.education_levels[slug] for slug in fact.education_levels],
        }
        if region.regions_served is not None:
            fields["regions_served"] = region.regions_served
        initiative = initiative_create(name=fact.name, slug=fact.slug, **fields)
        seen: set[tuple[int, str]] = set()
        for partner in ([fact.lead] if fact.lead else []) + list(fact.partners):
            organisation, created = organisation_get_or_create_by_name(name=partner.name, kind=partner.kind)
            report.organisations_created += int(created)
            if (organisation.pk, partner.role) in seen:
                continue
            seen.add((organisation.pk, partner.role))
            partnership_add(initiative=initiative, organisation=organisation, role=partner.role)
            report.partnerships_created += 1
        initiative_publish(initiative=initiative)
        report.created.append(fact.name)
    return report
