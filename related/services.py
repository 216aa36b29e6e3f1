"""Keeping the index and the stored lists up to date.

``related_refresh(article)`` is called after an article is saved, published
or unpublished; its work grows with the articles involved (the article's
candidates and the lists it enters or leaves), never with the archive.
``related_rebuild()`` recomputes everything (after a bulk import).
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, FloatField, Sum, Value, When

from articles import pages
from articles.models import Article

from . import copies, engine
from .models import Document, Edition, Posting, RelatedExclusion, RelatedItem, RelatedPin, Term
from .text import analysed

QUERY_TERMS = engine.INDEX_TERMS  # the article's index terms find its candidates
CANDIDATES = 30  # scored exactly, best first
ENTER = 30  # the most similar candidates whose lists a changed article may enter


def list_size() -> int:
    return settings.RELATED_COUNT + engine.SPARE


def article_text(article: Article) -> tuple[str, str, str]:
    """(title, lead, body text) from the case-folded copies the article keeps."""
    lead_and_body = article.search_text or ""
    lead, _sep, body = lead_and_body.rpartition("\n")
    return article.search_title or article.title.casefold(), lead, body


def as_doc(document: Document) -> engine.Doc:
    return engine.Doc(
        id=document.article_id,
        category_id=document.category_id,
        published_at=document.published_at,
        tag_ids=frozenset(document.tag_ids),
        vector=document.vector,
        sketch=bytes(document.sketch),
        shingles=document.shingles,
    )


@transaction.atomic
def related_index(article: Article) -> Document:
    """(Re)index a published article: its terms, document frequencies, vector and postings."""
    title, lead, body = article_text(article)
    counts, sequence = analysed(title=title, lead=lead, body=body, language=article.language)
    sketch, shingles = copies.sketch(sequence)
    terms = _term_ids(article.language, counts)
    old = Document.objects.filter(pk=article.pk).first()
    old_ids = set(old.term_ids) if old else set()
    new_ids = set(terms.values())
    if new_ids - old_ids:
        Term.objects.filter(pk__in=new_ids - old_ids).update(df=F("df") + 1)
    if old_ids - new_ids:
        Term.objects.filter(pk__in=old_ids - new_ids).update(df=F("df") - 1)
    moved = old is not None and old.language != article.language  # an editor changed the edition
    if moved:
        _edition_size(old.language, shrink=True)
    total = _edition_size(article.language, grow=old is None or moved)  # N, counting this article
    df = dict(Term.objects.filter(pk__in=new_ids).values_list("pk", "df"))
    weights = engine.vector({terms[text]: count for text, count in counts.items()}, df, total)
    document, _created = Document.objects.update_or_create(
        article=article,
        defaults={
            "language": article.language,
            "category_id": article.category_id,
            "published_at": article.published_at,
            "tag_ids": sorted(article.tags.values_list("pk", flat=True)),
            "term_ids": sorted(new_ids),
            "vector": {str(term): weight for term, weight in weights.items()},
            "sketch": sketch,
            "shingles": shingles,
        },
    )
    Posting.objects.filter(document=document).delete()
    searchable = engine.index_terms(weights, df, total)
    Posting.objects.bulk_create(Posting(document=document, term_id=term, weight=w) for term, w in searchable.items())
    return document


def _edition_size(language: str, *, grow: bool = False, shrink: bool = False) -> int:
    """The edition's document count after adding or removing one document (inside the caller's transaction)."""
    Edition.objects.get_or_create(language=language)
    if grow or shrink:
        Edition.objects.filter(language=language).update(documents=F("documents") + (1 if grow else -1))
    return Edition.objects.values_list("documents", flat=True).get(language=language)


def _term_ids(language: str, counts) -> dict:
    """{term text: id}, creating the terms this edition has not seen yet."""
    found = dict(Term.objects.filter(language=language, text__in=list(counts)).values_list("text", "pk"))
    missing = [text for text in counts if text not in found]
    if missing:
        Term.objects.bulk_create([Term(language=language, text=text[:100]) for text in missing], ignore_conflicts=True)
        found.update(Term.objects.filter(language=language, text__in=missing).values_list("text", "pk"))
    return found


def candidates(document: Document) -> list[tuple[engine.Doc, float]]:
    """Documents sharing the article's index terms, with their exact cosine to it."""
    heaviest = list(
        Posting.objects.filter(document=document).order_by("-weight").values_list("term_id", "weight")[:QUERY_TERMS]
    )
    if not heaviest:
        return []
    query_weight = Case(
        *[When(term_id=int(term), then=Value(weight)) for term, weight in heaviest], output_field=FloatField()
    )
    ids = list(
        Posting.objects.filter(term_id__in=[int(term) for term, _w in heaviest])
        .exclude(document_id=document.pk)
        .values("document_id")
        .annotate(dot=Sum(F("weight") * query_weight))
        .order_by("-dot", "-document_id")
        .values_list("document_id", flat=True)[:CANDIDATES]
    )
    rows = Document.objects.filter(pk__in=ids).values_list(*DOC_FIELDS)
    return [(_doc(row), engine.cosine(document.vector, row[4])) for row in rows]


DOC_FIELDS = ("article_id", "category_id", "published_at", "tag_ids", "vector", "sketch", "shingles")


def _doc(row) -> engine.Doc:
    pk, category, published, tags, vector, sketch, shingles = row
    return engine.Doc(pk, category, published, frozenset(tags), vector, bytes(sketch), shingles)


def _newest_for_fill(a: engine.Doc, language: str, size: int):
    """The section's newest indexed articles, then the rest of the edition's, newest first: enough
    to fill a list even past copies and its own items. The edition is read only if the section
    runs out (a young or small section)."""
    fields = ("-published_at", "-article_id")
    edition = Document.objects.filter(language=language).exclude(pk=a.id)
    section = edition.filter(category_id=a.category_id).order_by(*fields).values_list(*DOC_FIELDS)
    yield from (_doc(row) for row in section[: 3 * size])
    others = edition.exclude(category_id=a.category_id).order_by(*fields).values_list(*DOC_FIELDS)
    yield from (_doc(row) for row in others[: 3 * size])


def _editor_choices(article_ids) -> tuple[dict, dict, set]:
    pins, excluded = {}, {}
    for article_id, related_id in RelatedPin.objects.filter(article_id__in=article_ids).values_list(
        "article_id", "related_id"
    ):
        pins.setdefault(article_id, []).append(related_id)
    for article_id, excluded_id in RelatedExclusion.objects.filter(article_id__in=article_ids).values_list(
        "article_id", "excluded_id"
    ):
        excluded.setdefault(article_id, set()).add(excluded_id)
    manual = set(Article.objects.filter(pk__in=article_ids, suggest_similar=False).values_list("pk", flat=True))
    return pins, excluded, manual


def _store(lists: dict[int, list]) -> None:
    """Replace the stored lists {article id: chosen} in two statements."""
    if not lists:
        return
    RelatedItem.objects.filter(article_id__in=list(lists)).delete()
    pages.discard(lists)  # their kept pages show the old lists
    RelatedItem.objects.bulk_create(
        RelatedItem(article_id=article_id, related_id=related, rank=rank, score=value, pinned=pinned, filled=filled)
        for article_id, chosen in lists.items()
        for rank, (related, value, pinned, filled) in enumerate(chosen)
    )


def _compute(document: Document, scored=None) -> list:
    a = as_doc(document)
    pins, excluded, manual = _editor_choices([a.id])
    if scored is None:
        scored = engine.ranked(a, candidates(document))
    if a.id in manual:
        scored = []
    size, skip = list_size(), excluded.get(a.id, set())
    chosen = engine.choose(a, scored, size=size, pins=pins.get(a.id, []), excluded=skip)
    if len(chosen) >= size or a.id in manual:
        return chosen
    similar = {item[0] for item in chosen if not item[2]}
    kept = [b for b, _value, _text in scored if b.id in similar]
    return engine.fill(a, chosen, _newest_for_fill(a, document.language, size), size=size, kept=kept, excluded=skip)


@transaction.atomic
def related_refresh(article: Article) -> None:
    """Bring the index and every affected list up to date after a change to ``article``."""
    if article.status != Article.Status.PUBLISHED:
        related_remove(article)
        return
    document = related_index(article)
    a = as_doc(document)
    scored = engine.ranked(a, candidates(document))
    lists = {a.id: _compute(document, scored)}
    lists.update(_enter_lists(a, scored[:ENTER]))
    _store(lists)


def _enter_lists(a: engine.Doc, scored) -> dict[int, list]:
    """The lists ``a`` now enters (it beats their weakest item) or leaves, recomputed."""
    by_id = {b.id: (b, value, text) for b, value, text in scored}
    holders = set(RelatedItem.objects.filter(related_id=a.id).values_list("article_id", flat=True))
    involved = set(by_id) | holders
    lists: dict[int, list] = {}
    rows = RelatedItem.objects.filter(article_id__in=involved).order_by("article_id", "rank")
    for item in rows.values_list("article_id", "related_id", "score", "pinned", "filled", named=True):
        lists.setdefault(item.article_id, []).append(item)
    pins, excluded, manual = _editor_choices(involved)
    size = list_size()
    changed = {}
    for holder in holders - set(by_id):
        changed[holder] = None  # a no longer shares anything with it: recompute in full
    for b_id, (b, value, text) in by_id.items():
        items = [item for item in lists.get(b_id, []) if item.related_id != a.id]
        automatic = [item for item in items if not item.pinned]
        room = len(items) < size
        beats = bool(automatic) and value > min(item.score for item in automatic)
        if b_id in manual or a.id in excluded.get(b_id, set()) or not (room or beats or b_id in holders):
            continue
        changed[b_id] = (b, items, value, text)
    if not changed:
        return {}
    items_docs = {
        row[0]: _doc(row)
        for row in Document.objects.filter(
            pk__in={item.related_id for b_id in changed if changed[b_id] for item in lists.get(b_id, [])}
        ).values_list(*DOC_FIELDS)
    }
    documents = {
        doc.pk: doc for doc in Document.objects.filter(pk__in=[b for b, plan in changed.items() if plan is None])
    }
    lists = {}
    for b_id, plan in changed.items():
        if plan is None:
            if b_id in documents:
                lists[b_id] = _compute(documents[b_id])
            continue
        b, items, value, text = plan
        merged = _merge(a, b, value, text, items, items_docs, size, pins.get(b_id, []), excluded.get(b_id, set()))
        if merged is not None:
            lists[b_id] = merged
        elif b_id in holders:  # a was there, but an edit made it a copy of b or of an item
            lists[b_id] = [(item.related_id, item.score, item.pinned, item.filled) for item in items]
    return lists


def _merge(a, b, value, text, items, docs, size, pins, excluded) -> list | None:
    """b's list with ``a`` put in by score; None when ``a`` does not belong there.

    The items already there passed every test against b and each other, so
    only ``a`` is tested: against b and against each item. Of ``a`` and an
    item that are copies, the higher-scored stays (a filled item scores 0, so
    a similar article takes its place).
    """
    if engine.are_copies(b, a, text):
        return None
    automatic = [(item.related_id, item.score, item.filled) for item in items if not item.pinned]
    for related_id, item_score, filled in list(automatic):
        other = docs.get(related_id)
        if other is not None and engine.are_copies(a, other, engine.cosine(a.vector, other.vector)):
            if item_score >= value:
                return None
            automatic.remove((related_id, item_score, filled))
    automatic.append((a.id, value, False))
    automatic.sort(key=lambda row: (row[2], -row[1]))  # similar items first, by score; filled ones last
    chosen = [(pin, 0.0, True, False) for pin in pins][:size]
    chosen += [
        (related, score, False, filled)
        for related, score, filled in automatic
        if related not in excluded and related not in pins
    ]
    return chosen[:size]


@transaction.atomic
def related_remove(article: Article) -> None:
    """Take an unpublished article out of the index and out of every list; refill those lists."""
    holders = list(RelatedItem.objects.filter(related_id=article.pk).values_list("article_id", flat=True))
    old = Document.objects.filter(pk=article.pk).first()
    if old is not None:
        Term.objects.filter(pk__in=old.term_ids).update(df=F("df") - 1)
        _edition_size(old.language, shrink=True)
        old.delete()
    RelatedItem.objects.filter(article_id=article.pk).delete()
    RelatedItem.objects.filter(related_id=article.pk).delete()
    _store({document.pk: _compute(document) for document in Document.objects.filter(pk__in=holders)})
