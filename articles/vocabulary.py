"""Each edition's vocabulary, and the words a reader most likely meant when a search word is not in it.

The vocabulary is the words of the edition's published titles and leads, in the edition's own script
(the Uzbek Cyrillic edition has the Cyrillic copies' words), each with the number of articles it is
in: the ``SearchWord`` table. Words are added as soon as an article is published or edited
(``article_published``); ``rebuild`` counts them afresh and forgets the words of articles no longer
public (the ``rebuild_vocabulary`` command, hourly in production: a word of a story that was
unpublished may be suggested until then, a scheduled story's words only once it is out).

``suggest`` reads, in one query, the known words near each word of a search: on PostgreSQL every
word one edit away (looked up exactly) and, for a longer word, its nearest by trigram distance
(pg_trgm, a GiST index); elsewhere those of about the same length. Among them, a word at the smallest
edit distance (a letter wrong, missing, doubled or two swapped counts one) wins, the more common
first.
"""

import re
from collections import Counter

from django.db import connection, transaction
from django.utils import timezone

from .editions import CYRILLIC

# A word: letters, with the apostrophes Uzbek writes inside words (o‘zbek, ma’lumot, sur'at).
WORD = re.compile(r"[^\W\d_]+(?:['‘’ʻʼ`][^\W\d_]+)*")
MIN_LENGTH = 3
MAX_LENGTH = 40
# The known words read for each search word on PostgreSQL, the nearest first.
NEAREST = 40
# At most this many words of a search are looked at.
MAX_WORDS = 6
# An import of more articles than this counts the words afresh.
RECOUNT_AFTER = 50


def words(text: str) -> set[str]:
    return {w for w in WORD.findall(text.casefold()) if MIN_LENGTH <= len(w) <= MAX_LENGTH}


def edition_words(article) -> dict[str, set[str]]:
    """The words ``article`` brings to each edition that shows it."""
    found = {article.language: words(f"{article.title}\n{article.lead}")}
    if article.language == "uz":
        found[CYRILLIC] = words(f"{article.title_cyrl}\n{article.lead_cyrl}")
    return found


def article_published(article) -> None:
    """A public article's words are known at once (a new name is suggested from its first search)."""
    from .models import SearchWord

    if not article.is_public:
        return
    rows = [
        SearchWord(edition=edition, word=word) for edition, found in edition_words(article).items() for word in found
    ]
    SearchWord.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)


def articles_published(article_ids: list[int]) -> None:
    """The words of imported articles (those public now), in one insert per thousand articles; a large
    import counts every word afresh (its counts rank the suggestions)."""
    from .models import Article, SearchWord

    if len(article_ids) > RECOUNT_AFTER:
        rebuild()
        return

    public = Article.objects.published().filter(pk__in=article_ids)
    rows = {}
    for article in public.only("language", "title", "lead", "title_cyrl", "lead_cyrl").iterator(chunk_size=1000):
        for edition, found in edition_words(article).items():
            for word in found:
                rows[edition, word] = SearchWord(edition=edition, word=word)
    SearchWord.objects.bulk_create(rows.values(), ignore_conflicts=True, batch_size=1000)


def rebuild(article_model=None, word_model=None) -> int:
    """Count every edition's words afresh from what is public now; returns how many words are known."""
    if article_model is None:
        from .models import Article as article_model
        from .models import SearchWord as word_model
    counts: dict[str, Counter] = {}
    public = article_model.objects.filter(status="published", published_at__lte=timezone.now())
    for article in public.only("language", "title", "lead", "title_cyrl", "lead_cyrl").iterator(chunk_size=2000):
        for edition, found in edition_words(article).items():
            counts.setdefault(edition, Counter()).update(found)
    rows = [
        word_model(edition=edition, word=word, articles=number)
        for edition, counter in counts.items()
        for word, number in counter.items()
    ]
    with transaction.atomic():
        word_model.objects.all().delete()
        word_model.objects.bulk_create(rows, batch_size=2000)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Fresh statistics, so that the planner looks words up in the unique index, not the trigram one.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {word_model._meta.db_table}")
    return len(rows)


def distance(a: str, b: str, limit: int) -> int:
    """The edit distance of ``a`` and ``b`` (a swap of two neighbours counts one); ``limit + 1`` once
    it is sure to be more than ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before, row = None, list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, y in enumerate(b, start=1):
            cost = x != y
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost)
            if before is not None and i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, row = row, current
    return row[-1]


RUSSIAN_ENDINGS = set("аяоеёуюыийьмхвгт")
ENGLISH_ENDINGS = ("'s", "’s", "ies", "es", "s", "ed", "ing")


def _english_stem(word: str) -> str:
    for ending in ENGLISH_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)] + ("y" if ending == "ies" else "")
    return word


def same_word(word: str, known: str, edition: str) -> bool:
    """Is ``word`` a form of the known word ``known``, which the edition's search finds as it? English
    and Russian search by stems (council finds councils, линии finds линию); Uzbek by the whole word."""
    if word == known:
        return True
    if edition == "en":
        return _english_stem(word) == _english_stem(known)
    if edition == "ru":
        # Russian words change their endings: the same beginning, then at most three letters that
        # endings are made of (линии, линию; данными, данные), is one word. Another letter there is a typo.
        shared = next(
            (i for i, (a, b) in enumerate(zip(word, known, strict=False)) if a != b), min(len(word), len(known))
        )
        tails = word[shared:], known[shared:]
        return shared >= 4 and all(len(t) <= 3 and set(t) <= RUSSIAN_ENDINGS for t in tails)
    return False


def allowed(word: str) -> int:
    """How many letters may be wrong: one in a short word, two in a longer one."""
    return 1 if len(word) <= 5 else 2


def suggest(query: str, edition: str) -> str | None:
    """``query`` with its words that no published title or lead has replaced by the nearest that one
    has; None when every word is known or none has a near one. One query."""
    tokens = WORD.findall(query.casefold())
    asked = list(dict.fromkeys(t for t in tokens if MIN_LENGTH <= len(t) <= MAX_LENGTH))[:MAX_WORDS]
    if not asked:
        return None
    candidates = _candidates(asked, edition)
    replacements = {}
    for index, word in enumerate(asked):
        known = candidates.get(index, [])
        if any(same_word(word, candidate, edition) for candidate, _ in known):
            continue
        limit = allowed(word)
        scored = [(distance(word, candidate, limit), -number, candidate) for candidate, number in known]
        best = min((s for s in scored if s[0] <= limit), default=None)
        if best is not None:
            replacements[word] = best[2]
    if not replacements:
        return None
    # The reader's own words and their order, the unknown ones replaced.
    return WORD.sub(lambda m: replacements.get(m.group(0).casefold(), m.group(0)), query)


LATIN = "abcdefghijklmnopqrstuvwxyz‘ʼ'"
CYRILLIC_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяўқғҳ"


def neighbours(word: str) -> set[str]:
    """Every string one edit from ``word`` (a letter dropped, added, replaced, or two swapped), in the
    word's own alphabet: about 70 per letter, each looked up exactly (the unique index)."""
    letters = CYRILLIC_LETTERS if any("а" <= c <= "я" or c in "ёўқғҳ" for c in word) else LATIN
    found = set()
    for i in range(len(word) + 1):
        head, tail = word[:i], word[i:]
        found.update(head + c + tail for c in letters)
        if tail:
            found.add(head + tail[1:])
            found.update(head + c + tail[1:] for c in letters)
            if len(tail) > 1:
                found.add(head + tail[1] + tail[0] + tail[2:])
    found.discard(word)
    return {w for w in found if MIN_LENGTH <= len(w) <= MAX_LENGTH}


def _candidates(asked: list[str], edition: str) -> dict[int, list[tuple[str, int]]]:
    """Known words near each asked one, in one query. On PostgreSQL: the word itself and every word one
    edit away (exact lookups), and for a longer word its nearest by trigram distance, for two edits
    (pg_trgm's GiST index; trigrams alone miss a swap in a short word: "tarm" shares one with "tram").
    SQLite reads the words of about the same length."""
    table = "articles_searchword"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            parts, params = [], []
            for index, word in enumerate(asked):
                # The word itself and every word one edit away, looked up exactly (the unique index) ...
                close = [word, *neighbours(word)]
                parts.append(
                    f"(SELECT {index} AS n, word, articles FROM {table} WHERE edition = %s AND word = ANY(%s))"  # noqa: S608 - constants only
                )
                params += [edition, close]
                if allowed(word) > 1:
                    # ... and for a longer word none of those is known, the nearest by trigram distance
                    # (pg_trgm's GiST index), for two edits. The NOT EXISTS is checked once: when one
                    # edit finds a word, the index is not walked at all.
                    parts.append(
                        f"(SELECT {index} AS n, word, articles FROM {table} WHERE edition = %s AND NOT EXISTS"  # noqa: S608
                        f" (SELECT 1 FROM {table} WHERE edition = %s AND word = ANY(%s))"
                        f" ORDER BY word <-> %s LIMIT {NEAREST})"
                    )
                    params += [edition, edition, close, word]
            # The exact lookups go to the unique index: a bitmap scan would take the (smaller) trigram
            # index, which can answer "=" too, but a thousand times slower. SET LOCAL lasts for this
            # statement's implicit transaction (to the end of an enclosing one, such as a test's).
            cursor.execute("SET LOCAL enable_bitmapscan = off; " + " UNION ALL ".join(parts), params)
            found: dict[int, list[tuple[str, int]]] = {}
            for index, word, number in cursor.fetchall():
                found.setdefault(index, []).append((word, number))
            return found
        shortest = min(len(w) for w in asked) - 2
        longest = max(len(w) for w in asked) + 2
        cursor.execute(
            f"SELECT word, articles FROM {table} WHERE edition = %s AND length(word) BETWEEN %s AND %s",  # noqa: S608
            [edition, shortest, longest],
        )
        rows = cursor.fetchall()
    return {
        index: [(w, n) for w, n in rows if abs(len(w) - len(word)) <= allowed(word)] for index, word in enumerate(asked)
    }
