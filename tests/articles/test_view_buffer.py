"""Views counted in Redis and written by flush_views: every reader view once, bots never, nothing lost."""

import io
import socket
import uuid

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from articles import views_buffer
from articles.models import Article, DailyViews
from articles.services import _write_views, flush_views

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db
READER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


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


@pytest.fixture
def reader():
    return Client(headers={"Accept-Language": "en", "User-Agent": READER_AGENT})


def count(article):
    article.refresh_from_db()
    daily = DailyViews.objects.filter(article=article).values_list("views", flat=True).first() or 0
    return article.view_count, daily


def test_views_wait_in_redis_until_flush_views_writes_them(redis, reader):
    article = ArticleFactory(language="en")
    for _ in range(3):
        assert reader.post(f"/views/{article.pk}/").status_code == 204
    assert count(article) == (0, 0), "nothing written yet: one HINCRBY per view"
    call_command("flush_views", stdout=io.StringIO())
    assert count(article) == (3, 3)
    assert flush_views() == 0, "written once"
    assert count(article) == (3, 3)


def test_views_of_a_cached_page_are_counted_exactly_once(redis, reader, settings):
    settings.PAGE_CACHE_SECONDS = 60
    article = ArticleFactory(language="en", published_at=timezone.now())
    for _ in range(5):
        page = reader.get(article.get_absolute_url())
        reader.post(f"/views/{article.pk}/")
    assert page["X-Page-Cache"] == "hit"
    Client(headers={"User-Agent": "Googlebot/2.1"}).post(f"/views/{article.pk}/")  # never counted
    flush_views()
    assert count(article) == (5, 5)


def test_a_draft_is_not_counted(redis, reader):
    draft = ArticleFactory(language="en", status=Article.Status.DRAFT)
    assert reader.post(f"/views/{draft.pk}/").status_code == 404
    flush_views()
    assert count(draft) == (0, 0)


def test_a_batch_whose_write_failed_is_written_by_the_next_flush(redis, reader):
    article = ArticleFactory(language="en")
    reader.post(f"/views/{article.pk}/")
    reader.post(f"/views/{article.pk}/")

    def database_down(counts):
        raise RuntimeError("database unavailable")

    with pytest.raises(RuntimeError):
        views_buffer.drain(database_down)
    reader.post(f"/views/{article.pk}/")  # counted meanwhile, in a fresh batch
    assert count(article) == (0, 0)
    assert views_buffer.drain(_write_views) == 3
    assert count(article) == (3, 3)


def test_without_redis_views_go_straight_to_the_database(settings, reader):
    settings.CACHES = redis_settings("redis://127.0.0.1:1/0")  # nothing listens there
    settings.VIEW_BUFFER = True
    article = ArticleFactory(language="en")
    assert reader.post(f"/views/{article.pk}/").status_code == 204
    assert count(article) == (1, 1), "a Redis outage loses no view"
