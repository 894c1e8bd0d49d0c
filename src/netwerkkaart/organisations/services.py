"""Writes for organisations: creation, identity matching and slugs.

Identity: the same school or company must not appear twice because two sources spell it differently.
``organisation_get_or_create_by_name`` therefore matches on the official identifiers first (KvK
number, school code) and only then on a normalised name (see ``organisation_name_key``).
"""

import re
import unicodedata

from django.db import transaction
from django.utils.text import slugify

from netwerkkaart.regions.models import Region
from netwerkkaart.search.services import search_index_update_organisation

from .choices import OrganisationKind
from .models import Organisation

SLUG_MAX_LENGTH = Organisation._meta.get_field("slug").max_length or 220

# Legal forms and generic organisation words that do not tell two organisations apart. They are
# dropped wherever they occur as a whole word, after diacritics and punctuation are removed, so
# "Stichting Cyberworkplace", "Cyberworkplace B.V." and "cyberworkplace" share one key.
LEGAL_FORM_WORDS = frozenset(
    {
        "bv",
        "nv",
        "vof",
        "cv",
        "ua",
        "stichting",
        "vereniging",
        "cooperatie",
        "foundation",
        "holding",
    }
)

_PUNCTUATION = re.compile(r"[^\w\s]", flags=re.UNICODE)
# Dotted legal forms ("B.V.", "N.V.", "V.O.F.", "U.A.") before punctuation is stripped, so that
# "B.V." becomes the word "bv" rather than the two words "b" and "v".
_DOTTED_ABBREVIATION = re.compile(r"\b((?:[a-z]\.){2,})", flags=re.IGNORECASE)


def organisation_name_key(name: str) -> str:
    """The name as used for matching: lower case, no diacritics, punctuation or legal form.

    >>> organisation_name_key("Stichting Café-Noord B.V.")
    'cafe noord'
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    text = _DOTTED_ABBREVIATION.sub(lambda match: match.group(1).replace(".", "") + " ", text)
    text = text.replace("&", " en ")
    text = _PUNCTUATION.sub(" ", text)
    words = [word for word in text.split() if word not in LEGAL_FORM_WORDS]
    return " ".join(words)


def organisation_slug_generate(*, name: str) -> str:
    """A slug for a new organisation, unique among the existing ones ("-2", "-3", ... on a clash)."""
    base = slugify(name)[: SLUG_MAX_LENGTH - 8].strip("-") or "organisation"
    taken = set(Organisation.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    suffix = 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    return f"{base}-{suffix}"


@transaction.atomic
def organisation_create(
    *,
    name: str,
    kind: str = OrganisationKind.OTHER,
    size_class: str = "",
    kvk_number: str = "",
    school_code: str = "",
    website: str = "",
    street_address: str = "",
    postal_code: str = "",
    city: str = "",
    municipality: Region | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    fictitious: bool = False,
    slug: str = "",
) -> Organisation:
    """Create an organisation after full validation; the slug is generated when not given."""
    name = " ".join(name.split())
    organisation = Organisation(
        name=name,
        slug=slug or organisation_slug_generate(name=name),
        kind=kind,
        size_class=size_class,
        kvk_number=kvk_number.strip(),
        school_code=school_code.strip().upper(),
        website=website,
        street_address=street_address,
        postal_code=postal_code,
        city=city,
        municipality=municipality,
        latitude=latitude,
        longitude=longitude,
        fictitious=fictitious,
    )
    organisation.full_clean()
    organisation.save()
    search_index_update_organisation(organisation=organisation)
    return organisation


def organisation_find(*, name: str, kvk_number: str = "", school_code: str = "") -> Organisation | None:
    """The existing organisation these details identify, if any.

    An official identifier decides when it is given and known. A name match is refused when both
    sides carry a different official identifier: two companies may share a trade name.
    """
    kvk_number = kvk_number.strip()
    school_code = school_code.strip().upper()
    if kvk_number:
        match = Organisation.objects.filter(kvk_number=kvk_number).first()
        if match is not None:
            return match
    if school_code:
        match = Organisation.objects.filter(school_code=school_code).first()
        if match is not None:
            return match

    def compatible(candidate: Organisation) -> bool:
        if kvk_number and candidate.kvk_number and candidate.kvk_number != kvk_number:
            return False
        return not (school_code and candidate.school_code and candidate.school_code != school_code)

    exact = [c for c in Organisation.objects.filter(name__iexact=name.strip()) if compatible(c)]
    if exact:
        return min(exact, key=lambda c: c.pk)
    key = organisation_name_key(name)
    if not key:
        return None
    # The name key is not stored (see the report on a `name_key` column), so the remaining
    # candidates are compared in Python. Fine for imports of hundreds of rows, not for millions.
    candidates = Organisation.objects.only("pk", "name", "kvk_number", "school_code").order_by("pk")
    for candidate in candidates.iterator(chunk_size=2000):
        if organisation_name_key(candidate.name) == key and compatible(candidate):
            return Organisation.objects.get(pk=candidate.pk)
    return None


@transaction.atomic
def organisation_get_or_create_by_name(
    *,
    name: str,
    kind: str = OrganisationKind.OTHER,
    size_class: str = "",
    kvk_number: str = "",
    school_code: str = "",
    website: str = "",
    city: str = "",
    municipality: Region | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    fictitious: bool = False,
) -> tuple[Organisation, bool]:
    """The organisation with this identifier or (normalised) name, created when there is none.

    An existing organisation is returned as it is: the other arguments only apply to a new one.
    """
    existing = organisation_find(name=name, kvk_number=kvk_number, school_code=school_code)
    if existing is not None:
        return existing, False
    organisation = organisation_create(
        name=name,
        kind=kind,
        size_class=size_class,
        kvk_number=kvk_number,
        school_code=school_code,
        website=website,
        city=city,
        municipality=municipality,
        latitude=latitude,
        longitude=longitude,
        fictitious=fictitious,
    )
    return organisation, True
