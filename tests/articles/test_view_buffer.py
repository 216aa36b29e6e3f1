"""Views counted in Redis and written by flush_views: every reader view once, bots never, nothing lost."""

import io
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from articles import views_buffer
from articles.models import Article, DailyViews, ViewBatch
from articles.services import _write_views, flush_views

from .conftest import redis_settings
from .factories import ArticleFactory

pytestmark = pytest.mark.django_db
READER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


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

    def database_down(counts, batch):
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


def test_a_flush_that_dies_after_writing_and_before_redis_forgets_the_batch_counts_it_once(
    redis, reader, monkeypatch, settings
):
    article = ArticleFactory(language="en")
    for _ in range(3):
        reader.post(f"/views/{article.pk}/")
    real_delete = type(redis).delete

    def dies(self, *names):
        raise ConnectionError("the flush was killed here")

    monkeypatch.setattr(type(redis), "delete", dies)
    with pytest.raises(ConnectionError):
        flush_views()
    assert count(article) == (3, 3), "the batch was written and committed"
    monkeypatch.setattr(type(redis), "delete", real_delete)
    reader.post(f"/views/{article.pk}/")  # a new view meanwhile
    assert flush_views() == 1, "the old batch is recognised and only the new view is written"
    assert count(article) == (4, 4)
    assert list(redis.scan_iter(f"{views_buffer._pending()}*")) == []
    assert not list(redis.scan_iter(f"{settings.VIEW_BUFFER_KEY}:draining:*")), "Redis forgot it"


def test_two_flushes_at_once_count_a_batch_once(redis, reader):
    """The second flush reaches the batch while the first is still inside its transaction."""
    article = ArticleFactory(language="en")
    for _ in range(2):
        reader.post(f"/views/{article.pk}/")
    inner = []

    def write_while_another_flush_runs(counts, batch):
        written = _write_views(counts, batch=batch)
        inner.append(views_buffer.drain(_write_views))  # the other flush finds the same batch
        return written

    assert views_buffer.drain(write_while_another_flush_runs) == 2
    assert inner == [0]
    assert count(article) == (2, 2)
    assert ViewBatch.objects.count() == 1


def test_views_buffered_for_an_article_deleted_before_the_flush_are_dropped_and_the_rest_written(redis, reader):
    kept, deleted = ArticleFactory(language="en"), ArticleFactory(language="en")
    for article in (kept, deleted, deleted):
        assert reader.post(f"/views/{article.pk}/").status_code == 204
    deleted.delete()
    assert flush_views() == 1
    assert count(kept) == (1, 1)
    assert not DailyViews.objects.filter(article_id=deleted.pk).exists()
    assert flush_views() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two flushes in parallel need PostgreSQL's row locks")
@pytest.mark.django_db(transaction=True)
def test_two_flushes_in_parallel_threads_count_every_view_once(redis, reader, settings):
    article = ArticleFactory(language="en")
    for _ in range(20):
        reader.post(f"/views/{article.pk}/")
    # Left by an earlier flush that died before writing: both flushes find it from the start.
    redis.rename(views_buffer._pending(), f"{settings.VIEW_BUFFER_KEY}:draining:left-over")
    both_inside = threading.Barrier(2, timeout=10)

    def slow_write(counts, batch):
        both_inside.wait()  # each flush has its batch list before either writes
        return _write_views(counts, batch=batch)

    def flush(_):
        try:
            return views_buffer.drain(slow_write)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = sorted(pool.map(flush, range(2)))
    assert results == [0, 20]
    assert count(article) == (20, 20)
