"""Whole-page cache for anonymous readers, invalidated by edition when articles change.

Which requests: GET or HEAD of a public page (an edition's pages, feeds,
sitemaps, robots.txt) from a reader without a session cookie. Which
responses: 200s that set no cookie and are not marked private or no-store.
Staff (who have a session), previews, the admin, POSTs and errors never are.

Keys: the edition's generation, the path with the query parameters pages
read (``page_path``: a story shared with ``?utm_source=…`` or ``?fbclid=…``
is still one page), and the reader's weather city (the header widget shows
it). The edition is the URL's first segment, so each edition has its own
entries. Pages link to themselves through ``page_path`` too, so no reader's
tracking parameters end up in a page another reader is given.

Invalidation: ``invalidate(language)`` bumps that edition's generation (and
the sitemaps'); every key of the old generation is then unreachable and
expires by itself. ``articles.services`` calls it when an article is
published, edited, unpublished or deleted. That covers its page, its
section's and tags' pages, its edition's home and feeds, and every page whose
similar-news block shows it (lists never cross editions). Blocks that change
without an article changing (most read, weather) are at most PAGE_CACHE_SECONDS old.
Each worker re-reads a generation from Redis at most every GENERATION_SECONDS
(and once per request): a change is seen at once by the worker that made it
and within half a second by the others, and a page served from the cache
needs no round trip to Redis.

A miss under load renders once: the first request takes a short lock and
renders; the others wait for its copy (up to PAGE_CACHE_WAIT seconds) instead
of rendering the same page each.

Every cached page carries an ETag and Last-Modified; a conditional GET that
matches gets a 304 without the body.
"""

import hashlib
import re
import time
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.encoding import escape_uri_path
from django.utils.http import http_date, parse_http_date_safe, urlencode

from newsportal import localcache

PUBLIC_PATH = re.compile(r"^/(?:(?P<edition>uz|ru|en)/|(?:sitemap\.xml|news-sitemap\.xml|robots\.txt)$)")
SITE = "site"  # the generation of pages listing every edition (sitemaps, robots.txt)
CITY = re.compile(r"[a-z0-9-]{1,50}")


# The query parameters public pages read: search words, list and sitemap pages.
PAGE_PARAMETERS = ("q", "page", "p")


def page_path(request) -> str:
    """The request's path with only PAGE_PARAMETERS, in a fixed order: what decides the page."""
    kept = [(name, value) for name in PAGE_PARAMETERS for value in request.GET.getlist(name)]
    return escape_uri_path(request.path) + ("?" + urlencode(kept) if kept else "")


def _generation_key(scope: str) -> str:
    return f"page:generation:{scope}"


# Generations already read during the current request: a page's fragments ask
# for their edition's several times, and one Redis round trip is enough.
_seen: ContextVar[dict | None] = ContextVar("page_generations", default=None)


GENERATION_SECONDS = 0.5


def generation(scope: str) -> int | None:
    """The scope's current generation; None when the cache cannot keep one (an outage: no caching)."""
    seen = _seen.get()
    if seen is not None and scope in seen:
        return seen[scope]
    value = localcache.remember(_generation_key(scope), lambda: _shared_generation(scope), GENERATION_SECONDS)
    if seen is not None and value is not None:
        seen[scope] = value
    return value


def _shared_generation(scope: str) -> int | None:
    value = cache.get(_generation_key(scope))
    if value is None:
        # A new number, never one an earlier cache held.
        cache.add(_generation_key(scope), int(time.time() * 1000), None)
        value = cache.get(_generation_key(scope))
    return value


def invalidate(*languages: str) -> None:
    """Make every cached page of these editions, and the sitemaps, stale at once."""
    seen = _seen.get()
    for scope in {*languages, SITE}:
        if seen is not None:
            seen.pop(scope, None)
        try:
            cache.incr(_generation_key(scope))
        except ValueError:  # not there yet (or the cache was flushed): a new generation
            cache.set(_generation_key(scope), int(time.time() * 1000), None)
        # After the bump: another thread of this worker must not re-read the old number and keep it.
        localcache.discard(_generation_key(scope))


def _cacheable_request(request) -> str | None:
    """The scope of a request that may be served from the cache, or None."""
    if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    match = PUBLIC_PATH.match(request.path)
    if match is None:
        return None
    return match.group("edition") or SITE


def _cacheable_response(response) -> bool:
    if response.status_code != 200 or response.cookies or getattr(response, "streaming", False):
        return False
    control = response.get("Cache-Control", "")
    return "private" not in control and "no-store" not in control and "no-cache" not in control


def _key(request, scope: str) -> str | None:
    current = generation(scope)
    if current is None:
        return None
    city = request.COOKIES.get("weather_city", "")
    city = city if CITY.fullmatch(city) else ""
    path = hashlib.sha256(page_path(request).encode()).hexdigest()
    return f"page:{scope}:{current}:{city}:{path}"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _seen.set({})
        try:
            return self._serve(request)
        finally:
            _seen.reset(token)

    def _serve(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        scope = _cacheable_request(request) if seconds > 0 else None
        if scope is None:
            return self.get_response(request)
        key = _key(request, scope)
        if key is None:  # the cache is down: every page is rendered, none waits
            return self.get_response(request)
        # A popular page is asked for many times a second: each worker keeps its copy a moment.
        entry = localcache.remember(key, lambda: cache.get(key))
        if entry is None and not cache.add(f"{key}:lock", 1, settings.PAGE_CACHE_WAIT + 5):
            entry = self._wait_for(key)
        if entry is not None:
            return self._answer(request, entry, hit=True)
        try:
            response = self.get_response(request)
            if not _cacheable_response(response):
                return response
            body = response.content
            entry = {
                "body": body,
                "headers": {k: v for k, v in response.items() if k.lower() not in ("set-cookie", "x-request-id")},
                "etag": '"' + hashlib.md5(body, usedforsecurity=False).hexdigest() + '"',
                "modified": time.time(),
            }
            cache.set(key, entry, seconds)
        finally:
            cache.delete(f"{key}:lock")
        return self._answer(request, entry, hit=False, response=response)

    def _wait_for(self, key):
        deadline = time.monotonic() + settings.PAGE_CACHE_WAIT
        while time.monotonic() < deadline:
            time.sleep(0.02)
            entry = cache.get(key)
            if entry is not None:
                return entry
        return None  # the first renderer is slow or gone: render this one ourselves

    def _answer(self, request, entry, *, hit: bool, response=None):
        modified = int(entry["modified"])
        if _not_modified(request, entry["etag"], modified):
            answer = HttpResponseNotModified()
        elif response is not None:
            answer = response
        else:
            answer = HttpResponse(entry["body"], status=200)
            for name, value in entry["headers"].items():
                answer[name] = value
        answer["ETag"] = entry["etag"]
        answer["Last-Modified"] = http_date(modified)
        answer["X-Page-Cache"] = "hit" if hit else "miss"
        # nginx's micro-cache (deploy/nginx.conf) may keep this page a few seconds, and only such pages.
        # It must come before Cache-Control: nginx before 1.23 reads them in order, and
        # "max-age=0" first would mark the page uncacheable for good.
        answer.headers.pop("Cache-Control", None)
        answer["X-Accel-Expires"] = str(settings.PAGE_CACHE_PROXY_SECONDS)
        # Browsers and other proxies ask again each time (a 304 is cheap).
        patch_cache_control(answer, public=True, max_age=0, must_revalidate=True)
        return answer


def _not_modified(request, etag: str, modified: int) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        return etag in [tag.strip() for tag in if_none_match.split(",")] or if_none_match.strip() == "*"
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and modified <= since
