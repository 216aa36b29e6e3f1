"""Generations: one number per scope in the shared cache, the only way anything cached is invalidated.

A scope is an edition (a language code of LANGUAGES), ``SITE`` (pages that
list every edition: sitemaps, robots.txt) or any other name a block depends
on (``"weather"``). Every key of a page or block holds its scope's current
generation; ``invalidate`` moves the number on, so every key of the old one
is unreachable at once and expires by itself. Invalidating an edition also
invalidates ``SITE``: the sitemaps list every edition's articles.

Each worker re-reads a generation from the shared cache at most every
GENERATION_SECONDS, and once per request: a change is seen at once by the
worker that made it and within half a second by the others.
"""

import time
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache

from . import local

SITE = "site"
GENERATION_SECONDS = 0.5

# Generations already read during the current request (set by the page-cache middleware): a page's
# blocks ask for their edition's several times, and one look is enough.
_seen: ContextVar[dict | None] = ContextVar("cache_generations", default=None)


def editions() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _key(scope: str) -> str:
    return f"page:generation:{scope}"


def generation(scope: str, *, immediate: bool = False) -> int | None:
    """The scope's current generation; None when the cache cannot keep one (an outage: no caching).
    ``immediate``: read from the shared cache, not this worker's copy (what a live page polls for)."""
    seen = _seen.get()
    if seen is not None and scope in seen:
        return seen[scope]
    value = _shared(scope) if immediate else local.remember(_key(scope), lambda: _shared(scope), GENERATION_SECONDS)
    if seen is not None and value is not None:
        seen[scope] = value
    return value


def _shared(scope: str) -> int | None:
    value = cache.get(_key(scope))
    if value is None:
        # A new number, never one an earlier cache held.
        cache.add(_key(scope), int(time.time() * 1000), None)
        value = cache.get(_key(scope))
    return value


def invalidate(*scopes: str) -> None:
    """Make everything cached under these scopes stale at once (an edition takes ``SITE`` with it).

    The one invalidation path: the article services, the section and tag
    admin, the similar-news rebuild and the weather fetch call it, once per
    change and after it commits.
    """
    seen = _seen.get()
    every = set(scopes)
    if every & set(editions()):
        every.add(SITE)
    for scope in every:
        if seen is not None:
            seen.pop(scope, None)
        try:
            cache.incr(_key(scope))
        except ValueError:  # not there yet (or the cache was flushed): a new generation
            cache.set(_key(scope), int(time.time() * 1000), None)
        # After the bump: another thread of this worker must not re-read the old number and keep it.
        local.discard(_key(scope))


def request_scope():
    """Start remembering generations for one request; returns the token to pass to ``end_request``."""
    return _seen.set({})


def end_request(token) -> None:
    _seen.reset(token)
