"""Text analysis for search: folding, words, stems, lookup keys and the weights of a match.

The index and the query go through the same functions, so both sides always see the same words.
Everything here is plain Python without the database: it is what makes SQLite and PostgreSQL give
the same results (see docs/adr/0006-search.md).

A *token* is a maximal run of ``[a-z0-9]`` in the folded text: lower case, diacritics removed
("Fryslân" -> "fryslan"), a few letters without a decomposition spelled out ("ø" -> "o").
Everything else separates words, so "AI-lab" is "ai" and "lab", and an emoji is a space.
"""

import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache

import snowballstemmer  # type: ignore[import-untyped]

from .choices import MatchKind, SearchField, TokenKeyKind

MIN_TOKEN_LENGTH = 2
MAX_TOKEN_LENGTH = 40
# A query word takes part in prefix matching from this length, in compound-part matching from the
# next, and is forgiven one typing error from the one after: shorter words match far too much.
MIN_PREFIX_LENGTH = 3
MIN_PART_LENGTH = 4
MIN_TYPO_LENGTH = 5
MAX_QUERY_LENGTH = 200
MAX_QUERY_TERMS = 6

# How much a word counts where it is found, and how it matched. A match scores the product. The
# field steps are larger than the match steps (10/3 and 3/1 > 10/6), so a word in the name always
# outweighs the same word in the summary, whatever the kind of match.
FIELD_WEIGHTS: Mapping[str, int] = {
    SearchField.NAME: 10,
    SearchField.SUMMARY: 3,
    SearchField.TERMS: 3,
    SearchField.PLACE: 1,
    SearchField.DESCRIPTION: 1,
}
MATCH_WEIGHTS: Mapping[str, int] = {
    MatchKind.EXACT: 10,
    MatchKind.STEM: 9,
    MatchKind.PREFIX: 8,
    MatchKind.PART: 7,
    MatchKind.TYPO: 6,
}

# Function words that would put almost every record in the result and make the posting lists
# huge; they are neither indexed nor searched. "it" (informatietechnologie) is deliberately absent.
STOP_WORDS = frozenset(
    {
        # Dutch
        "aan", "als", "bij", "dat", "de", "die", "dit", "door", "een", "en", "er", "het", "hun",
        "in", "is", "je", "met", "naar", "niet", "of", "om", "ook", "op", "over", "te", "tot",
        "uit", "van", "voor", "wordt", "worden", "zich", "zijn",
        # English
        "an", "and", "are", "as", "at", "be", "by", "for", "from", "on", "or", "the", "this",
        "to", "with",
    }
)  # fmt: skip

_TRANSLITERATION = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th"})
_WORD = re.compile(r"[a-z0-9]+")
_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower case without diacritics: ``fold("Beëindigd in Fryslân")`` is "beeindigd in fryslan"."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char)).translate(_TRANSLITERATION)


def sort_name(name: str) -> str:
    """The name as ties in the ranking are ordered: folded, single spaces."""
    return _SPACES.sub(" ", fold(name)).strip()


def words(text: str) -> list[str]:
    """The searchable words of a text, in order, with repeats: tokens without stop words."""
    return [
        token
        for token in _WORD.findall(fold(text))
        if MIN_TOKEN_LENGTH <= len(token) <= MAX_TOKEN_LENGTH and token not in STOP_WORDS
    ]


def query_terms(query: str) -> tuple[str, ...]:
    """The words a query searches for: the first ``MAX_QUERY_TERMS`` distinct ones."""
    if len(query) > MAX_QUERY_LENGTH:
        # Cut an overlong query before its last, possibly partial, word.
        query = query[: MAX_QUERY_LENGTH + 1].rsplit(maxsplit=1)[0]
    return tuple(dict.fromkeys(words(query)))[:MAX_QUERY_TERMS]


def document_tokens(fields: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Every word of a record with the heaviest field it occurs in, from (field, text) pairs."""
    best: dict[str, str] = {}
    for field, text in fields:
        for token in words(text):
            current = best.get(token)
            if current is None or FIELD_WEIGHTS[field] > FIELD_WEIGHTS[current]:
                best[token] = field
    return best


class _Stemmers(threading.local):
    # Snowball stemmers keep state while they work: one pair per thread.
    def __init__(self) -> None:
        self.dutch = snowballstemmer.stemmer("dutch")
        self.english = snowballstemmer.stemmer("english")


_stemmers = _Stemmers()


@lru_cache(maxsize=65536)
def stems(token: str) -> tuple[str, str]:
    """The Dutch and the English Snowball stem of a token: "opleidingen" -> ("opleid", ...)."""
    if token.isdigit():
        return token, token
    dutch: str = _stemmers.dutch.stemWord(token)
    english: str = _stemmers.english.stemWord(token)
    return dutch[:MAX_TOKEN_LENGTH], english[:MAX_TOKEN_LENGTH]


def deletions(token: str) -> set[str]:
    """The token with one character left out, each way: "data" -> {"ata", "dta", "daa", "dat"}."""
    return {token[:index] + token[index + 1 :] for index in range(len(token))}


def token_keys(token: str) -> list[tuple[str, str]]:
    """The lookup keys stored for a vocabulary token, as (kind, key) pairs.

    * deletion keys, for tokens that a query word of ``MIN_TYPO_LENGTH`` or more characters can be
      one typo away from: the token itself and the token with one character left out. The query
      word or one of its own deletions equals one of these keys exactly when the two words are at
      most one insertion, deletion, substitution or transposition apart (or two edits that share a
      deletion, which the distance check then drops): one lookup, ``key IN (...)``;
    * proper suffixes of ``MIN_PART_LENGTH`` or more characters, so that the start of a compound
      part ("secur") is an indexed prefix lookup ("security" is a suffix of "cybersecurity").
    """
    keys: list[tuple[str, str]] = []
    if len(token) >= MIN_TYPO_LENGTH - 1:
        # A shorter token can only be a query word with one character left out.
        deletion_keys = {token} | deletions(token) if len(token) >= MIN_TYPO_LENGTH else {token}
        keys += [(TokenKeyKind.DELETION, key) for key in sorted(deletion_keys)]
    if len(token) >= MIN_TYPO_LENGTH:
        keys += [(TokenKeyKind.SUFFIX, token[start:]) for start in range(1, len(token) - MIN_PART_LENGTH + 1)]
    return keys


def within_one_edit(first: str, second: str) -> bool:
    """Whether two words are at most one insertion, deletion, substitution or adjacent
    transposition apart (restricted Damerau-Levenshtein distance <= 1)."""
    if first == second:
        return True
    if abs(len(first) - len(second)) > 1:
        return False
    if len(first) == len(second):
        differences = [index for index, (a, b) in enumerate(zip(first, second, strict=True)) if a != b]
        if len(differences) == 1:
            return True
        return (
            len(differences) == 2
            and differences[1] == differences[0] + 1
            and first[differences[0]] == second[differences[1]]
            and first[differences[1]] == second[differences[0]]
        )
    shorter, longer = sorted((first, second), key=len)
    index = next(
        (position for position, char in enumerate(shorter) if char != longer[position]), len(shorter)
    )
    return shorter[index:] == longer[index + 1 :]


def prefix_upper_bound(prefix: str) -> str | None:
    """The smallest token after every token that starts with ``prefix`` (tokens use ``[a-z0-9]``),
    so a prefix becomes an index range: "rotterd" -> "rottere", "ab9" -> "aba", "az" -> "b"."""
    chars = list(prefix)
    while chars:
        position = _ALPHABET.find(chars[-1])
        if 0 <= position < len(_ALPHABET) - 1:
            chars[-1] = _ALPHABET[position + 1]
            return "".join(chars)
        chars.pop()
    return None
