"""Computes every insight ahead and stores it, replacing the previous run in one transaction (ADR 17).

`insights_recompute` reads the published initiatives through the result index (one column per
facet, ADR 9), the funding lines and the labour-market regions, and writes coverage, overlap and
continuity rows stamped with the data version they were made from. `insights_recompute_if_stale`
does that only when the data changed since (or the day changed: continuity counts months from today).
"""

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

import numpy as np
from django.db import transaction
from django.utils import timezone, translation

from netwerkkaart.initiatives.choices import PRIVATE_SOURCES, PROJECT_SUBSIDY_SOURCES, FundingSource, Phase
from netwerkkaart.initiatives.models import FundingLine, Goal, Initiative, TargetGroup, Theme, YearlyFigure
from netwerkkaart.initiatives.result_index import InitiativeIndex, Positions, initiative_index
from netwerkkaart.organisations.models import Organisation
from netwerkkaart.regions.models import Region

from . import learn, overlap
from .choices import RiskLevel
from .models import (
    ContinuityRisk,
    CoverageCell,
    InsightRun,
    LearnFromSuggestion,
    NetworkBridge,
    OverlapCluster,
    OverlapPair,
    RegionCoverage,
)
from .reasons import LANGUAGES, continuity_reason, funding_line_text, learn_reason, overlap_reason
from .selectors import insights_data_version, insights_run_latest

# The matrix rows: the three goals of the field (DOMAIN.md); reaching diverse groups is the columns.
MATRIX_GOALS = ("initial-education", "postinitial-education", "innovation")
# Activity in lifelong learning: this goal or this theme; in women in ICT: this target group or theme.
LIFELONG_LEARNING_GOAL, LIFELONG_LEARNING_THEME = "postinitial-education", "lifelong-learning"
WOMEN_TARGET_GROUP, WOMEN_THEME = "women-and-girls", "women-in-ict"
CELL_SAMPLE = 5
# Continuity: a share of project subsidy this high is a flag; this high without private money raises it.
HIGH_SUBSIDY_SHARE = 0.5
VERY_HIGH_SUBSIDY_SHARE = 0.75
BATCH = 2000
# The learning network: organisations shown per region, initiatives named per organisation.
NETWORK_ORGANISATIONS = 10
NETWORK_INITIATIVES = 8
# The field's aim: one or a few initiatives per region serve all its companies; "a few" is three.
TOP_INITIATIVES = 3


@dataclass(frozen=True)
class _Terms:
    """A taxonomy's terms by primary key: slug and names in both languages."""

    slugs: dict[int, str]
    names: dict[str, dict[int, str]]

    @classmethod
    def load(cls, model: type[Goal] | type[Theme] | type[TargetGroup]) -> "_Terms":
        rows = list(model.objects.values_list("pk", "slug", "name_nl", "name_en"))
        return cls(
            slugs={pk: slug for pk, slug, _nl, _en in rows},
            names={"nl": {pk: nl for pk, _s, nl, _en in rows}, "en": {pk: en for pk, _s, _nl, en in rows}},
        )

    def pk_of(self, slug: str) -> int | None:
        return next((pk for pk, known in self.slugs.items() if known == slug), None)


def _column_members(index: InitiativeIndex, name: str, key: Any) -> Positions:
    """Positions of the initiatives holding option ``key`` of facet ``name``."""
    column = index.columns[name]
    return np.flatnonzero(column.mask(index.size, [key]))


def _overlap_input(index: InitiativeIndex) -> overlap.OverlapInput:
    phases = index.columns["phases"]
    phase = np.full(index.size, -1, dtype=np.int64)
    phase[phases.initiatives] = phases.options
    comparable = np.ones(index.size, dtype=np.bool_)
    if Phase.ENDED in phases.keys:
        comparable[phase == phases.keys.index(Phase.ENDED)] = False
    names = list(overlap.TAXONOMY_WEIGHTS)
    return overlap.OverlapInput(
        size=index.size,
        taxonomies={name: overlap.TermBits.of_column(index.size, index.columns[name]) for name in names},
        term_columns={name: index.columns[name] for name in names},
        phase=phase,
        start_year=index.start_year,
        partners=index.columns["partners"],
        comparable=comparable,
    )


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th


class _Line(NamedTuple):
    """A current funding line of an initiative; ``end`` the last day it pays (None: open-ended)."""

    pk: int
    source: str
    amount: Decimal | None
    end: date | None
    start_year: int | None


@dataclass
class _Computed:
    coverages: list[RegionCoverage]
    cells: list[tuple[int, CoverageCell]]  # (coverage position, cell)
    clusters: list[tuple[OverlapCluster, list[int]]]  # cluster, initiative ids
    pairs: list[tuple[int, OverlapPair]]  # (cluster position, pair)
    risks: list[tuple[ContinuityRisk, list[int]]]  # risk, region ids
    bridges: list[NetworkBridge]
    compared: int
    learn_from: list[LearnFromSuggestion] = field(default_factory=list)
    learn_compared: int = 0
    # (initiative id, year) -> [companies, smes, students], highest of the sources (`_reach`).
    figures: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    national: dict[str, Any] = field(default_factory=dict)


def _coverage(
    index: InitiativeIndex, regions: list[tuple[int, str, str]], active: np.ndarray, computed: _Computed
) -> None:
    goals, themes, groups = _Terms.load(Goal), _Terms.load(Theme), _Terms.load(TargetGroup)
    goal_pks = [pk for slug in MATRIX_GOALS if (pk := goals.pk_of(slug)) is not None]
    group_pks = list(TargetGroup.objects.active().values_list("pk", flat=True))

    def having(name: str, pk: int | None) -> np.ndarray:
        chosen = np.zeros(index.size, dtype=np.bool_)
        if pk is not None:
            chosen[_column_members(index, name, pk)] = True
        return chosen

    goal_masks = {pk: having("goals", pk) for pk in goal_pks}
    group_masks = {pk: having("target_groups", pk) for pk in group_pks}
    lifelong = having("goals", goals.pk_of(LIFELONG_LEARNING_GOAL)) | having(
        "themes", themes.pk_of(LIFELONG_LEARNING_THEME)
    )
    women = having("target_groups", groups.pk_of(WOMEN_TARGET_GROUP)) | having(
        "themes", themes.pk_of(WOMEN_THEME)
    )
    rows = []
    for region_pk, _code, _name in regions:
        inside = np.zeros(index.size, dtype=np.bool_)
        inside[_column_members(index, "labour_market_regions", region_pk)] = True
        inside &= active
        cells = []
        for goal_pk in goal_pks:
            for group_pk in group_pks:
                covered = index.by_name(inside & goal_masks[goal_pk] & group_masks[group_pk])
                cells.append(
                    CoverageCell(
                        goal_id=goal_pk,
                        target_group_id=group_pk,
                        count=int(covered.size),
                        sample_ids=index.ids[covered[:CELL_SAMPLE]].tolist(),
                    )
                )
        coverage = RegionCoverage(
            region_id=region_pk,
            initiatives=int(inside.sum()),
            lifelong_learning=int((inside & lifelong).sum()),
            women_in_ict=int((inside & women).sum()),
            empty_cells=sum(1 for cell in cells if cell.count == 0),
            rank=0,
        )
        rows.append((coverage, cells))
    # Most in need first: lacking both, then one; then the fewest such initiatives, the most empty cells.
    rows.sort(
        key=lambda row: (
            -((row[0].lifelong_learning == 0) + (row[0].women_in_ict == 0)),
            row[0].lifelong_learning + row[0].women_in_ict,
            -row[0].empty_cells,
            row[0].region_id,
        )
    )
    for rank, (coverage, cells) in enumerate(rows, start=1):
        coverage.rank = rank
        computed.coverages.append(coverage)
        computed.cells.extend((rank - 1, cell) for cell in cells)


def _reach(index: InitiativeIndex, active: np.ndarray, computed: _Computed) -> None:
    """Companies, SMEs and students per region from each initiative's latest yearly figures; figures of
    one year from several sources count with their highest value (sources overlap, they do not add)."""
    # Every published initiative's figures (the national trend keeps ended ones in their years).
    positions = {pk: position for position, pk in enumerate(index.ids.tolist())}
    by_year: dict[tuple[int, int], list[int]] = {}
    rows = YearlyFigure.objects.values_list("initiative_id", "year", "companies", "smes", "students_reached")
    for initiative_id, year, companies, smes, students in rows.iterator(chunk_size=BATCH):
        if initiative_id not in positions:
            continue
        known = by_year.setdefault((initiative_id, year), [0, 0, 0])
        known[0] = max(known[0], companies or 0)
        known[1] = max(known[1], smes or 0)
        known[2] = max(known[2], students or 0)
    latest: dict[int, tuple[int, list[int]]] = {}
    for (initiative_id, year), figures in by_year.items():
        if initiative_id not in latest or latest[initiative_id][0] < year:
            latest[initiative_id] = (year, figures)
    regions = index.columns["labour_market_regions"]
    region_of_option = dict(enumerate(regions.keys))
    per_region: dict[int, list[tuple[int, int, list[int]]]] = defaultdict(list)
    computed.figures = by_year
    for (initiative_id, year), figures in by_year.items():
        position = positions[initiative_id]
        if not active[position]:
            continue
        for option in regions.options[regions.by_initiative[position] : regions.by_initiative[position + 1]]:
            per_region[region_of_option[int(option)]].append((initiative_id, year, figures))
    for coverage in computed.coverages:
        entries = per_region.get(coverage.region_id, [])
        yearly: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        largest: tuple[int, int] | None = None
        reporting = set()
        latest_companies: list[tuple[int, int]] = []
        for initiative_id, year, figures in entries:
            yearly[year][0] += figures[0]
            yearly[year][1] += figures[2]
            if latest[initiative_id][0] == year:
                reporting.add(initiative_id)
                coverage.companies_involved += figures[0]
                coverage.smes_involved += figures[1]
                coverage.students_reached += figures[2]
                latest_companies.append((figures[0], -initiative_id))
                if figures[0] and (
                    largest is None or (figures[0], -initiative_id) > (largest[1], -largest[0])
                ):
                    largest = (initiative_id, figures[0])
        coverage.reporting_initiatives = len(reporting)
        top = sorted((row for row in latest_companies if row[0]), reverse=True)[:TOP_INITIATIVES]
        coverage.top_companies, coverage.top_count = sum(companies for companies, _pk in top), len(top)
        if largest is not None:
            coverage.largest_initiative_id, coverage.largest_companies = largest
        coverage.yearly_reach = [[year, *yearly[year]] for year in sorted(yearly)]


def _national(index: InitiativeIndex, active: np.ndarray, computed: _Computed) -> None:
    """ "Samenwerking in cijfers": totals of the current initiatives with their latest figures, the trend
    per year of all published ones, and the totals per goal and per theme (ADR 17)."""
    position_of = {pk: position for position, pk in enumerate(index.ids.tolist())}
    latest_year = np.full(index.size, -1, dtype=np.int64)
    companies = np.zeros(index.size, dtype=np.int64)
    students = np.zeros(index.size, dtype=np.int64)
    per_year: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for (initiative_id, year), figures in computed.figures.items():
        position = position_of[initiative_id]
        per_year[year][0] += 1
        per_year[year][1] += figures[0]
        per_year[year][2] += figures[2]
        if year > latest_year[position]:
            latest_year[position] = year
            companies[position], students[position] = figures[0], figures[2]
    reporting = active & (latest_year >= 0)
    known_start = np.isfinite(index.start_year)
    started = Counter(int(year) for year in index.start_year[known_start].tolist())
    years = sorted(set(started) | set(per_year))

    def totals(chosen: np.ndarray) -> list[int]:
        inside = chosen & active
        return [
            int(inside.sum()),
            int((inside & reporting).sum()),
            int(companies[inside].sum()),
            int(students[inside].sum()),
        ]

    def per_term(name: str, model: type[Goal] | type[Theme]) -> list[list[Any]]:
        rows = []
        for pk, slug, name_nl, name_en in model.objects.order_by("position", "pk").values_list(
            "pk", "slug", "name_nl", "name_en"
        ):
            chosen = np.zeros(index.size, dtype=np.bool_)
            chosen[_column_members(index, name, pk)] = True
            rows.append([slug, name_nl, name_en, *totals(chosen)])
        return rows

    computed.national = {
        # [initiatives, of which reporting figures, companies involved, students reached]
        "totals": totals(np.ones(index.size, dtype=np.bool_)),
        # [year, initiatives started, initiatives reporting, companies involved, students reached]
        "years": [
            [year, started.get(year, 0), *per_year[year]]
            if year in per_year
            else [year, started[year], 0, 0, 0]
            for year in years
        ],
        # [slug, name (nl), name (en), initiatives, reporting, companies, students]
        "goals": per_term("goals", Goal),
        "themes": per_term("themes", Theme),
    }


def _network(
    index: InitiativeIndex, regions: list[tuple[int, str, str]], active: np.ndarray, computed: _Computed
) -> None:
    """Per region the organisations taking part in the most initiatives there (at least two)."""
    partners = index.columns["partners"]
    for region_pk, _code, _name in regions:
        inside = np.zeros(index.size, dtype=np.bool_)
        inside[_column_members(index, "labour_market_regions", region_pk)] = True
        inside &= active
        held = inside[partners.initiatives]
        counts = np.bincount(partners.options[held], minlength=len(partners.keys))
        shared = np.flatnonzero(counts >= 2)
        top = shared[np.lexsort([shared, -counts[shared]])][:NETWORK_ORGANISATIONS]
        for option in top.tolist():
            chosen = np.zeros(index.size, dtype=np.bool_)
            rows = partners.by_option[partners.option_offsets[option] : partners.option_offsets[option + 1]]
            chosen[partners.initiatives[rows]] = True
            members = index.by_name(chosen & inside)
            computed.bridges.append(
                NetworkBridge(
                    region_id=region_pk,
                    organisation_id=partners.keys[option],
                    initiative_count=int(members.size),
                    initiative_ids=index.ids[members[:NETWORK_INITIATIVES]].tolist(),
                )
            )


def _overlaps(index: InitiativeIndex, regions: list[tuple[int, str, str]], computed: _Computed) -> None:
    data = _overlap_input(index)
    signatures = overlap.minhash_signatures(data)
    goals, themes, groups = _Terms.load(Goal), _Terms.load(Theme), _Terms.load(TargetGroup)
    phase_keys = index.columns["phases"].keys
    found: list[tuple[int, str, overlap.ScoredPairs]] = []
    for region_pk, _code, name in regions:
        members = _column_members(index, "labour_market_regions", region_pk)
        first, second = overlap.candidate_pairs(data, [members], signatures)
        computed.compared += int(first.size)
        scored = overlap.pairs_score(data, first, second)
        flagged = scored.take(scored.score >= overlap.FLAG_SCORE)
        if flagged.first.size:
            found.append(
                (region_pk, name, flagged.take(np.lexsort([flagged.second, flagged.first, -flagged.score])))
            )
    kept = [
        (region_pk, name, pairs.take(np.arange(min(pairs.first.size, overlap.MAX_PAIRS_PER_REGION))))
        for region_pk, name, pairs in found
    ]
    partner_names = _shared_partner_names(index, kept)
    totals = {region_pk: int(pairs.first.size) for region_pk, _name, pairs in found}
    for coverage in computed.coverages:
        coverage.overlap_pairs = totals.get(coverage.region_id, 0)
    pending: list[tuple[int, OverlapPair, dict[str, Any], str | None]] = []
    for (region_pk, region_name, every), (_pk, _name, pairs) in zip(found, kept, strict=True):
        nodes, components = overlap.clusters(every.first, every.second)
        cluster_of = dict(zip(nodes.tolist(), components.tolist(), strict=True))
        base = len(computed.clusters)
        count = int(components.max()) + 1
        top = np.zeros(count)
        component_of_pair = components[np.searchsorted(nodes, every.first)]
        np.maximum.at(top, component_of_pair, every.score)
        pair_counts = np.bincount(component_of_pair, minlength=count)
        order = np.argsort(components, kind="stable")
        bounds = np.searchsorted(components[order], np.arange(count + 1))
        for component in range(count):
            members = nodes[order[bounds[component] : bounds[component + 1]]]
            computed.clusters.append(
                (
                    OverlapCluster(
                        region_id=region_pk,
                        size=int(members.size),
                        pair_count=int(pair_counts[component]),
                        top_score=round(float(top[component]), 4),
                    ),
                    index.ids[members].tolist(),
                )
            )
        for row, (first, second) in enumerate(zip(pairs.first.tolist(), pairs.second.tolist(), strict=True)):
            terms = {
                name: sorted(set(_keys_of(index, name, first)) & set(_keys_of(index, name, second)))
                for name in ("goals", "themes", "target_groups")
            }
            same_phase = bool(pairs.same_phase[row])
            year = int(index.start_year[first]) if pairs.same_start_year[row] else None
            count = int(pairs.shared_partners[row])
            names = partner_names.get((first, second), [])
            facts: dict[str, Any] = {
                "region": region_name,
                "goals": {lang: [goals.names[lang][pk] for pk in terms["goals"]] for lang in LANGUAGES},
                "target_groups": {
                    lang: [groups.names[lang][pk] for pk in terms["target_groups"]] for lang in LANGUAGES
                },
                "themes": {lang: [themes.names[lang][pk] for pk in terms["themes"]] for lang in LANGUAGES},
                "start_year": year,
                "partners": count,
                "partner_names": names,
            }
            phase = phase_keys[int(data.phase[first])] if same_phase else None
            pending.append(
                (
                    base + cluster_of[first],
                    OverlapPair(
                        region_id=region_pk,
                        first_id=int(index.ids[first]),
                        second_id=int(index.ids[second]),
                        score=round(float(pairs.score[row]), 4),
                        similarity=round(float(pairs.similarity[row]), 4),
                        shared_partners=count,
                        same_phase=same_phase,
                        same_start_year=year is not None,
                    ),
                    facts,
                    phase,
                )
            )

    for language in LANGUAGES:
        with translation.override(language):
            for _cluster, pair, facts, phase in pending:
                label = str(Phase(phase).label) if phase else None
                setattr(pair, f"reason_{language}", overlap_reason(language=language, phase=label, **facts))
    computed.pairs.extend((cluster, pair) for cluster, pair, _facts, _phase in pending)


def _learn_from(index: InitiativeIndex, regions: list[tuple[int, str, str]], computed: _Computed) -> None:
    """For each initiative the most similar work in other regions, by text and taxonomy (`learn`)."""
    positions = {pk: position for position, pk in enumerate(index.ids.tolist())}
    texts: list[tuple[str, str, str]] = [("", "", "")] * index.size
    rows = Initiative.objects.order_by("pk").values_list("pk", "name", "summary", "description")
    for pk, name, summary, description in rows.iterator(chunk_size=BATCH):
        position = positions.get(pk)
        if position is not None:  # published (the index holds those only)
            texts[position] = (name, summary, description)
    vectors = learn.text_vectors(texts, index.size)
    del texts
    data = _overlap_input(index)
    region_column = index.columns["labour_market_regions"]
    region_bits = overlap.TermBits.of_column(index.size, region_column)
    found = learn.suggestions(vectors, data, region_bits)
    computed.learn_compared = found.compared
    goals, themes, groups = _Terms.load(Goal), _Terms.load(Theme), _Terms.load(TargetGroup)
    region_names = {pk: name for pk, _code, name in regions}
    pending: list[tuple[LearnFromSuggestion, dict[str, Any]]] = []
    previous, rank = -1, 0
    # An initiative is in about six suggestions (its own three and others'): read its terms once.
    known: dict[tuple[str, int], set[Any]] = {}

    def keys(name: str, position: int) -> set[Any]:
        found_keys = known.get((name, position))
        if found_keys is None:
            found_keys = known[(name, position)] = set(_keys_of(index, name, position))
        return found_keys

    for row, (first, second) in enumerate(zip(found.initiative.tolist(), found.other.tolist(), strict=True)):
        rank = rank + 1 if first == previous else 1
        previous = first
        terms = {
            name: sorted(keys(name, first) & keys(name, second))
            for name in ("goals", "themes", "target_groups")
        }
        shared = learn.shared_words(vectors, first, second)
        facts: dict[str, Any] = {
            "goals": {lang: [goals.names[lang][pk] for pk in terms["goals"]] for lang in LANGUAGES},
            "themes": {lang: [themes.names[lang][pk] for pk in terms["themes"]] for lang in LANGUAGES},
            "target_groups": {
                lang: [groups.names[lang][pk] for pk in terms["target_groups"]] for lang in LANGUAGES
            },
            "words": shared,
            "regions": sorted(
                region_names[pk] for pk in keys("labour_market_regions", second) if pk in region_names
            ),
        }
        pending.append(
            (
                LearnFromSuggestion(
                    initiative_id=int(index.ids[first]),
                    suggestion_id=int(index.ids[second]),
                    rank=rank,
                    score=round(float(found.score[row]), 4),
                    text_similarity=round(float(found.text[row]), 4),
                    taxonomy_similarity=round(float(found.taxonomy[row]), 4),
                    shared_words=shared,
                ),
                facts,
            )
        )
    for language in LANGUAGES:
        with translation.override(language):
            for suggestion, facts in pending:
                setattr(suggestion, f"reason_{language}", learn_reason(language=language, **facts))
    computed.learn_from.extend(suggestion for suggestion, _facts in pending)


def _keys_of(index: InitiativeIndex, name: str, position: int) -> list[Any]:
    column = index.columns[name]
    options = column.options[column.by_initiative[position] : column.by_initiative[position + 1]]
    return [column.keys[option] for option in options.tolist()]


def _shared_partner_names(
    index: InitiativeIndex, found: list[tuple[int, str, overlap.ScoredPairs]]
) -> dict[tuple[int, int], list[str]]:
    """The names of the partners each flagged pair shares, by name (one query for all pairs)."""
    shared: dict[tuple[int, int], list[int]] = {}
    for _pk, _name, pairs in found:
        for first, second, count in zip(
            pairs.first.tolist(), pairs.second.tolist(), pairs.shared_partners.tolist(), strict=True
        ):
            if count:
                shared[(first, second)] = sorted(
                    set(_keys_of(index, "partners", first)) & set(_keys_of(index, "partners", second))
                )
    wanted = {pk for pks in shared.values() for pk in pks}
    names = dict(Organisation.objects.filter(pk__in=wanted).values_list("pk", "name")) if wanted else {}
    return {pair: sorted(names[pk] for pk in pks if pk in names) for pair, pks in shared.items()}


def _continuity(index: InitiativeIndex, active: np.ndarray, as_of: date, computed: _Computed) -> None:
    active_ids = set(index.ids[active].tolist())
    positions = {pk: position for position, pk in enumerate(index.ids.tolist())}
    regions = index.columns["labour_market_regions"]
    in_12, in_24 = _add_months(as_of, 12), _add_months(as_of, 24)
    lines_of: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    fields = (
        "pk",
        "initiative_id",
        "source",
        "amount_per_year",
        "start_year",
        "end_year",
        "end_date",
    )
    for row in (
        FundingLine.objects.order_by("initiative_id", "pk").values_list(*fields).iterator(chunk_size=BATCH)
    ):
        if row[1] in active_ids:
            lines_of[row[1]].append(row)
    labels: dict[str, dict[str, str]] = {}
    for language in LANGUAGES:
        with translation.override(language):
            labels[language] = {value: str(label) for value, label in FundingSource.choices}
    pending: list[tuple[ContinuityRisk, list[_Line], list[_Line], float, bool]] = []
    for initiative_id, lines in lines_of.items():
        current: list[_Line] = []
        for pk, _initiative, source, amount, start_year, end_year, end_date in lines:
            end = end_date or (date(end_year, 12, 31) if end_year else None)
            if end is not None and end < as_of:
                continue
            if start_year is not None and start_year > as_of.year:
                continue
            current.append(_Line(pk, source, amount, end, start_year))
        if not current:
            continue
        subsidies = [line for line in current if line.source in PROJECT_SUBSIDY_SOURCES]
        amounts = [(line.source, line.amount) for line in current if line.amount is not None]
        total = sum((amount for _source, amount in amounts), Decimal(0))
        if total > 0:
            subsidised = sum(
                (amount for source, amount in amounts if source in PROJECT_SUBSIDY_SOURCES), Decimal(0)
            )
            share = float(subsidised / total)
        else:
            share = len(subsidies) / len(current)
        ending = sorted(
            (line for line in subsidies if line.end is not None and line.end <= in_24),
            key=lambda line: line.end or as_of,
        )
        ending_12 = any(line.end is not None and line.end <= in_12 for line in ending)
        without_private = not any(line.source in PRIVATE_SOURCES for line in current)
        high_share = share >= HIGH_SUBSIDY_SHARE
        if not (ending or high_share or without_private):
            continue
        if ending_12 and high_share:
            level, severity = RiskLevel.HIGH, 3
        elif (ending and high_share) or ending_12 or (share >= VERY_HIGH_SUBSIDY_SHARE and without_private):
            level, severity = RiskLevel.MEDIUM, 2
        else:
            level, severity = RiskLevel.LOW, 1
        cited = ending + ([line for line in subsidies if line not in ending] if high_share else [])
        # The lines behind "no private co-funding" are all current ones: none of them is private.
        cited = cited or current
        position = positions[initiative_id]
        region_ids = [
            regions.keys[option]
            for option in regions.options[
                regions.by_initiative[position] : regions.by_initiative[position + 1]
            ]
        ]
        computed.risks.append(
            (
                ContinuityRisk(
                    initiative_id=initiative_id,
                    level=level,
                    severity=severity,
                    subsidy_share=round(share, 4),
                    ending_within_12_months=ending_12,
                    ending_within_24_months=bool(ending),
                    without_private_funding=without_private,
                    earliest_end=ending[0].end if ending else None,
                    funding_line_ids=sorted(line.pk for line in cited),
                ),
                region_ids,
            )
        )
        pending.append(
            (computed.risks[-1][0], ending, subsidies if high_share else [], share, without_private)
        )
    for language in LANGUAGES:
        with translation.override(language):

            def text(line: _Line, language: str = language) -> str:
                return funding_line_text(
                    source=labels[language][line.source], amount=line.amount, start_year=line.start_year
                )

            for risk, ending, subsidy_lines, share, without_private in pending:
                reason = continuity_reason(
                    language=language,
                    as_of=as_of,
                    ending=[(text(line), line.end or as_of) for line in ending],
                    subsidy_share=share,
                    subsidy_lines=[text(line) for line in subsidy_lines],
                    without_private=without_private,
                    high=risk.level == RiskLevel.HIGH,
                )
                setattr(risk, f"reason_{language}", reason)


def _store(run: InsightRun, computed: _Computed) -> None:
    """Replaces the stored insights by ``run``'s (in the caller's transaction)."""
    OverlapPair.objects.all().delete()
    LearnFromSuggestion.objects.all().delete()
    NetworkBridge.objects.all().delete()
    OverlapCluster.initiatives.through.objects.all().delete()
    OverlapCluster.objects.all().delete()
    ContinuityRisk.regions.through.objects.all().delete()
    ContinuityRisk.objects.all().delete()
    CoverageCell.objects.all().delete()
    RegionCoverage.objects.all().delete()
    InsightRun.objects.all().delete()
    run.save()
    for coverage in computed.coverages:
        coverage.run = run
    RegionCoverage.objects.bulk_create(computed.coverages, batch_size=BATCH)
    cells = []
    for position, cell in computed.cells:
        cell.coverage = computed.coverages[position]
        cells.append(cell)
    CoverageCell.objects.bulk_create(cells, batch_size=BATCH)
    for bridge in computed.bridges:
        bridge.run = run
    NetworkBridge.objects.bulk_create(computed.bridges, batch_size=BATCH)
    clusters = [cluster for cluster, _ids in computed.clusters]
    for cluster in clusters:
        cluster.run = run
    OverlapCluster.objects.bulk_create(clusters, batch_size=BATCH)
    through = OverlapCluster.initiatives.through
    through.objects.bulk_create(
        (
            through(overlapcluster_id=cluster.pk, initiative_id=pk)
            for cluster, ids in computed.clusters
            for pk in ids
        ),
        batch_size=BATCH,
    )
    pairs = []
    for position, pair in computed.pairs:
        pair.run, pair.cluster = run, clusters[position]
        pairs.append(pair)
    OverlapPair.objects.bulk_create(pairs, batch_size=BATCH)
    for suggestion in computed.learn_from:
        suggestion.run = run
    LearnFromSuggestion.objects.bulk_create(computed.learn_from, batch_size=BATCH)
    risks = [risk for risk, _regions in computed.risks]
    for risk in risks:
        risk.run = run
    ContinuityRisk.objects.bulk_create(risks, batch_size=BATCH)
    risk_through = ContinuityRisk.regions.through
    risk_through.objects.bulk_create(
        (
            risk_through(continuityrisk_id=risk.pk, region_id=region_id)
            for risk, region_ids in computed.risks
            for region_id in region_ids
        ),
        batch_size=BATCH,
    )


def insights_recompute(*, as_of: date | None = None) -> InsightRun:
    """Computes all insights from the data as it is now and replaces the stored ones."""
    started = time.perf_counter()
    as_of = as_of or timezone.localdate()
    # Read the version first: a change made while computing leaves the run stale, never wrongly fresh.
    version = insights_data_version()
    index = initiative_index()
    phases = index.columns["phases"]
    active = np.ones(index.size, dtype=np.bool_)
    if Phase.ENDED in phases.keys:
        active[_column_members(index, "phases", Phase.ENDED)] = False
    regions = list(
        Region.objects.current().labour_market_regions().order_by("code").values_list("pk", "code", "name")
    )
    computed = _Computed(coverages=[], cells=[], clusters=[], pairs=[], risks=[], bridges=[], compared=0)
    _coverage(index, regions, active, computed)
    _reach(index, active, computed)
    _national(index, active, computed)
    _network(index, regions, active, computed)
    _overlaps(index, regions, computed)
    _continuity(index, active, as_of, computed)
    _learn_from(index, regions, computed)
    run = InsightRun(
        data_version=version,
        as_of=as_of,
        computed_at=timezone.now(),
        duration_seconds=0.0,
        initiatives=index.size,
        candidate_pairs=computed.compared,
        learn_from_pairs=computed.learn_compared,
        national=computed.national,
    )
    with transaction.atomic():
        run.duration_seconds = round(time.perf_counter() - started, 3)
        _store(run, computed)
        run.duration_seconds = round(time.perf_counter() - started, 3)
        run.save(update_fields=["duration_seconds"])
    return run


def insights_recompute_if_stale(*, as_of: date | None = None) -> InsightRun | None:
    """Recomputes when the data or the day changed since the last run; None when it was current."""
    as_of = as_of or timezone.localdate()
    latest = insights_run_latest()
    if latest is not None and latest.data_version == insights_data_version() and latest.as_of == as_of:
        return None
    return insights_recompute(as_of=as_of)
