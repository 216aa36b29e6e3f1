"""Blocks of pages kept under a scope's generation, each at most ``seconds`` (never over a minute) old.

A block (a fragment) is computed once and kept in the shared cache under
its scope's current generation (``generations``: an edition, or "weather"),
so a change of the scope makes it unreachable at once. ``seconds`` bounds what
changes by the clock alone (a breaking story ages, views accrue); no block
is kept longer than MAX_SECONDS. Each worker also keeps what it read for a
moment (``local``), never past the block's own end.

A page is never kept longer than the blocks it shows: each block's end is
noted for the request (``page_expiry``), and the page cache keeps the page
until the earliest of them. A block computed from other blocks ends with them
too. When the cache is down, everything is computed.
"""

import math
import time
from contextvars import ContextVar

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from . import local
from .generations import generation

MAX_SECONDS = 60

# The earliest end (time.time()) of the blocks used so far by the page or block being made.
_ends: ContextVar[list[float] | None] = ContextVar("fragment_ends", default=None)


def fragment(scope: str, name: str, seconds: float, compute):
    """``compute()``, kept under ``scope``'s generation for at most ``seconds``."""
    seconds = min(seconds, MAX_SECONDS)
    current = generation(scope)
    if current is None:
        return compute()
    key = f"fragment:{scope}:{current}:{name}"

    def shared():
        entry = cache.get(key)
        if entry is None or entry[0] <= time.time():
            entry = _computed(compute, seconds)
            cache.set(key, entry, max(1, math.ceil(entry[0] - time.time())))
        return entry

    entry = local.remember(key, shared, seconds)
    if entry[0] <= time.time():  # this worker's copy outlived the block
        local.discard(key)
        entry = local.remember(key, shared, seconds)
    _note(entry[0])
    return entry[1]


def _computed(compute, seconds: float) -> tuple[float, object]:
    """(end, value): the end is ``seconds`` from now, or sooner if a block it used ends sooner."""
    token = _ends.set([time.time() + seconds])
    try:
        value = compute()
        return _ends.get()[0], value
    finally:
        _ends.reset(token)


def _note(end: float) -> None:
    ends = _ends.get()
    if ends is not None and end < ends[0]:
        ends[0] = end


def edition_fragment(name: str, seconds: float, compute):
    """A block of the current edition (the active language)."""
    return fragment(get_language(), name, seconds, compute)


def edition_html(name: str, seconds: float, template_name: str, context) -> SafeString:
    """``template_name`` rendered once per edition change; ``context`` is a callable, called only to render."""
    html = edition_fragment(f"html:{name}", seconds, lambda: render_to_string(template_name, context()))
    return mark_safe(html)  # noqa: S308 - our own template's output, escaped when it was rendered


def track_page():
    """Start noting the ends of the blocks this request uses; returns the token for ``page_expiry``."""
    return _ends.set([math.inf])


def page_expiry(token) -> float:
    """The earliest end of the blocks used since ``track_page`` (infinity if none); stops noting."""
    end = _ends.get()[0]
    _ends.reset(token)
    return end
