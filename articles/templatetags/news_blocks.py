"""The blocks every page of an edition shares (header, aside, footer) and the news time format.

Each block is rendered once per edition change, or when its time bound
passes, and its HTML kept (caching.fragments).
"""

from datetime import timedelta

from django import template
from django.db.models import Case, Q, When
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from caching.fragments import edition_fragment, edition_html

from .. import pages
from ..editions import content_language
from ..models import Article, Category

register = template.Library()

BREAKING_HOURS = 24


@register.filter
def news_time(value):
    """'Today, 22:40', 'Yesterday, 23:59', else the date and time, in the site's zone and language.

    In a page being kept (articles.pages) it is a slot, filled against the date of each request."""
    if not value:
        return ""
    if pages.keeping():
        return mark_safe(pages.time_slot(value))  # noqa: S308 - an ISO date between two private-use characters
    local = timezone.localtime(value)
    today = timezone.localdate()
    clock = local.strftime("%H:%M")
    if local.date() == today:
        return _("Today, %(time)s") % {"time": clock}
    if local.date() == today - timedelta(days=1):
        return _("Yesterday, %(time)s") % {"time": clock}
    return "{}, {}".format(formats.date_format(local, "j E Y"), clock)


@register.simple_tag
def view_count(article):
    """ "1,234 views" (a slot in a page being kept: the count changes without the article)."""
    if pages.keeping():
        return pages.VIEWS
    return ngettext("%(views)s view", "%(views)s views", article.view_count) % {"views": article.view_count}


@register.simple_tag
def article_body(article):
    """The article's body, sanitised when it was saved (articles.sanitize); a slot in a page being kept,
    filled from the article itself."""
    if pages.keeping():
        return pages.BODY
    return mark_safe(article.shown("body"))  # noqa: S308 - sanitised on save (the Cyrillic copy too)


@register.simple_tag
def site_footer():
    """The footer: the same on every page of an edition (its sections, its editions)."""
    return edition_html("footer", 60, "includes/footer.html", dict)


@register.simple_tag
def breaking_line():
    """The newest open live coverage or breaking story of the last day, else the newest story of the edition."""

    def context():
        edition = Article.objects.for_cards().filter(language=content_language())
        recent = timezone.now() - timedelta(hours=BREAKING_HOURS)
        # Two short walks down the edition's date index (one ordering by "is it urgent" reads it all).
        urgent = Q(is_breaking=True, published_at__gte=recent) | Q(live_started_at__isnull=False, live_ended_at=None)
        # Open live coverage first (it is the day's story while it lasts), then the newest breaking one.
        live_first = Case(When(live_started_at__isnull=False, live_ended_at=None, then=1), default=0)
        article = (
            edition.filter(urgent).annotate(live_first=live_first).order_by("-live_first", "-published_at").first()
            or edition.first()
        )
        return {"article": article}

    # A minute at most: a breaking story also stops being breaking by the clock.
    return edition_html("breaking", 60, "includes/breaking_line.html", context)


@register.simple_tag
def most_read(days=7, count=5):
    """The edition's articles with the most views over the last ``days`` days (refreshed every minute)."""

    def context():
        articles = Article.objects.filter(language=content_language()).most_read(since_days=days)[:count]
        return {"articles": list(articles), "days": days}

    return edition_html(f"most-read-{days}-{count}", 60, "includes/most_read.html", context)


@register.simple_tag(takes_context=True)
def latest_news(context, count=8):
    """Time-stamped headlines of the edition, skipping the page's own article.

    One list serves every page; only the pages of the newest ``count`` articles
    (whose own headline it holds) get a list made for them.
    """
    article = context.get("article")

    def edition():  # built only when a block is rendered: a queryset costs more than a cached block
        return Article.objects.for_cards().filter(language=content_language())

    newest = edition_fragment(f"latest-{count}-ids", 60, lambda: list(edition().values_list("pk", flat=True)[:count]))
    if article is not None and article.pk in newest:
        return edition_html(
            f"latest-{count}-without-{article.pk}", 60, "includes/latest_news.html",
            lambda: {"articles": list(edition().exclude(pk=article.pk)[:count])},
        )  # fmt: skip
    return edition_html(
        f"latest-{count}", 60, "includes/latest_news.html", lambda: {"articles": list(edition()[:count])}
    )


def edition_sections() -> list[dict]:
    """The edition's sections (slug, name, address), read once for the sideways menu, the phone menu
    and the search filter."""

    def read():
        return [
            {"pk": c.pk, "slug": c.slug, "name": c.name, "url": c.get_absolute_url()}
            for c in Category.objects.in_edition(get_language())
        ]

    return edition_fragment("sections-list", 60, read)


@register.simple_tag(takes_context=True)
def category_nav(context):
    """The sections menu, the page's own section marked."""
    current = context.get("category")
    return edition_html(
        f"sections-{current.pk if current else ''}", 60, "includes/category_nav.html",
        lambda: {"categories": edition_sections(), "current": current},
    )  # fmt: skip


@register.simple_tag
def category_menu():
    """The sections as the phone menu lists them, one under another."""
    return edition_html("sections-menu", 60, "includes/category_menu.html", lambda: {"categories": edition_sections()})
