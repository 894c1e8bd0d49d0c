"""How a company's need, size and sector map to what initiatives record (ADR 16).

Kept as data, in one place, so that the reasons the finder gives can be read and changed without
touching the ranking. Slugs are those of the seeded taxonomies (initiatives migration 0002); a slug
that is not in the database simply matches nothing.
"""

from dataclasses import dataclass

from .choices import CompanySize, Need, Sector


@dataclass(frozen=True)
class NeedMatch:
    """The activities, target groups, goals and themes that make an initiative fit a need."""

    activities: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()


NEED_MATCHES: dict[str, NeedMatch] = {
    Need.INTERNS: NeedMatch(
        activities=("internships",),
        target_groups=("mbo-students", "hbo-students", "wo-students"),
        goals=("initial-education",),
    ),
    Need.APPRENTICES: NeedMatch(
        activities=("apprenticeships",),
        target_groups=("mbo-students", "jobseekers-career-switchers"),
        goals=("initial-education",),
    ),
    Need.RETRAINING: NeedMatch(
        activities=("staff-retraining",),
        target_groups=("working-professionals", "jobseekers-career-switchers"),
        goals=("postinitial-education",),
        themes=("lifelong-learning",),
    ),
    Need.GUEST_LECTURES: NeedMatch(
        activities=("guest-lectures",),
        target_groups=("teachers", "vo-pupils"),
        themes=("hybrid-teachers",),
    ),
    Need.INNOVATION: NeedMatch(
        activities=("innovation-projects",),
        goals=("innovation",),
        themes=("smart-industry", "data-and-ai"),
    ),
    Need.GRADUATES: NeedMatch(
        activities=("graduate-recruitment",),
        target_groups=("mbo-students", "hbo-students", "wo-students"),
        goals=("initial-education",),
    ),
    Need.PARTNER: NeedMatch(
        activities=("partnership",),
        target_groups=("sme-owners",),
        goals=("innovation",),
    ),
}

# A sector's own theme, when the taxonomy has one.
SECTOR_THEMES: dict[str, tuple[str, ...]] = {
    Sector.SOFTWARE: ("software-development",),
    Sector.SECURITY: ("cybersecurity",),
    Sector.DATA: ("data-and-ai",),
    Sector.INDUSTRY: ("smart-industry",),
}

# Small and medium-sized companies fit initiatives that work with SME owners.
SME_SIZES = frozenset({CompanySize.MICRO, CompanySize.SMALL, CompanySize.MEDIUM})
SME_TARGET_GROUPS = ("sme-owners",)

# How much each kind of match weighs in the ranking within a tier: doing the very activity counts
# most; the other matches say the initiative works in the same field.
WEIGHTS = {"activities": 4, "target_groups": 2, "goals": 1, "themes": 1, "sector": 2, "size": 1}
