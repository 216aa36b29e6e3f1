"""Links between editions and to this page: the switcher, hreflang alternates, the canonical URL."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse, translate_url
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, override

from caching import local
from caching.pages import page_path

from ..editions import NAMES, editions_of, language_tag

register = template.Library()


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's address without tracking or stray parameters (page and query kept)."""
    request = context["request"]
    kept = {key: request.GET[key] for key in ("q", "page") if request.GET.get(key) and request.GET[key] != "1"}
    # One leading slash: "//x" would read as another host (and "//[" breaks URL parsing).
    location = "/" + request.path.lstrip("/")
    return request.build_absolute_uri(location + ("?" + urlencode(kept) if kept else ""))


@register.simple_tag(takes_context=True)
def edition_switcher(context):
    """Links to this page in the other editions, where there is an equivalent (kept a moment per worker)."""
    language = get_language()
    links = editions(context)
    key = "switcher:{}:{}".format(language, " ".join(link["switch"] for link in links))
    html = local.remember(
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
        path = page_path(request)
        article = context.get("article")
        if article is None:
            request._editions = _page_editions(get_script_prefix(), path, get_language())
        else:
            # The article in every edition that shows it or one of its translations (an Uzbek one in
            # both scripts).
            pages = {}
            for item in [*context.get("translations", []), article]:
                for edition in editions_of(item.language):
                    pages[edition] = _article_url(edition, item)
            request._editions = _editions(pages, path, get_language())
    return request._editions


@lru_cache(maxsize=5_000)
def _page_editions(prefix: str, path: str, language: str) -> tuple[dict, ...]:
    return _editions({code: translate_url(path, code) for code, _name in settings.LANGUAGES}, path, language)


def _article_url(edition: str, article) -> str:
    with override(edition):
        return article.get_absolute_url()


def _editions(pages: dict[str, str], path: str, language: str) -> tuple[dict, ...]:
    result = []
    for code, _name in settings.LANGUAGES:
        name = NAMES.get(code, code)
        url = pages.get(code)
        equivalent = url is not None and (url != path or code == language)
        if not equivalent:
            url = _edition_home(get_script_prefix(), code)
        switch = "{}?{}".format(reverse("switch_language", args=[code]), urlencode({"next": url}))
        result.append(
            {
                "code": code, "tag": language_tag(code), "name": name, "url": url, "equivalent": equivalent,
                "switch": switch,
            }
        )  # fmt: skip
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
    """hreflang alternates: the editions that have this very page, as absolute URLs (the Uzbek ones
    named by script: uz-Latn, uz-Cyrl)."""
    request = context["request"]
    return [
        {"code": e["tag"], "url": request.build_absolute_uri(e["url"])} for e in editions(context) if e["equivalent"]
    ]


@register.filter
def edition_tag(code: str) -> str:
    """An edition's BCP 47 tag for ``lang``: "uz-Latn", "uz-Cyrl", "ru"."""
    return language_tag(code)
