from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article

from .factories import ArticleFactory, CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db


def test_homepage_lists_only_what_readers_may_see(client):
    ArticleFactory(title="Live story")
    ArticleFactory(title="Secret draft", status=Article.Status.DRAFT)
    ArticleFactory(title="Waiting for review", status=Article.Status.REVIEW)
    ArticleFactory(title="Tomorrow's story", published_at=timezone.now() + timedelta(days=1))
    response = client.get("/")
    assert response.status_code == 200
    assert b"Live story" in response.content
    for hidden in (b"Secret draft", b"Waiting for review", b"Tomorrow&#x27;s story"):
        assert hidden not in response.content


def test_edition_page_lists_only_its_language(client):
    ArticleFactory(title="English story", language="en")
    ArticleFactory(title="Русская новость", language="ru")
    response = client.get("/ru/")
    assert "Русская новость" in response.content.decode()
    assert b"English story" not in response.content
    assert b'<html lang="ru">' in response.content


def test_homepage_query_count_does_not_grow_with_content(client):
    ArticleFactory.create_batch(2)
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    ArticleFactory.create_batch(20, category=CategoryFactory())
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many) == len(few) == 2


def test_article_page_shows_the_story(client):
    article = ArticleFactory(
        title="Dam repaired",
        lead="Water is back.",
        body="<h2>What happened</h2><p>Details.</p>",
        source="Regional news agency",
        source_url="https://example.org/dam",
        tags=[TagFactory(name="water")],
    )
    response = client.get(article.get_absolute_url())
    content = response.content.decode()
    assert "<h1>Dam repaired</h1>" in content
    assert '<p class="lead">Water is back.</p>' in content
    assert "<h2>What happened</h2>" in content
    assert '<a href="https://example.org/dam" rel="noopener">Regional news agency</a>' in content
    assert "#water" in content
    assert "Preview:" not in content


def test_article_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    article = ArticleFactory(tags=[TagFactory(), TagFactory(), TagFactory()])
    with django_assert_num_queries(2):
        client.get(article.get_absolute_url())


def test_titles_and_leads_are_escaped(client):
    article = ArticleFactory(title="<script>alert(1)</script>", lead="<b>bold</b>")
    content = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "&lt;b&gt;bold&lt;/b&gt;" in content


def test_old_slug_or_wrong_edition_redirects_to_the_permalink(client):
    article = ArticleFactory(title="First headline", language="uz")
    assert client.get(f"/uz/news/{article.pk}-old-words/").headers["Location"] == article.get_absolute_url()
    response = client.get(f"/en/news/{article.pk}-{article.slug}/")
    assert response.status_code == 301
    assert response.headers["Location"] == article.get_absolute_url()


def test_unknown_article_is_404(client):
    assert client.get("/en/news/999999-nothing/").status_code == 404


@pytest.mark.parametrize(
    ("published", "shown"),
    [
        ("2026-03-12 22:40", "Today, 22:40"),
        ("2026-03-11 23:59", "Yesterday, 23:59"),
        ("2026-03-09 08:05", "9 March 2026, 08:05"),
    ],
)
def test_times_read_like_the_reference_page(client, published, shown):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    tashkent = ZoneInfo("Asia/Tashkent")
    with time_machine.travel(datetime(2026, 3, 12, 23, 30, tzinfo=tashkent), tick=False):
        article = ArticleFactory(published_at=datetime.strptime(published, "%Y-%m-%d %H:%M").replace(tzinfo=tashkent))
        content = client.get(article.get_absolute_url()).content.decode()
    assert shown in content
