"""Full-text search of one edition.

On PostgreSQL: a weighted tsvector (title A, lead B, body C) in the
edition's text-search configuration, kept in ``Article.search_vector`` by a
trigger and found through a GIN index, ranked by ts_rank, newest first among
equals; ``websearch`` syntax ("quoted phrase", -word, or). A word common
enough to match thousands of articles ranks only its DEPTH newest matches:
ranking reads every ranked article's document, and a reader wants this
year's story on a common word before an older one (a rarer word finds
that). Words are first looked for among the edition's RECENT newest
articles, which the date index marks out, so a common word's thousands of
older matches are never read; with fewer than ENOUGH matches there, the
whole archive is searched. Elsewhere (SQLite): every word must appear in
the title or the text, compared case-folded against the copies
``Article.save`` keeps; a word in the title weighs three times one in the
text.

Results are sorted by relevance (as above) or by date, newest first, and
may be narrowed to one section of the edition.

A search is one query for the ranked ids of its (at most DEPTH) matches,
kept as an edition fragment, so the count, every page of the results and a
popular search asked again cost no second search; a page then reads its
cards by id. A search with fewer than SUGGEST_BELOW matches also looks, in
one more query, for the words the reader may have meant
(articles.vocabulary): kept in the same fragment.
"""

import hashlib
from collections.abc import Sequence

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils.functional import cached_property
from django.utils.translation import get_language

from caching.fragments import edition_fragment

from . import vocabulary

# Uzbek has no PostgreSQL stemmer; "simple" still folds case.
CONFIGS = {"en": "english", "ru": "russian", "uz": "simple"}
MAX_WORDS = 10
DEPTH = 1000
RECENT = 20_000
ENOUGH = 100
# A scheduled article becomes findable within this time (an edit or publish is at once).
RESULTS_SECONDS = 60
# A search with fewer matches than this offers "Did you mean …?" when one of its words is misspelt.
SUGGEST_BELOW = 5
ORDERS = ("relevance", "date")


def search_articles(queryset, query: str, language: str, *, order: str = "relevance", section=None) -> "Results":
    """The matches of ``query`` among ``queryset`` (cards of one edition), best (or newest) first,
    in ``section`` (a slug) if given."""
    edition = queryset
    if section:
        queryset = queryset.filter(category__slug=section)
    by_date = order == "date"

    def ranked() -> dict:
        if connection.vendor == "postgresql":
            ids = _postgres(queryset, query, CONFIGS.get(language, "simple"), by_date, edition)
        else:
            matches = _fallback(queryset, query)
            if by_date:
                matches = matches.order_by("-published_at", "-pk")
            ids = list(matches.values_list("pk", flat=True)[:DEPTH])
        suggestion = vocabulary.suggest(query, get_language()) if len(ids) < SUGGEST_BELOW else None
        return {"ids": ids, "suggestion": suggestion}

    digest = hashlib.sha256(f"{order}\x00{section or ''}\x00{query}".encode()).hexdigest()
    found = edition_fragment(f"search:{digest}", RESULTS_SECONDS, ranked)
    return Results(found["ids"], queryset, found["suggestion"])


def marked_words(query: str, language: str) -> list[str]:
    """The beginnings of the words a search found, to mark in headlines and leads: a word less its last
    letters where the edition's search finds other forms of it (council → councils, данными → данные),
    the word itself in Uzbek; not a word the reader excluded (-word)."""
    marks = []
    for token in query.split():
        if token.startswith("-") or token.casefold() == "or":
            continue
        for word in vocabulary.WORD.findall(token.casefold()):
            if len(word) < 2:
                continue
            if language in ("en", "ru") and len(word) > 4:
                word = word[: max(4, len(word) - 2)]
            marks.append(word)
    return list(dict.fromkeys(marks))


class Results(Sequence):
    """Ranked article ids that a paginator slices; a slice reads its cards, in rank order, in one query."""

    def __init__(self, ids: list[int], cards, suggestion: str | None = None):
        self.ids = ids
        self.cards = cards
        self.suggestion = suggestion  # the query with its misspelt words put right, or None

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        return ResultsPage(self.ids[index], self.cards)


class ResultsPage(Sequence):
    """The cards of some of the results, in rank order, read in one query when first used
    (a page whose cards' HTML is cached never reads them)."""

    def __init__(self, ids: list[int], cards):
        self.ids = ids
        self.cards = cards

    @cached_property
    def articles(self) -> list:
        found = self.cards.in_bulk(self.ids) if self.ids else {}
        # An article unpublished since the search was ranked is left out.
        return [found[pk] for pk in self.ids if pk in found]

    def __len__(self) -> int:
        return len(self.articles)

    def __getitem__(self, index):
        return self.articles[index]


def _postgres(queryset, query, config, by_date, edition) -> list[int]:
    search = SearchQuery(query, search_type="websearch", config=config)
    start = _recent_start(edition)  # the edition's, a section's search included
    if start is not None:
        # A bitmap of the recent articles (date index) ANDed with the word's (GIN index): only
        # matches in that window are read from the table.
        recent = _ranked(queryset.filter(published_at__gte=start), search, by_date)
        if len(recent) >= ENOUGH:
            return recent
    return _ranked(queryset, search, by_date)


def _ranked(queryset, search, by_date=False) -> list[int]:
    # search_vector is the weighted document (title A, lead B, body C) a trigger keeps
    # (migration 0006), searched through its GIN index instead of parsing every article.
    newest = queryset.filter(search_vector=search).order_by("-published_at", "-pk")
    if by_date:
        return list(newest.values_list("pk", flat=True)[:DEPTH])
    newest = newest.values("pk")[:DEPTH]
    ranked = (
        queryset.filter(pk__in=newest)
        .annotate(rank=SearchRank(F("search_vector"), search))
        .order_by("-rank", "-published_at", "-pk")
    )
    return list(ranked.values_list("pk", flat=True))


def _recent_start(queryset):
    """The publish time of the edition's RECENT-th newest article; None in a smaller edition."""

    def start():
        times = queryset.order_by("-published_at").values_list("published_at", flat=True)
        return [times[RECENT - 1 : RECENT].first()]

    return edition_fragment(f"search-recent-{RECENT}", 60, start)[0]


def _fallback(queryset, query):
    words = [w.strip("\"'-") for w in query.casefold().split()][:MAX_WORDS]
    words = [w for w in words if w]
    if not words:
        return queryset.none()
    score = Value(0)
    for word in words:
        queryset = queryset.filter(Q(search_title__contains=word) | Q(search_text__contains=word))
        score = score + Case(
            When(search_title__contains=word, then=Value(3)), default=Value(0), output_field=IntegerField()
        )
        score = score + Case(
            When(search_text__contains=word, then=Value(1)), default=Value(0), output_field=IntegerField()
        )
    return queryset.annotate(rank=score).order_by("-rank", "-published_at", "-pk")
