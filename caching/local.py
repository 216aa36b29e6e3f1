"""Copies, kept a second or two in this worker process, of values read from the shared cache.

A page reads a dozen small values from Redis (its blocks, the weather); a round
trip each costs more than the rest of their work. ``remember`` keeps what it
fetched for LOCAL_CACHE_SECONDS (0 turns it off: tests and development).
Values whose key holds a generation (fragments, pages) are fresh as soon as
the generation is: at once in the worker that made the change, within
GENERATION_SECONDS (half a second) in the others (generations); and the
callers never use a copy past its block's end.
Values are shared between the worker's threads: treat them as read-only.
"""

import time

from django.conf import settings

_copies: dict[str, tuple[float, object]] = {}  # key -> (monotonic deadline, value)
MAX_ENTRIES = 2000


def remember(key: str, fetch, seconds: float | None = None):
    """``fetch()``, or this process's copy of it from the last LOCAL_CACHE_SECONDS (at most ``seconds``).

    None (nothing there yet) is never kept: the next call fetches again.
    """
    keep = settings.LOCAL_CACHE_SECONDS if seconds is None else min(seconds, settings.LOCAL_CACHE_SECONDS)
    if keep <= 0:
        return fetch()
    now = time.monotonic()
    copy = _copies.get(key)
    if copy is not None and copy[0] > now:
        return copy[1]
    value = fetch()
    if value is None:
        return None
    if len(_copies) >= MAX_ENTRIES:
        # Keys of old generations and of the archive's long tail pile up: drop the expired
        # copies (most of them), and everything only if that is not enough.
        for stale in [k for k, (deadline, _value) in list(_copies.items()) if deadline <= now]:
            _copies.pop(stale, None)
        if len(_copies) >= MAX_ENTRIES:
            _copies.clear()
    _copies[key] = (now + keep, value)
    return value


def discard(key: str) -> None:
    """Forget this process's copy of ``key`` (this process just changed it)."""
    _copies.pop(key, None)


def forget() -> None:
    _copies.clear()
