"""What a channel is sent for an article or a live entry: HTML (Telegram's parse mode, every text
escaped), in the channel's edition, made at sending time from the article as it is then."""

import re
from html import unescape

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from articles.sanitize import html_to_text

CAPTION_LIMIT = 1024  # a photo's caption, in characters of visible text
TEXT_LIMIT = 4096
_TAG = re.compile(r"<[^>]+>")


def _visible(html: str) -> int:
    return len(unescape(_TAG.sub("", html)))


def _compose(head: str, text: str, tail: str, limit: int) -> str:
    """Head and tail (HTML) round a text, which is shortened with "…" to keep within ``limit``."""
    room = limit - _visible(head) - _visible(tail) - 4
    if len(text) > room:
        text = text[: max(0, room - 1)].rstrip() + "…"
    return "\n\n".join(part for part in (head, escape(text), tail) if part)


def link(path: str) -> str:
    return settings.SITE_URL + path


def article_message(article, edition: str) -> dict:
    """``{"text": html, "photo": storage name or None}`` of an article's post to ``edition``'s channel."""
    with translation.override(edition):
        title, lead = article.shown("title"), article.shown("lead")
        url = link(article.get_absolute_url())
        first = f"<b>{escape(title)}</b>"
        if article.is_live:
            label = _("Live")
            first = f"🔴 <b>{escape(label)}</b> · " + first
        elif article.is_breaking:
            label = _("Breaking")
            first = f"⚡️ <b>{escape(label)}</b>\n" + first
        read = _("Read on the site")  # (outside an f-string, where makemessages finds it)
        more = f'<a href="{escape(url)}">{escape(read)}</a>'
        photo = (article.cover_renditions or {}).get("social", {}).get("name")
        text = _compose(first, lead, more, CAPTION_LIMIT if photo else TEXT_LIMIT)
    return {"text": text, "photo": photo}


def entry_message(entry, edition: str) -> dict:
    """A key live entry: its time, its text and the live page's link (no photo)."""
    article = entry.article
    with translation.override(edition):
        body = html_to_text(entry.shown_body())
        url = link(article.get_absolute_url()) + f"#entry-{entry.pk}"
        head = f"🔴 <b>{escape(article.shown('title'))}</b>"
        follow = _("Follow live")
        more = f'<a href="{escape(url)}">{escape(follow)}</a>'
        text = _compose(head, body, more, TEXT_LIMIT)
    return {"text": text, "photo": None}


def photo_file(name: str):
    return default_storage.open(name, "rb")
