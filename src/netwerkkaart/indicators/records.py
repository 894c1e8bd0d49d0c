"""The typed records that every source parser produces and the one writer consumes."""

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Breakdown:
    """The breakdown of a cell; "" means the source does not break the figure down by that dimension."""

    level: str = ""
    gender: str = ""
    programme_code: str = ""
    institution_code: str = ""
    mode: str = ""

    def as_fields(self) -> dict[str, str]:
        return {
            "level": self.level,
            "gender": self.gender,
            "programme_code": self.programme_code,
            "institution_code": self.institution_code,
            "mode": self.mode,
        }


BREAKDOWN_FIELDS = tuple(Breakdown().as_fields())


@dataclass(frozen=True)
class ObservationRecord:
    indicator_code: str
    region_code: str
    year: int
    value: Decimal | None
    suppressed: bool
    source_row: int
    breakdown: Breakdown = field(default_factory=Breakdown)
    # Where the region came from, for messages ("0363 Amsterdam").
    region_label: str = ""
    region_column: str = ""

    def key(self) -> tuple[str, str, int, str, str, str, str, str]:
        b = self.breakdown
        return (
            self.indicator_code,
            self.region_code,
            self.year,
            b.level,
            b.gender,
            b.programme_code,
            b.institution_code,
            b.mode,
        )


@dataclass(frozen=True)
class IndicatorSpec:
    """What an importer knows about an indicator it writes (created if missing, updated if changed)."""

    code: str
    name_nl: str
    name_en: str
    unit_nl: str
    unit_en: str
    source: str
    licence: str
    source_url: str = ""
    definition_nl: str = ""
    definition_en: str = ""
    aggregation: str = "sum"
    suppression_max: int | None = None
    decimal_places: int = 0

    def as_fields(self) -> dict[str, object]:
        return {
            "name_nl": self.name_nl,
            "name_en": self.name_en,
            "unit_nl": self.unit_nl,
            "unit_en": self.unit_en,
            "source": self.source,
            "licence": self.licence,
            "source_url": self.source_url,
            "definition_nl": self.definition_nl,
            "definition_en": self.definition_en,
            "aggregation": self.aggregation,
            "suppression_max": self.suppression_max,
            "decimal_places": self.decimal_places,
        }


@dataclass
class ImportReport:
    source_file: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    indicators_created: list[str] = field(default_factory=list)
    programmes_added: int = 0

    def __str__(self) -> str:
        return (
            f"{self.source_file}: {self.created} observations created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.deleted} deleted"
            + (f"; new indicators: {', '.join(self.indicators_created)}" if self.indicators_created else "")
            + (
                f"; {self.programmes_added} programmes added to the classification"
                if self.programmes_added
                else ""
            )
        )
