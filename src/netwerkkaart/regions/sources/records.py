"""The records the readers give: regions, memberships and postcodes as the import will store them."""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RegionRecord:
    """One region as the import will store it."""

    kind: str
    code: str
    name: str
    year: int
    boundary: dict[str, Any] | None = None
    latitude: float | None = None
    longitude: float | None = None
    source: str = ""
    row: int | None = None


@dataclass(frozen=True)
class RegionSet:
    """All regions of one kind and year, from one file."""

    file: str
    kind: str
    year: int
    regions: tuple[RegionRecord, ...]


@dataclass(frozen=True)
class MembershipRecord:
    municipality_code: str
    parent_code: str
    row: int | None


@dataclass(frozen=True)
class MembershipTable:
    """The labour-market region of every municipality, from CBS "Gebieden in Nederland"."""

    file: str
    year: int
    source: str
    memberships: tuple[MembershipRecord, ...]


@dataclass(frozen=True)
class PostcodeRecord:
    code: str
    place: str
    latitude: float
    longitude: float
    kind: str
    row: int | None = None


@dataclass(frozen=True)
class PostcodeFile:
    file: str
    source: str
    postcodes: tuple[PostcodeRecord, ...]
