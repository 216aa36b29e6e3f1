"""Similar news: how two articles are compared, and how the stored lists stay fresh.

Representation. A published article becomes a vector over the terms of its
edition (related.text: case folding, stop words, Snowball stems for English
and Russian, Latin-script folding for Uzbek):

    w(t) = (1 + ln c(t)) * idf(t)       c(t) = 3 * in title + 2 * in lead + 1 * in body
    idf(t) = ln((N + 1) / (df(t) + 1)) + 1

over the N indexed articles of the edition. Terms in more than a tenth of
them (df > max(20, N/10)) carry almost no weight and are left out, as are all
but the 100 heaviest terms; the vector is scaled to unit length, so the dot
product of two vectors is their cosine similarity ``text``.

Score of a candidate b for article a (same edition, published, not a):

    S = (text + 0.03 * min(shared tags, 3) + 0.03 * same category)
        * (0.9 + 0.1 * exp(-|days between them| / 7))

Candidates are the articles that share one of the article's index terms
(its 40 heaviest terms among those found in at most 200 articles or 1% of
the edition, whichever is more); a candidate needs text >= 0.05. Of two equally similar stories the one
closer in time wins; the freshness factor never moves a story by more
than a tenth of its score.

Copies (related.copies): most of the shorter text's word shingles found in
the other, i.e. the same story published twice, rewritten, or one wire text
run twice. Such a b is never in a's list, and a list never holds two items
that are copies of each other (the higher-scored one stays). Another outlet's
report of the same event is no copy: its high text similarity puts it first.
Only pairs with text >= 0.2 are compared by their shingles (a copy shares its
terms too), so most pairs cost one cosine.

Lists hold the top k + 2 (pins first, in the editor's order, then the best
scores); the page shows the first k that are visible now, so a scheduled or
withdrawn article never leaves a gap. When fewer than that are similar
enough, the list is filled with the newest of the article's section, then
of its edition when the section is too small (never a copy of the article or
of another item, the article itself or an excluded one), marked as filled.
"""

import heapq
import math
from dataclasses import dataclass, field
from datetime import datetime

from . import copies

MAX_TERMS = 100
INDEX_TERMS = 40  # the heaviest terms of a vector that are searchable (postings)
RARE_SHARE = 0.01  # ...among those in at most 1% of the edition (at least 200 articles)
RARE_FLOOR = 200
COMMON_SHARE = 0.10
COMMON_FLOOR = 20
MIN_TEXT = 0.05
NEAR_DUPLICATE = 0.45  # text at or above which two articles without shingle sketches count as copies
COPY_TEXT = 0.2  # below it two articles are never copies (their shingles are not compared)
TAG_BONUS = 0.03
MAX_SHARED_TAGS = 3
CATEGORY_BONUS = 0.03
FRESHNESS_SHARE = 0.1
FRESHNESS_DAYS = 7.0
SPARE = 2


@dataclass
class Doc:
    id: int
    category_id: int
    published_at: datetime
    tag_ids: frozenset = frozenset()
    vector: dict = field(default_factory=dict)
    sketch: bytes = b""
    shingles: int = 0


def idf(df: int, total: int) -> float:
    return math.log((total + 1) / (df + 1)) + 1


def common_limit(total: int) -> int:
    """Terms in more documents than this are left out of vectors."""
    return max(COMMON_FLOOR, int(total * COMMON_SHARE))


def vector(counts: dict, df: dict, total: int) -> dict:
    """Unit TF-IDF vector {term: weight} of the heaviest terms. ``df`` counts this article too."""
    limit = common_limit(total)
    weights = {
        term: (1 + math.log(count)) * idf(df[term], total) for term, count in counts.items() if df.get(term, 0) <= limit
    }
    heaviest = heapq.nsmallest(MAX_TERMS, weights.items(), key=lambda item: (-item[1], str(item[0])))
    norm = math.sqrt(sum(weight * weight for _term, weight in heaviest)) or 1.0
    return {term: round(weight / norm, 6) for term, weight in heaviest}


def index_terms(weights: dict, df: dict, total: int) -> dict:
    """The terms that find candidates: the heaviest of the vector among the rarer ones.

    Candidates are articles sharing such a term; a common term would make every
    search read a large share of the archive.
    """
    limit = max(RARE_FLOOR, int(total * RARE_SHARE))
    rare = [(term, weight) for term, weight in weights.items() if df.get(term, 0) <= limit]
    return dict(sorted(rare, key=lambda item: -item[1])[:INDEX_TERMS])


def cosine(a: dict, b: dict) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(term, 0.0) for term, weight in a.items())


def score(a: Doc, b: Doc, text: float) -> float:
    shared = min(len(a.tag_ids & b.tag_ids), MAX_SHARED_TAGS)
    base = text + TAG_BONUS * shared + CATEGORY_BONUS * (a.category_id == b.category_id)
    days = abs((a.published_at - b.published_at).total_seconds()) / 86400
    return round(base * (1 - FRESHNESS_SHARE + FRESHNESS_SHARE * math.exp(-days / FRESHNESS_DAYS)), 6)


def ranked(a: Doc, candidates: list[tuple[Doc, float]]) -> list[tuple[Doc, float, float]]:
    """[(doc, score, text)] best first; ties go to the newer story, then the higher id."""
    scored = [(b, score(a, b, text), text) for b, text in candidates if b.id != a.id and text >= MIN_TEXT]
    scored.sort(key=lambda row: (-row[1], -row[0].published_at.timestamp(), -row[0].id))
    return scored


def are_copies(a: Doc, b: Doc, text: float) -> bool:
    """Whether ``b`` is a copy of ``a`` (``text``: their cosine): by their shingles, or, for an
    article indexed before shingles were kept, by a text cosine of NEAR_DUPLICATE."""
    if text < COPY_TEXT:
        return False
    if not (a.shingles and b.shingles):
        return text >= NEAR_DUPLICATE
    return copies.are_copies(bytes(a.sketch), a.shingles, bytes(b.sketch), b.shingles)


def choose(
    a: Doc,
    scored: list[tuple[Doc, float, float]],
    *,
    size: int,
    pins: list[int] = (),
    excluded: set = frozenset(),
    similarity=None,
    copy=None,
) -> list[tuple[int, float, bool, bool]]:
    """The stored list: [(article id, score, pinned, filled)], pins first, no copies.

    ``similarity(b, c)`` gives the text cosine of two candidates (default: from their vectors);
    ``copy(b, c, text)`` tells copies as ``are_copies`` does (the rebuild passes one that reads
    figures it computed for many pairs at once).
    """
    similarity = similarity or (lambda b, c: cosine(b.vector, c.vector))
    copy = copy or are_copies
    chosen = [(pin, 0.0, True, False) for pin in pins if pin != a.id][:size]
    kept: list[Doc] = []
    skip = set(pins) | set(excluded) | {a.id}
    for b, value, text in scored:
        if len(chosen) >= size:
            break
        if b.id in skip or copy(a, b, text):
            continue
        if any(copy(b, other, similarity(b, other)) for other in kept):
            continue
        kept.append(b)
        chosen.append((b.id, value, False, False))
    return chosen


def fill(
    a: Doc,
    chosen: list,
    newest: list[Doc],
    *,
    size: int,
    kept: list[Doc],
    excluded: set = frozenset(),
    similarity=None,
) -> list[tuple[int, float, bool, bool]]:
    """``chosen`` filled up to ``size`` from ``newest`` (the section's newest, then the edition's,
    newest first; read only as far as needed): never ``a``, an excluded article, one already there,
    or a copy of ``a``, of a similar item (``kept``) or of an item filled before it.
    ``similarity`` as for ``choose``."""
    similarity = similarity or (lambda b, c: cosine(b.vector, c.vector))
    taken = {item[0] for item in chosen} | set(excluded) | {a.id}
    filled = list(chosen)
    shown = [a, *kept]
    for b in newest:
        if len(filled) >= size:
            break
        if b.id in taken or any(are_copies(b, other, similarity(b, other)) for other in shown):
            continue
        taken.add(b.id)
        shown.append(b)
        filled.append((b.id, 0.0, False, True))
    return filled
