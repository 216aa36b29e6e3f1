"""Full rebuild of the index and every list, edition by edition, with sparse matrices.

The same vectors, scores and choices as the incremental path (related.engine);
only the search for candidates differs: one sparse product of the edition's
vectors against themselves, a block of rows at a time, instead of a query.
Rows are written with plain multi-row INSERTs: at 100,000 articles the ORM's
per-object cost would dominate the rebuild.
"""

import json
from collections.abc import Callable

import numpy as np
from django.db import connection, transaction
from scipy import sparse

from articles.models import Article

from . import engine
from .models import Document, Posting, RelatedItem, Term
from .services import _editor_choices, article_text, list_size
from .text import weighted_counts

BLOCK = 256  # rows per sparse product: memory grows with BLOCK x articles
CANDIDATES = 24  # per article: the best by index terms, then compared exactly
ROWS_PER_INSERT = 250  # SQLite allows 999 parameters a statement in old builds


def related_rebuild(progress: Callable[[int], None] = lambda done: None) -> int:
    """Recompute everything; returns the number of lists written. ``progress(n)`` after each n articles."""
    with transaction.atomic():
        for model in (RelatedItem, Posting, Document, Term):
            model.objects.all()._raw_delete(model.objects.db)
    written = 0
    published = Article.objects.filter(status=Article.Status.PUBLISHED)
    for language in published.values_list("language", flat=True).distinct().order_by("language"):
        written += _rebuild_edition(language, progress)
    # Fresh statistics, so the planner reads the new lists by article, not by date.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return written


def _insert(model, columns: list[str], rows) -> None:
    """Multi-row INSERTs of plain tuples (table and column names come from the model)."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
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


def _flat(rows):
    return [value for row in rows for value in row]


def _rebuild_edition(language: str, progress) -> int:
    articles = list(
        Article.objects.filter(status=Article.Status.PUBLISHED, language=language)
        .order_by("pk")
        .values_list("pk", "title", "search_title", "search_text", "category_id", "published_at", named=True)
    )
    tags: dict[int, list[int]] = {}
    tag_rows = Article.tags.through.objects.filter(article__language=language, article__status="published")
    for article_id, tag_id in tag_rows.values_list("article_id", "tag_id"):
        tags.setdefault(article_id, []).append(tag_id)

    counts = []
    vocabulary: dict[str, int] = {}
    df: dict[int, int] = {}
    for article in articles:
        title, lead, body = article_text(article)
        found = weighted_counts(title=title, lead=lead, body=body, language=language)
        by_id = {vocabulary.setdefault(text, len(vocabulary)): count for text, count in found.items()}
        for term in by_id:
            df[term] = df.get(term, 0) + 1
        counts.append(by_id)
    total = len(articles)
    vectors = [engine.vector(by_id, df, total) for by_id in counts]
    searchable = [engine.index_terms(vec, df, total) for vec in vectors]

    with transaction.atomic():
        _insert(Term, ["language", "text", "df"], ((language, text, df[index]) for text, index in vocabulary.items()))
        term_pk = dict(Term.objects.filter(language=language).values_list("text", "pk"))
        term_pk = [term_pk[text] for text in vocabulary]
        _insert(
            Document,
            ["article_id", "language", "category_id", "published_at", "tag_ids", "term_ids", "vector"],
            (
                (
                    article.pk,
                    language,
                    article.category_id,
                    connection.ops.adapt_datetimefield_value(article.published_at),
                    json.dumps(sorted(tags.get(article.pk, []))),
                    json.dumps(sorted(term_pk[term] for term in by_id)),
                    json.dumps({str(term_pk[term]): weight for term, weight in vec.items()}),
                )  # fmt: skip
                for article, by_id, vec in zip(articles, counts, vectors, strict=True)
            ),
        )
        # In index order, so the index grows at its end instead of everywhere.
        postings = sorted(
            (term_pk[term], article.pk, weight)
            for article, index in zip(articles, searchable, strict=True)
            for term, weight in index.items()
        )
        _insert(Posting, ["term_id", "document_id", "weight"], postings)
        del postings

    docs = [
        engine.Doc(
            id=article.pk,
            category_id=article.category_id,
            published_at=article.published_at,
            tag_ids=frozenset(tags.get(article.pk, [])),
            vector=vec,
        )
        for article, vec in zip(articles, vectors, strict=True)
    ]
    matrix = _matrix(vectors, len(vocabulary))
    search = _matrix(searchable, len(vocabulary))
    search_t = search.T.tocsr()  # once, not per block
    ids = [doc.id for doc in docs]
    pins, excluded, manual = _editor_choices(ids)
    size = list_size()
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
            if a.id in manual or not len(found):
                chosen = engine.choose(a, [], size=size, pins=pins.get(a.id, []))
            else:
                # ... and the best of them are compared exactly, with each other too.
                best = found[np.argsort(-dots, kind="stable")[:CANDIDATES]]
                members = np.concatenate(([row], best))
                table = (matrix[members] @ matrix[members].T).toarray()
                scored = engine.ranked(a, [(docs[i], float(table[0, n + 1])) for n, i in enumerate(best)])
                place = {docs[i].id: n for n, i in enumerate(members)}
                chosen = engine.choose(
                    a,
                    scored,
                    size=size,
                    pins=pins.get(a.id, []),
                    excluded=excluded.get(a.id, set()),
                    similarity=lambda b, c, t=table, p=place: float(t[p[b.id], p[c.id]]),
                )
            rows.extend((a.id, related, rank, value, pinned) for rank, (related, value, pinned) in enumerate(chosen))
        progress(min(BLOCK, len(docs) - start))
    with transaction.atomic():
        _insert(RelatedItem, ["article_id", "related_id", "rank", "score", "pinned"], rows)
    return len(docs)


def _matrix(vectors: list[dict], width: int) -> sparse.csr_matrix:
    indptr = [0]
    indices, data = [], []
    for vec in vectors:
        indices.extend(vec.keys())
        data.extend(vec.values())
        indptr.append(len(indices))
    return sparse.csr_matrix(
        (np.array(data, dtype=np.float32), np.array(indices, dtype=np.int32), np.array(indptr, dtype=np.int64)),
        shape=(len(vectors), width),
    )
