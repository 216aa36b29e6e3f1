"""Live coverage: an article covered as an event unfolds, with timestamped entries, newest first.

The article's text is the summary pinned on top; entries (rich text through the same sanitiser,
embeds, an optional library picture, an author) are added from its admin page in one step. Readers'
pages fetch new entries by themselves (static/js/live.js polls ``/<lang>/news/<id>/live/``); a
reload shows everything. A new entry makes that article's page and endpoint fresh (its own cache
scope, ``live_scope``) and nothing else of the edition. A key entry is posted to Telegram.
"""

import html
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .embeds import embed_links
from .models import Article, CyrillicCopies
from .sanitize import clean_html, html_to_text

logger = logging.getLogger(__name__)

ENTRIES_PER_PAGE = 30


def live_scope(article_id: int) -> str:
    """The cache scope of one article's page and its entries (caching.generations)."""
    return f"article:{article_id}"


class LiveEntry(CyrillicCopies):
    CYRILLIC_FIELDS = {"body": "body_cyrl"}
    CYRILLIC_HTML = ("body",)

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="live_entries", verbose_name=_("article")
    )
    body = models.TextField(_("text"), help_text=_("A video or post link on a line of its own becomes an embed."))
    body_cyrl = models.TextField(_("text (Cyrillic)"), blank=True)
    image = models.ForeignKey(
        "articles.MediaImage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("picture"),
    )
    author = models.ForeignKey(
        "articles.Author",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="live_entries",
        verbose_name=_("author"),
    )
    is_key = models.BooleanField(
        _("key entry"), default=False, help_text=_("Marked on the page and posted to the edition's Telegram channel.")
    )
    is_final = models.BooleanField(_("final entry"), default=False, editable=False)
    # Set when it is added: entries stand in the order they came (newest first), as readers saw them.
    posted_at = models.DateTimeField(_("time"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("live entry")
        verbose_name_plural = _("live entries")
        indexes = [models.Index(fields=["article", "-id"], name="live_entry_latest")]

    def __str__(self):
        return f"{self.article_id} {self.posted_at:%H:%M}"

    def is_uzbek(self) -> bool:
        return self.article.language == "uz"

    def save(self, *args, **kwargs):
        # Without the private-use characters kept pages mark their slots with (articles.pages).
        body = (self.body or "").strip()
        if "<" not in body:  # plain text: a paragraph a line (a link alone on one becomes an embed)
            body = "\n".join(f"<p>{html.escape(line.strip())}</p>" for line in body.splitlines() if line.strip())
        self.body = embed_links(clean_html(body)).replace("\ue000", "").replace("\ue001", "")
        self.transliterate()
        super().save(*args, **kwargs)

    def shown_body(self) -> str:
        return self.shown("body")


# Services: every change of live coverage goes through these (the admin, tests, code).


def _refresh(article: Article) -> None:
    """In the change's transaction: the article's page is to be rendered anew (its kept parts are of
    an older ``updated_at``) and, once committed, its cached page and entries are stale. Nothing else
    of the edition is: its lists show the article's card, which an entry does not change."""
    from caching.generations import invalidate

    from . import pages

    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now())

    def after_commit():
        invalidate(live_scope(article.pk))
        try:
            pages.keep_all(article.pk, article.language)
        except Exception:  # the entry is saved; the page's next reader renders it
            logger.exception("Could not render the live page of article %s", article.pk)

    transaction.on_commit(after_commit)


def _check(user, article: Article) -> None:
    from .services import check_desk, user_can_publish

    if not user_can_publish(user):
        raise PermissionDenied(_("Only an editor can add to live coverage."))
    check_desk(user, article.language)
    if not article.live_started_at:
        raise ValidationError(_("This article is not covered live: set its live time first."))


@transaction.atomic
def entry_save(*, entry: LiveEntry, user) -> LiveEntry:
    """Add or change an entry of a live article (a key entry is posted to Telegram once)."""
    from .signals import live_entry_saving

    _check(user, entry.article)
    if entry.article.live_ended_at and entry.pk is None:
        raise ValidationError(_("The live coverage is closed."))
    entry.full_clean(exclude=["article"])
    if not html_to_text(clean_html(entry.body or "")).strip() and "data-embed" not in embed_links(entry.body or ""):
        raise ValidationError({"body": _("Write the entry's text.")})
    entry.save()
    live_entry_saving.send(sender=LiveEntry, entry=entry)  # a key entry goes to Telegram (telegram.outbox)
    _refresh(entry.article)
    return entry


@transaction.atomic
def entry_delete(*, entry: LiveEntry, user) -> None:
    _check(user, entry.article)
    article = entry.article
    entry.delete()
    _refresh(article)


@transaction.atomic
def live_close(*, article: Article, text: str, user) -> LiveEntry:
    """Close the coverage with a final entry; the "Live" badge leaves the cards and the breaking line."""
    from . import services

    _check(user, article)
    if article.live_ended_at:
        raise ValidationError(_("The live coverage is closed."))
    final = LiveEntry(article=article, body=text, is_final=True, is_key=True)
    entry_save(entry=final, user=user)
    article.live_ended_at = timezone.now()
    services.article_save(article=article, user=user, comment=_("Live coverage closed."))
    return final


def page_entries(article: Article, *, before: int | None = None) -> tuple[list[LiveEntry], bool]:
    """The newest ENTRIES_PER_PAGE entries (older than entry ``before``), and whether there are older
    ones: one query whatever their number."""
    entries = article.live_entries.select_related("author", "image", "article")
    if before is not None:
        entries = entries.filter(pk__lt=before)
    entries = list(entries[: ENTRIES_PER_PAGE + 1])
    return entries[:ENTRIES_PER_PAGE], len(entries) > ENTRIES_PER_PAGE
