"""A worker's own short-lived copies of values from the shared cache (caching/local.py)."""

from types import SimpleNamespace

import pytest

from caching import local as localcache


@pytest.fixture
def clock(monkeypatch, settings):
    settings.LOCAL_CACHE_SECONDS = 2
    now = SimpleNamespace(seconds=1000.0)
    monkeypatch.setattr(localcache, "time", SimpleNamespace(monotonic=lambda: now.seconds))
    return now


def test_a_copy_is_kept_for_the_local_time_and_none_is_never_kept(clock):
    calls = []

    def fetch():
        calls.append(1)
        return len(calls)

    assert localcache.remember("k", fetch) == 1
    assert localcache.remember("k", fetch) == 1
    clock.seconds += 2.5
    assert localcache.remember("k", fetch) == 2
    assert localcache.remember("none", lambda: None) is None
    assert localcache.remember("none", lambda: "now") == "now"


def test_when_full_the_expired_copies_go_first(clock, monkeypatch):
    monkeypatch.setattr(localcache, "MAX_ENTRIES", 10)
    for n in range(8):
        localcache.remember(f"old-{n}", lambda: "old")
    clock.seconds += 3
    localcache.remember("fresh-1", lambda: "fresh")
    localcache.remember("fresh-2", lambda: "fresh")
    localcache.remember("fresh-3", lambda: "fresh")  # full: the eight expired copies are dropped
    assert sorted(localcache._copies) == ["fresh-1", "fresh-2", "fresh-3"]
    for n in range(8):
        localcache.remember(f"new-{n}", lambda: "new")  # full of live copies: start again
    assert len(localcache._copies) < 10
