"""Fixtures of the article tests that talk to the local Redis."""

import socket
import uuid

import pytest

from articles import views_buffer


def redis_settings(location, prefix="newsportal-tests"):
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5, "IGNORE_EXCEPTIONS": True},
        }
    }


@pytest.fixture
def redis(settings):
    """The local Redis (.ci/run starts it), with keys of this test only."""
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    test = uuid.uuid4().hex  # nothing is shared with another test or an earlier run (pages, blocks, counts)
    settings.CACHES = redis_settings("redis://127.0.0.1:6379/14", prefix=f"newsportal-tests-{test}")
    settings.VIEW_BUFFER = True
    settings.VIEW_BUFFER_KEY = f"test-views-{test}"
    yield views_buffer._redis()
    for pattern in (f"{settings.VIEW_BUFFER_KEY}:*", f"newsportal-tests-{test}:*"):
        for key in views_buffer._redis().scan_iter(pattern):
            views_buffer._redis().delete(key)
