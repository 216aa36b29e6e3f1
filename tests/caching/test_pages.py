"""The page cache: anonymous readers only, keyed by edition and URL, stale the moment an article changes."""

import threading
import time

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone

from articles.models import Article
from articles.services import article_publish, article_save, article_unpublish
from caching import generations
from caching import pages as pagecache

from ..articles.factories import ArticleFactory, CategoryFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db
READER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60
    settings.PAGE_CACHE_WAIT = 2


@pytest.fixture
def reader():
    return Client(headers={"Accept-Language": "en", "User-Agent": READER_AGENT})


def test_the_second_anonymous_request_is_served_from_the_cache_without_queries(reader, django_assert_num_queries):
    article = ArticleFactory(language="en", title="Snow in the mountains")
    first = reader.get(article.get_absolute_url())
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = reader.get(article.get_absolute_url())
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content and b"Snow in the mountains" in second.content
    assert second["Content-Security-Policy"] and second["X-Request-ID"] != first["X-Request-ID"]
    assert second["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", ["/en/", "/en/rss/", "/sitemap.xml", "/robots.txt", "/en/search/?q=snow"])
def test_lists_feeds_and_sitemaps_are_cached_too(reader, url):
    ArticleFactory(language="en", title="Snow")
    assert reader.get(url)["X-Page-Cache"] == "miss"
    assert reader.get(url)["X-Page-Cache"] == "hit"


def test_staff_are_never_served_or_stored_in_the_cache(client, reader):
    article = ArticleFactory(language="en", title="Public version")
    reader.get(article.get_absolute_url())  # cached for readers
    client.force_login(UserFactory(username="editor", group="Editor"))
    staff = client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in staff
    draft = ArticleFactory(language="en", status=Article.Status.DRAFT)
    assert "X-Page-Cache" not in client.get(draft.get_absolute_url())
    assert reader.get(draft.get_absolute_url()).status_code == 404, "a preview never leaks to readers"


def test_responses_that_set_a_cookie_or_are_private_are_not_stored():
    plain = HttpResponse("x")
    assert pagecache._cacheable_response(plain)
    with_cookie = HttpResponse("x")
    with_cookie.set_cookie("weather_city", "samarkand")
    assert not pagecache._cacheable_response(with_cookie)
    private = HttpResponse("x", headers={"Cache-Control": "private, no-store"})
    assert not pagecache._cacheable_response(private)
    assert not pagecache._cacheable_response(HttpResponse("x", status=404))


def test_each_edition_and_weather_city_has_its_own_copy(reader):
    ArticleFactory(language="en")
    ArticleFactory(language="ru")
    english = reader.get("/en/")
    russian = reader.get("/ru/")
    assert russian["X-Page-Cache"] == "miss" and russian["Content-Language"] == "ru"
    assert english.content != russian.content
    reader.cookies["weather_city"] = "samarkand"
    assert reader.get("/en/")["X-Page-Cache"] == "miss", "the header shows another city"


@pytest.mark.parametrize("local_copies", [0, 300], ids=["shared-cache-only", "with-worker-copies"])
def test_publishing_editing_and_unpublishing_make_the_pages_fresh_at_once(
    reader, django_capture_on_commit_callbacks, settings, local_copies
):
    settings.LOCAL_CACHE_SECONDS = local_copies  # a worker's own copies are keyed by generation too
    editor = UserFactory(username="editor", group="Editor")
    section, tag = CategoryFactory(slug="world", name_en="World"), TagFactory(name="Snow", slug="snow")
    older = ArticleFactory(language="en", category=section, title="Older snow story")
    older.tags.add(tag)
    pages = ["/en/", "/en/category/world/", "/en/tag/snow/", "/en/rss/", older.get_absolute_url()]
    for url in pages:
        reader.get(url)
    fresh = ArticleFactory(language="en", category=section, status=Article.Status.DRAFT, title="Snow closes the pass")
    fresh.tags.add(tag)
    with django_capture_on_commit_callbacks(execute=True):
        article_publish(article=fresh, user=editor)
    for url in pages[:4]:
        response = reader.get(url)
        assert response["X-Page-Cache"] == "miss" and b"Snow closes the pass" in response.content, url

    article = Article.objects.get(pk=fresh.pk)
    article.title = "Snow closes the pass for a week"
    with django_capture_on_commit_callbacks(execute=True):
        article_save(article=article, user=editor)
    assert b"for a week" in reader.get(article.get_absolute_url()).content
    assert b"for a week" in reader.get("/en/").content

    with django_capture_on_commit_callbacks(execute=True):
        article_unpublish(article=article, user=editor)
    assert reader.get(article.get_absolute_url()).status_code == 404
    assert b"for a week" not in reader.get("/en/").content


def test_a_change_made_by_another_worker_is_served_within_half_a_second(reader, settings, monkeypatch):
    """Each worker re-reads the edition's generation at most every GENERATION_SECONDS; a hit costs no Redis."""
    from types import SimpleNamespace

    from django.core.cache import cache

    from caching import local as localcache

    settings.LOCAL_CACHE_SECONDS = 2
    clock = SimpleNamespace(seconds=1000.0)
    monkeypatch.setattr(localcache, "time", SimpleNamespace(monotonic=lambda: clock.seconds))
    ArticleFactory(language="en", title="Morning story")
    assert reader.get("/en/")["X-Page-Cache"] == "miss"
    assert reader.get("/en/")["X-Page-Cache"] == "hit"
    # Another worker publishes: it bumps the shared generation; this worker's copy of it is still young.
    cache.incr("page:generation:en")
    assert reader.get("/en/")["X-Page-Cache"] == "hit"
    clock.seconds += generations.GENERATION_SECONDS + 0.01
    assert reader.get("/en/")["X-Page-Cache"] == "miss", "seen within half a second"


def test_a_change_in_one_edition_keeps_the_others_cached(reader, django_capture_on_commit_callbacks):
    ArticleFactory(language="ru")
    reader.get("/ru/")
    article = ArticleFactory(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        article_save(article=article, user=UserFactory(username="editor", group="Editor"))
    assert reader.get("/ru/")["X-Page-Cache"] == "hit"


def test_conditional_gets_are_answered_with_304(reader):
    article = ArticleFactory(language="en")
    url = article.get_absolute_url()
    first = reader.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert "must-revalidate" in first["Cache-Control"] and "public" in first["Cache-Control"]
    again = reader.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert reader.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert reader.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_a_miss_under_load_is_rendered_once_and_the_others_wait_for_it(reader, django_assert_num_queries):
    from django.core.cache import cache

    article = ArticleFactory(language="en")
    url = article.get_absolute_url()
    key = pagecache._key(RequestFactory().get(url), "en")
    assert cache.add(f"{key}:lock", 1, 10), "another worker is rendering this page"
    now = time.time()
    rendered = {"body": b"<p>rendered by the first request</p>", "headers": {}, "etag": '"e"', "modified": now}
    rendered["expires"] = now + 60
    threading.Timer(0.3, lambda: cache.set(key, rendered, 60)).start()
    started = time.monotonic()
    with django_assert_num_queries(0):
        response = reader.get(url)
    assert response.content == rendered["body"], "it waited for the first render instead of rendering again"
    assert 0.2 < time.monotonic() - started < 2


def test_a_cache_outage_renders_every_page_without_waiting(settings, reader):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2, "IGNORE_EXCEPTIONS": True},
        }
    }
    article = ArticleFactory(language="en")
    for _ in range(2):
        started = time.monotonic()
        response = reader.get(article.get_absolute_url())
        assert response.status_code == 200 and "X-Page-Cache" not in response
        assert time.monotonic() - started < 1.5


def test_every_view_is_counted_while_the_page_comes_from_the_cache(reader):
    article = ArticleFactory(language="en", published_at=timezone.now())
    url = article.get_absolute_url()
    for _ in range(3):
        page = reader.get(url)
        assert b"/views/%d/" % article.pk in page.content
        assert reader.post(f"/views/{article.pk}/").status_code == 204
    assert page["X-Page-Cache"] == "hit"
    article.refresh_from_db()
    assert article.view_count == 3


def test_tracking_parameters_share_one_cached_page_that_never_shows_them(reader):
    article = ArticleFactory(language="en", title="Snow in the mountains")
    url = article.get_absolute_url()
    first = reader.get(url + "?utm_source=telegram&utm_medium=social")
    assert first["X-Page-Cache"] == "miss"
    shared = reader.get(url + "?fbclid=IwAR0abc")
    assert shared["X-Page-Cache"] == "hit", "the same story, however it was shared"
    assert b"utm_source" not in shared.content and b"telegram" not in shared.content
    assert reader.get("/en/search/?q=snow&utm_source=x")["X-Page-Cache"] == "miss"
    assert reader.get("/en/search/?q=snow")["X-Page-Cache"] == "hit"
    assert reader.get("/en/search/?q=rain")["X-Page-Cache"] == "miss", "the words searched for still count"


def test_a_page_kept_by_the_version_before_an_upgrade_is_rendered_again(reader):
    """Entries written before pages carried their end (no "expires") are misses, not errors."""
    from django.core.cache import cache

    article = ArticleFactory(language="en", title="Fresh render")
    url = article.get_absolute_url()
    key = pagecache._key(RequestFactory().get(url), "en")
    cache.set(key, {"body": b"old", "headers": {}, "etag": '"old"', "modified": time.time()}, 60)
    response = reader.get(url)
    assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
    assert b"Fresh render" in response.content
