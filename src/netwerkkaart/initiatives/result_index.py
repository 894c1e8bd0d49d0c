"""An in-memory column index of the published initiatives: filters, facet counts, sorting and map grids.

The public list, the search results, the map and the embed all show "the published initiatives that
match a filter state", each with live counts per facet option. In SQL that is one GROUP BY per facet
over the whole matching set, seconds at 100,000 initiatives and 1,000,000 partnerships (ADR 0009).
Here every facet is a pair of integer arrays (initiative position, option position) held in memory,
so a filter is a boolean mask and a facet count is one `numpy.bincount`: milliseconds at that scale.

The index is derived data. Every process builds it on first use and keeps it while the token of
`INDEX_DATA_KEY` (a `DataVersion` row) stays the same; writes to initiatives, their facets and
partnerships change the token in their own transaction (see `signals.py`), bulk loaders call
`initiative_index_invalidate`. Reading the token is the only query a request pays when the index is
current; a rebuild is a fixed number of queries (`BUILD_QUERIES`).
"""

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import chain
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db import connection
from django.db.models import QuerySet

from netwerkkaart.core.selectors import data_versions_get
from netwerkkaart.core.services import data_version_bump
from netwerkkaart.organisations.models import Organisation
from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.models import Region, RegionMembership
from netwerkkaart.regions.selectors import REGIONS_DATA_KEY
from netwerkkaart.search.analysis import sort_name

from .choices import InitiativeKind, Phase
from .models import Activity, EducationLevel, Goal, Initiative, Partnership, TargetGroup, Theme

INDEX_DATA_KEY = "initiatives.published"

Positions = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]
Scores = npt.NDArray[np.float64]

# Facet name (as in `InitiativeFilterParams`) -> how its options are keyed.
REGION_FACETS = {"provinces": RegionKind.PROVINCE, "labour_market_regions": RegionKind.LABOUR_MARKET_REGION}
TERM_FACETS = {
    "goals": Goal,
    "themes": Theme,
    "target_groups": TargetGroup,
    "education_levels": EducationLevel,
}
CHOICE_FACETS = {"kinds": ("kind", InitiativeKind), "phases": ("phase", Phase)}
PARTNER_FACET = "partners"
# Not a public facet: the region pages count initiatives per municipality with it.
MUNICIPALITY_FACET = "municipalities"
# Not public facets either: the partnership finder (`enquiries`) ranks on what initiatives do and on
# whether they serve the whole country (the region "NL"; its one option is the country's key).
ACTIVITY_COLUMN = "activities"
NATIONAL_COLUMN = "national"

# initiatives, memberships, current regions, served regions, five term tables, partnerships.
BUILD_QUERIES = 10
_CHUNK_ROWS = 50_000


def _ranges(offsets: Positions, rows: Positions) -> Positions:
    """Indexes of the items of ``rows`` in a compressed layout: row r holds ``offsets[r]:offsets[r+1]``."""
    starts = offsets[rows]
    lengths = offsets[rows + 1] - starts
    return np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(int(lengths.sum()))


@dataclass(frozen=True)
class FacetColumn:
    """The (initiative, option) pairs of one facet, without repeats; options are keyed by ``keys``.

    The pairs are kept twice, by initiative and by option (compressed: a row's pairs are a slice), so
    that counting for a few initiatives and masking a few options read only the pairs concerned.
    """

    initiatives: Positions  # sorted
    options: Positions
    keys: tuple[Any, ...]
    by_initiative: Positions  # offsets into the pairs, one per initiative position, plus the end
    by_option: Positions  # the pairs' order by option
    option_offsets: Positions  # offsets into ``by_option``, one per option, plus the end

    @classmethod
    def of_pairs(
        cls, size: int, initiatives: Positions, options: Positions, keys: tuple[Any, ...]
    ) -> "FacetColumn":
        order = np.argsort(initiatives, kind="stable")
        initiatives, options = initiatives[order], options[order]
        by_option = np.argsort(options, kind="stable")
        return cls(
            initiatives=initiatives,
            options=options,
            keys=keys,
            by_initiative=np.searchsorted(initiatives, np.arange(size + 1)),
            by_option=by_option,
            option_offsets=np.searchsorted(options[by_option], np.arange(len(keys) + 1)),
        )

    @cached_property
    def _lookup(self) -> dict[Any, int]:
        return {key: position for position, key in enumerate(self.keys)}

    @cached_property
    def _all_counts(self) -> Positions:
        return np.bincount(self.options, minlength=len(self.keys))

    def option_positions(self, keys: Iterable[Any]) -> Positions:
        lookup = self._lookup
        return np.fromiter((lookup[key] for key in keys if key in lookup), dtype=np.int64)

    def mask(self, size: int, keys: Iterable[Any]) -> Mask:
        """The initiatives holding any of the options ``keys``."""
        chosen = np.zeros(size, dtype=np.bool_)
        wanted = self.option_positions(keys)
        if wanted.size:
            chosen[self.initiatives[self.by_option[_ranges(self.option_offsets, wanted)]]] = True
        return chosen

    def count_array(self, within: Mask) -> Positions:
        """Initiatives per option position among those in ``within``."""
        rows = np.flatnonzero(within)
        if rows.size == within.size:
            return self._all_counts
        if rows.size * 4 < within.size:  # few initiatives: read only their pairs
            return np.bincount(self.options[_ranges(self.by_initiative, rows)], minlength=len(self.keys))
        return np.bincount(self.options[within[self.initiatives]], minlength=len(self.keys))

    def counts(self, within: Mask) -> dict[Any, int]:
        """Initiatives per option among those in ``within``; options without any are left out."""
        counted = self.count_array(within)
        return {self.keys[position]: int(counted[position]) for position in np.flatnonzero(counted)}


def _positions_in(ids: Positions, found: Positions) -> tuple[Positions, Mask]:
    """Positions in the ascending ``ids`` of the values ``found``, and which of them are there at all."""
    positions = np.searchsorted(ids, found)
    held = positions < ids.size
    held[held] &= ids[positions[held]] == found[held]
    return positions, held


def _distinct(values: Positions) -> Positions:
    """Sorted values without repeats (`numpy.unique` hashes, which is slower for a million integers)."""
    ordered = np.sort(values)
    if ordered.size:
        keep = np.empty(ordered.size, dtype=np.bool_)
        keep[0] = True
        np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
        ordered = ordered[keep]
    return ordered


def _column_of_arrays(
    ids: Positions, initiative_ids: npt.NDArray[Any], keys: npt.NDArray[Any], *, repeats: bool = True
) -> FacetColumn:
    """A facet column from (initiative id, option key) pairs; pairs of unpublished initiatives drop out,
    and so do repeated pairs unless the caller knows there are none (``repeats=False``)."""
    positions, held = _positions_in(ids, initiative_ids.astype(np.int64, copy=False))
    option_keys, options = np.unique(keys[held], return_inverse=True)
    positions, options = positions[held], options.reshape(-1)
    if repeats:
        width = max(len(option_keys), 1)
        # One integer per pair makes dropping repeats a 1-d operation.
        pairs = _distinct(positions * width + options)
        positions, options = pairs // width, pairs % width
    return FacetColumn.of_pairs(ids.size, positions, options, tuple(key.item() for key in option_keys))


@dataclass(frozen=True)
class InitiativeIndex:
    """The published initiatives as columns, by position; ``ids`` (ascending) maps positions to keys."""

    token: str | None
    ids: Positions
    names: tuple[str, ...]
    slugs: tuple[str, ...]
    name_rank: Positions
    start_year: npt.NDArray[np.float64]
    published_rank: npt.NDArray[np.float64]
    latitude: npt.NDArray[np.float64]
    longitude: npt.NDArray[np.float64]
    fictitious: Mask
    columns: dict[str, FacetColumn]

    @property
    def size(self) -> int:
        return int(self.ids.size)

    def everything(self) -> Mask:
        return np.ones(self.size, dtype=np.bool_)

    def positions_of_ids(self, ids: Sequence[int]) -> tuple[Positions, Mask]:
        """Positions of ``ids`` and which of them are published (held here)."""
        return _positions_in(self.ids, np.array(ids, dtype=np.int64))

    def ordered(self, mask: Mask, *, keys: Sequence[npt.NDArray[Any]]) -> Positions:
        """Positions selected by ``mask``, sorted on ``keys`` (most significant last, as `numpy.lexsort`)."""
        chosen = np.flatnonzero(mask)
        if not keys:
            return chosen
        return chosen[np.lexsort([key[chosen] for key in keys])]

    def by_name(self, mask: Mask) -> Positions:
        return self.ordered(mask, keys=[self.name_rank])

    def by_start_year(self, mask: Mask) -> Positions:
        """Oldest start first, unknown start years last, then by name."""
        return self.ordered(mask, keys=[self.name_rank, self.start_year])

    def by_newest(self, mask: Mask) -> Positions:
        """Most recently published first, never published last, then by name."""
        return self.ordered(mask, keys=[self.name_rank, -self.published_rank])


def _raw_rows(queryset: QuerySet[Any], *fields: str) -> list[tuple[Any, ...]]:
    """Rows as the database driver returns them: the ORM writes the SQL, but its per-row machinery
    (model converters) is skipped; callers only compare or count what it would convert."""
    sql, params = queryset.order_by().values_list(*fields).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _id_pairs(queryset: QuerySet[Any], first: str, second: str) -> tuple[Positions, Positions]:
    """Two integer columns of a table, read straight into arrays, a chunk at a time: a million rows as
    Python tuples would take over 100 MB, as arrays they take 16 MB."""
    sql, params = queryset.order_by().values_list(first, second).query.sql_with_params()
    chunks = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(_CHUNK_ROWS):
            chunks.append(np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=2 * len(rows)))
    flat = np.concatenate(chunks).reshape(-1, 2) if chunks else np.empty((0, 2), dtype=np.int64)
    return flat[:, 0], flat[:, 1]


def _join(
    keys: Positions, values: Positions, table_keys: Positions, table_values: Positions
) -> tuple[Positions, Positions]:
    """The pairs (value, table value) where key and table key are equal: a join of two small columns."""
    order = np.argsort(table_keys, kind="stable")
    table_keys, table_values = table_keys[order], table_values[order]
    low = np.searchsorted(table_keys, keys, side="left")
    matches = np.searchsorted(table_keys, keys, side="right") - low
    starts = np.repeat(low - (np.cumsum(matches) - matches), matches)
    return np.repeat(values, matches), table_values[starts + np.arange(int(matches.sum()))]


def _rank(values: list[Any]) -> Positions:
    """The dense rank of every value in ascending order (equal values share a rank, so that a later
    sort key breaks their tie); None ranks -1. Only comparable values."""
    rank = np.full(len(values), -1, dtype=np.int64)
    order = sorted(
        (position for position, value in enumerate(values) if value is not None), key=values.__getitem__
    )
    current, previous = -1, object()
    for position in order:
        if values[position] != previous:
            current, previous = current + 1, values[position]
        rank[position] = current
    return rank


def _region_columns(
    ids: Positions, municipality_ids: Positions
) -> tuple[FacetColumn, FacetColumn, FacetColumn, FacetColumn]:
    """Where each initiative lies: the current province and labour-market region of its main place and of
    the municipalities it serves, the provinces and labour-market regions it serves directly, its
    municipalities, and whether it serves the whole country."""
    member, parent = _id_pairs(
        RegionMembership.objects.filter(parent__is_current=True, parent_kind__in=REGION_FACETS.values()),
        "municipality_id",
        "parent_id",
    )
    region_kinds = _raw_rows(
        Region.objects.current().filter(kind__in=[*REGION_FACETS.values(), RegionKind.COUNTRY]), "pk", "kind"
    )
    countries = np.array([pk for pk, kind in region_kinds if kind == RegionKind.COUNTRY], dtype=np.int64)
    region_kinds = [(pk, kind) for pk, kind in region_kinds if kind != RegionKind.COUNTRY]
    served_initiative, served_region = _id_pairs(
        Initiative.regions_served.through.objects.all(), "initiative_id", "region_id"
    )
    with_place = municipality_ids >= 0
    main_initiative, main_municipality = ids[with_place], municipality_ids[with_place]
    direct = np.isin(served_region, np.array([pk for pk, _kind in region_kinds], dtype=np.int64))
    via_municipality = np.isin(served_region, member)
    by_place = _join(main_municipality, main_initiative, member, parent)
    by_served_place = _join(
        served_region[via_municipality], served_initiative[via_municipality], member, parent
    )
    initiatives = np.concatenate([by_place[0], served_initiative[direct], by_served_place[0]])
    regions = np.concatenate([by_place[1], served_region[direct], by_served_place[1]])
    columns = []
    for kind in REGION_FACETS.values():
        of_kind = np.isin(regions, np.array([pk for pk, k in region_kinds if k == kind], dtype=np.int64))
        columns.append(_column_of_arrays(ids, initiatives[of_kind], regions[of_kind]))
    municipalities = _column_of_arrays(
        ids,
        np.concatenate([main_initiative, served_initiative[via_municipality]]),
        np.concatenate([main_municipality, served_region[via_municipality]]),
    )
    national = np.isin(served_region, countries)
    country = _column_of_arrays(ids, served_initiative[national], served_region[national])
    return columns[0], columns[1], municipalities, country


def initiative_index_build(*, token: str | None) -> InitiativeIndex:
    """Reads the published initiatives and their facets into a new index (`BUILD_QUERIES` queries)."""
    fields = ("pk", "name", "slug", "start_year", "published_at", "latitude", "longitude", "fictitious")
    rows = sorted(_raw_rows(Initiative.objects.published(), *fields, "kind", "phase", "municipality_id"))
    size = len(rows)
    ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=size)
    names = tuple(row[1] for row in rows)

    def column(index: int, dtype: Any, missing: Any) -> npt.NDArray[Any]:
        values = (row[index] for row in rows)
        return np.fromiter((missing if value is None else value for value in values), dtype=dtype, count=size)

    start_year = column(3, np.float64, np.inf)  # unknown start years sort last
    provinces, labour_market_regions, municipalities, national = _region_columns(
        ids, column(10, np.int64, -1)
    )
    columns = {"provinces": provinces, "labour_market_regions": labour_market_regions}
    for name, model in {**TERM_FACETS, ACTIVITY_COLUMN: Activity}.items():
        through = Initiative._meta.get_field(name).remote_field.through  # type: ignore[union-attr]
        pairs = _id_pairs(through.objects.all(), "initiative_id", f"{model._meta.model_name}_id")
        # A unique constraint on the through table rules out repeated pairs.
        columns[name] = _column_of_arrays(ids, *pairs, repeats=False)
    for name, position in (("kinds", 8), ("phases", 9)):
        kept = [(row[0], row[position]) for row in rows if row[position]]
        columns[name] = _column_of_arrays(
            ids, np.array([pk for pk, _ in kept], dtype=np.int64), np.array([value for _, value in kept])
        )
    columns[PARTNER_FACET] = _column_of_arrays(
        ids, *_id_pairs(Partnership.objects.all(), "initiative_id", "organisation_id")
    )
    columns[MUNICIPALITY_FACET] = municipalities
    columns[NATIONAL_COLUMN] = national
    return InitiativeIndex(
        token=token,
        ids=ids,
        names=names,
        slugs=tuple(row[2] for row in rows),
        # Ties in every order are broken by the folded name, then the id (as search ranks them).
        name_rank=_rank([(sort_name(name), pk) for name, pk in zip(names, ids.tolist(), strict=True)]),
        start_year=start_year,
        # Publication order: the driver's datetimes (or ISO texts on SQLite) compare correctly.
        published_rank=_rank([row[4] for row in rows]).astype(np.float64),
        latitude=column(5, np.float64, np.nan),
        longitude=column(6, np.float64, np.nan),
        fictitious=column(7, np.bool_, False),
        columns=columns,
    )


_current: InitiativeIndex | None = None
_lock = threading.Lock()


def _token() -> str | None:
    """What the index depends on: the initiatives (never marked: no token, so no caching) and the
    regions (never marked since this was added: fine, they are imported before any initiative)."""
    tokens = data_versions_get(keys=[INDEX_DATA_KEY, REGIONS_DATA_KEY])
    if INDEX_DATA_KEY not in tokens:
        return None
    return f"{tokens[INDEX_DATA_KEY]}:{tokens.get(REGIONS_DATA_KEY, '')}"


def initiative_index() -> InitiativeIndex:
    """The index of the published initiatives as they are now: one query when it is current.

    The request that finds it outdated rebuilds it; other threads of the process meanwhile keep
    answering from the previous index rather than queue behind the rebuild (seconds at 100,000
    initiatives), so a change shows in lists a few seconds later at worst.
    """
    global _current
    token = _token()
    index = _current
    if token is not None and index is not None and index.token == token:
        return index
    if index is not None and not _lock.acquire(blocking=False):
        return index
    if index is None:
        _lock.acquire()
    try:
        index = _current
        if token is not None and index is not None and index.token == token:
            return index
        index = initiative_index_build(token=token)
        # Without a token nobody marks changes, so a kept index could go stale unnoticed.
        _current = index if token is not None else None
        return index
    finally:
        _lock.release()


def initiative_index_invalidate() -> None:
    """Marks the published initiatives as changed, in the caller's transaction (for bulk loaders that
    bypass the model signals); every process rebuilds its index on its next request."""
    data_version_bump(key=INDEX_DATA_KEY)


def organisation_ids_of(slugs: Sequence[str]) -> list[int]:
    return list(Organisation.objects.filter(slug__in=slugs).values_list("pk", flat=True)) if slugs else []
