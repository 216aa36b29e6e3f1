"""Article pages rendered once from their data and kept until that data changes (``ArticlePage``).

A reader who opens an article nobody opened before (from a search engine, a shared link) would wait
for its five queries and its templates: about 11 ms at 100,000 articles, where the same page from
the page cache takes 2 ms. So an article's own parts of its page (the head's Open Graph and structured
data, the main column with its similar news) are rendered when the article is saved, and kept in the
database; a reader's request reads them with the article in one query and fills their slots:

  time    "Today, 22:40" against today's date, in the edition's language
  views   the view count from the article row, with its plural
  origin  the scheme and host the reader asked for (links, structured data, share links)
  author  the writer's name in the structured data (a name is changed in the admin, not the article)
  body    the article's body, read from the article (not kept twice)

Kept until (each deletes the rows concerned, ``discard``): a change of the article or of one of its
translations (articles.services), a change of an article whose card it shows (``shows``), a new
similar-news list (related), a renamed section or tag (every page), another version of the templates,
template tags or catalogues (``version``), and, without any change, the go-live of a scheduled
article its list holds or a minute when its similar news is a section's newest (``expires_at``).

An Uzbek article has two kept pages, one per script (``ArticlePage.edition``); a change discards both.

A render and a change can overlap: a request that read the article before an edition committed must
not keep what it rendered. Every discard moves a counter in the shared cache *before* it deletes; a
request reads the counter before it reads the data and again after it has kept its rows, and deletes
them if the counter moved. Either its rows were written before the discard (which deletes them) or
it sees the counter moved. Without the shared cache nothing is kept.
"""

import hashlib
import json
import re
import time
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.db.models import FilteredRelation, Q, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from . import embeds
from .editions import content_language, editions_of, is_cyrillic
from .models import Article, ArticlePage

DISCARDS_KEY = "article-pages:discards"
# The similar news of a page without a list of its own is its section's newest: kept this long.
NEWEST_OF_SECTION_SECONDS = 60

# Slots: private-use characters around a kind and its value. Text an editor typed that looks like a
# slot and is not a valid one is left as it is.
OPEN, CLOSE = "\ue000", "\ue001"
SLOT = re.compile(f"{OPEN}([tvoab])([^{CLOSE}]{{0,40}}){CLOSE}")
ORIGIN = f"{OPEN}o{CLOSE}"
ORIGIN_QUOTED = quote(ORIGIN, safe="")
BODY = f"{OPEN}b{CLOSE}"
VIEWS = f"{OPEN}v{CLOSE}"
AUTHOR = f"{OPEN}a{CLOSE}"  # a JSON string in the structured data, replaced with the quotes around it


@dataclass
class _Rendering:
    """What the templates of a page being kept report: the cards they show and when they go stale."""

    shows: set = field(default_factory=set)
    expires_at: datetime | None = None


_rendering: ContextVar[_Rendering | None] = ContextVar("article_page_rendering", default=None)


def keeping() -> bool:
    """Is the page being rendered to be kept (so its changing parts must be slots)?"""
    return _rendering.get() is not None


def time_slot(value: datetime) -> str:
    return f"{OPEN}t{timezone.localtime(value).isoformat()}{CLOSE}"


def note_cards(article_ids, *, expires_at: datetime | None = None) -> None:
    """A block of the page being kept shows these articles' cards and is stale at ``expires_at``."""
    rendering = _rendering.get()
    if rendering is None:
        return
    rendering.shows.update(article_ids)
    if expires_at is not None and (rendering.expires_at is None or expires_at < rendering.expires_at):
        rendering.expires_at = expires_at


def note_newest_of_section(article_ids) -> None:
    """The page being kept shows the newest of its section, which any new story there changes."""
    note_cards(article_ids, expires_at=timezone.now() + timedelta(seconds=NEWEST_OF_SECTION_SECONDS))


class _KeptRequest:
    """Stands for the request while a page is rendered to be kept: absolute addresses get a slot."""

    def build_absolute_uri(self, location: str = "/") -> str:
        parts = urlsplit(location)
        return location if parts.scheme or parts.netloc else ORIGIN + location


@dataclass
class Page:
    """An article page's own parts, ready for articles/article_detail.html."""

    pk: int
    language: str  # the article's (uz, ru, en); the page is in the active edition (uz or uz-cyrl for uz)
    slug: str
    title: str
    description: str
    head: str
    main: str
    translations: list
    is_public: bool = True
    frame_origins: list = field(default_factory=list)  # the players its embeds may frame (articles.embeds)

    def get_absolute_url(self) -> str:
        return Article(pk=self.pk, language=self.language, slug=self.slug).get_absolute_url()


# --- reading ---------------------------------------------------------------------------------------

_FIELDS = ("language", "slug", "title", "excerpt", "body", "view_count", "updated_at", "source")
# The Cyrillic edition reads the copies in their place (a non-Uzbek article's are empty: its page
# redirects to its own edition).
_CYRILLIC = {"title": "title_cyrl", "excerpt": "excerpt_cyrl", "body": "body_cyrl"}
_AUTHOR = ("author__first_name", "author__last_name")
_KEPT = ("version", "rendered_from", "expires_at", "head", "main", "translations")


def public_page(pk: int, request) -> Page | None:
    """The page of a published article in the active edition, from its kept parts (one query), else
    rendered and kept."""
    edition = translation.get_language()
    articles = Article.objects.published().filter(pk=pk)
    columns = list(_FIELDS)
    if is_cyrillic(edition):
        # The copy, or the Latin text where a copy is missing (a row written around Article.save).
        articles = articles.annotate(
            **{
                f"c_{name}": Coalesce(NullIf(copy, Value("")), name, output_field=TextField())
                for name, copy in _CYRILLIC.items()
            }
        )
        columns = [f"c_{name}" if name in _CYRILLIC else name for name in _FIELDS]
    row = (
        articles.annotate(kept=FilteredRelation("kept_pages", condition=Q(kept_pages__edition=edition)))
        .values_list(*columns, *_AUTHOR, *(f"kept__{name}" for name in _KEPT))
        .first()
    )
    if row is None:
        return None
    article = dict(zip(_FIELDS + _AUTHOR, row[: len(_FIELDS) + len(_AUTHOR)], strict=True))
    if article["language"] != content_language(edition):
        # Another edition's article: the view redirects to its own address.
        return Page(pk, article["language"], article["slug"], "", "", "", "", [])
    kept = dict(zip(_KEPT, row[len(_FIELDS) + len(_AUTHOR) :], strict=True))
    if not _usable(kept, article["updated_at"]):
        return _render_and_keep(pk, edition, request)
    return _filled(pk, article, kept, request)


def _usable(kept: dict, updated_at) -> bool:
    return (
        kept["version"] == version()
        and kept["rendered_from"] == updated_at
        and (kept["expires_at"] is None or kept["expires_at"] > timezone.now())
    )


def _filled(pk: int, article: dict, kept: dict, request) -> Page:
    origin = f"{request.scheme}://{request.get_host()}"
    views = article["view_count"]
    dynamic = {
        "o": escape(origin),
        "v": escape(ngettext("%(views)s view", "%(views)s views", views) % {"views": views}),
    }

    def fill(html: str) -> str:
        html = SLOT.sub(lambda m: _slot(m, dynamic), html)
        return html.replace(ORIGIN_QUOTED, quote(origin, safe=""))

    from .templatetags.seo import JSON_ESCAPES, author_ld

    name = f"{article['author__first_name'] or ''} {article['author__last_name'] or ''}"
    author = json.dumps(author_ld(name, article["source"]), ensure_ascii=False).translate(JSON_ESCAPES)

    main = fill(kept["main"]).replace(BODY, article["body"], 1)  # the body last: its text is never read as slots
    return Page(
        pk=pk,
        language=article["language"],
        slug=article["slug"],
        title=article["title"],
        description=article["excerpt"],
        head=mark_safe(fill(kept["head"]).replace(f'"{AUTHOR}"', author, 1)),  # noqa: S308 - escaped when rendered
        main=mark_safe(main),  # noqa: S308 - the body was sanitised when it was saved (articles.sanitize)
        translations=_translations(kept["translations"]),
        frame_origins=embeds.frame_origins(main),  # the body's embeds and its live entries' ones
    )


def _translations(kept: list) -> list[Article]:
    return [Article(pk=t[0], slug=t[1], language=t[2]) for t in kept]


def _slot(match, dynamic: dict) -> str:
    kind, value = match.group(1), match.group(2)
    if kind == "t":
        moment = parse_datetime(value)
        if moment is None:
            return match.group(0)
        from .templatetags.news_blocks import news_time

        return escape(news_time(moment))
    if kind in "ba":
        return match.group(0)  # filled after the others
    return dynamic[kind] if not value else match.group(0)


# --- rendering -------------------------------------------------------------------------------------


def render(article: Article, translations: list[Article], request) -> Page:
    """The page of ``article`` as it is now, for this request (staff previews: nothing kept)."""
    context = {"article": article, "translations": translations, "request": request}
    main = render_to_string("articles/page_main.html", context)
    return Page(
        pk=article.pk,
        language=article.language,
        slug=article.slug,
        title=article.shown_title,
        description=article.shown_excerpt,
        head=mark_safe(render_to_string("articles/page_head.html", context)),  # noqa: S308 - escaped there
        main=mark_safe(main),  # noqa: S308 - escaped there
        translations=translations,
        is_public=article.is_public,
        frame_origins=embeds.frame_origins(main),
    )


def keep(pk: int, edition: str | None = None) -> tuple[Article, ArticlePage] | None:
    """Render the page of published article ``pk`` in ``edition`` (default: the article's own) and keep
    it; None if it is not published (or not in that edition), the shared cache is down or a change
    overlapped. Reads the primary database: a replica may not have the latest change yet."""
    before = _discards()
    if before is None:
        return None
    article = Article.objects.using(DEFAULT_DB_ALIAS).for_page().select_related("author").filter(pk=pk).first()
    if article is None:
        return None
    edition = edition or article.language
    if content_language(edition) != article.language:
        return None
    translations = translations_of(article)
    rendering = _Rendering()
    token = _rendering.set(rendering)
    try:
        context = {"article": article, "translations": translations, "request": _KeptRequest()}
        with translation.override(edition):  # an editor's save renders it in the admin's language
            head = render_to_string("articles/page_head.html", context)
            main = render_to_string("articles/page_main.html", context)
    finally:
        _rendering.reset(token)
    # Its language links too: a translation unlinked or moved deletes the page as a changed card does.
    rendering.shows.update(t.pk for t in translations)
    rendering.shows.discard(article.pk)
    row = ArticlePage(
        article_id=article.pk,
        edition=edition,
        version=version(),
        rendered_from=article.updated_at,
        expires_at=rendering.expires_at,
        head=head,
        main=main,
        translations=[[t.pk, t.slug, t.language] for t in translations],
    )
    try:
        with transaction.atomic(using=DEFAULT_DB_ALIAS):
            connection = connections[DEFAULT_DB_ALIAS]
            if connection.vendor == "postgresql":
                # Derived data: a crash may lose the last pages kept, which are rendered again, so the
                # reader who rendered it does not wait for the disk (often 10-20 ms).
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
            ArticlePage.objects.filter(article_id=article.pk, edition=edition).delete()
            row.save(force_insert=True)
            Shows = ArticlePage.shows.through
            Shows.objects.bulk_create(Shows(articlepage_id=row.pk, article_id=pk) for pk in rendering.shows)
    except IntegrityError:
        return None  # another request kept it at the same moment, or the article is gone
    if _discards() != before:
        ArticlePage.objects.filter(pk=row.pk).delete()  # a change overlapped: what was read may be old
        return None
    return article, row


def keep_all(pk: int, language: str) -> None:
    """Render and keep the pages of article ``pk`` (of ``language``) in every edition that shows it."""
    for edition in editions_of(language):
        keep(pk, edition)


def _render_and_keep(pk: int, edition: str, request) -> Page | None:
    kept = keep(pk, edition)
    if kept is not None:
        article, row = kept
        cyrillic = is_cyrillic(edition)
        fields = {name: getattr(article, name) for name in _FIELDS}
        if cyrillic:
            fields |= {name: getattr(article, copy) or fields[name] for name, copy in _CYRILLIC.items()}
        author = article.author
        fields |= {"author__first_name": author and author.first_name, "author__last_name": author and author.last_name}
        return _filled(pk, fields, {name: getattr(row, name) for name in _KEPT}, request)
    article = Article.objects.for_page().select_related("author").filter(pk=pk).first()
    return None if article is None else render(article, translations_of(article), request)


def translations_of(article: Article) -> list[Article]:
    """The published translations of ``article`` (not itself), as id, slug and language."""
    return list(
        Article.objects.using(article._state.db or DEFAULT_DB_ALIAS)
        .published()
        .filter(translation_group(article))
        .exclude(pk=article.pk)
        .only("pk", "slug", "language")
    )


def translation_group(article: Article) -> Q:
    root = article.translation_root_id()
    return Q(pk=root) | Q(translation_of_id=root)


# --- discarding ------------------------------------------------------------------------------------


def _discards() -> int | None:
    try:
        value = cache.get(DISCARDS_KEY)
        if value is None:
            cache.add(DISCARDS_KEY, int(time.time() * 1000), None)
            value = cache.get(DISCARDS_KEY)
        return value
    except Exception:  # noqa: BLE001 - no shared cache: nothing is kept
        return None


def _moved() -> None:
    try:
        cache.incr(DISCARDS_KEY)
    except ValueError:  # not there (a flushed cache): a new number is a move too
        cache.add(DISCARDS_KEY, int(time.time() * 1000), None)
    except Exception:  # noqa: BLE001, S110 - the cache is down: nothing kept meanwhile either
        pass


def discard(article_ids) -> None:
    """The pages of these articles are stale (once the current transaction commits)."""
    ids = list(article_ids)
    if ids:
        transaction.on_commit(lambda: _delete(Q(article_id__in=ids)))


def discard_changed(article: Article) -> None:
    """``article`` changed: its page, its translations' (their language links) and every page that
    shows its card are stale (once the current transaction commits)."""
    group = Article.objects.filter(translation_group(article)).values("pk")
    transaction.on_commit(lambda: _delete(Q(article_id=article.pk) | Q(article_id__in=group) | Q(shows=article.pk)))


def showing(article_ids) -> list[int]:
    """The articles whose kept pages show a card of one of these articles."""
    return list(ArticlePage.objects.filter(shows__in=list(article_ids)).values_list("article_id", flat=True).distinct())


def discard_all() -> None:
    """Every kept page is stale (a section or tag renamed, every similar-news list rebuilt)."""

    def delete_all():
        _moved()
        for model in (ArticlePage.shows.through, ArticlePage):
            model.objects.all()._raw_delete(model.objects.db)  # no per-row work for 100,000 pages

    transaction.on_commit(delete_all)


def _delete(which: Q) -> None:
    _moved()  # before the rows go: see the module's docstring
    ArticlePage.objects.filter(pk__in=ArticlePage.objects.filter(which).values("pk")).delete()


# --- version ---------------------------------------------------------------------------------------

# What a kept page is made of besides its data: a change to any of these files renders it again.
_SOURCES = (
    "articles/templates/articles/page_head.html",
    "articles/templates/articles/page_main.html",
    "templates/includes/card.html",
    "related/templates/related/similar_news.html",
    "articles/templatetags/news_blocks.py",
    "articles/templatetags/seo.py",
    "related/templatetags/related.py",
    "articles/pages.py",
)


def version() -> str:
    """A digest of the templates, template tags and compiled catalogues a kept page is rendered with:
    read once per process, or on every request with DEBUG on (a template edited in development shows)."""
    return _digest() if settings.DEBUG else _version()


@lru_cache(maxsize=1)
def _version() -> str:
    return _digest()


def _digest() -> str:
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    files = [root / name for name in _SOURCES]
    for path in settings.LOCALE_PATHS:
        files += sorted(Path(path).glob("*/LC_MESSAGES/django.mo"))
    for path in files:
        digest.update(str(path.relative_to(root) if path.is_relative_to(root) else path).encode())
        digest.update(path.read_bytes() if path.exists() else b"-")
    digest.update(settings.TIME_ZONE.encode())
    return digest.hexdigest()[:16]
