"""The search index, in plain tables that behave the same on SQLite and PostgreSQL.

* ``SearchDocument``: one per indexed initiative or organisation, with its name for display and for
  ordering ties, and whether the public may find it.
* ``SearchToken``: the vocabulary, one row per distinct word, with its Dutch and English stem.
* ``SearchTokenKey``: per word, the keys that find it by a typo or by a compound part.
* ``SearchPosting``: which word occurs in which document, with the weight of its heaviest field.

The index is derived data: ``services.search_index_rebuild`` recreates it from the records.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from netwerkkaart.initiatives.models import Initiative
from netwerkkaart.organisations.models import Organisation

from .analysis import MAX_TOKEN_LENGTH
from .choices import SearchField, SearchKind, TokenKeyKind


class SearchDocument(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=SearchKind.choices)
    # Exactly one of the two, matching the kind; deleting the record deletes its document.
    initiative = models.OneToOneField(
        Initiative,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="search_document",
        verbose_name=_("initiative"),
    )
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="search_document",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=200)
    sort_name = models.CharField(_("name for ordering"), max_length=200)
    is_public = models.BooleanField(_("public"))

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind=SearchKind.INITIATIVE, initiative__isnull=False, organisation__isnull=True)
                    | Q(kind=SearchKind.ORGANISATION, initiative__isnull=True, organisation__isnull=False)
                ),
                name="search_document_one_record_of_its_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"

    @property
    def object_id(self) -> int:
        # The check constraint guarantees that exactly one of the two is set.
        return self.initiative_id or self.organisation_id or 0


class SearchToken(models.Model):
    text = models.CharField(_("text"), max_length=MAX_TOKEN_LENGTH)
    stem_nl = models.CharField(_("Dutch stem"), max_length=MAX_TOKEN_LENGTH)
    stem_en = models.CharField(_("English stem"), max_length=MAX_TOKEN_LENGTH)
    # Number of documents with this word; orders the candidates when a prefix matches many words.
    document_count = models.PositiveIntegerField(_("number of documents"), default=0)

    class Meta:
        verbose_name = _("search token")
        verbose_name_plural = _("search tokens")
        # Constraints and Meta indexes rather than field options: on PostgreSQL those would add a
        # second, unused "_like" index per column.
        constraints = [models.UniqueConstraint(fields=["text"], name="search_token_text_unique")]
        indexes = [
            models.Index(fields=["stem_nl"], name="search_token_stem_nl_idx"),
            models.Index(fields=["stem_en"], name="search_token_stem_en_idx"),
        ]

    def __str__(self) -> str:
        return self.text


class SearchTokenKey(models.Model):
    # No database constraint, as for postings.
    token = models.ForeignKey(
        SearchToken,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="keys",
        verbose_name=_("token"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=TokenKeyKind.choices)
    key = models.CharField(_("key"), max_length=MAX_TOKEN_LENGTH)

    class Meta:
        verbose_name = _("search token key")
        verbose_name_plural = _("search token keys")
        indexes = [models.Index(fields=["kind", "key"], name="search_token_key_idx")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.key}"


class SearchPosting(models.Model):
    # Each foreign key leads one of the two composite indexes below: no separate indexes needed.
    # No database constraints on the index's own millions of rows: checking them (per row, at
    # commit, on PostgreSQL) made a rebuild far slower, and the services write them consistently.
    # Deletions still cascade, in Django.
    document = models.ForeignKey(
        SearchDocument,
        on_delete=models.CASCADE,
        db_index=False,
        db_constraint=False,
        related_name="postings",
        verbose_name=_("document"),
    )
    token = models.ForeignKey(
        SearchToken,
        on_delete=models.CASCADE,
        db_index=False,
        db_constraint=False,
        related_name="postings",
        verbose_name=_("token"),
    )
    field = models.CharField(_("field"), max_length=12, choices=SearchField.choices)
    weight = models.PositiveSmallIntegerField(_("weight"))

    class Meta:
        verbose_name = _("search posting")
        verbose_name_plural = _("search postings")
        # Both indexes end with the weight, so that scoring reads the index alone and never the
        # table (that makes ranking several times faster). By token: the postings of the query
        # words. By document: the postings of one record (updates, reasons, ranking within a
        # queryset of initiatives). A document has one posting per token by construction
        # (``analysis.document_tokens``); a unique constraint would cost a third index.
        indexes = [
            models.Index(fields=["token", "document", "weight"], name="search_posting_token_idx"),
            models.Index(fields=["document", "token", "weight"], name="search_posting_document_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.token_id} in {self.document_id} ({self.field})"
