"""Deterministic fictitious initiatives for demos, tests and benchmarks.

Conventions (so nobody takes generated data for real):

* every generated initiative and organisation has ``fictitious=True``;
* every initiative's summary starts with ``FICTITIOUS_SUMMARY_PREFIX`` ("Fictitious example:");
* every organisation's name ends with ``FICTITIOUS_NAME_SUFFIX`` (" (fictief)"), carries no KvK
  number or school code, and its website and e-mail use the reserved ``.example`` domain;
* yearly figures name ``SYNTHETIC_SOURCE`` ("Synthetic demo data") as their source;
* no generated name is the name of a real initiative or organisation from the facts file.

Determinism: initiative ``i`` is drawn from ``random.Random(f"{seed}:initiative:{i}")`` and
organisation ``q`` of labour-market region ``r`` from ``random.Random(f"{seed}:organisation:...")``:
no global random state, no clock (dates derive from ``REFERENCE_YEAR``). So the same count and
seed give the same data, a re-run adds nothing (records are keyed on their slug, which holds the
seed and the index), and a larger count extends the data without changing the first records.

Spread: initiative ``i`` lies in labour-market region ``i mod 35`` (regions ordered by code), in a
municipality of that region (jittered around its centre) when municipalities are imported, else
around the region's own centre. Partners come from a pool per region that grows with the number
of initiatives there: a few anchor organisations (schools, a municipality, a knowledge centre)
and many companies, mostly SMEs.

Speed: rows are built in memory and written with ``bulk_create`` in batches, including the rows
of the many-to-many tables, so a million partnerships take minutes, not hours.
"""

import calendar
import math
import random
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TypeVar

from django.db import models, transaction
from django.utils import translation
from django.utils.text import slugify

from netwerkkaart.initiatives.choices import (
    FundingSource,
    InitiativeKind,
    PartnershipRole,
    Phase,
    PublicationStatus,
)
from netwerkkaart.initiatives.models import (
    Activity,
    EducationLevel,
    FundingLine,
    Goal,
    Initiative,
    Partnership,
    TargetGroup,
    Theme,
    YearlyFigure,
)
from netwerkkaart.initiatives.result_index import initiative_index_invalidate
from netwerkkaart.organisations.choices import OrganisationKind, SizeClass
from netwerkkaart.organisations.models import Organisation
from netwerkkaart.organisations.services import organisation_name_key
from netwerkkaart.regions.models import Region
from netwerkkaart.regions.selectors import municipalities_of

from .facts import ROLE_BY_ORGANISATION_KIND

REFERENCE_YEAR = 2026
FICTITIOUS_SUMMARY_PREFIX = "Fictitious example:"
FICTITIOUS_NAME_SUFFIX = " (fictief)"
SYNTHETIC_SOURCE = "Synthetic demo data"
DEFAULT_PARTNERSHIPS_PER_INITIATIVE = 6.0

# The organisation pool of a region: ANCHORS organisations of fixed kinds, BASE_POOL in all before
# the first initiative, and POOL_GROWTH new ones with every further initiative in the region.
ANCHOR_KINDS = (
    OrganisationKind.MBO_SCHOOL,
    OrganisationKind.UNIVERSITY_OF_APPLIED_SCIENCES,
    OrganisationKind.GOVERNMENT,
    OrganisationKind.MBO_SCHOOL,
    OrganisationKind.KNOWLEDGE_INSTITUTE,
    OrganisationKind.SECTOR_ORGANISATION,
)
BASE_POOL = 24
POOL_GROWTH = 2
JITTER_DEGREES = 0.02

T = TypeVar("T")

SURNAMES = (
    "Van den Berg", "De Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "De Boer",
    "Mulder", "De Groot", "Bos", "Vos", "Peters", "Hendriks", "Van Leeuwen", "Dekker",
    "Brouwer", "De Wit", "Dijkstra", "Smits", "De Graaf", "Van der Meer", "Van der Linden",
    "Kok", "Jacobs", "De Haan", "Vermeulen", "Van den Heuvel", "Van der Veen", "Van den Broek",
    "Schouten", "Willems", "Hoekstra", "Koster", "Prins", "Huisman", "Postma", "Kuipers",
)  # fmt: skip
COMPANY_STEMS = (
    "Bytewerk", "Datadijk", "Cloudhaven", "Netvorm", "Codekracht", "Pixelpoort", "Serverwijs",
    "Digitaalhuis", "Infranova", "Veiligwerk", "Appfabriek", "Techtuin", "Kodewerk", "Bitbrug",
    "Slimsoft", "Rekenkamer IT", "Dataveld", "Netwerkpunt", "Logicawerk", "Polderdata",
    "Dijkwacht Security", "Molenbyte", "Grachtcode", "Heidelogic", "Duinsoft",
)  # fmt: skip
COMPANY_PATTERNS = (
    "{surname} ICT B.V.", "{surname} Software", "{surname} & {surname2} IT-diensten",
    "{stem} B.V.", "{stem} {place}", "{surname} Automatisering", "{stem} Consultancy",
)  # fmt: skip
LARGE_COMPANY_PATTERNS = ("{stem} Nederland B.V.", "{stem} Group N.V.", "{stem} Technology")
# Invented forms, unlike the names of real schools ("ROC Nijmegen", "Hogeschool Utrecht").
ORGANISATION_PATTERNS: dict[str, tuple[str, ...]] = {
    OrganisationKind.MBO_SCHOOL: (
        "Vakcollege ICT {place}",
        "{place} Techniek College",
        "ROC ICT-academie {place}",
    ),
    OrganisationKind.UNIVERSITY_OF_APPLIED_SCIENCES: (
        "Hogeschool voor Digitale Techniek {place}",
        "{region} Hogeschool voor ICT",
    ),
    OrganisationKind.UNIVERSITY: ("Universiteit voor Digitale Wetenschap {place}",),
    OrganisationKind.SECONDARY_SCHOOL: ("ICT-lyceum {place}", "Digitaal College {place}"),
    OrganisationKind.GOVERNMENT: (
        "Gemeente {place}",
        "Regionaal Werkbedrijf {region}",
        "Werkgeversservicepunt {region}",
    ),
    OrganisationKind.KNOWLEDGE_INSTITUTE: (
        "Kenniscentrum Digitalisering {region}",
        "Lectoraat Digitale Innovatie {place}",
    ),
    OrganisationKind.SECTOR_ORGANISATION: ("ICT-kring {region}", "Ondernemersvereniging {place}"),
    OrganisationKind.OTHER: ("Stichting Digitaal {place}", "Digitaal Trefpunt {place}"),
}
# Kinds of the non-anchor organisations, with weights.
POOL_KINDS = (
    (OrganisationKind.COMPANY, 82),
    (OrganisationKind.SECONDARY_SCHOOL, 4),
    (OrganisationKind.GOVERNMENT, 3),
    (OrganisationKind.KNOWLEDGE_INSTITUTE, 3),
    (OrganisationKind.SECTOR_ORGANISATION, 3),
    (OrganisationKind.MBO_SCHOOL, 2),
    (OrganisationKind.UNIVERSITY, 1),
    (OrganisationKind.OTHER, 2),
)

# Per primary theme: (name pattern, initiative kind), and the theme's weight.
NAME_PATTERNS: dict[str, tuple[tuple[str, InitiativeKind], ...]] = {
    "cybersecurity": (
        ("Cyberlab {place}", InitiativeKind.FIELDLAB),
        ("Cyber Academy {region}", InitiativeKind.RIF_PROJECT),
        ("Security Campus {place}", InitiativeKind.CAMPUS),
        ("Centre of Expertise Cyberweerbaarheid {region}", InitiativeKind.CENTRE_OF_EXPERTISE),
        ("Cyberwerkplaats {place}", InitiativeKind.CENTRE_FOR_INNOVATIVE_CRAFTSMANSHIP),
    ),
    "data-and-ai": (
        ("Data Academy {region}", InitiativeKind.RIF_PROJECT),
        ("AI-lab {place}", InitiativeKind.FIELDLAB),
        ("Datahub {region}", InitiativeKind.ECOSYSTEM_PPS),
        ("Centre of Expertise Data en AI {region}", InitiativeKind.CENTRE_OF_EXPERTISE),
    ),
    "software-development": (
        ("Software Academy {place}", InitiativeKind.RIF_PROJECT),
        ("Codefabriek {place}", InitiativeKind.CENTRE_FOR_INNOVATIVE_CRAFTSMANSHIP),
        ("Dev Campus {region}", InitiativeKind.CAMPUS),
    ),
    "lifelong-learning": (
        ("Omscholingsroute IT {region}", InitiativeKind.RETRAINING_PROGRAMME),
        ("Switch naar ICT {place}", InitiativeKind.RETRAINING_PROGRAMME),
        ("Leerwerkplaats ICT {place}", InitiativeKind.CENTRE_FOR_INNOVATIVE_CRAFTSMANSHIP),
    ),
    "women-in-ict": (
        ("Vrouwen in Tech {region}", InitiativeKind.REGIONAL_NETWORK),
        ("Meiden in ICT {place}", InitiativeKind.OTHER),
        ("Diversiteit in IT {region}", InitiativeKind.REGIONAL_NETWORK),
    ),
    "digital-basic-skills": (
        ("Digivaardig {place}", InitiativeKind.OTHER),
        ("Digitale Basis {region}", InitiativeKind.RETRAINING_PROGRAMME),
    ),
    "hybrid-teachers": (
        ("Hybride Docentenpool {place}", InitiativeKind.REGIONAL_NETWORK),
        ("Docent in Bedrijf {region}", InitiativeKind.OTHER),
    ),
    "inflow": (
        ("ICT Talentenroute {region}", InitiativeKind.RIF_PROJECT),
        ("Kies ICT {place}", InitiativeKind.OTHER),
        ("Techroute {place}", InitiativeKind.CENTRE_FOR_INNOVATIVE_CRAFTSMANSHIP),
    ),
    "smart-industry": (
        ("Fieldlab Smart Industry {place}", InitiativeKind.FIELDLAB),
        ("Smart Factory Campus {region}", InitiativeKind.CAMPUS),
    ),
}
THEME_WEIGHTS = {
    "cybersecurity": 16,
    "data-and-ai": 16,
    "software-development": 14,
    "lifelong-learning": 10,
    "women-in-ict": 6,
    "digital-basic-skills": 6,
    "hybrid-teachers": 8,
    "inflow": 14,
    "smart-industry": 10,
}
SUMMARIES = {
    "cybersecurity": "students and companies work on real security questions of regional SMEs.",
    "data-and-ai": "students, teachers and companies build data and AI skills on company cases.",
    "software-development": "students learn software development on assignments from companies.",
    "lifelong-learning": "working people and jobseekers retrain into ICT jobs with employers.",
    "women-in-ict": "more women and girls choose ICT education and stay in ICT jobs.",
    "digital-basic-skills": "employees of SMEs learn the digital basics they need at work.",
    "hybrid-teachers": "ICT professionals teach part-time at mbo and hbo schools.",
    "inflow": "pupils and students discover ICT and choose an ICT programme.",
    "smart-industry": "students and manufacturers try out digital production in a fieldlab.",
}
PHASE_WEIGHTS = (
    (Phase.EXPLORING, 8),
    (Phase.STARTING, 25),
    (Phase.SCALING, 35),
    (Phase.SUSTAINED, 22),
    (Phase.ENDED, 10),
)
# First possible start year and the number of possible years, per phase.
START_YEARS = {
    Phase.EXPLORING: (2025, 2),
    Phase.STARTING: (2021, 5),
    Phase.SCALING: (2015, 9),
    Phase.SUSTAINED: (2010, 11),
    Phase.ENDED: (2010, 10),
}
# Funding source: (weight, lowest and highest amount per year in thousands of euros).
FUNDING_SOURCES = {
    FundingSource.RIF: (16, 100, 500),
    FundingSource.NATIONAL_GROWTH_FUND: (5, 200, 1500),
    FundingSource.REGION_DEAL: (6, 100, 750),
    FundingSource.PROVINCE: (12, 25, 250),
    FundingSource.MUNICIPALITY: (12, 10, 150),
    FundingSource.EU_ESF: (6, 50, 400),
    FundingSource.EU_ERDF: (5, 100, 600),
    FundingSource.EU_ERASMUS: (3, 20, 120),
    FundingSource.PRIVATE_CASH: (14, 5, 100),
    FundingSource.PRIVATE_IN_KIND: (12, 10, 200),
    FundingSource.SCHOOLS_OWN_MEANS: (9, 20, 200),
}
PROJECT_SOURCES = frozenset(
    {
        FundingSource.RIF,
        FundingSource.NATIONAL_GROWTH_FUND,
        FundingSource.REGION_DEAL,
        FundingSource.EU_ESF,
        FundingSource.EU_ERDF,
        FundingSource.EU_ERASMUS,
    }
)
ACTIVITY_WEIGHTS = {
    "internships": 20,
    "apprenticeships": 8,
    "staff-retraining": 10,
    "guest-lectures": 14,
    "innovation-projects": 14,
    "graduate-recruitment": 8,
    "partnership": 16,
}
MBO_LEVELS = ("mbo-2", "mbo-3", "mbo-4")
HBO_LEVELS = ("hbo-associate-degree", "hbo-bachelor", "hbo-master")


@dataclass(frozen=True)
class Place:
    name: str
    municipality_id: int | None
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class RegionContext:
    index: int
    region_id: int
    code: str
    name: str
    places: tuple[Place, ...]


@dataclass(frozen=True)
class _Terms:
    goals: dict[str, int]
    themes: dict[str, int]
    target_groups: dict[str, int]
    education_levels: dict[str, int]
    activities: dict[str, int]


@dataclass(frozen=True)
class OrganisationSpec:
    region_index: int
    local_index: int
    slug: str
    name: str
    kind: str
    size_class: str
    place: Place
    latitude: float | None
    longitude: float | None
    website: str


@dataclass(frozen=True)
class FundingSpec:
    source: str
    description: str
    amount_per_year: Decimal
    start_year: int
    end_year: int
    end_date: date


@dataclass(frozen=True)
class FigureSpec:
    year: int
    companies: int
    smes: int
    students_reached: int
    teachers: int
    hybrid_teachers: int
    postinitial_participants: int
    women_share: Decimal
    reported_on: date


@dataclass(frozen=True)
class InitiativeSpec:
    """Everything about generated initiative ``index``, before it is written."""

    index: int
    slug: str
    name: str
    summary: str
    description: str
    kind: str
    phase: str
    start_year: int
    end_year: int | None
    status: str
    published_at: datetime | None
    website: str
    contact_email: str
    place: Place
    latitude: float | None
    longitude: float | None
    region_index: int
    partners: tuple[tuple[int, str], ...]  # (local organisation index, role)
    themes: tuple[str, ...]
    goals: tuple[str, ...]
    target_groups: tuple[str, ...]
    education_levels: tuple[str, ...]
    activities: tuple[str, ...]
    funding: tuple[FundingSpec, ...]
    figures: tuple[FigureSpec, ...]


@dataclass
class SyntheticReport:
    initiatives_created: int = 0
    initiatives_existing: int = 0
    organisations_created: int = 0
    partnerships_created: int = 0
    funding_lines_created: int = 0
    yearly_figures_created: int = 0
    relation_rows_created: int = 0
    regions: int = 0
    with_municipalities: bool = False

    @property
    def rows_created(self) -> int:
        return (
            self.initiatives_created
            + self.organisations_created
            + self.partnerships_created
            + self.funding_lines_created
            + self.yearly_figures_created
            + self.relation_rows_created
        )


class SyntheticDataError(Exception):
    """The database lacks what the generator needs (regions, taxonomies)."""


def _weighted(rng: random.Random, options: Sequence[tuple[T, int]]) -> T:
    return rng.choices([option for option, _w in options], [w for _o, w in options])[0]


def _web_label(text: str) -> str:
    return slugify(text)[:40].strip("-") or "demo"


def _jitter(rng: random.Random, value: float | None) -> float | None:
    if value is None:
        return None
    return round(value + rng.uniform(-JITTER_DEGREES, JITTER_DEGREES), 6)


class SyntheticGenerator:
    """Builds the specs of fictitious initiatives and organisations from a seed.

    Pure given its context (regions, places, taxonomy ids): no database access, so tests can
    compare specs and the benchmark can stream them.
    """

    def __init__(
        self,
        *,
        seed: int,
        regions: Sequence[RegionContext],
        partnerships_per_initiative: float = DEFAULT_PARTNERSHIPS_PER_INITIATIVE,
        exclude_names: Collection[str] = (),
    ) -> None:
        if not regions:
            raise SyntheticDataError("There are no labour-market regions to place initiatives in.")
        if partnerships_per_initiative < 2:
            raise SyntheticDataError("An initiative needs at least 2 partnerships on average.")
        self.seed = seed
        self.regions = tuple(regions)
        self.mean_partners = partnerships_per_initiative
        # Counts vary by +-spread in pairs of initiatives, so the total stays exact.
        self.spread = max(1, int(partnerships_per_initiative * 0.4))
        self.max_partners = math.floor(partnerships_per_initiative) + 1 + self.spread
        self.base_pool = max(BASE_POOL, 2 * self.max_partners)
        self.excluded = frozenset(organisation_name_key(name) for name in exclude_names)
        self._kinds: dict[tuple[int, int], str] = {}
        # Texts are in English whatever language is active, so the data does not depend on it.
        with translation.override("en"):
            self.kind_labels = {kind.value: str(kind.label) for kind in InitiativeKind}
            self.funding_labels = {source.value: str(source.label) for source in FundingSource}

    # --- organisations --------------------------------------------------------------------------
    def organisation(self, region_index: int, local_index: int) -> OrganisationSpec:
        region = self.regions[region_index]
        rng = random.Random(f"{self.seed}:organisation:{region.code}:{local_index}")
        if local_index < len(ANCHOR_KINDS):
            kind: str = ANCHOR_KINDS[local_index]
        else:
            kind = _weighted(rng, POOL_KINDS)
        place = rng.choice(region.places)
        size_class = ""
        patterns: tuple[str, ...]
        if kind == OrganisationKind.COMPANY:
            size_class = SizeClass.LARGE if rng.random() < 0.08 else SizeClass.SME
            patterns = LARGE_COMPANY_PATTERNS if size_class == SizeClass.LARGE else COMPANY_PATTERNS
        else:
            patterns = ORGANISATION_PATTERNS[kind]
        surname, surname2 = rng.sample(SURNAMES, 2)
        base_name = rng.choice(patterns).format(
            surname=surname,
            surname2=surname2,
            stem=rng.choice(COMPANY_STEMS),
            place=place.name,
            region=region.name,
        )
        if organisation_name_key(base_name) in self.excluded:
            # "Gemeente Rotterdam" is a real partner in the facts file: never reuse it.
            base_name = f"{base_name} Demo"
        name = f"{base_name}{FICTITIOUS_NAME_SUFFIX}"
        slug = f"{slugify(base_name)[:160]}-s{self.seed}-{region.code.lower()}-{local_index}"
        return OrganisationSpec(
            region_index=region_index,
            local_index=local_index,
            slug=slug,
            name=name,
            kind=kind,
            size_class=size_class,
            place=place,
            latitude=_jitter(rng, place.latitude),
            longitude=_jitter(rng, place.longitude),
            website=f"https://{_web_label(base_name)}.example",
        )

    # --- initiatives ----------------------------------------------------------------------------
    def partner_count(self, index: int) -> int:
        base = math.floor((index + 1) * self.mean_partners) - math.floor(index * self.mean_partners)
        pair = random.Random(f"{self.seed}:pair:{index // 2}").randint(-self.spread, self.spread)
        return max(2, base + (pair if index % 2 == 0 else -pair))

    def slug(self, index: int, name: str) -> str:
        return f"{slugify(name)[:180]}-s{self.seed}-{index + 1}"

    def initiative(self, index: int) -> InitiativeSpec:
        rng = random.Random(f"{self.seed}:initiative:{index}")
        region_index = index % len(self.regions)
        region = self.regions[region_index]
        local = index // len(self.regions)
        place = rng.choice(region.places)

        theme = _weighted(rng, list(THEME_WEIGHTS.items()))
        pattern, kind = rng.choice(NAME_PATTERNS[theme])
        name = pattern.format(place=place.name, region=region.name)
        if organisation_name_key(name) in self.excluded:
            name = f"{name} Demo"
        themes = {theme}
        for extra in rng.sample(sorted(THEME_WEIGHTS), rng.choice((0, 1, 1, 2))):
            themes.add(extra)
        if rng.random() < 0.15:
            themes.add("lifelong-learning")

        phase: str = _weighted(rng, PHASE_WEIGHTS)
        first, span = START_YEARS[Phase(phase)]
        start_year = first + rng.randrange(span)
        end_year = None
        if phase == Phase.ENDED:
            end_year = min(REFERENCE_YEAR - 1, start_year + rng.randint(2, 6))

        # Lead: usually one of the region's schools, sometimes a partner from the pool.
        pool = self.base_pool + POOL_GROWTH * (local + 1)
        lead = rng.choice((0, 0, 1, 1, 3)) if rng.random() < 0.85 else rng.randrange(pool)
        partners: dict[int, str] = {lead: PartnershipRole.LEAD_APPLICANT}
        # The organisations this initiative brings into the region's pool take part in it.
        newcomers = range(self.base_pool + POOL_GROWTH * local, pool)
        wanted = min(self.partner_count(index), pool)
        for local_index in newcomers:
            if len(partners) < wanted:
                partners.setdefault(local_index, "")
        while len(partners) < wanted:
            # The anchors (schools, municipality, knowledge centre) take part more often.
            anchor = rng.random() < 0.3
            candidate = rng.randrange(len(ANCHOR_KINDS) if anchor else pool)
            partners.setdefault(candidate, "")
        partner_roles: list[tuple[int, str]] = []
        for local_index, role in partners.items():
            if not role:
                kind_of = self.organisation_kind(region_index, local_index)
                role = ROLE_BY_ORGANISATION_KIND[kind_of]
                if kind_of == OrganisationKind.GOVERNMENT and rng.random() < 0.4:
                    role = PartnershipRole.FUNDER
            partner_roles.append((local_index, role))

        levels = self._levels(rng, self.organisation_kind(region_index, lead))
        target_groups = self._target_groups(rng, levels, themes, kind)
        goals = self._goals(rng, themes, target_groups, kind)
        activities = self._activities(rng, themes, goals)
        funding = self._funding(rng, phase, start_year, end_year)
        figures = self._figures(rng, phase, start_year, end_year, themes)

        status = PublicationStatus.DRAFT if rng.random() < 0.08 else PublicationStatus.PUBLISHED
        published_at = None
        if status == PublicationStatus.PUBLISHED:
            year = min(max(start_year, 2016), REFERENCE_YEAR)
            published_at = datetime(year, rng.randint(1, 9), rng.randint(1, 28), 10, tzinfo=UTC)
        label = _web_label(name)
        kind_label = self.kind_labels[kind]
        return InitiativeSpec(
            index=index,
            slug=self.slug(index, name),
            name=name,
            summary=f"{FICTITIOUS_SUMMARY_PREFIX} {SUMMARIES[theme]}"[:300],
            description=(
                f"{FICTITIOUS_SUMMARY_PREFIX} this initiative does not exist. It was generated "
                f"(seed {self.seed}, number {index + 1}) to show how the platform works. "
                f"Kind: {kind_label}. Place: {place.name}, labour-market region {region.name}."
            ),
            kind=kind,
            phase=phase,
            start_year=start_year,
            end_year=end_year,
            status=status,
            published_at=published_at,
            website=f"https://{label}.example",
            contact_email=f"info@{label}.example",
            place=place,
            latitude=_jitter(rng, place.latitude),
            longitude=_jitter(rng, place.longitude),
            region_index=region_index,
            partners=tuple(partner_roles),
            themes=tuple(sorted(themes)),
            goals=goals,
            target_groups=target_groups,
            education_levels=levels,
            activities=activities,
            funding=funding,
            figures=figures,
        )

    def organisation_kind(self, region_index: int, local_index: int) -> str:
        if local_index < len(ANCHOR_KINDS):
            return ANCHOR_KINDS[local_index]
        key = (region_index, local_index)
        if key not in self._kinds:
            self._kinds[key] = self.organisation(region_index, local_index).kind
        return self._kinds[key]

    @staticmethod
    def _levels(rng: random.Random, lead_kind: str) -> tuple[str, ...]:
        levels: set[str] = set()
        if lead_kind == OrganisationKind.MBO_SCHOOL or rng.random() < 0.4:
            levels.update(rng.sample(MBO_LEVELS[1:], rng.randint(1, 2)))
            if rng.random() < 0.2:
                levels.add("mbo-2")
        if lead_kind == OrganisationKind.UNIVERSITY_OF_APPLIED_SCIENCES or rng.random() < 0.4:
            levels.add("hbo-bachelor")
            if rng.random() < 0.4:
                levels.add("hbo-associate-degree")
            if rng.random() < 0.1:
                levels.add("hbo-master")
        if rng.random() < 0.12:
            levels.add("vo")
        if rng.random() < 0.05:
            levels.add("wo")
        return tuple(sorted(levels))

    @staticmethod
    def _target_groups(
        rng: random.Random, levels: Sequence[str], themes: set[str], kind: str
    ) -> tuple[str, ...]:
        groups: set[str] = set()
        if any(level in MBO_LEVELS for level in levels):
            groups.add("mbo-students")
        if any(level in HBO_LEVELS for level in levels):
            groups.add("hbo-students")
        if "wo" in levels:
            groups.add("wo-students")
        if "vo" in levels:
            groups.add("vo-pupils")
        if "lifelong-learning" in themes or kind == InitiativeKind.RETRAINING_PROGRAMME:
            groups.add(rng.choice(("working-professionals", "jobseekers-career-switchers")))
            if rng.random() < 0.4:
                groups.update(("working-professionals", "jobseekers-career-switchers"))
        if "women-in-ict" in themes:
            groups.add("women-and-girls")
        if "hybrid-teachers" in themes or rng.random() < 0.1:
            groups.add("teachers")
        if rng.random() < 0.2:
            groups.add("sme-owners")
        if rng.random() < 0.05:
            groups.add("newcomers")
        return tuple(sorted(groups))

    @staticmethod
    def _goals(
        rng: random.Random, themes: set[str], target_groups: Sequence[str], kind: str
    ) -> tuple[str, ...]:
        goals: set[str] = set()
        students = {"mbo-students", "hbo-students", "wo-students", "vo-pupils"}
        if students.intersection(target_groups):
            goals.add("initial-education")
        if {"working-professionals", "jobseekers-career-switchers"}.intersection(target_groups):
            goals.add("postinitial-education")
        if kind in (InitiativeKind.FIELDLAB, InitiativeKind.CENTRE_OF_EXPERTISE) or (rng.random() < 0.3):
            goals.add("innovation")
        if {"women-and-girls", "newcomers"}.intersection(target_groups) or "women-in-ict" in themes:
            goals.add("diverse-target-groups")
        if not goals:
            goals.add("initial-education")
        return tuple(sorted(goals))

    @staticmethod
    def _activities(rng: random.Random, themes: set[str], goals: Sequence[str]) -> tuple[str, ...]:
        activities = set(
            rng.choices(list(ACTIVITY_WEIGHTS), list(ACTIVITY_WEIGHTS.values()), k=rng.randint(2, 4))
        )
        if "postinitial-education" in goals:
            activities.add("staff-retraining")
        if "innovation" in goals:
            activities.add("innovation-projects")
        if "hybrid-teachers" in themes:
            activities.add("guest-lectures")
        return tuple(sorted(activities))

    def _funding(
        self, rng: random.Random, phase: str, start_year: int, end_year: int | None
    ) -> tuple[FundingSpec, ...]:
        if phase == Phase.EXPLORING and rng.random() < 0.6:
            return ()
        sources = [(source, weight) for source, (weight, _low, _high) in FUNDING_SOURCES.items()]
        if phase == Phase.SUSTAINED:
            # Sustained means: no longer dependent on a project subsidy.
            sources = [(s, w) for s, w in sources if s not in PROJECT_SOURCES]
        lines: list[FundingSpec] = []
        used: set[str] = set()
        for _ in range(rng.choice((1, 1, 2, 2, 2, 3))):
            source = _weighted(rng, sources)
            if source in used:
                continue
            used.add(source)
            _weight, low, high = FUNDING_SOURCES[source]
            amount = Decimal(rng.randrange(low, high + 1, 5) * 1000)
            first = start_year + rng.randint(0, 1)
            if end_year is not None:
                first = min(first, end_year)
                last = end_year
            elif rng.random() < 0.25:
                # Ends soon: this year or next.
                last = REFERENCE_YEAR + rng.randint(0, 1)
            else:
                last = first + rng.randint(2, 5)
            first = min(first, last)
            month = rng.choice((6, 7, 8, 12))
            end_date = date(last, month, calendar.monthrange(last, month)[1])
            lines.append(
                FundingSpec(
                    source=source,
                    description=f"{self.funding_labels[source]} ({first}-{last})",
                    amount_per_year=amount,
                    start_year=first,
                    end_year=last,
                    end_date=end_date,
                )
            )
        return tuple(lines)

    @staticmethod
    def _figures(
        rng: random.Random, phase: str, start_year: int, end_year: int | None, themes: set[str]
    ) -> tuple[FigureSpec, ...]:
        if phase == Phase.EXPLORING:
            return ()
        scale = {Phase.STARTING: 0.4, Phase.SCALING: 1.0, Phase.SUSTAINED: 1.6, Phase.ENDED: 0.6}
        factor = scale[Phase(phase)]
        last = min(REFERENCE_YEAR - 1, end_year or REFERENCE_YEAR - 1)
        first = max(start_year, last - 2)
        figures: list[FigureSpec] = []
        companies = max(2, int(rng.randint(5, 60) * factor))
        students = max(5, int(rng.randint(30, 600) * factor))
        for year in range(first, last + 1):
            companies = max(2, int(companies * rng.uniform(0.95, 1.3)))
            students = max(5, int(students * rng.uniform(0.9, 1.3)))
            smes = max(1, round(companies * rng.uniform(0.72, 0.96)))
            figures.append(
                FigureSpec(
                    year=year,
                    companies=companies,
                    smes=min(smes, companies),
                    students_reached=students,
                    teachers=max(1, students // rng.randint(15, 40)),
                    hybrid_teachers=rng.randint(0, 12 if "hybrid-teachers" in themes else 3),
                    postinitial_participants=(rng.randint(10, 250) if "lifelong-learning" in themes else 0),
                    women_share=Decimal(
                        f"{rng.uniform(20, 45) if 'women-in-ict' in themes else rng.uniform(6, 24):.1f}"
                    ),
                    reported_on=date(year + 1, rng.randint(2, 5), rng.randint(1, 28)),
                )
            )
        return tuple(figures)


# --- database side --------------------------------------------------------------------------------
def synthetic_regions_load() -> list[RegionContext]:
    """The current labour-market regions (ordered by code) with their municipalities as places."""
    contexts: list[RegionContext] = []
    regions = Region.objects.labour_market_regions().order_by("code")
    for index, region in enumerate(regions):
        places = tuple(
            Place(m.name, m.pk, m.latitude, m.longitude)
            for m in sorted(municipalities_of(region=region), key=lambda m: m.code)
        )
        if not places:
            places = (Place(region.name, None, region.latitude, region.longitude),)
        contexts.append(RegionContext(index, region.pk, region.code, region.name, places))
    return contexts


def _terms_load() -> _Terms:
    def ids(model: type[models.Model]) -> dict[str, int]:
        return dict(model._default_manager.values_list("slug", "pk"))

    terms = _Terms(
        goals=ids(Goal),
        themes=ids(Theme),
        target_groups=ids(TargetGroup),
        education_levels=ids(EducationLevel),
        activities=ids(Activity),
    )
    needed = {
        "themes": set(THEME_WEIGHTS),
        "activities": set(ACTIVITY_WEIGHTS),
        "education_levels": {*MBO_LEVELS, *HBO_LEVELS, "vo", "wo"},
    }
    for name, slugs in needed.items():
        missing = slugs - getattr(terms, name).keys()
        if missing:
            raise SyntheticDataError(f"Missing {name} in the database: {', '.join(sorted(missing))}.")
    return terms


_SLUG_SUFFIX = re.compile(r"-s(?P<seed>\d+)-(?P<region>am\d+)-(?P<local>\d+)$")


@dataclass
class _Writer:
    generator: SyntheticGenerator
    terms: _Terms
    organisation_ids: dict[tuple[int, int], int] = field(default_factory=dict)
    report: SyntheticReport = field(default_factory=SyntheticReport)

    def existing_load(self) -> set[str]:
        seed = self.generator.seed
        region_index = {r.code.lower(): r.index for r in self.generator.regions}
        marker = f"-s{seed}-"
        for slug, pk in Organisation.objects.filter(fictitious=True, slug__contains=marker).values_list(
            "slug", "pk"
        ):
            match = _SLUG_SUFFIX.search(slug)
            if match and int(match["seed"]) == seed and match["region"] in region_index:
                self.organisation_ids[(region_index[match["region"]], int(match["local"]))] = pk
        return set(
            Initiative.objects.filter(fictitious=True, slug__contains=marker).values_list("slug", flat=True)
        )

    def organisations_ensure(self, specs: Sequence[InitiativeSpec], batch_size: int) -> None:
        needed = sorted(
            {(s.region_index, local) for s in specs for local, _role in s.partners}
            - self.organisation_ids.keys()
        )
        if not needed:
            return
        rows = []
        for region_index, local in needed:
            spec = self.generator.organisation(region_index, local)
            rows.append(
                Organisation(
                    name=spec.name,
                    slug=spec.slug,
                    kind=spec.kind,
                    size_class=spec.size_class,
                    website=spec.website,
                    city=spec.place.name,
                    municipality_id=spec.place.municipality_id,
                    latitude=spec.latitude,
                    longitude=spec.longitude,
                    fictitious=True,
                )
            )
        created = Organisation.objects.bulk_create(rows, batch_size=batch_size)
        for key, organisation in zip(needed, created, strict=True):
            self.organisation_ids[key] = organisation.pk
        self.report.organisations_created += len(created)

    def initiatives_write(self, specs: Sequence[InitiativeSpec], batch_size: int) -> None:
        regions = self.generator.regions
        rows = [
            Initiative(
                name=s.name,
                slug=s.slug,
                summary=s.summary,
                description=s.description,
                kind=s.kind,
                phase=s.phase,
                start_year=s.start_year,
                end_year=s.end_year,
                website=s.website,
                place=s.place.name,
                municipality_id=s.place.municipality_id,
                latitude=s.latitude,
                longitude=s.longitude,
                contact_email=s.contact_email,
                status=s.status,
                published_at=s.published_at,
                source=SYNTHETIC_SOURCE,
                source_note=f"Generated with seed {self.generator.seed}.",
                fictitious=True,
            )
            for s in specs
        ]
        initiatives = Initiative.objects.bulk_create(rows, batch_size=batch_size)
        self.report.initiatives_created += len(initiatives)

        partnerships: list[Partnership] = []
        funding_lines: list[FundingLine] = []
        figures: list[YearlyFigure] = []
        through: dict[type[models.Model], list[models.Model]] = {}

        def relate(
            manager_model: type[models.Model], column: str, initiative_id: int, ids: list[int]
        ) -> None:
            through.setdefault(manager_model, []).extend(
                manager_model(**{"initiative_id": initiative_id, column: pk}) for pk in ids
            )

        for spec, initiative in zip(specs, initiatives, strict=True):
            pk = initiative.pk
            for local, role in spec.partners:
                partnerships.append(
                    Partnership(
                        initiative_id=pk,
                        organisation_id=self.organisation_ids[(spec.region_index, local)],
                        role=role,
                        since=spec.start_year,
                        until=spec.end_year,
                    )
                )
            funding_lines.extend(
                FundingLine(
                    initiative_id=pk,
                    source=f.source,
                    description=f.description,
                    amount_per_year=f.amount_per_year,
                    start_year=f.start_year,
                    end_year=f.end_year,
                    end_date=f.end_date,
                )
                for f in spec.funding
            )
            figures.extend(
                YearlyFigure(
                    initiative_id=pk,
                    year=f.year,
                    companies=f.companies,
                    smes=f.smes,
                    students_reached=f.students_reached,
                    teachers=f.teachers,
                    hybrid_teachers=f.hybrid_teachers,
                    postinitial_participants=f.postinitial_participants,
                    women_share=f.women_share,
                    source=SYNTHETIC_SOURCE,
                    reported_on=f.reported_on,
                )
                for f in spec.figures
            )
            relate(Initiative.regions_served.through, "region_id", pk, [regions[spec.region_index].region_id])
            relate(Initiative.themes.through, "theme_id", pk, [self.terms.themes[t] for t in spec.themes])
            relate(Initiative.goals.through, "goal_id", pk, [self.terms.goals[g] for g in spec.goals])
            relate(
                Initiative.target_groups.through,
                "targetgroup_id",
                pk,
                [self.terms.target_groups[t] for t in spec.target_groups if t in self.terms.target_groups],
            )
            relate(
                Initiative.education_levels.through,
                "educationlevel_id",
                pk,
                [self.terms.education_levels[e] for e in spec.education_levels],
            )
            relate(
                Initiative.activities.through,
                "activity_id",
                pk,
                [self.terms.activities[a] for a in spec.activities],
            )

        Partnership.objects.bulk_create(partnerships, batch_size=batch_size)
        FundingLine.objects.bulk_create(funding_lines, batch_size=batch_size)
        YearlyFigure.objects.bulk_create(figures, batch_size=batch_size)
        self.report.partnerships_created += len(partnerships)
        self.report.funding_lines_created += len(funding_lines)
        self.report.yearly_figures_created += len(figures)
        for model, rows_of_model in through.items():
            model._default_manager.bulk_create(rows_of_model, batch_size=batch_size)
            self.report.relation_rows_created += len(rows_of_model)


def synthetic_generate(
    *,
    count: int,
    seed: int,
    partnerships_per_initiative: float = DEFAULT_PARTNERSHIPS_PER_INITIATIVE,
    exclude_names: Collection[str] = (),
    batch_size: int = 2000,
    progress: Callable[[int, int], None] | None = None,
) -> SyntheticReport:
    """Add ``count`` fictitious initiatives (numbers 1..count of this seed) that are missing.

    One transaction; memory stays bounded by ``batch_size`` initiatives (plus a map of the
    generated organisations' ids).
    """
    if count < 0:
        raise SyntheticDataError("The number of initiatives cannot be negative.")
    with transaction.atomic():
        regions = synthetic_regions_load()
        generator = SyntheticGenerator(
            seed=seed,
            regions=regions,
            partnerships_per_initiative=partnerships_per_initiative,
            exclude_names=exclude_names,
        )
        writer = _Writer(generator=generator, terms=_terms_load())
        writer.report.regions = len(regions)
        writer.report.with_municipalities = any(p.municipality_id for r in regions for p in r.places)
        existing = writer.existing_load() if count else set()
        for start in range(0, count, batch_size):
            specs = [generator.initiative(i) for i in range(start, min(count, start + batch_size))]
            new = [spec for spec in specs if spec.slug not in existing]
            writer.report.initiatives_existing += len(specs) - len(new)
            if new:
                writer.organisations_ensure(new, batch_size)
                writer.initiatives_write(new, batch_size)
            if progress is not None:
                progress(min(count, start + batch_size), count)
        # bulk_create sends no signals: mark the published initiatives as changed once, here.
        initiative_index_invalidate()
        return writer.report
