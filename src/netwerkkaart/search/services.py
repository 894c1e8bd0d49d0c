"""Writes of the search index: full rebuild, one record at a time, removal.

What is indexed (field weights in ``analysis.FIELD_WEIGHTS``):

* every initiative, whatever its status: name, summary, description, place, and the Dutch and
  English names of its themes, goals and target groups. Only published ones are public
  (``SearchDocument.is_public``); ``selectors.search`` finds only those, while
  ``selectors.initiative_queryset_search`` searches within the queryset its caller passes;
* every organisation (organisations have no publication status): name and city.

The index is derived data. The services that change initiatives and organisations are expected to
call ``search_index_update_initiative`` / ``search_index_update_organisation`` after a write;
deleting a record deletes its document through the foreign key (the vocabulary counts are then
refreshed by the next update of a record with the same words, or by a rebuild).
"""

import itertools
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connection, models, transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from netwerkkaart.initiatives.choices import PublicationStatus
from netwerkkaart.initiatives.models import Initiative
from netwerkkaart.organisations.models import Organisation

from .analysis import FIELD_WEIGHTS, document_tokens, sort_name, stems, token_keys
from .choices import SearchField, SearchKind
from .models import SearchDocument, SearchPosting, SearchToken, SearchTokenKey

DEFAULT_BATCH_SIZE = 2000
# Values per "IN (...)" list: below the bound-parameter limit of every supported SQLite.
_LOOKUP_CHUNK = 500
# Parameters per INSERT when the database does not say (see _rows_insert).
_MAX_PARAMETERS = 999
# SQLite page cache during a rebuild, in KiB (negative cache_size means KiB).
_SQLITE_REBUILD_CACHE_KIB = 512 * 1024
# The taxonomies of an initiative whose names are indexed (field "terms").
_TERM_RELATIONS = ("themes", "goals", "target_groups")

T = TypeVar("T")
# Called as progress(kind, done, total) while a rebuild runs.
ProgressCallback = Callable[[str, int, int], None]


@dataclass(frozen=True)
class SearchIndexStats:
    documents: int
    tokens: int
    token_keys: int
    postings: int


@dataclass(frozen=True)
class _DocumentSource:
    """One record as the index sees it."""

    kind: SearchKind
    object_id: int
    title: str
    is_public: bool
    fields: list[tuple[str, str]]


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _initiative_source(
    *, pk: int, name: str, summary: str, description: str, place: str, status: str, terms: Iterable[str]
) -> _DocumentSource:
    return _DocumentSource(
        kind=SearchKind.INITIATIVE,
        object_id=pk,
        title=name,
        is_public=status == PublicationStatus.PUBLISHED,
        fields=[
            (SearchField.NAME, name),
            (SearchField.SUMMARY, summary),
            (SearchField.DESCRIPTION, description),
            (SearchField.PLACE, place),
            *((SearchField.TERMS, term) for term in terms),
        ],
    )


def _organisation_source(*, pk: int, name: str, city: str) -> _DocumentSource:
    return _DocumentSource(
        kind=SearchKind.ORGANISATION,
        object_id=pk,
        title=name,
        is_public=True,
        fields=[(SearchField.NAME, name), (SearchField.PLACE, city)],
    )


def _initiative_batches(
    batch_size: int, only: Sequence[int] | None = None
) -> Iterator[list[_DocumentSource]]:
    """Every initiative (or ``only`` these ids), ``batch_size`` at a time, read as plain rows (no
    model instances)."""
    relations = [getattr(Initiative, relation) for relation in _TERM_RELATIONS]
    term_names = [
        {
            pk: f"{nl} {en}"
            for pk, nl, en in relation.field.related_model._default_manager.values_list(
                "pk", "name_nl", "name_en"
            )
        }
        for relation in relations
    ]
    for rows in _rows_by_pk(
        Initiative.objects.values_list("pk", "name", "summary", "description", "place", "status"),
        batch_size,
        only,
    ):
        terms: dict[int, list[str]] = defaultdict(list)
        for relation, names in zip(relations, term_names, strict=True):
            term_id = f"{relation.field.m2m_reverse_field_name()}_id"
            for chunk in _batches([row[0] for row in rows], _LOOKUP_CHUNK):
                for initiative_id, term in relation.through._default_manager.filter(
                    initiative_id__in=chunk
                ).values_list("initiative_id", term_id):
                    terms[initiative_id].append(names[term])
        yield [
            _initiative_source(
                pk=pk,
                name=name,
                summary=summary,
                description=description,
                place=place,
                status=status,
                terms=terms[pk],
            )
            for pk, name, summary, description, place, status in rows
        ]


def _rows_by_pk(rows: QuerySet[Any, Any], batch_size: int, only: Sequence[int] | None) -> Iterator[list[Any]]:
    """The rows (first value: the pk) in pk order, ``batch_size`` at a time: all, or ``only`` these."""
    if only is not None:
        ordered = sorted(only)
        for start in range(0, len(ordered), batch_size):
            chunk = ordered[start : start + batch_size]
            if found := list(rows.filter(pk__in=chunk).order_by("pk")):
                yield found
        return
    last = 0
    while found := list(rows.filter(pk__gt=last).order_by("pk")[:batch_size]):
        last = found[-1][0]
        yield found


def _organisation_batches(
    batch_size: int, only: Sequence[int] | None = None
) -> Iterator[list[_DocumentSource]]:
    for rows in _rows_by_pk(Organisation.objects.values_list("pk", "name", "city"), batch_size, only):
        yield [_organisation_source(pk=pk, name=name, city=city) for pk, name, city in rows]


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or field.column is None:
        raise TypeError(f"{model.__name__}.{name} is not a column.")
    return connection.ops.quote_name(field.column)


def _rows_insert(model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
    """Insert plain rows in bulk. The index holds millions of rows: building a model instance for
    each would cost more than writing it, and so would a statement per row."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(_column(model, name) for name in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: the fastest way in; multi-row INSERTs spend most of their time in the driver.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for values in rows:
                    copy.write_row(values)
            return
        row = f"({', '.join(['%s'] * len(fields))})"
        per_statement = max(1, (connection.features.max_query_params or _MAX_PARAMETERS) // len(fields))
        for chunk in _batches(rows, per_statement):
            # Table and column names come from our own models; the values are parameters.
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * len(chunk))}",  # noqa: S608
                [value for values in chunk for value in values],
            )


def _token_ids(texts: Collection[str], *, known: dict[str, int]) -> dict[str, int]:
    """The vocabulary ids of ``texts``, creating the missing tokens (with their keys).

    ``known`` caches text -> id across calls and is updated in place.
    """
    wanted = sorted(set(texts) - known.keys())
    for chunk in _batches(wanted, _LOOKUP_CHUNK):
        known.update(SearchToken.objects.filter(text__in=chunk).values_list("text", "id"))
    missing = [text for text in wanted if text not in known]
    if missing:
        # Ignoring conflicts keeps two concurrent updates that add the same new word from failing.
        SearchToken.objects.bulk_create(
            [SearchToken(text=text, stem_nl=stems(text)[0], stem_en=stems(text)[1]) for text in missing],
            batch_size=DEFAULT_BATCH_SIZE,
            ignore_conflicts=True,
        )
        created: dict[str, int] = {}
        for chunk in _batches(missing, _LOOKUP_CHUNK):
            created.update(SearchToken.objects.filter(text__in=chunk).values_list("text", "id"))
        _rows_insert(
            SearchTokenKey,
            ("token", "kind", "key"),
            ((created[text], kind, key) for text in missing for kind, key in token_keys(text)),
        )
        known.update(created)
    return {text: known[text] for text in texts}


def _record_field(kind: str) -> str:
    return "initiative_id" if kind == SearchKind.INITIATIVE else "organisation_id"


def _document_row(source: _DocumentSource) -> tuple[str, int | None, int | None, str, str, bool]:
    return (
        source.kind,
        source.object_id if source.kind == SearchKind.INITIATIVE else None,
        source.object_id if source.kind == SearchKind.ORGANISATION else None,
        source.title[:200],
        sort_name(source.title)[:200],
        source.is_public,
    )


_DOCUMENT_FIELDS = ("kind", "initiative", "organisation", "title", "sort_name", "is_public")


def _postings_insert(document_id: int, tokens: dict[str, str], token_ids: dict[str, int]) -> None:
    _rows_insert(
        SearchPosting,
        ("document", "token", "field", "weight"),
        ((document_id, token_ids[text], field, FIELD_WEIGHTS[field]) for text, field in tokens.items()),
    )


def _documents_write(sources: list[_DocumentSource], *, vocabulary: dict[str, int]) -> None:
    """Write new documents of one kind and their postings (the records have no document yet)."""
    _rows_insert(SearchDocument, _DOCUMENT_FIELDS, map(_document_row, sources))
    record = _record_field(sources[0].kind)
    document_ids: dict[int, int] = {}
    for chunk in _batches([source.object_id for source in sources], _LOOKUP_CHUNK):
        document_ids.update(
            SearchDocument.objects.filter(**{f"{record}__in": chunk}).values_list(record, "pk")
        )
    tokens = [document_tokens(source.fields) for source in sources]
    token_ids = _token_ids({text for words in tokens for text in words}, known=vocabulary)
    postings = [
        (document_ids[source.object_id], token_ids[text], field, FIELD_WEIGHTS[field])
        for source, words in zip(sources, tokens, strict=True)
        for text, field in words.items()
    ]
    # In the order of the by-token index, so each batch writes its pages in one sweep.
    postings.sort(key=lambda posting: (posting[1], posting[0]))
    _rows_insert(SearchPosting, ("document", "token", "field", "weight"), postings)


def _table_clear(model: type[models.Model]) -> None:
    # One statement, without Django loading every row to look for cascades: the rebuild empties
    # the dependent tables first.
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608  (a table name from our own models)


def _document_count() -> Coalesce:
    """The number of documents of the token in the outer query."""
    return Coalesce(
        Subquery(
            SearchPosting.objects.filter(token_id=OuterRef("pk"))
            .order_by()
            .values("token_id")
            .annotate(count=Count("pk"))
            .values("count")
        ),
        Value(0),
    )


def _tokens_recount(token_ids: Iterable[int]) -> None:
    """Refresh the document counts of these tokens and drop the ones no document uses any more."""
    for chunk in _batches(sorted(token_ids), _LOOKUP_CHUNK):
        SearchToken.objects.filter(pk__in=chunk).update(document_count=_document_count())
        SearchToken.objects.filter(pk__in=chunk, document_count=0).delete()


@contextmanager
def _sqlite_page_cache() -> Iterator[None]:
    """A larger SQLite page cache while the rebuild runs. The default (2 MB) is far too small for
    the index writes of a large rebuild; this changes only the speed, not the result."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = {-_SQLITE_REBUILD_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {previous}")


def search_index_stats() -> SearchIndexStats:
    return SearchIndexStats(
        documents=SearchDocument.objects.count(),
        tokens=SearchToken.objects.count(),
        token_keys=SearchTokenKey.objects.count(),
        postings=SearchPosting.objects.count(),
    )


def search_index_rebuild(
    *, batch_size: int = DEFAULT_BATCH_SIZE, progress: ProgressCallback | None = None
) -> SearchIndexStats:
    """Recreate the whole index from the initiatives and organisations, in one transaction.

    Reads and writes ``batch_size`` records at a time; memory holds one batch plus the vocabulary.
    Running it twice gives the same index.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1.")
    with transaction.atomic(), _sqlite_page_cache():
        for model in (SearchPosting, SearchTokenKey, SearchToken, SearchDocument):
            _table_clear(model)
        vocabulary: dict[str, int] = {}
        jobs = (
            (SearchKind.INITIATIVE, Initiative.objects.count(), _initiative_batches(batch_size)),
            (SearchKind.ORGANISATION, Organisation.objects.count(), _organisation_batches(batch_size)),
        )
        for kind, total, batches in jobs:
            done = 0
            for batch in batches:
                _documents_write(batch, vocabulary=vocabulary)
                done += len(batch)
                if progress is not None:
                    progress(kind, done, total)
            if progress is not None and done == 0:
                progress(kind, 0, total)
        SearchToken.objects.update(document_count=_document_count())
    return search_index_stats()


def search_index_vacuum() -> bool:
    """On PostgreSQL, and outside a transaction: VACUUM ANALYZE the index tables after a rebuild.

    Until a vacuum marks them all-visible, PostgreSQL checks every freshly written row in the table
    even for an index-only scan, which made ranking several times slower right after a rebuild
    (autovacuum gets there eventually). Nothing to do elsewhere; False when nothing was done.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return False
    tables = ", ".join(
        connection.ops.quote_name(model._meta.db_table)
        for model in (SearchPosting, SearchTokenKey, SearchToken, SearchDocument)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {tables}")
    return True


def _document_replace(source: _DocumentSource) -> None:
    with transaction.atomic():
        kind, _initiative, _organisation, title, folded_title, is_public = _document_row(source)
        record: dict[str, Any] = {_record_field(source.kind): source.object_id}
        document, _created = SearchDocument.objects.update_or_create(
            **record,
            defaults={"kind": kind, "title": title, "sort_name": folded_title, "is_public": is_public},
        )
        old_token_ids = set(document.postings.values_list("token_id", flat=True))
        document.postings.all().delete()
        tokens = document_tokens(source.fields)
        token_ids = _token_ids(tokens.keys(), known={})
        _postings_insert(document.pk, tokens, token_ids)
        _tokens_recount(old_token_ids | set(token_ids.values()))


def search_index_update_initiative(*, initiative: Initiative) -> None:
    """Index one initiative as it is now (name, texts, terms, publication status)."""
    terms = [
        f"{term.name_nl} {term.name_en}"
        for relation in _TERM_RELATIONS
        for term in getattr(initiative, relation).all()
    ]
    _document_replace(
        _initiative_source(
            pk=initiative.pk,
            name=initiative.name,
            summary=initiative.summary,
            description=initiative.description,
            place=initiative.place,
            status=initiative.status,
            terms=terms,
        )
    )


def search_index_update_many(
    *,
    initiative_ids: Collection[int] = (),
    organisation_ids: Collection[int] = (),
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> None:
    """Index these records as they are now, in bulk, for writers that change many at once (the
    spreadsheet import): their documents are replaced batch by batch and the tokens they touch are
    recounted once at the end. The same index as ``search_index_update_*`` per record."""
    if not initiative_ids and not organisation_ids:
        return
    with transaction.atomic():
        touched: set[int] = set()
        vocabulary: dict[str, int] = {}
        jobs = (
            (SearchKind.INITIATIVE, sorted(initiative_ids), _initiative_batches),
            (SearchKind.ORGANISATION, sorted(organisation_ids), _organisation_batches),
        )
        for kind, ids, batches in jobs:
            record = _record_field(kind)
            for chunk in _batches(ids, _LOOKUP_CHUNK):
                documents = SearchDocument.objects.filter(**{f"{record}__in": chunk}).values("pk")
                postings = SearchPosting.objects.filter(document__in=documents)
                touched.update(postings.values_list("token_id", flat=True).distinct())
                postings.delete()
                SearchDocument.objects.filter(**{f"{record}__in": chunk}).delete()
            for batch in batches(batch_size, ids):
                _documents_write(batch, vocabulary=vocabulary)
        _tokens_recount(touched | set(vocabulary.values()))


def search_index_update_organisation(*, organisation: Organisation) -> None:
    """Index one organisation as it is now."""
    _document_replace(
        _organisation_source(pk=organisation.pk, name=organisation.name, city=organisation.city)
    )


def search_index_remove(*, kind: str, object_id: int) -> bool:
    """Take one record out of the index; False when it was not indexed."""
    if kind not in SearchKind.values:
        raise ValueError(f"Unknown search kind: {kind!r}.")
    with transaction.atomic():
        document = SearchDocument.objects.filter(kind=kind, **{_record_field(kind): object_id}).first()
        if document is None:
            return False
        token_ids = set(document.postings.values_list("token_id", flat=True))
        document.delete()
        _tokens_recount(token_ids)
    return True
