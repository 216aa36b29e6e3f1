"""Whole-page cache for anonymous readers, under their edition's generation.

Which requests: GET or HEAD of a public page (an edition's pages under
``/<language>/``, and PAGE_CACHE_SITE_PATHS: sitemaps, robots.txt) from a
reader without a session cookie. Which responses: 200s that set no cookie and
are not marked private, no-store or no-cache. Staff (who have a session),
previews, the admin, POSTs and errors never are.

Keys: the scope's generation (the edition, or ``SITE`` for pages listing
every edition), the path with the query parameters pages read (``page_path``:
a story shared with ``?utm_source=…`` or ``?fbclid=…`` is still one page), and
the cookies named in PAGE_CACHE_VARY_COOKIES (the header's weather city).
Pages link to themselves through ``page_path`` too, so no reader's tracking
parameters end up in a page another reader is given.

A page is kept PAGE_CACHE_SECONDS at most, and never past the first end of
the blocks it shows (``fragments.page_expiry``). A miss under load renders
once: the first request takes a short lock and renders; the others wait for
its copy (up to PAGE_CACHE_WAIT seconds) instead of rendering the same page
each. Every cached page carries an ETag and Last-Modified; a conditional GET
that matches gets a 304 without the body.
"""

import hashlib
import math
import re
import time
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.encoding import escape_uri_path
from django.utils.http import http_date, parse_http_date_safe, urlencode

from . import fragments, local
from .generations import SITE, editions, end_request, generation, request_scope

# The query parameters public pages read: search words, list and sitemap pages, live entries.
PAGE_PARAMETERS = ("q", "page", "p", "after", "before")
# An article's page and its live entries: besides its edition's, the key holds the article's own
# generation, which a live entry moves (articles.live): the rest of the edition stays cached.
ARTICLE_PATH = re.compile(r"^/[^/]+/news/([0-9]{1,18})[-/]")
# The entries a live page polls for: fresh within a second, so nginx's micro-cache does not keep them.
LIVE_PATH = re.compile(r"^/[^/]+/news/[0-9]{1,18}/live/$")
# A cookie value that varies a page is a slug (a city); anything else counts as none.
COOKIE_VALUE = re.compile(r"[a-z0-9-]{1,50}")


def page_path(request) -> str:
    """The request's path with only PAGE_PARAMETERS, in a fixed order: what decides the page."""
    kept = [(name, value) for name in PAGE_PARAMETERS for value in request.GET.getlist(name)]
    return escape_uri_path(request.path) + ("?" + urlencode(kept) if kept else "")


@lru_cache(maxsize=8)
def _public_path(languages: tuple[str, ...], site_paths: tuple[str, ...]) -> re.Pattern:
    edition = "|".join(map(re.escape, languages))
    site = "|".join(re.escape(path) for path in site_paths)
    return re.compile(rf"^(?:/(?P<edition>{edition})/|(?:{site})$)")


def _cacheable_request(request) -> str | None:
    """The scope of a request that may be served from the cache, or None."""
    if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    match = _public_path(tuple(editions()), tuple(settings.PAGE_CACHE_SITE_PATHS)).match(request.path)
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
    varies = []
    for name in settings.PAGE_CACHE_VARY_COOKIES:
        value = request.COOKIES.get(name, "")
        varies.append(value if COOKIE_VALUE.fullmatch(value) else "")
    path = hashlib.sha256(page_path(request).encode()).hexdigest()
    article = ARTICLE_PATH.match(request.path)
    if article:
        # The entries a live page polls for are fresh at once on every worker; the pages themselves
        # keep the half-second copy, as every page does (no shared-cache read on each article view).
        own = generation(f"article:{article.group(1)}", immediate=bool(LIVE_PATH.match(request.path)))
        if own is None:
            return None
        current = f"{current}.{own}"
    return f"page:{scope}:{current}:{':'.join(varies)}:{path}"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request_scope()
        try:
            return self._serve(request)
        finally:
            end_request(token)

    def _serve(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        scope = _cacheable_request(request) if seconds > 0 else None
        if scope is None:
            return self.get_response(request)
        key = _key(request, scope)
        if key is None:  # the cache is down: every page is rendered, none waits
            return self.get_response(request)
        # A popular page is asked for many times a second: each worker keeps its copy a moment.
        asked = []  # did this call ask the shared cache (not only this worker's copy)?
        entry = _fresh(local.remember(key, lambda: asked.append(key) or cache.get(key)))
        if entry is None and not asked:  # this worker's copy outlived it: ask the shared cache itself
            local.discard(key)
            entry = _fresh(cache.get(key))
        if entry is None and not cache.add(f"{key}:lock", 1, settings.PAGE_CACHE_WAIT + 5):
            entry = self._wait_for(key)
        if entry is not None:
            return self._answer(request, entry, hit=True)
        try:
            blocks = fragments.track_page()
            try:
                response = self.get_response(request)
            finally:
                ends = fragments.page_expiry(blocks)
            if not _cacheable_response(response):
                return response
            now = time.time()
            body = response.content
            entry = {
                "body": body,
                "headers": {k: v for k, v in response.items() if k.lower() not in ("set-cookie", "x-request-id")},
                "etag": '"' + hashlib.md5(body, usedforsecurity=False).hexdigest() + '"',
                "modified": now,
                "expires": min(now + seconds, ends),
            }
            cache.set(key, entry, max(1, math.ceil(entry["expires"] - now)))
        finally:
            cache.delete(f"{key}:lock")
        return self._answer(request, entry, hit=False, response=response)

    def _wait_for(self, key):
        deadline = time.monotonic() + settings.PAGE_CACHE_WAIT
        while time.monotonic() < deadline:
            time.sleep(0.02)
            entry = _fresh(cache.get(key))
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
        # nginx's micro-cache (deploy/nginx.conf) may keep this page a moment, and only such pages.
        # It must come before Cache-Control: nginx before 1.23 reads them in order, and
        # "max-age=0" first would mark the page uncacheable for good.
        answer.headers.pop("Cache-Control", None)
        answer["X-Accel-Expires"] = "0" if LIVE_PATH.match(request.path) else str(settings.PAGE_CACHE_PROXY_SECONDS)
        # Browsers and other proxies ask again each time (a 304 is cheap).
        patch_cache_control(answer, public=True, max_age=0, must_revalidate=True)
        return answer


def _fresh(entry):
    """The entry, unless a block it shows has ended since (a worker's copy may outlive it by a moment).

    An entry without an end (written by an older version, before an upgrade) counts as ended.
    """
    return entry if entry is not None and entry.get("expires", 0) > time.time() else None


def _not_modified(request, etag: str, modified: int) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        return etag in [tag.strip() for tag in if_none_match.split(",")] or if_none_match.strip() == "*"
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and modified <= since
