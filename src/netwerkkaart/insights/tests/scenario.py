"""A small hand-labelled landscape (ADR 17): three labour-market regions with what a coordinator would
flag in each, used by the tests of the services, the pages and the API.

- Rijnmond: two retraining programmes for career switchers, both started in 2023 in the pilot phase,
  sharing four partners (a known duplicate); three initiatives doing other work.
- Twente: two cybersecurity hubs for mbo and hbo students (a known duplicate, one shared partner), one
  initiative with the profile of Rijnmond's retraining programmes (same work, other region: no pair).
- Zeeland: no lifelong-learning activity (its one retraining programme has ended) and one initiative
  whose only funding, a RIF subsidy, ends six months after `AS_OF`.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from netwerkkaart.initiatives.choices import FundingSource, Phase
from netwerkkaart.initiatives.models import EducationLevel, Goal, Initiative, TargetGroup, Theme
from netwerkkaart.initiatives.tests.factories import (
    FundingLineFactory,
    InitiativeFactory,
    PartnershipFactory,
    YearlyFigureFactory,
)
from netwerkkaart.organisations.models import Organisation
from netwerkkaart.organisations.tests.factories import OrganisationFactory
from netwerkkaart.regions.models import Region
from netwerkkaart.regions.tests.factories import LabourMarketRegionFactory

AS_OF = date(2026, 1, 15)
SUBSIDY_END = date(2026, 7, 15)

# Same-region pairs a coordinator labelled as doing the same work; every other same-region pair is not.
DUPLICATES = {
    frozenset({"Omscholing ICT Rijnmond", "Zij-instroomacademie Rijnmond"}),
    frozenset({"Cybersecurity Hub Twente", "Cyber Academy Twente"}),
}


@dataclass
class Scenario:
    regions: dict[str, Region]
    initiatives: dict[str, Initiative] = field(default_factory=dict)

    def by_id(self, pk: int) -> str:
        return next(name for name, initiative in self.initiatives.items() if initiative.pk == pk)


def _terms(
    model: type[Goal] | type[Theme] | type[TargetGroup] | type[EducationLevel], *slugs: str
) -> list[Any]:
    found = list(model.objects.filter(slug__in=slugs))
    assert len(found) == len(slugs), f"missing {model.__name__} among {slugs}"
    return found


def _initiative(
    scenario: Scenario,
    name: str,
    region: str,
    *,
    goals: tuple[str, ...],
    groups: tuple[str, ...],
    themes: tuple[str, ...],
    levels: tuple[str, ...],
    phase: str,
    start_year: int,
    partners: tuple[Organisation, ...] = (),
) -> Initiative:
    initiative = InitiativeFactory.create(name=name, published=True, phase=phase, start_year=start_year)
    initiative.regions_served.set([scenario.regions[region]])
    initiative.goals.set(_terms(Goal, *goals))
    initiative.target_groups.set(_terms(TargetGroup, *groups))
    initiative.themes.set(_terms(Theme, *themes))
    initiative.education_levels.set(_terms(EducationLevel, *levels))
    for partner in partners:
        PartnershipFactory.create(initiative=initiative, organisation=partner)
    scenario.initiatives[name] = initiative
    return initiative


def scenario_create() -> Scenario:
    scenario = Scenario(
        regions={
            "Rijnmond": LabourMarketRegionFactory.create(code="AM91", name="Rijnmond"),
            "Twente": LabourMarketRegionFactory.create(code="AM92", name="Twente"),
            "Zeeland": LabourMarketRegionFactory.create(code="AM93", name="Zeeland"),
        }
    )
    shared = tuple(OrganisationFactory.create(name=f"Partner Rijnmond {n}") for n in range(1, 5))
    retraining: dict[str, Any] = {
        "goals": ("postinitial-education",),
        "groups": ("jobseekers-career-switchers", "working-professionals"),
        "themes": ("lifelong-learning", "software-development"),
        "levels": ("mbo-4",),
    }
    _initiative(
        scenario,
        "Omscholing ICT Rijnmond",
        "Rijnmond",
        **retraining,
        phase=Phase.STARTING,
        start_year=2023,
        partners=shared,
    )
    _initiative(
        scenario,
        "Zij-instroomacademie Rijnmond",
        "Rijnmond",
        **retraining,
        phase=Phase.STARTING,
        start_year=2023,
        partners=(*shared, OrganisationFactory.create(name="Havenbedrijf ICT")),
    )
    _initiative(
        scenario,
        "Cyber Girls Rijnmond",
        "Rijnmond",
        goals=("initial-education",),
        groups=("women-and-girls", "vo-pupils"),
        themes=("women-in-ict", "cybersecurity"),
        levels=("vo",),
        phase=Phase.SCALING,
        start_year=2020,
        partners=shared[:1],
    )
    _initiative(
        scenario,
        "Datalab Rijnmond",
        "Rijnmond",
        goals=("innovation",),
        groups=("hbo-students", "sme-owners"),
        themes=("data-and-ai",),
        levels=("hbo-bachelor",),
        phase=Phase.EXPLORING,
        start_year=2024,
    )
    # Shares a theme, a level and two partners with the retraining programmes, but not their work.
    _initiative(
        scenario,
        "Softwarevakschool Rijnmond",
        "Rijnmond",
        goals=("initial-education",),
        groups=("mbo-students",),
        themes=("software-development",),
        levels=("mbo-4",),
        phase=Phase.STARTING,
        start_year=2023,
        partners=shared[:2],
    )
    hub_partner = OrganisationFactory.create(name="Universiteit Twente Cyberlab")
    cyber: dict[str, Any] = {
        "goals": ("initial-education", "innovation"),
        "groups": ("mbo-students", "hbo-students"),
        "themes": ("cybersecurity",),
        "levels": ("mbo-4", "hbo-bachelor"),
    }
    _initiative(
        scenario,
        "Cybersecurity Hub Twente",
        "Twente",
        **cyber,
        phase=Phase.SCALING,
        start_year=2021,
        partners=(hub_partner,),
    )
    _initiative(
        scenario,
        "Cyber Academy Twente",
        "Twente",
        **cyber,
        phase=Phase.SCALING,
        start_year=2022,
        partners=(hub_partner, OrganisationFactory.create(name="Thales Hengelo")),
    )
    _initiative(
        scenario,
        "Omscholing ICT Twente",
        "Twente",
        **retraining,
        phase=Phase.STARTING,
        start_year=2023,
        partners=shared[2:],
    )
    zeeland = _initiative(
        scenario,
        "Techniekpact ICT Zeeland",
        "Zeeland",
        goals=("initial-education",),
        groups=("mbo-students",),
        themes=("software-development",),
        levels=("mbo-3", "mbo-4"),
        phase=Phase.SCALING,
        start_year=2022,
    )
    FundingLineFactory.create(
        initiative=zeeland,
        source=FundingSource.RIF,
        amount_per_year=200_000,
        start_year=2022,
        end_year=2026,
        end_date=SUBSIDY_END,
    )
    _initiative(
        scenario,
        "Innovatiehub Zeeland",
        "Zeeland",
        goals=("innovation",),
        groups=("sme-owners",),
        themes=("smart-industry",),
        levels=("hbo-bachelor",),
        phase=Phase.SCALING,
        start_year=2021,
    )
    _initiative(
        scenario,
        "Omscholing Zeeland (beëindigd)",
        "Zeeland",
        **retraining,
        phase=Phase.ENDED,
        start_year=2018,
    )
    # Yearly figures: two years of one programme (2025 from two sources), one year of the other.
    retraining_rijnmond = scenario.initiatives["Omscholing ICT Rijnmond"]
    YearlyFigureFactory.create(
        initiative=retraining_rijnmond, year=2024, companies=10, smes=8, students_reached=50
    )
    YearlyFigureFactory.create(
        initiative=retraining_rijnmond, year=2025, companies=20, smes=15, students_reached=80
    )
    YearlyFigureFactory.create(
        initiative=retraining_rijnmond,
        year=2025,
        companies=15,
        smes=10,
        students_reached=60,
        source="Monitor",
    )
    YearlyFigureFactory.create(
        initiative=scenario.initiatives["Zij-instroomacademie Rijnmond"],
        year=2025,
        companies=30,
        smes=20,
        students_reached=100,
    )
    # Funding that is no risk: private co-funding, no subsidy ending within two years.
    for name in ("Cyber Girls Rijnmond", "Cybersecurity Hub Twente"):
        FundingLineFactory.create(
            initiative=scenario.initiatives[name], source=FundingSource.PRIVATE_CASH, end_year=2030
        )
        FundingLineFactory.create(
            initiative=scenario.initiatives[name], source=FundingSource.PROVINCE, end_year=2029
        )
    return scenario
