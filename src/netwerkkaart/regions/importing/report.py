"""What an import of reference data did, counted per kind, for people and tests."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..choices import RegionKind


@dataclass
class ChangeCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated

    def __str__(self) -> str:
        return _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


def _counts_per_kind(kinds: Iterable[str]) -> dict[str, ChangeCounts]:
    return {str(kind): ChangeCounts() for kind in kinds}


@dataclass
class ReferenceImportReport:
    regions: dict[str, ChangeCounts] = field(default_factory=lambda: _counts_per_kind(RegionKind.values))
    # Keyed by the parent kind: labour-market region or province.
    memberships: dict[str, ChangeCounts] = field(
        default_factory=lambda: _counts_per_kind([RegionKind.LABOUR_MARKET_REGION, RegionKind.PROVINCE])
    )
    postcodes: ChangeCounts = field(default_factory=ChangeCounts)
    postcodes_resolved: int = 0
    postcodes_unresolved: int = 0
    data_dir: str = ""
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        counts = [*self.regions.values(), *self.memberships.values(), self.postcodes]
        return sum(count.changed for count in counts)

    def summary_lines(self) -> list[str]:
        """The report for people; a fallback-only run has regions to tell about, nothing else."""
        kind_labels = dict(RegionKind.choices)
        lines = []
        if self.data_dir:
            lines.append(_("Reference data from %(folder)s") % {"folder": self.data_dir})
        lines.extend(_("  file: %(file)s") % {"file": file} for file in self.files)
        for kind, counts in self.regions.items():
            lines.append(
                _("Regions, %(kind)s: %(counts)s") % {"kind": kind_labels.get(kind, kind), "counts": counts}
            )
        if self.data_dir:
            for kind, counts in self.memberships.items():
                lines.append(
                    _("Memberships (%(kind)s): %(counts)s")
                    % {"kind": kind_labels.get(kind, kind), "counts": counts}
                )
            lines.append(_("Postcodes: %(counts)s") % {"counts": self.postcodes})
            lines.append(
                _("Postcodes in a current municipality: %(resolved)d; without one: %(unresolved)d")
                % {"resolved": self.postcodes_resolved, "unresolved": self.postcodes_unresolved}
            )
        lines.extend(_("Note: %(note)s") % {"note": note} for note in self.notes)
        return lines
