import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from articles.models import Article, DailyViews

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]


def count_url(article):
    return f"/views/{article.pk}/"


def test_page_carries_the_beacon_and_rendering_alone_counts_nothing(client):
    article = ArticleFactory()
    content = client.get(article.get_absolute_url(), headers={"User-Agent": BROWSER}).content.decode()
    assert f'data-count-url="/views/{article.pk}/"' in content
    assert f'<noscript><img class="pixel" src="/views/{article.pk}/"' in content
    assert '<script src="/static/js/views.js" defer></script>' in content
    article.refresh_from_db()
    assert article.view_count == 0


def test_each_reader_view_counts_once(client):
    article = ArticleFactory()
    for _ in range(3):
        response = client.post(count_url(article), headers={"User-Agent": BROWSER})
        assert response.status_code == 204
    article.refresh_from_db()
    assert article.view_count == 3
    assert DailyViews.objects.get(article=article, day=timezone.localdate()).views == 3
    assert "3 views" in client.get(article.get_absolute_url()).content.decode()


def test_noscript_pixel_counts_and_is_an_uncached_gif(client):
    article = ArticleFactory()
    response = client.get(count_url(article), headers={"User-Agent": BROWSER})
    assert response["Content-Type"] == "image/gif"
    assert "no-store" in response["Cache-Control"]
    article.refresh_from_db()
    assert article.view_count == 1


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; YandexBot/3.0)",
        "facebookexternalhit/1.1",
        "TelegramBot (like TwitterBot)",
        "curl/8.5.0",
        "python-requests/2.32",
        "",
    ],
)
def test_bots_are_not_counted(client, agent):
    article = ArticleFactory()
    response = client.post(count_url(article), headers={"User-Agent": agent})
    assert response.status_code == 204
    article.refresh_from_db()
    assert article.view_count == 0


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.REVIEW])
def test_drafts_and_unknown_articles_are_not_counted(client, status):
    draft = ArticleFactory(status=status)
    assert client.post(count_url(draft), headers={"User-Agent": BROWSER}).status_code == 404
    assert client.post("/views/999999/", headers={"User-Agent": BROWSER}).status_code == 404
    scheduled = ArticleFactory(published_at=timezone.now() + timedelta(hours=1))
    assert client.post(count_url(scheduled), headers={"User-Agent": BROWSER}).status_code == 404
    draft.refresh_from_db()
    assert draft.view_count == 0


def test_counting_does_not_touch_the_update_time(client):
    article = ArticleFactory()
    before = Article.objects.get(pk=article.pk).updated_at
    client.post(count_url(article), headers={"User-Agent": BROWSER})
    assert Article.objects.get(pk=article.pk).updated_at == before


@pytest.mark.skipif(not ON_POSTGRES, reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_views_lose_no_counts(live_server):
    article = ArticleFactory()
    url = live_server.url + count_url(article)

    def view(_):
        request = urllib.request.Request(url, method="POST", headers={"User-Agent": BROWSER})
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(view, range(200)))
    assert statuses == [204] * 200
    article.refresh_from_db()
    assert article.view_count == 200
    assert DailyViews.objects.get(article=article).views == 200
    assert connection.vendor == "postgresql"
