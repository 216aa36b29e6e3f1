"""Full rebuild of the index and every list, edition by edition, with sparse matrices.

The same vectors, scores and choices as the incremental path (related.engine);
only the search for candidates differs: one sparse product of the edition's
vectors against themselves, a block of rows at a time, instead of a query.
Rows are written with plain multi-row INSERTs: at 100,000 articles the ORM's
per-object cost would dominate the rebuild.
"""

import io
import itertools
import json
from array import array
from collections import namedtuple
from collections.abc import Callable
from datetime import datetime

import numpy as np
from django.db import connection, transaction
from scipy import sparse

from articles import pages
from articles.models import Article

from . import copies, engine
from .models import Document, Edition, Posting, RelatedItem, Term
from .services import _editor_choices, article_text, list_size
from .text import analysed

Row = namedtuple("Row", "pk category_id published_at sketch shingles")
BLOCK = 256  # rows per sparse product: memory grows with BLOCK x articles
CANDIDATES = 24  # per article: the best by index terms, then compared exactly
HEAD_SPARE = 3  # candidates past a list's size whose copies are told together with the list's
ROWS_PER_INSERT = 250  # SQLite allows 999 parameters a statement in old builds
ROWS_PER_COPY = 20_000
ITEMS_PER_WRITE = 20_000  # stored list rows held before they are written


@transaction.atomic
def related_rebuild(progress: Callable[[int], None] = lambda done: None) -> int:
    """Recompute everything; returns the number of lists written. ``progress(n)`` after each n articles.

    One transaction: readers keep the old lists until the new ones are all there.
    """
    for model in (RelatedItem, Posting, Document, Term, Edition):
        model.objects.all()._raw_delete(model.objects.db)
    pages.discard_all()  # every kept article page shows its old list (deleted once this commits)
    written = 0
    published = Article.objects.filter(status=Article.Status.PUBLISHED)
    for language in published.values_list("language", flat=True).distinct().order_by("language"):
        written += _rebuild_edition(language, progress)
    # Fresh statistics, so the planner reads the new lists by article, not by date.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return written


def _insert(model, columns: list[str], rows) -> None:
    """Multi-row INSERTs of plain tuples (table and column names come from the model); COPY on
    PostgreSQL, several times faster for the millions of rows of a rebuild."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    if connection.vendor == "postgresql":
        _copy(table, names, rows)
        return
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"

    def write(cursor, batch):
        statement = f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * len(batch))}"  # noqa: S608
        cursor.execute(statement, _flat(batch))

    batch = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) == ROWS_PER_INSERT:
                write(cursor, batch)
                batch = []
        if batch:
            write(cursor, batch)


def _copy(table: str, names: str, rows) -> None:
    """COPY ... FROM STDIN in PostgreSQL's text format, ROWS_PER_COPY rows at a time."""
    statement = f"COPY {table} ({names}) FROM STDIN"
    with connection.cursor() as cursor:
        for batch in _batches(rows):
            text = "".join("\t".join(map(_copy_field, row)) + "\n" for row in batch)
            cursor.copy_expert(statement, io.StringIO(text))


def _batches(rows):
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, ROWS_PER_COPY)):
        yield batch


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_field(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bytes | bytearray | memoryview):
        return "\\\\x" + bytes(value).hex()  # bytea's hex input, its backslash escaped for COPY
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    return str(value)


def _flat(rows):
    return [value for row in rows for value in row]


def _rebuild_edition(language: str, progress) -> int:
    edition = Article.objects.filter(status=Article.Status.PUBLISHED, language=language).order_by("pk")
    tags: dict[int, list[int]] = {}
    tag_rows = Article.tags.through.objects.filter(article__language=language, article__status="published")
    for article_id, tag_id in tag_rows.values_list("article_id", "tag_id"):
        tags.setdefault(article_id, []).append(tag_id)

    # Term counts of every article as one sparse matrix (articles x terms), in
    # typed arrays rather than lists of Python numbers.
    # Texts are streamed, not held: at 100,000 articles they alone take hundreds of MiB.
    vocabulary: dict[str, int] = {}
    indptr, columns, values = array("q", [0]), array("i"), array("d")
    articles = []
    fields = ("pk", "category_id", "published_at", "title", "search_title", "search_text")
    for article in edition.values_list(*fields, named=True).iterator(2000):
        title, lead, body = article_text(article)
        counts, sequence = analysed(title=title, lead=lead, body=body, language=language)
        articles.append(Row(article.pk, article.category_id, article.published_at, *copies.sketch(sequence)))
        for text, count in counts.items():
            columns.append(vocabulary.setdefault(text, len(vocabulary)))
            values.append(count)
        indptr.append(len(columns))
    total = len(articles)
    Edition.objects.create(language=language, documents=total)
    columns = np.frombuffer(columns, dtype=np.int32)
    indptr = np.frombuffer(indptr, dtype=np.int64)
    counts = np.frombuffer(values, dtype=np.float64)
    df = np.bincount(columns, minlength=len(vocabulary))
    matrix, search = _vectors(columns, counts, indptr, df, total)
    del counts

    texts = list(vocabulary)
    _insert(Term, ["language", "text", "df"], ((language, text, int(df[i])) for i, text in enumerate(texts)))
    known = dict(Term.objects.filter(language=language).values_list("text", "pk"))
    term_pk = np.array([known[text] for text in texts], dtype=np.int64)
    del known, texts, vocabulary
    _insert(
        Document,
        ["article_id", "language", "category_id", "published_at", "tag_ids", "term_ids", "vector"]
        + ["sketch", "shingles"],
        (
            (
                article.pk,
                language,
                article.category_id,
                connection.ops.adapt_datetimefield_value(article.published_at),
                json.dumps(sorted(tags.get(article.pk, []))),
                json.dumps(sorted(term_pk[columns[indptr[row] : indptr[row + 1]]].tolist())),
                json.dumps(_row_dict(matrix, row, term_pk)),
                article.sketch,
                article.shingles,
            )  # fmt: skip
            for row, article in enumerate(articles)
        ),
    )
    del columns, indptr
    # In index order, so the index grows at its end instead of everywhere.
    coo = search.tocoo()
    pks = np.array([a.pk for a in articles])
    order = np.lexsort((pks[coo.row], term_pk[coo.col]))
    _insert(Posting, ["term_id", "document_id", "weight"], _postings(coo, order, term_pk, pks))
    del coo, order

    docs = [
        engine.Doc(
            id=article.pk,
            category_id=article.category_id,
            published_at=article.published_at,
            tag_ids=frozenset(tags.get(article.pk, [])),
            sketch=article.sketch,
            shingles=article.shingles,
        )
        for article in articles
    ]
    # Each section's articles, newest first, to fill lists that have fewer similar ones than they hold.
    newest = sorted(range(len(docs)), key=lambda row: (docs[row].published_at, docs[row].id), reverse=True)
    sections: dict[int, list[int]] = {}
    for row in newest:
        sections.setdefault(docs[row].category_id, []).append(row)
    del articles
    ids = [doc.id for doc in docs]
    pins, excluded, manual = _editor_choices(ids)
    size = list_size()
    search_t = search.T.tocsr()  # once, not per block
    rows = []
    for start in range(0, len(docs), BLOCK):
        # Candidates share an index term (as the incremental query finds them) ...
        block = (search[start : start + BLOCK] @ search_t).tocsr()
        for offset in range(block.shape[0]):
            row = start + offset
            a = docs[row]
            span = slice(block.indptr[offset], block.indptr[offset + 1])
            others = block.indices[span] != row
            found, dots = block.indices[span][others], block.data[span][others]
            kept = []
            if a.id in manual or not len(found):
                chosen = engine.choose(a, [], size=size, pins=pins.get(a.id, []))
            else:
                # ... and the best of them are compared exactly, with each other too.
                best = _best(found, dots)
                members = np.concatenate(([row], best))
                part = matrix[members]
                table = (part @ part.T).toarray()
                scored = engine.ranked(a, [(docs[i], float(table[0, n + 1])) for n, i in enumerate(best)])
                place = {docs[i].id: n for n, i in enumerate(members)}
                chosen = engine.choose(
                    a,
                    scored,
                    size=size,
                    pins=pins.get(a.id, []),
                    excluded=excluded.get(a.id, set()),
                    similarity=lambda b, c, t=table, p=place: float(t[p[b.id], p[c.id]]),
                    copy=_copies_of_the_best(a, scored, size),
                )
                similar = {item[0] for item in chosen if not item[2]}
                kept = [docs[i] for i in best if docs[i].id in similar]
            if len(chosen) < size and a.id not in manual:
                chosen = _fill(a, chosen, sections[a.category_id], newest, docs, matrix, row, size, kept, excluded)
            rows.extend(
                (a.id, related, rank, value, pinned, filled)
                for rank, (related, value, pinned, filled) in enumerate(chosen)
            )
        if len(rows) >= ITEMS_PER_WRITE or start + BLOCK >= len(docs):
            _insert(RelatedItem, ["article_id", "related_id", "rank", "score", "pinned", "filled"], rows)
            rows = []
        progress(min(BLOCK, len(docs) - start))
    return len(docs)


def _copies_of_the_best(a, scored, size):
    """engine.are_copies for choose, with the shingle overlaps of ``a`` and the candidates it
    most likely takes computed together (copies.overlaps); pairs past them one at a time."""
    head = [a, *(b for b, _value, _text in scored[: size + HEAD_SPARE])]
    found = {doc.id: n for n, doc in enumerate(head)}
    overlap = copies.overlaps([doc.sketch for doc in head], [doc.shingles for doc in head])

    def copy(b, c, text):
        i, j = found.get(b.id), found.get(c.id)
        if i is None or j is None or text < engine.COPY_TEXT or not (b.shingles and c.shingles):
            return engine.are_copies(b, c, text)
        return overlap[i, j] >= copies.COPY

    return copy


def _fill(a, chosen, section, newest, docs, matrix, row, size, kept, excluded):
    """engine.fill from the section's newest, then the edition's (row numbers, newest first; enough
    to fill past the list's own items and copies), their text cosines from ``matrix`` (rows are in pk
    order, as ``docs``)."""
    wanted = 3 * size  # as services._newest_for_fill
    rows = [i for i in section[: wanted + 1] if i != row][:wanted]
    others = (i for i in newest if docs[i].category_id != a.category_id)
    rows += list(itertools.islice(others, wanted))
    place = {docs[i].id: i for i in [*rows, row]}
    place.update((doc.id, _row_of(docs, doc.id)) for doc in kept)

    def similarity(b, c):
        return float(matrix[place[b.id]].multiply(matrix[place[c.id]]).sum())

    return engine.fill(
        a,
        chosen,
        [docs[i] for i in rows],
        size=size,
        kept=kept,
        excluded=excluded.get(a.id, set()),
        similarity=similarity,
    )


def _row_of(docs, pk: int) -> int:
    """A document's row: docs are in pk order."""
    low, high = 0, len(docs)
    while low < high:
        middle = (low + high) // 2
        if docs[middle].id < pk:
            low = middle + 1
        else:
            high = middle
    return low


def _best(found, dots):
    """The CANDIDATES highest dot products, ties to the higher id (as the incremental query orders them).

    A partition, not a sort: a row can have tens of thousands of candidates.
    """
    if len(found) > CANDIDATES:
        threshold = np.partition(dots, len(dots) - CANDIDATES)[len(dots) - CANDIDATES]
        keep = dots >= threshold
        found, dots = found[keep], dots[keep]
    # Rows are in pk order, so a higher row index is a higher id.
    return found[np.lexsort((-found, -dots))[:CANDIDATES]]


def _postings(coo, order, term_pk, pks):
    """(term, document, weight) rows in ``order``, a chunk of Python numbers at a time."""
    for start in range(0, len(order), 50_000):
        part = order[start : start + 50_000]
        yield from zip(
            term_pk[coo.col[part]].tolist(), pks[coo.row[part]].tolist(),
            np.round(coo.data[part], 6).tolist(), strict=True,
        )  # fmt: skip


def _vectors(columns, counts, indptr, df, total) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """engine.vector and engine.index_terms for every row at once: (unit vectors, index terms)."""
    width = len(df)
    rows = np.repeat(np.arange(total), np.diff(indptr))
    idf = np.log((total + 1) / (df + 1)) + 1
    weight = (1 + np.log(counts)) * idf[columns]
    weight[df[columns] > engine.common_limit(total)] = 0.0
    # The MAX_TERMS heaviest of each row: sort by row, then by weight, and count within the row.
    order = np.lexsort((-weight, rows))
    rank = np.arange(len(order)) - indptr[rows[order]]
    keep = order[(rank < engine.MAX_TERMS) & (weight[order] > 0)]
    norms = np.sqrt(np.bincount(rows[keep], weights=weight[keep] ** 2, minlength=total))
    unit = np.round(weight[keep] / norms[rows[keep]], 6)
    matrix = sparse.csr_matrix((unit, (rows[keep], columns[keep])), shape=(total, width))
    matrix.sort_indices()
    # Index terms: the INDEX_TERMS heaviest among the rarer terms of each vector.
    rare = df[columns[keep]] <= max(engine.RARE_FLOOR, int(total * engine.RARE_SHARE))
    candidates = keep[rare]
    order = np.lexsort((-weight[candidates], rows[candidates]))
    starts = np.searchsorted(rows[candidates][order], np.arange(total))
    rank = np.arange(len(order)) - starts[rows[candidates][order]]
    chosen = candidates[order][rank < engine.INDEX_TERMS]
    chosen_unit = np.round(weight[chosen] / norms[rows[chosen]], 6)
    search = sparse.csr_matrix((chosen_unit, (rows[chosen], columns[chosen])), shape=(total, width))
    return matrix, search


def _row_dict(matrix, row: int, term_pk) -> dict:
    span = slice(matrix.indptr[row], matrix.indptr[row + 1])
    return dict(zip(map(str, term_pk[matrix.indices[span]].tolist()), matrix.data[span].tolist(), strict=True))
