"""Insights computed ahead (ADR 17): every row belongs to one run, made from one data version.

The tables hold derived data only: `insights_recompute` replaces them all in one transaction, so a
page always shows one consistent run, with the time it was computed and the data it was computed from.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from netwerkkaart.initiatives.models import Goal, Initiative, TargetGroup
from netwerkkaart.organisations.models import Organisation
from netwerkkaart.regions.models import Region

from .choices import RiskLevel


class InsightRun(models.Model):
    """One full computation of the insights."""

    data_version = models.CharField(_("data version"), max_length=200)
    as_of = models.DateField(_("as of"), help_text=_("The day the funding end dates are measured from."))
    computed_at = models.DateTimeField(_("computed at"))
    duration_seconds = models.FloatField(_("duration (seconds)"))
    initiatives = models.PositiveIntegerField(_("published initiatives"))
    candidate_pairs = models.PositiveIntegerField(_("pairs compared"))
    learn_from_pairs = models.PositiveBigIntegerField(_("pairs compared for learn-from"), default=0)
    # "Samenwerking in cijfers": see `services._national` for the shape.
    national = models.JSONField(_("national figures"), default=dict)

    class Meta:
        verbose_name = _("insight run")
        verbose_name_plural = _("insight runs")
        ordering = ["-computed_at"]

    def __str__(self) -> str:
        return f"{self.computed_at:%Y-%m-%d %H:%M} ({self.data_version[:8]})"


class RegionCoverage(models.Model):
    """A labour-market region's coverage of the goals and of the two neglected themes."""

    run = models.ForeignKey(InsightRun, on_delete=models.CASCADE, related_name="region_coverages")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    initiatives = models.PositiveIntegerField(_("initiatives"))
    lifelong_learning = models.PositiveIntegerField(_("initiatives with lifelong learning"))
    women_in_ict = models.PositiveIntegerField(_("initiatives for women in ICT"))
    empty_cells = models.PositiveIntegerField(_("empty cells of the matrix"))
    overlap_pairs = models.PositiveIntegerField(_("overlapping pairs"), default=0)
    # Scale and business reach, from each initiative's latest yearly figures (ADR 17).
    reporting_initiatives = models.PositiveIntegerField(_("initiatives reporting figures"), default=0)
    companies_involved = models.PositiveIntegerField(_("companies involved"), default=0)
    smes_involved = models.PositiveIntegerField(_("of which SMEs"), default=0)
    students_reached = models.PositiveIntegerField(_("students reached"), default=0)
    largest_initiative = models.ForeignKey(
        Initiative, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    largest_companies = models.PositiveIntegerField(_("companies of the largest initiative"), default=0)
    top_companies = models.PositiveIntegerField(
        _("companies of the largest initiatives"),
        default=0,
        help_text=_("Companies involved in the (at most three) initiatives that involve the most companies."),
    )
    top_count = models.PositiveSmallIntegerField(_("largest initiatives counted"), default=0)
    # [[year, companies, students], ...] summed over the initiatives reporting that year.
    yearly_reach = models.JSONField(_("reach per year"), default=list)
    rank = models.PositiveSmallIntegerField(_("rank"), help_text=_("1 is the region most in need."))

    class Meta:
        verbose_name = _("region coverage")
        verbose_name_plural = _("region coverages")
        ordering = ["rank"]
        constraints = [models.UniqueConstraint(fields=["run", "region"], name="coverage_one_per_region")]

    def __str__(self) -> str:
        return str(self.region)

    @property
    def largest_share(self) -> int | None:
        """The largest initiative's companies as a percentage of all companies involved in the region."""
        if not self.companies_involved:
            return None
        return round(100 * self.largest_companies / self.companies_involved)

    @property
    def top_share(self) -> int | None:
        """The largest (at most three) initiatives' companies as a percentage of the region's total."""
        if not self.companies_involved:
            return None
        return round(100 * self.top_companies / self.companies_involved)

    @property
    def lacks_lifelong_learning(self) -> bool:
        return self.lifelong_learning == 0

    @property
    def lacks_women_in_ict(self) -> bool:
        return self.women_in_ict == 0


class CoverageCell(models.Model):
    """One cell of a region's matrix: the initiatives with this goal for this target group."""

    coverage = models.ForeignKey(RegionCoverage, on_delete=models.CASCADE, related_name="cells")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="+")
    target_group = models.ForeignKey(TargetGroup, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField(_("initiatives"))
    # The first initiatives by name; the full list is the initiative list filtered on the cell.
    sample_ids = models.JSONField(_("first initiatives"), default=list)

    class Meta:
        verbose_name = _("coverage cell")
        verbose_name_plural = _("coverage cells")
        constraints = [
            models.UniqueConstraint(fields=["coverage", "goal", "target_group"], name="coverage_cell_unique")
        ]

    def __str__(self) -> str:
        return f"{self.coverage} {self.goal} x {self.target_group}"


class NetworkBridge(models.Model):
    """An organisation that takes part in several initiatives of one region: a path for learning."""

    run = models.ForeignKey(InsightRun, on_delete=models.CASCADE, related_name="network_bridges")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    initiative_count = models.PositiveIntegerField(_("initiatives"))
    # The first initiatives by name; the organisation's page lists them all.
    initiative_ids = models.JSONField(_("first initiatives"), default=list)
    # Set by `selectors.network_bridge_list`: the initiatives of ``initiative_ids``, read in one query.
    first_initiatives: list[Initiative]

    class Meta:
        verbose_name = _("shared organisation")
        verbose_name_plural = _("shared organisations")
        ordering = ["-initiative_count", "organisation__name"]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.initiative_count})"


class OverlapCluster(models.Model):
    """Initiatives in one region linked by flagged pairs (a connected component)."""

    run = models.ForeignKey(InsightRun, on_delete=models.CASCADE, related_name="overlap_clusters")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    size = models.PositiveIntegerField(_("initiatives"))
    pair_count = models.PositiveIntegerField(_("overlapping pairs"))
    top_score = models.FloatField(_("highest score"))
    initiatives = models.ManyToManyField(Initiative, related_name="+")

    class Meta:
        verbose_name = _("overlap cluster")
        verbose_name_plural = _("overlap clusters")
        ordering = ["-size", "-top_score", "pk"]

    def __str__(self) -> str:
        return f"{self.region}: {self.size}"


class OverlapPair(models.Model):
    """Two initiatives in one region that do much the same work, with the reason in both languages."""

    run = models.ForeignKey(InsightRun, on_delete=models.CASCADE, related_name="overlap_pairs")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    cluster = models.ForeignKey(OverlapCluster, on_delete=models.CASCADE, related_name="pairs")
    first = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    similarity = models.FloatField(_("taxonomy similarity"))
    shared_partners = models.PositiveIntegerField(_("shared partners"))
    same_phase = models.BooleanField(_("same phase"))
    same_start_year = models.BooleanField(_("same start year"))
    reason_nl = models.TextField(_("reason (Dutch)"))
    reason_en = models.TextField(_("reason (English)"))

    class Meta:
        verbose_name = _("overlapping pair")
        verbose_name_plural = _("overlapping pairs")
        ordering = ["-score", "first", "second"]
        indexes = [models.Index(fields=["run", "region", "-score"], name="overlap_region_score_idx")]

    def __str__(self) -> str:
        return f"{self.first} ~ {self.second} ({self.score:.2f})"

    @property
    def reason(self) -> str:
        """The reason in the active language."""
        return self.reason_en if (get_language() or "nl").startswith("en") else self.reason_nl


class LearnFromSuggestion(models.Model):
    """Similar work in another labour-market region that an initiative may learn from (ADR 17).

    Only one run is stored at a time (`insights_recompute` replaces them all), so the initiative page
    reads its suggestions by initiative alone, in one query.
    """

    run = models.ForeignKey(InsightRun, on_delete=models.CASCADE, related_name="learn_from")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="+")
    suggestion = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"), help_text=_("1 is the most similar."))
    score = models.FloatField(_("score"))
    text_similarity = models.FloatField(_("text similarity"))
    taxonomy_similarity = models.FloatField(_("taxonomy similarity"))
    shared_words = models.JSONField(_("shared terms"), default=list)
    reason_nl = models.TextField(_("reason (Dutch)"))
    reason_en = models.TextField(_("reason (English)"))

    class Meta:
        verbose_name = _("learn-from suggestion")
        verbose_name_plural = _("learn-from suggestions")
        ordering = ["initiative", "rank"]
        indexes = [models.Index(fields=["initiative", "rank"], name="learn_from_initiative_idx")]

    def __str__(self) -> str:
        return f"{self.initiative} <- {self.suggestion} ({self.score:.2f})"

    @property
    def reason(self) -> str:
        """The reason in the active language."""
        return self.reason_en if (get_language() or "nl").startswith("en") else self.reason_nl


class ContinuityRisk(models.Model):
    """An initiative whose funding may stop, with the funding lines that cause the flags."""

    run = models.ForeignKey(InsightRun, on_delete=models.CASCADE, related_name="continuity_risks")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(_("risk"), max_length=8, choices=RiskLevel.choices)
    severity = models.PositiveSmallIntegerField(_("severity"), help_text=_("3 high, 2 medium, 1 low."))
    regions = models.ManyToManyField(Region, related_name="+", verbose_name=_("labour-market regions"))
    subsidy_share = models.FloatField(_("share of project subsidy"))
    ending_within_12_months = models.BooleanField(_("subsidy ends within 12 months"))
    ending_within_24_months = models.BooleanField(_("subsidy ends within 24 months"))
    without_private_funding = models.BooleanField(_("no private co-funding"))
    earliest_end = models.DateField(_("first subsidy end"), null=True, blank=True)
    funding_line_ids = models.JSONField(_("funding lines behind the flags"), default=list)
    reason_nl = models.TextField(_("reason (Dutch)"))
    reason_en = models.TextField(_("reason (English)"))

    class Meta:
        verbose_name = _("continuity risk")
        verbose_name_plural = _("continuity risks")
        ordering = ["-severity", "earliest_end", "initiative"]

    def __str__(self) -> str:
        return f"{self.initiative} ({self.level})"

    @property
    def reason(self) -> str:
        """The reason in the active language."""
        return self.reason_en if (get_language() or "nl").startswith("en") else self.reason_nl
