"""Writes to articles. The admin, the import command and the tests call these."""

import logging
import re
from collections import defaultdict
from contextlib import contextmanager
from datetime import datetime, time, timedelta

import reversion
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from caching import invalidate

from . import desks, pages, views_buffer, vocabulary
from .cyrillic import APOSTROPHES
from .editions import CYRILLIC, editions_of
from .models import (
    Article,
    Category,
    DailyViews,
    HourlyViews,
    Language,
    Tag,
    ViewBatch,
    cyrillic_exceptions,
    free_slug,
    make_slug,
)
from .sanitize import clean_html, text_to_html
from .signals import article_changed, article_saving, articles_imported

logger = logging.getLogger(__name__)
PUBLISH_PERMISSION = "articles.publish_article"


def user_can_publish(user) -> bool:
    """Has the role that publishes (the "Editor" group); desks say in which editions."""
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def user_can_publish_in(user, language: str) -> bool:
    return user_can_publish(user) and desks.works_on(user, language)


def check_desk(user, *languages: str) -> None:
    """Refuse a change to an edition outside the user's desks."""
    for language in languages:
        if not desks.works_on(user, language):
            raise PermissionDenied(
                _("Only the %(desk)s can change this article.") % {"desk": desks.desk_label(language)}
            )


@contextmanager
def _revision(user, comment: str):
    """Keep a revision of every article saved inside (merged into the admin's own, if one is open)."""
    with reversion.create_revision():
        if user is not None and getattr(user, "pk", None):
            reversion.set_user(user)
        reversion.set_comment(comment)
        yield


def _changed(article: Article, *, was_in: str | None = None) -> None:
    """Once the change commits: announce it (similar news updates its lists), then make every cached
    page and block of its edition, and of the one it left, stale (the one invalidation), and render
    the article's page again for its first reader (articles.pages)."""
    languages = {article.language, was_in or article.language}

    def after_commit():
        article_changed.send(sender=Article, article=article, languages=languages)
        vocabulary.article_published(article)  # its words, for "Did you mean …?"
        pages.discard_changed(article)
        invalidate(*editions_of(*languages))  # an Uzbek article shows in both scripts
        if article.is_public:
            transaction.on_commit(lambda: _keep_page(article.pk, article.language))  # after the discards above

    transaction.on_commit(after_commit)


def article_changed_around(article: Article) -> None:
    """Something an article's page shows besides its row changed (its bylines): the same as a change."""
    _changed(article)


def _keep_page(pk: int, language: str) -> None:
    try:
        pages.keep_all(pk, language)
    except Exception:  # the change is saved; its first reader renders the page instead
        logger.exception("Could not render the page of article %s", pk)


@transaction.atomic
def article_save(
    *, article: Article, user, tags: list[Tag] | None = None, authors: list | None = None, comment: str = ""
) -> Article:
    """Validate and save an article written by ``user``.

    Only a user with the publish permission may make an article published or
    change one that is; an author's save of a published article is refused.
    """
    before = Article.objects.filter(pk=article.pk).first() if article.pk else None
    check_desk(user, article.language, *([before.language] if before else []))
    was_published = before is not None and before.status == Article.Status.PUBLISHED
    status_set = article.status == Article.Status.UNPUBLISHED and (before is None or before.status != article.status)
    if (article.status == Article.Status.PUBLISHED or was_published or status_set) and not user_can_publish(user):
        raise PermissionDenied(_("You do not have permission to publish articles."))
    flags = (article.is_breaking, article.is_featured)
    if flags != ((before.is_breaking, before.is_featured) if before else (False, False)) and not user_can_publish(user):
        raise PermissionDenied(_("Only an editor can mark an article as breaking news or featured."))
    new = not article.pk
    if article.author_id is None and user is not None and new:
        article.author = user
    article.full_clean()
    if before is not None and before.is_public and article.is_public and _text_changed(before, article):
        article.revised_at = timezone.now()
    with _revision(user, comment or (_("Changed.") if before else _("Added."))):
        article.save()
        if tags is not None:
            article.tags.set(tags)
        if authors is None and new:
            # A new article's byline is its writer's, when they have an author's profile.
            profile = getattr(article.author, "author_profile", None) if article.author_id else None
            authors = [profile] if profile is not None else None
        if authors is not None:
            from .storytelling import article_set_authors

            article_set_authors(article=article, authors=authors)
    _distribute(article, before)
    _changed(article, was_in=before.language if before else None)
    return article


def _distribute(article: Article, before: Article | None) -> None:
    """In the change's own transaction: apps above act on it there (the Telegram outbox records its post)."""
    article_saving.send(sender=Article, article=article, before=before)


def _text_changed(before: Article, after: Article) -> bool:
    """Did what readers read change? (The body is compared as it will be stored.)"""
    return (before.title, before.lead, before.body) != (after.title, after.lead, clean_html(after.body))


@transaction.atomic
def article_publish(*, article: Article, user) -> Article:
    """Publish now, or at the article's publish time when that is in the future."""
    if not user_can_publish(user):
        raise PermissionDenied(_("You do not have permission to publish articles."))
    check_desk(user, article.language)
    article.status = Article.Status.PUBLISHED
    article.full_clean()
    with _revision(user, _("Published.")):
        article.save()
    _distribute(article, None)
    _changed(article)
    return article


@transaction.atomic
def article_unpublish(*, article: Article, user) -> Article:
    """Take an article off the site; the list shows it as Unpublished (not a draft never shown)."""
    if not user_can_publish(user):
        raise PermissionDenied(_("You do not have permission to unpublish articles."))
    check_desk(user, article.language)
    article.status = Article.Status.UNPUBLISHED
    with _revision(user, _("Unpublished.")):
        article.save()
    _distribute(article, None)
    _changed(article)
    return article


def article_record_view(*, article_id: int) -> bool:
    """Count one reader view of a published article; False if there is no such article.

    With Redis (settings.VIEW_BUFFER) a view is one round trip there, written to
    the database by ``flush_views`` in batches; without it, or when Redis
    fails, atomic statements write it at once. Either way no view is lost.
    """
    now = timezone.localtime()
    if settings.VIEW_BUFFER:
        if not Article.objects.published().filter(pk=article_id).exists():
            return False
        if views_buffer.add(article_id, now):
            return True
    return _write_views({(article_id, now.date(), now.hour): 1}, published_only=True) > 0


def _hour_start(day, hour: int) -> datetime:
    """The start of ``hour`` o'clock on ``day`` in the site's time zone, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _write_views(counts: dict, *, published_only: bool = False, batch: str = "") -> int:
    """Add {(article id, day, hour): views} to the counters in one transaction; returns the views written.

    Each article's total and its day's row grow, and so does its edition's row of the hour (the
    dashboard's chart); ``hour`` None (a view buffered by an older version) counts for the day only.
    A named ``batch`` is claimed first, in the same transaction: one already written (or being written
    by another flush) is left alone and counts 0.
    """
    daily, hourly = DailyViews._meta.db_table, HourlyViews._meta.db_table
    articles = Article.objects.published() if published_only else Article.objects.all()
    written = 0
    with transaction.atomic():
        if batch:
            try:
                with transaction.atomic():
                    ViewBatch.objects.create(name=batch)
            except IntegrityError:  # written already; another flush waited on it and saw it commit
                return 0
        editions = dict(articles.filter(pk__in={key[0] for key in counts}).values_list("pk", "language"))
        per_hour = defaultdict(int)
        for (article_id, day, hour), views in counts.items():
            if article_id not in editions or not articles.filter(pk=article_id).update(
                view_count=F("view_count") + views
            ):
                continue  # deleted since (or, counted live, not public)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {daily} (article_id, day, views) VALUES (%s, %s, %s) "  # noqa: S608 - our table
                    f"ON CONFLICT (article_id, day) DO UPDATE SET views = {daily}.views + %s",
                    [article_id, day, views, views],
                )
            if hour is not None:
                per_hour[(_hour_start(day, hour), editions[article_id])] += views
            written += views
        with connection.cursor() as cursor:
            for (start, language), views in sorted(per_hour.items()):  # one order: no deadlock between flushes
                cursor.execute(
                    f"INSERT INTO {hourly} (hour, language, views) VALUES (%s, %s, %s) "  # noqa: S608 - our table
                    f"ON CONFLICT (hour, language) DO UPDATE SET views = {hourly}.views + %s",
                    [connection.ops.adapt_datetimefield_value(start), language, views, views],
                )
    return written


# A written batch is remembered this long; Redis forgets it at once unless the flush died on the way.
KEEP_BATCH_RECORDS = timedelta(days=7)


def flush_views() -> int:
    """Write the views buffered in Redis to the database; returns how many were written."""
    written = views_buffer.drain(_write_views)
    ViewBatch.objects.filter(written_at__lt=timezone.now() - KEEP_BATCH_RECORDS).delete()
    return written


class ImportLineError(ValueError):
    """A line of an import file that cannot be imported; the message says why."""


def _required_text(data: dict, key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ImportLineError(_("missing required field '%(field)s'") % {"field": key})
    return _plain(value)


def _optional_text(data: dict, key: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ImportLineError(_("field '%(field)s' must be a string") % {"field": key})
    return _plain(value)


def _plain(value: str) -> str:
    """Text as stored: NUL characters (which PostgreSQL refuses in text) removed, ends trimmed."""
    return value.replace("\x00", "").strip()


def _parse_time(value) -> datetime:
    if value in (None, ""):
        return timezone.now()
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None:
        raise ImportLineError(_("published_at is not an ISO 8601 date and time: %(value)r") % {"value": value})
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def category_for_name(name: str, language: str) -> Category:
    """The section an import line names, for an article of edition ``language``.

    Its name in that edition (any case), else a section of the edition whose slug is the line's word or
    that word's slug ("Спорт" finds "sport"); else a new section of that edition alone, named as the
    line names it (never shown with that name in another edition), its slug made free with a number if
    another section has it.
    """
    wanted = name.casefold()  # in Python: SQLite compares only ASCII letters without case
    sections = list(Category.objects.in_edition(language))  # an edition has tens of sections, not thousands
    for section in sections:
        if getattr(section, f"name_{language}").casefold() == wanted:
            return section
    for section in sections:
        if section.slug in (name, make_slug(name, max_length=100)):
            return section
    category = Category(slug=free_slug(Category.objects.all(), name), **{f"name_{language}": name})
    category.save()
    return category


def tags_for_names(names, language: str) -> list[Tag]:
    """The edition's tags of these names, created in that edition when missing."""
    if names is None:
        return []
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ImportLineError(_("tags must be a list of strings"))
    tags = []
    for name in dict.fromkeys(_plain(n)[:80] for n in names if _plain(n)):
        tag = Tag.objects.filter(language=language, name__iexact=name).first()
        if tag is None:
            tag = Tag(language=language, name=name)
            tag.save()
        tags.append(tag)
    return tags


@transaction.atomic
def article_import_line(*, data: dict, announce: bool = True) -> tuple[Article, bool]:
    """Create or update (by external id) one published article from an import record.

    Raises ImportLineError with the reason when the record cannot be imported.
    A bulk import passes ``announce=False`` and announces the whole batch at
    the end (``articles_after_import``): similar news then catches up once.
    """
    if not isinstance(data, dict):
        raise ImportLineError(_("a line must hold a JSON object"))
    external_id = str(data.get("id") or "").strip()
    if not external_id:
        raise ImportLineError(_("missing required field '%(field)s'") % {"field": "id"})
    title = _required_text(data, "title")
    language = _required_text(data, "language").lower()
    if language not in Language.values:
        raise ImportLineError(
            _("unknown language %(value)r (expected one of: uz, ru, en)") % {"value": data.get("language")}
        )
    body_html = data.get("body_html")
    if isinstance(body_html, str) and body_html.strip():
        body = body_html.replace("\x00", "")
    else:
        body = text_to_html(_optional_text(data, "body"))
    published_at = _parse_time(data.get("published_at"))
    tag_names = data.get("tags")
    if tag_names is not None and (not isinstance(tag_names, list) or not all(isinstance(n, str) for n in tag_names)):
        raise ImportLineError(_("tags must be a list of strings"))
    category_name = _optional_text(data, "category")[:100] or settings.IMPORT_DEFAULT_SECTION
    if not category_name:
        raise ImportLineError(
            _("missing required field '%(field)s' (or set IMPORT_DEFAULT_SECTION)") % {"field": "category"}
        )
    tags = tags_for_names(tag_names, language)
    authors = data.get("authors")
    if authors is not None and (
        not isinstance(authors, list) or not all(isinstance(name, str) and name.strip() for name in authors)
    ):
        raise ImportLineError(_("authors must be a list of names"))

    article = Article.objects.filter(external_id=external_id).first()
    created = article is None
    if created:
        article = Article(external_id=external_id, slug=make_slug(title))
    article.title = title[:255]
    article.language = language
    article.lead = _optional_text(data, "lead")[:600]
    article.body = body
    article.category = category_for_name(category_name, language)
    article.published_at = published_at
    source = _optional_text(data, "source")
    if source.startswith(("http://", "https://")):
        article.source, article.source_url = "", source[:200]
    else:
        article.source, article.source_url = source[:200], _optional_text(data, "source_url")[:200]
    article.status = Article.Status.PUBLISHED
    try:
        # The lookup above keeps the external id unique and the values set
        # here satisfy the check constraints; validating them would cost four
        # queries a line (half the import time).
        article.full_clean(validate_constraints=False)
    except ValidationError as error:
        raise ImportLineError("; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items()))
    with _revision(None, _("Imported.")):
        article.save()
        article.tags.set(tags)
        if authors is not None:
            from .storytelling import article_set_authors, author_for_name

            article_set_authors(article=article, authors=[author_for_name(name, language) for name in authors])
    if announce:
        _changed(article)
    return article, created


def articles_after_import(article_ids: list[int]) -> None:
    """A bulk import is done: announce it (similar news catches up once), then invalidate every edition.

    The imported articles' pages are rendered by their first readers (or `manage.py keep_pages`)."""
    articles_imported.send(sender=Article, article_ids=article_ids)
    vocabulary.articles_published(article_ids)
    pages.discard(article_ids)
    pages.discard(pages.showing(article_ids))
    invalidate(*editions_of(*Language.values))


@transaction.atomic
def article_delete(*, articles, user) -> list[int]:
    """Delete these articles, each keeping a last revision (the trash: "Recover deleted articles").

    Returns the ids deleted; their editions' pages and blocks are stale once this commits.
    """
    articles = list(articles)
    with _revision(user, _("Deleted.")):
        for article in articles:
            reversion.add_to_revision(article)
    ids = [article.pk for article in articles]
    pages.discard(pages.showing(ids))  # read before the delete takes the cards' rows with it
    Article.objects.filter(pk__in=ids).delete()
    languages = {article.language for article in articles}
    transaction.on_commit(lambda: invalidate(*editions_of(*languages)))
    return ids


def taxonomy_changed() -> None:
    """A section or tag was added, renamed, moved or deleted: it is named on pages of every edition
    (menus, cards, tag lists), so all of them are stale once this commits."""
    pages.discard_all()
    transaction.on_commit(lambda: invalidate(*editions_of(*Language.values)))


# Every field the Uzbek Cyrillic dictionary decides.
_COPIES = (
    "title_cyrl", "lead_cyrl", "body_cyrl", "excerpt_cyrl", "cover_alt_cyrl", "cover_caption_cyrl",
    "search_title", "search_text",
)  # fmt: skip


def cyrillic_spelling_changed(words) -> int:
    """Editors added, changed or removed dictionary entries for these Latin ``words``: spell the Uzbek
    articles, sections and tags that use them anew (those copies an editor wrote stay), and make
    what shows them stale. Returns the number of articles respelled."""
    exceptions = cyrillic_exceptions()
    found = Q()
    for word in words:
        stem = re.split(f"[{APOSTROPHES}]", word.strip().casefold())[0]  # any apostrophe an editor typed
        if stem:
            found |= Q(search_title__contains=stem) | Q(search_text__contains=stem)
    if not found:
        return 0
    respelled = []
    for article in Article.objects.filter(language=Language.UZ).filter(found).iterator(chunk_size=200):
        before = [getattr(article, name) for name in _COPIES]
        article.fill_copies(exceptions)
        if [getattr(article, name) for name in _COPIES] != before:
            article.updated_at = timezone.now()
            Article.objects.filter(pk=article.pk).update(
                **{name: getattr(article, name) for name in _COPIES}, updated_at=article.updated_at
            )
            respelled.append(article.pk)
    renamed = False
    for model in (Category, Tag):
        for item in model.objects.all():
            before = item.name_cyrl
            item.transliterate(exceptions)
            if item.name_cyrl != before:
                model.objects.filter(pk=item.pk).update(name_cyrl=item.name_cyrl)
                renamed = True
    if renamed:
        taxonomy_changed()
    elif respelled:
        pages.discard(respelled)
        pages.discard(pages.showing(respelled))
        transaction.on_commit(lambda: invalidate(CYRILLIC))
    return len(respelled)
