"""Reads: search initiatives and organisations, ranked, the same on SQLite and PostgreSQL.

A query is cut into words (``analysis.query_terms``). Each word is *expanded* to vocabulary
tokens, each with the strongest way it matched: the word itself (exact), the same Dutch or English
stem, a word that starts with it, a word with a compound part that starts with it, or a word one
typo away. A record is a hit when every query word matches one of its tokens. Per query word the
record scores its best posting (field weight x match weight), and the score is the sum over the
query words. Ties are ordered by folded name, kind and id.

Every step is an indexed lookup with a bounded result: at most ``MAX_CANDIDATES`` tokens per kind of
match per query word, at most ``analysis.MAX_QUERY_TERMS`` query words; the postings are scored by
one aggregate query in the database (starting from the documents of a much rarer word when there
is one), and only the requested page comes back to Python. See docs/adr/0006-search.md.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypedDict, TypeVar

from django.db import connection
from django.db.models import (
    Case,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Collate
from django_stubs_ext import WithAnnotations

from netwerkkaart.initiatives.models import Initiative

from .analysis import (
    MATCH_WEIGHTS,
    MIN_PART_LENGTH,
    MIN_PREFIX_LENGTH,
    MIN_TYPO_LENGTH,
    deletions,
    prefix_upper_bound,
    query_terms,
    stems,
    within_one_edit,
)
from .choices import MatchKind, SearchField, SearchKind, TokenKeyKind
from .models import SearchDocument, SearchPosting, SearchToken, SearchTokenKey

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# Tokens per kind of match per query word; when more match (a short prefix), the most frequent win.
MAX_CANDIDATES = 50
# Typo candidates read from the index before the edit distance is checked in Python.
MAX_TYPO_CANDIDATES = 200
# A word drives a query when the other words occur this many times more often (see _rare_word).
RARE_WORD_FACTOR = 4
ALL_KINDS: tuple[str, ...] = (SearchKind.INITIATIVE, SearchKind.ORGANISATION)

# Code-point order on both databases, so ties come out the same whatever the database's locale.
_BINARY_COLLATIONS = {"postgresql": "C", "sqlite": "BINARY"}

_InitiativeQuerySet = TypeVar("_InitiativeQuerySet", bound=QuerySet[Initiative])


@dataclass(frozen=True)
class SearchMatch:
    """Why a hit matched one query word: the best of its tokens for that word."""

    term: str
    token: str
    field: SearchField
    match: MatchKind
    score: int

    @property
    def reason(self) -> str:
        return f"{self.field.label}: {self.token} ({self.match.label})"


@dataclass(frozen=True)
class SearchHit:
    kind: SearchKind
    object_id: int
    title: str
    score: int
    matches: tuple[SearchMatch, ...]

    @property
    def reason(self) -> str:
        return "; ".join(match.reason for match in self.matches)


@dataclass(frozen=True)
class SearchResults:
    query: str
    terms: tuple[str, ...]
    hits: tuple[SearchHit, ...]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True)
class TermExpansion:
    """The vocabulary tokens one query word matches, each with its strongest kind of match."""

    term: str
    tokens: dict[int, MatchKind]
    # The number of documents with one of the tokens, at most: which word is the rarest.
    documents: int = 0

    def token_ids(self, match: MatchKind) -> list[int]:
        return sorted(token_id for token_id, kind in self.tokens.items() if kind == match)


def _binary(field: str) -> Combinable:
    collation = _BINARY_COLLATIONS.get(connection.vendor)
    return Collate(F(field), collation) if collation else F(field)


def _prefix(field: str, prefix: str) -> Q:
    """Values of ``field`` that start with ``prefix``, as an index range plus the exact test."""
    condition = Q(**{f"{field}__gte": prefix, f"{field}__startswith": prefix})
    upper = prefix_upper_bound(prefix)
    return condition & Q(**{f"{field}__lt": upper}) if upper else condition


def _candidates(tokens: QuerySet[SearchToken], first: Q, limit: int) -> list[tuple[int, str, str, str, int]]:
    """(id, text, Dutch stem, English stem, document count) of tokens: those meeting ``first``
    first, then the most frequent, then in code-point order."""
    rank = Case(When(first, then=Value(0)), default=Value(1), output_field=IntegerField())
    ordered = tokens.order_by(rank, "-document_count", _binary("text"))
    return list(ordered.values_list("id", "text", "stem_nl", "stem_en", "document_count")[:limit])


def term_expand(term: str) -> TermExpansion:
    """Find the vocabulary tokens that a (folded) query word matches; see the module docstring.

    Two indexed lookups: the word, its stems and the words it starts (exact, stem, prefix); then
    the words with a compound part that it starts, or one typo away (part, typo). Each kind of
    match keeps at most ``MAX_CANDIDATES`` tokens, the most frequent first.
    """
    stem_nl, stem_en = stems(term)
    exact_or_stem = Q(text=term) | Q(stem_nl=stem_nl) | Q(stem_en=stem_en)
    words = exact_or_stem | _prefix("text", term) if len(term) >= MIN_PREFIX_LENGTH else exact_or_stem
    found: dict[MatchKind, list[tuple[int, int]]] = defaultdict(list)
    for token_id, text, token_stem_nl, token_stem_en, count in _candidates(
        SearchToken.objects.filter(words), exact_or_stem, 1 + 2 * MAX_CANDIDATES
    ):
        if text == term:
            found[MatchKind.EXACT].append((token_id, count))
        elif token_stem_nl == stem_nl or token_stem_en == stem_en:
            found[MatchKind.STEM].append((token_id, count))
        else:
            found[MatchKind.PREFIX].append((token_id, count))

    if len(term) >= MIN_PART_LENGTH:
        # One lookup in the key index, so that each database can combine the two ranges of it.
        part_keys = Q(_prefix("key", term), kind=TokenKeyKind.SUFFIX)
        keys = part_keys
        if len(term) >= MIN_TYPO_LENGTH:
            keys |= Q(kind=TokenKeyKind.DELETION, key__in=sorted(deletions(term) | {term}))
        nearby = SearchToken.objects.filter(pk__in=SearchTokenKey.objects.filter(keys).values("token_id"))
        is_part = Q(pk__in=SearchTokenKey.objects.filter(part_keys).values("token_id"))
        candidates = _candidates(nearby.exclude(words), is_part, MAX_CANDIDATES + MAX_TYPO_CANDIDATES)
        for token_id, text, _stem_nl, _stem_en, count in candidates:
            if text.find(term, 1) > 0:
                found[MatchKind.PART].append((token_id, count))
            elif len(term) >= MIN_TYPO_LENGTH and within_one_edit(term, text):
                found[MatchKind.TYPO].append((token_id, count))

    kept = {match: found[match][:MAX_CANDIDATES] for match in MatchKind}
    return TermExpansion(
        term=term,
        tokens={token_id: match for match in MatchKind for token_id, _count in kept[match]},
        documents=sum(count for rows in kept.values() for _token_id, count in rows),
    )


def query_expand(query: str) -> list[TermExpansion] | None:
    """The expansions of every word of the query, or None when the query cannot match anything:
    no words, or a word that matches no token (all words must match)."""
    return _terms_expand(query_terms(query))


def _terms_expand(terms: Sequence[str]) -> list[TermExpansion] | None:
    expansions: list[TermExpansion] = []
    for term in terms:
        expansion = term_expand(term)
        if not expansion.tokens:
            return None
        expansions.append(expansion)
    return expansions or None


def _term_score(expansion: TermExpansion) -> Max:
    """Per document, the best (field weight x match weight) among its postings for one query word."""
    cases = [
        When(
            token__in=token_ids,
            then=ExpressionWrapper(F("weight") * MATCH_WEIGHTS[match], output_field=IntegerField()),
        )
        for match in MatchKind
        if (token_ids := expansion.token_ids(match))
    ]
    return Max(Case(*cases, default=Value(0), output_field=IntegerField()))


def _all_token_ids(expansions: list[TermExpansion]) -> list[int]:
    return sorted({token_id for expansion in expansions for token_id in expansion.tokens})


class _Score(TypedDict):
    score: Any


class _ScoreRow(TypedDict):
    document: int
    score: Any


def _rare_word(expansions: list[TermExpansion]) -> TermExpansion | None:
    """A query word so much rarer than the others that starting from its documents is cheaper.

    Every word must match, so only documents with the rarest word can; looking up the other words
    in those documents beats reading all documents of a common word, unless the words are about
    as common. Only speed depends on this choice, never the result (nor on out-of-date counts).
    """
    if len(expansions) < 2:
        return None
    rarest = min(expansions, key=lambda expansion: (expansion.documents, expansion.term))
    others = sum(expansion.documents for expansion in expansions) - rarest.documents
    return rarest if rarest.documents * RARE_WORD_FACTOR <= others else None


def _document_scores(
    expansions: list[TermExpansion],
) -> "QuerySet[WithAnnotations[SearchPosting, _Score], _ScoreRow]":
    """Rows ("document", "score") for the documents that every query word matches.

    One aggregate over the postings of the expanded tokens, read from the by-token index alone;
    the score is the sum over the query words of their best posting in the document.
    """
    per_word = {f"term_{index}": _term_score(expansion) for index, expansion in enumerate(expansions)}
    names = list(per_word)
    total = sum((F(name) for name in names[1:]), start=F(names[0]))
    postings = SearchPosting.objects.filter(token__in=_all_token_ids(expansions))
    if (rare := _rare_word(expansions)) is not None:
        postings = postings.filter(
            document__in=SearchPosting.objects.filter(token__in=sorted(rare.tokens)).values("document")
        )
    return (
        postings.values("document")
        .annotate(**per_word)
        .filter(**{f"{name}__gt": 0 for name in names})
        .annotate(score=ExpressionWrapper(total, output_field=IntegerField()))
    )


def _ranked_from(expansions: list[TermExpansion], kinds: list[str]) -> tuple[str, list[Any]]:
    """FROM and WHERE of the public documents of ``kinds`` that every query word matches.

    The postings are aggregated first, from the by-token index alone, and only the documents that
    pass are then joined: joining before grouping would read a document row for every posting.
    The ORM cannot select from a subquery, hence SQL around the ORM's own. Only table names and
    the ORM's compiled SQL are interpolated; every value is a parameter.
    """
    scores_sql, scores_params = _document_scores(expansions).order_by().query.sql_with_params()
    document = connection.ops.quote_name(SearchDocument._meta.db_table)
    sql = (
        f"FROM ({scores_sql}) s INNER JOIN {document} d ON d.id = s.document "
        f"WHERE d.is_public = %s AND d.kind IN ({', '.join(['%s'] * len(kinds))})"
    )
    return sql, [*scores_params, True, *kinds]


@dataclass(frozen=True)
class _RankedDocument:
    pk: int
    kind: str
    object_id: int
    title: str
    score: int


def _ranked_documents(
    expansions: list[TermExpansion], *, kinds: list[str], limit: int, offset: int
) -> list[_RankedDocument]:
    from_where, params = _ranked_from(expansions, kinds)
    collation = _BINARY_COLLATIONS.get(connection.vendor)
    sort_name = f'd.sort_name COLLATE "{collation}"' if collation else "d.sort_name"
    sql = (
        f"SELECT d.id, d.kind, d.initiative_id, d.organisation_id, d.title, s.score {from_where} "
        f"ORDER BY s.score DESC, {sort_name} ASC, d.kind ASC, "
        "COALESCE(d.initiative_id, d.organisation_id) ASC LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        rows = cursor.fetchall()
    return [
        _RankedDocument(
            pk=pk, kind=kind, object_id=initiative_id or organisation_id, title=title, score=int(score)
        )
        for pk, kind, initiative_id, organisation_id, title, score in rows
    ]


def _ranked_count(expansions: list[TermExpansion], *, kinds: list[str]) -> int:
    from_where, params = _ranked_from(expansions, kinds)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) {from_where}", params)
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def _matches(
    expansions: list[TermExpansion], postings: list[tuple[int, str, str, int]]
) -> tuple[SearchMatch, ...]:
    """The best posting per query word, from one document's (token id, text, field, weight) rows."""
    matches: list[SearchMatch] = []
    for expansion in expansions:
        candidates = [
            SearchMatch(
                term=expansion.term,
                token=text,
                field=SearchField(field),
                match=expansion.tokens[token_id],
                score=weight * MATCH_WEIGHTS[expansion.tokens[token_id]],
            )
            for token_id, text, field, weight in postings
            if token_id in expansion.tokens
        ]
        if candidates:
            matches.append(min(candidates, key=lambda match: (-match.score, match.token)))
    return tuple(matches)


def search(
    *,
    query: str,
    kinds: Sequence[str] = ALL_KINDS,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> SearchResults:
    """Publicly findable initiatives (published ones) and organisations that match ``query``,
    best first. An empty query, or one without searchable words, finds nothing."""
    if not kinds or any(kind not in SearchKind.values for kind in kinds):
        raise ValueError(f"kinds must be a non-empty selection of {', '.join(SearchKind.values)}.")
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between 1 and {MAX_LIMIT}.")
    if offset < 0:
        raise ValueError("offset cannot be negative.")
    terms = query_terms(query)
    expansions = _terms_expand(terms)
    if expansions is None:
        return SearchResults(query=query, terms=terms, hits=(), total=0, limit=limit, offset=offset)

    selected = sorted(set(kinds))
    page = _ranked_documents(expansions, kinds=selected, limit=limit, offset=offset)
    # A page that is not full, and not past the end, tells the total without counting.
    if len(page) < limit and (page or not offset):
        count = offset + len(page)
    else:
        count = _ranked_count(expansions, kinds=selected)
    postings: dict[int, list[tuple[int, str, str, int]]] = defaultdict(list)
    if page:
        for document_id, token_id, text, field, weight in SearchPosting.objects.filter(
            document__in=[document.pk for document in page], token__in=_all_token_ids(expansions)
        ).values_list("document_id", "token_id", "token__text", "field", "weight"):
            postings[document_id].append((token_id, text, field, weight))

    hits = [
        SearchHit(
            kind=SearchKind(document.kind),
            object_id=document.object_id,
            title=document.title,
            score=document.score,
            matches=_matches(expansions, postings[document.pk]),
        )
        for document in page
    ]
    return SearchResults(query=query, terms=terms, hits=tuple(hits), total=count, limit=limit, offset=offset)


def initiative_queryset_search(*, queryset: _InitiativeQuerySet, query: str) -> _InitiativeQuerySet:
    """The initiatives of ``queryset`` that match ``query``, annotated with ``search_score`` and
    ordered by it (ties: folded name, then id), scored as in ``search``.

    The caller decides what may be found: pass ``Initiative.objects.published()`` for the public.
    Further filters and slices can be chained; an empty query gives an empty queryset.
    """
    expansions = query_expand(query)
    if expansions is None:
        return queryset.none()
    # The matches come from the postings of the query words, as in `search`, rather than from
    # joining every initiative of the queryset to all its postings: the work follows the matches.
    scores = _document_scores(expansions)
    matching = SearchDocument.objects.filter(kind=SearchKind.INITIATIVE, pk__in=scores.values("document"))
    score = Subquery(
        scores.filter(document=OuterRef("search_document")).values("score"), output_field=IntegerField()
    )
    return (
        queryset.filter(pk__in=matching.values("initiative"))
        .annotate(search_score=score)
        .order_by("-search_score", _binary("search_document__sort_name"), "pk")
    )


def initiative_scores_search(*, query: str) -> list[tuple[int, int]]:
    """(initiative id, score) of every public initiative that matches ``query``, scored as in ``search``,
    in one query and unordered: for callers that filter, count and order the matches themselves (the
    result index). An empty or stop-word-only query matches nothing."""
    expansions = query_expand(query)
    if expansions is None:
        return []
    from_where, params = _ranked_from(expansions, [SearchKind.INITIATIVE])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT d.initiative_id, s.score {from_where}", params)
        return [(initiative_id, score) for initiative_id, score in cursor.fetchall()]
