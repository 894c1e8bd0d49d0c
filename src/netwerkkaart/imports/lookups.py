"""What the cells of a sheet refer to: regions, taxonomy terms and choices, looked up by code or
by name in Dutch or English (compared with ``values.text_key``)."""

from collections import defaultdict
from collections.abc import Iterable
from typing import Generic, TypeVar

from django.db.models import TextChoices
from django.utils import translation
from django.utils.translation import gettext as _

from netwerkkaart.core.models import Term
from netwerkkaart.initiatives.choices import InitiativeKind, Phase, PublicationStatus
from netwerkkaart.regions.choices import RegionKind
from netwerkkaart.regions.models import Region

from .values import CellError, text_key

TermT = TypeVar("TermT", bound=Term)

KIND_SYNONYMS: dict[str, str] = {
    "civ": InitiativeKind.CENTRE_FOR_INNOVATIVE_CRAFTSMANSHIP,
    "centrum voor innovatief vakmanschap": InitiativeKind.CENTRE_FOR_INNOVATIVE_CRAFTSMANSHIP,
    "centre for innovative craftsmanship": InitiativeKind.CENTRE_FOR_INNOVATIVE_CRAFTSMANSHIP,
    "coe": InitiativeKind.CENTRE_OF_EXPERTISE,
    "centre of expertise": InitiativeKind.CENTRE_OF_EXPERTISE,
    "center of expertise": InitiativeKind.CENTRE_OF_EXPERTISE,
    "rif": InitiativeKind.RIF_PROJECT,
    "rif project": InitiativeKind.RIF_PROJECT,
    "regionaal investeringsfonds": InitiativeKind.RIF_PROJECT,
    "ecosysteem pps": InitiativeKind.ECOSYSTEM_PPS,
    "ecosysteem": InitiativeKind.ECOSYSTEM_PPS,
    "ecosystem pps": InitiativeKind.ECOSYSTEM_PPS,
    "nationaal groeifonds": InitiativeKind.ECOSYSTEM_PPS,
    "campus": InitiativeKind.CAMPUS,
    "omscholingsprogramma": InitiativeKind.RETRAINING_PROGRAMME,
    "omscholing": InitiativeKind.RETRAINING_PROGRAMME,
    "retraining programme": InitiativeKind.RETRAINING_PROGRAMME,
    "retraining program": InitiativeKind.RETRAINING_PROGRAMME,
    "fieldlab": InitiativeKind.FIELDLAB,
    "field lab": InitiativeKind.FIELDLAB,
    "regionaal netwerk": InitiativeKind.REGIONAL_NETWORK,
    "netwerk": InitiativeKind.REGIONAL_NETWORK,
    "vereniging": InitiativeKind.REGIONAL_NETWORK,
    "regional network": InitiativeKind.REGIONAL_NETWORK,
    "overig": InitiativeKind.OTHER,
    "anders": InitiativeKind.OTHER,
}
PHASE_SYNONYMS: dict[str, str] = {
    "verkenning": Phase.EXPLORING,
    "opbouw": Phase.STARTING,
    "pilot": Phase.STARTING,
    "opstart": Phase.STARTING,
    "groei": Phase.SCALING,
    "opschaling": Phase.SCALING,
    "verduurzaamd": Phase.SUSTAINED,
    "beeindigd": Phase.ENDED,
    "gestopt": Phase.ENDED,
}
STATUS_SYNONYMS: dict[str, str] = {
    "gepubliceerd": PublicationStatus.PUBLISHED,
    "publiek": PublicationStatus.PUBLISHED,
    "public": PublicationStatus.PUBLISHED,
    "concept": PublicationStatus.DRAFT,
    "gearchiveerd": PublicationStatus.ARCHIVED,
}
# Names people use for a municipality other than its official CBS name.
MUNICIPALITY_ALIASES = {
    "den haag": "s gravenhage",
    "the hague": "s gravenhage",
    "den bosch": "s hertogenbosch",
}
PROVINCE_ALIASES = {"friesland": "fryslan"}


class ChoiceLookup:
    """A ``TextChoices`` by its value, its Dutch or English label, or a synonym."""

    def __init__(self, choices: type[TextChoices], synonyms: dict[str, str]) -> None:
        self.keys: dict[str, str] = {}
        for value, label in choices.choices:
            self.keys.setdefault(text_key(value), value)
            for language in ("nl", "en"):
                with translation.override(language):
                    self.keys.setdefault(text_key(str(label)), value)
        for synonym, value in synonyms.items():
            self.keys.setdefault(text_key(synonym), value)
        self.choices = choices

    def get(self, text: str) -> str:
        key = text_key(text)
        if key in self.keys:
            return self.keys[key]
        raise CellError(
            _("'%(value)s' is not one of: %(accepted)s.")
            % {"value": text.strip(), "accepted": ", ".join(str(label) for label in self.choices.labels)}
        )


class TermLookup(Generic[TermT]):
    """A taxonomy term by slug or by its Dutch or English name."""

    def __init__(self, model: type[TermT]) -> None:
        self.model = model
        self.keys: dict[str, TermT] = {}
        terms: Iterable[TermT] = model._default_manager.order_by("position", "pk")  # type: ignore[assignment]
        self.terms = list(terms)
        for term in self.terms:
            for text in (term.slug, term.slug.replace("-", " "), term.name_nl, term.name_en):
                self.keys.setdefault(text_key(text), term)

    def get(self, text: str) -> TermT | None:
        return self.keys.get(text_key(text))

    def parse(self, items: list[str]) -> list[TermT]:
        """The terms of a list cell; a piece that is no term is tried as a comma-separated list."""
        found: list[TermT] = []
        unknown: list[str] = []
        for item in items:
            term = self.get(item)
            if term is not None:
                found.append(term)
                continue
            parts = [part.strip() for part in item.split(",") if part.strip()]
            terms = [self.get(part) for part in parts]
            if len(parts) > 1 and all(terms):
                found.extend(t for t in terms if t is not None)
            else:
                unknown.append(item)
        if unknown:
            raise CellError(
                _("Unknown %(kind)s: %(unknown)s. Known are: %(known)s.")
                % {
                    "kind": self.model._meta.verbose_name_plural,
                    "unknown": ", ".join(f"'{item}'" for item in unknown),
                    "known": "; ".join(term.name for term in self.terms),
                }
            )
        return list(dict.fromkeys(found))


class RegionLookup:
    """The current regions by CBS code, and by name."""

    def __init__(self) -> None:
        self.by_code: dict[str, Region] = {}
        self.by_name: dict[str, dict[str, list[Region]]] = defaultdict(lambda: defaultdict(list))
        # Boundaries are large and not needed to look a region up.
        for region in Region.objects.current().defer("boundary").order_by("code"):
            self.by_code[region.code] = region
            names = self.by_name[region.kind]
            names[text_key(region.name)].append(region)
            base = region.name.split(" (")[0]
            if base != region.name:
                names[text_key(base)].append(region)
        self.any_regions = bool(self.by_code)

    def _named(self, kind: str, name: str) -> list[Region]:
        key = text_key(name)
        aliases = MUNICIPALITY_ALIASES if kind == RegionKind.MUNICIPALITY else PROVINCE_ALIASES
        names = self.by_name.get(kind, {})
        return list(dict.fromkeys(names.get(key) or names.get(aliases.get(key, ""), [])))

    def _unknown_code(self, code: str, what: str) -> CellError:
        hint = "" if self.any_regions else " " + _("The database holds no regions: import them first.")
        return CellError(
            _("There is no current %(what)s with code '%(code)s'.") % {"what": what, "code": code} + hint
        )

    def municipality(self, text: str) -> Region:
        text = text.strip()
        code = text.upper()
        if code[:2] == "GM" and code[2:].isdigit():
            region = self.by_code.get(code)
            if region is None or region.kind != RegionKind.MUNICIPALITY:
                raise self._unknown_code(code, _("municipality"))
            return region
        found = self._named(RegionKind.MUNICIPALITY, text)
        if len(found) == 1:
            return found[0]
        if found:
            raise CellError(
                _("'%(name)s' can be several municipalities (%(options)s); write the CBS code.")
                % {"name": text, "options": ", ".join(f"{r.name} {r.code}" for r in found)}
            )
        raise CellError(
            _("'%(name)s' is not the name or CBS code (GM0599) of a current municipality.") % {"name": text}
        )

    def served(self, text: str) -> Region:
        """A region an initiative serves: by code, else by name (labour-market region first)."""
        text = text.strip()
        code = text.upper()
        if code in self.by_code:
            return self.by_code[code]
        if code[:2] in ("AM", "PV", "GM") and code[2:].isdigit():
            raise self._unknown_code(code, _("region"))
        for kind in (RegionKind.LABOUR_MARKET_REGION, RegionKind.PROVINCE, RegionKind.MUNICIPALITY):
            found = self._named(kind, text)
            if len(found) == 1:
                return found[0]
            if found:
                raise CellError(
                    _("'%(name)s' can be several regions (%(options)s); write the CBS code.")
                    % {"name": text, "options": ", ".join(f"{r.name} {r.code}" for r in found)}
                )
        raise CellError(
            _(
                "'%(name)s' is not the code or name of a current labour-market region (AM22), "
                "province (PV28) or municipality (GM0599)."
            )
            % {"name": text}
        )


def kind_lookup() -> ChoiceLookup:
    return ChoiceLookup(InitiativeKind, KIND_SYNONYMS)


def phase_lookup() -> ChoiceLookup:
    return ChoiceLookup(Phase, PHASE_SYNONYMS)


def status_lookup() -> ChoiceLookup:
    return ChoiceLookup(PublicationStatus, STATUS_SYNONYMS)
