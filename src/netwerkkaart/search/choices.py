from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchKind(models.TextChoices):
    """What a search hit is."""

    INITIATIVE = "initiative", _("initiative")
    ORGANISATION = "organisation", _("organisation")


class SearchField(models.TextChoices):
    """The part of a record a word was found in; see ``FIELD_WEIGHTS`` in ``analysis``."""

    NAME = "name", _("name")
    SUMMARY = "summary", _("summary")
    TERMS = "terms", _("themes, goals and target groups")
    PLACE = "place", _("place")
    DESCRIPTION = "description", _("description")


class MatchKind(models.TextChoices):
    """How a query word matched a word of a record, from strongest to weakest."""

    EXACT = "exact", _("exact word")
    STEM = "stem", _("word form")
    PREFIX = "prefix", _("start of a word")
    PART = "part", _("part of a compound word")
    TYPO = "typo", _("one typing error")


class TokenKeyKind(models.TextChoices):
    """The lookup keys kept per vocabulary word, for matches that an index cannot find directly."""

    DELETION = "deletion", _("the word and the word with one letter left out (typo candidates)")
    SUFFIX = "suffix", _("end of a word (parts of compound words)")
