import hashlib
import json
from datetime import timedelta
from functools import lru_cache

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse, translate_url
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from newsportal import localcache, pagecache

from ..fragments import edition_fragment, edition_html
from ..models import Article, Category

register = template.Library()

BREAKING_HOURS = 24


@register.filter
def news_time(value):
    """'Today, 22:40', 'Yesterday, 23:59', else the date and time, in the site's zone and language."""
    if not value:
        return ""
    local = timezone.localtime(value)
    today = timezone.localdate()
    clock = local.strftime("%H:%M")
    if local.date() == today:
        return _("Today, %(time)s") % {"time": clock}
    if local.date() == today - timedelta(days=1):
        return _("Yesterday, %(time)s") % {"time": clock}
    return "{}, {}".format(formats.date_format(local, "j E Y"), clock)


# The header's and the aside's blocks are the same on every page of an edition:
# each is rendered once per edition change (or when its time bound passes) and
# its HTML kept in the cache (articles/fragments.py).


class EditionCacheNode(template.Node):
    def __init__(self, nodelist, seconds: int, name: str, vary_on: list, condition=None):
        self.nodelist = nodelist
        self.seconds = seconds
        self.name = name
        self.vary_on = vary_on
        self.condition = condition

    def render(self, context):
        if self.condition is not None and not self.condition.resolve(context):
            return self.nodelist.render(context)
        # What it varies on may be a reader's words (a search): hashed, the key is always a valid one.
        vary = hashlib.sha256("\n".join(str(v.resolve(context)) for v in self.vary_on).encode()).hexdigest()
        html = edition_fragment(f"block:{self.name}:{vary}", self.seconds, lambda: self.nodelist.render(context))
        return mark_safe(html)  # noqa: S308 - the template's own output, escaped when it was rendered


@register.tag
def edition_cache(parser, token):
    """``{% edition_cache seconds name [vary_on ...] [if condition] %}…{% endedition_cache %}``: the block's
    HTML as an edition fragment, kept until an article of the edition changes or ``seconds`` pass, and by
    each worker a moment (``{% cache %}`` asks Redis every time). When ``condition`` is false the block is
    rendered afresh and kept nowhere."""
    bits = token.split_contents()
    condition = None
    if "if" in bits:
        at = bits.index("if")
        if at != len(bits) - 2:
            raise template.TemplateSyntaxError(f"'{bits[0]}' takes one value after 'if'")
        condition = parser.compile_filter(bits[-1])
        bits = bits[:at]
    if len(bits) < 3 or not bits[1].isdigit():
        raise template.TemplateSyntaxError(f"'{bits[0]}' takes the seconds, a name and what the block varies on")
    nodelist = parser.parse(("endedition_cache",))
    parser.delete_first_token()
    variables = [parser.compile_filter(bit) for bit in bits[3:]]
    return EditionCacheNode(nodelist, int(bits[1]), bits[2], variables, condition)


@register.simple_tag
def site_footer():
    """The footer: the same on every page of an edition, rendered by each worker once a moment."""
    return mark_safe(  # noqa: S308 - our own template's output, escaped when it was rendered
        localcache.remember(f"footer:{get_language()}", lambda: render_to_string("includes/footer.html"))
    )


@register.simple_tag
def breaking_line():
    """The newest breaking story of the last day, else the newest story of the edition."""

    def context():
        edition = Article.objects.for_cards().filter(language=get_language())
        recent = timezone.now() - timedelta(hours=BREAKING_HOURS)
        # Two short walks down the edition's date index (one ordering by "is it urgent" reads it all).
        article = edition.filter(is_breaking=True, published_at__gte=recent).first() or edition.first()
        return {"article": article}

    # A minute at most: a breaking story also stops being breaking by the clock.
    return edition_html("breaking", 60, "includes/breaking_line.html", context)


@register.simple_tag
def most_read(days=7, count=5):
    """The edition's articles with the most views over the last ``days`` days (refreshed every 5 minutes)."""

    def context():
        articles = Article.objects.filter(language=get_language()).most_read(since_days=days)[:count]
        return {"articles": list(articles), "days": days}

    return edition_html(f"most-read-{days}-{count}", 300, "includes/most_read.html", context)


@register.simple_tag(takes_context=True)
def latest_news(context, count=8):
    """Time-stamped headlines of the edition, skipping the page's own article.

    One list serves every page; only the pages of the newest ``count`` articles
    (whose own headline it holds) get a list made for them.
    """
    article = context.get("article")

    def edition():  # built only when a block is rendered: a queryset costs more than a cached block
        return Article.objects.for_cards().filter(language=get_language())

    newest = edition_fragment(f"latest-{count}-ids", 60, lambda: list(edition().values_list("pk", flat=True)[:count]))
    if article is not None and article.pk in newest:
        return edition_html(
            f"latest-{count}-without-{article.pk}", 60, "includes/latest_news.html",
            lambda: {"articles": list(edition().exclude(pk=article.pk)[:count])},
        )  # fmt: skip
    return edition_html(
        f"latest-{count}", 60, "includes/latest_news.html", lambda: {"articles": list(edition()[:count])}
    )


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's address without tracking or stray parameters (page and query kept)."""
    request = context["request"]
    kept = {key: request.GET[key] for key in ("q", "page") if request.GET.get(key) and request.GET[key] != "1"}
    # One leading slash: "//x" would read as another host (and "//[" breaks URL parsing).
    location = "/" + request.path.lstrip("/")
    return request.build_absolute_uri(location + ("?" + urlencode(kept) if kept else ""))


@register.simple_tag(takes_context=True)
def category_nav(context):
    """The sections menu, the page's own section marked."""
    current = context.get("category")
    return edition_html(
        f"sections-{current.pk if current else ''}", 300, "includes/category_nav.html",
        lambda: {"categories": list(Category.objects.all()), "current": current},
    )  # fmt: skip


@register.simple_tag(takes_context=True)
def edition_switcher(context):
    """Links to this page in the other editions, where there is an equivalent (kept a moment per worker)."""
    language = get_language()
    links = editions(context)
    key = "switcher:{}:{}".format(language, " ".join(link["switch"] for link in links))
    html = localcache.remember(
        key, lambda: render_to_string("includes/edition_switcher.html", {"editions": links, "current": language})
    )
    return mark_safe(html)  # noqa: S308 - our own template's output, escaped when it was rendered


def editions(context) -> tuple[dict, ...]:
    """({code, name, url, equivalent, switch}): this page in every edition, else that edition's home.

    ``switch`` goes through the language switch (which remembers the reader's
    choice). Worked out once per request (the head's alternates and the
    header's switcher both show it); a page other than an article always
    gives the same for the same path, so that is kept per process.
    """
    request = context["request"]
    if not hasattr(request, "_editions"):
        path = pagecache.page_path(request)
        article = context.get("article")
        if article is None:
            request._editions = _page_editions(get_script_prefix(), path, get_language())
        else:
            pages = {a.language: a.get_absolute_url() for a in context.get("translations", [])}
            pages[article.language] = article.get_absolute_url()
            request._editions = _editions(pages, path, get_language())
    return request._editions


@lru_cache(maxsize=5_000)
def _page_editions(prefix: str, path: str, language: str) -> tuple[dict, ...]:
    return _editions({code: translate_url(path, code) for code, _name in settings.LANGUAGES}, path, language)


def _editions(pages: dict[str, str], path: str, language: str) -> tuple[dict, ...]:
    result = []
    for code, name in settings.LANGUAGES:
        url = pages.get(code)
        equivalent = url is not None and (url != path or code == language)
        if not equivalent:
            url = _edition_home(get_script_prefix(), code)
        switch = "{}?{}".format(reverse("switch_language", args=[code]), urlencode({"next": url}))
        result.append({"code": code, "name": name, "url": url, "equivalent": equivalent, "switch": switch})
    return tuple(result)


@lru_cache(maxsize=100)
def _edition_home(prefix: str, code: str) -> str:
    with override(code):
        return reverse("articles:home")


@receiver(setting_changed)
def _forget_page_editions(setting, **kwargs):
    if setting in ("ROOT_URLCONF", "LANGUAGES"):
        _page_editions.cache_clear()
        _edition_home.cache_clear()


@register.simple_tag(takes_context=True)
def alternate_links(context):
    """hreflang alternates: the editions that have this very page, as absolute URLs."""
    request = context["request"]
    return [
        {"code": e["code"], "url": request.build_absolute_uri(e["url"])} for e in editions(context) if e["equivalent"]
    ]


@register.simple_tag(takes_context=True)
def article_json_ld(context, article):
    """schema.org NewsArticle for search engines."""
    request = context["request"]
    images = [article.social_image, article.page_image]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.excerpt,
        "inLanguage": article.language,
        "articleSection": article.category.name,
        "datePublished": timezone.localtime(article.published_at).isoformat(),
        "dateModified": timezone.localtime(article.revised_at or article.published_at).isoformat(),
        "mainEntityOfPage": request.build_absolute_uri(article.get_absolute_url()),
        "image": [request.build_absolute_uri(image["url"]) for image in images if image],
        "author": _author(article),
        "publisher": {
            "@type": "Organization",
            "name": "Newsportal",
            "url": request.build_absolute_uri("/"),
        },
    }
    return json_ld(data)


def _author(article):
    name = article.author.get_full_name() if article.author_id else ""
    if name:
        return {"@type": "Person", "name": name}
    return {"@type": "Organization", "name": article.source or "Newsportal"}


@register.simple_tag(takes_context=True)
def share_links(context, article):
    url = context["request"].build_absolute_uri(article.get_absolute_url())
    return [
        ("Telegram", "https://t.me/share/url?" + urlencode({"url": url, "text": article.title})),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ("X", "https://x.com/intent/post?" + urlencode({"url": url, "text": article.title})),
    ]


JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data) -> str:
    """A <script type="application/ld+json"> whose content cannot close the tag."""
    payload = json.dumps(data, ensure_ascii=False, default=str).translate(JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308 - escaped above
