from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article

from .factories import ArticleFactory, CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db

TASHKENT = ZoneInfo("Asia/Tashkent")


def main_part(response) -> str:
    content = response.content.decode()
    return content[content.index("<main") : content.index("</main>")]


def test_home_shows_the_lead_story_latest_news_and_category_blocks(client):
    sport = CategoryFactory(name_en="Sport", slug="sport", position=2)
    world = CategoryFactory(name_en="World", slug="world", position=1)
    lead = ArticleFactory(title="Featured story", is_featured=True, category=world,
                          published_at=timezone.now() - timedelta(hours=5))  # fmt: skip
    newer = ArticleFactory(title="Newest story", category=sport)
    content = client.get("/en/").content.decode()
    assert f'<h2 class="lead-title"><a href="{lead.get_absolute_url()}">Featured story</a></h2>' in content
    assert content.count("Newest story") >= 2, "in the latest feed and in its category block"
    assert content.index('id="block-world"') < content.index('id="block-sport"'), "blocks follow the menu order"
    assert newer.get_absolute_url() in content


def test_home_lists_only_what_readers_may_see(client):
    ArticleFactory(title="Live story")
    ArticleFactory(title="Secret draft", status=Article.Status.DRAFT)
    ArticleFactory(title="Waiting for review", status=Article.Status.REVIEW)
    ArticleFactory(title="Tomorrow story", published_at=timezone.now() + timedelta(days=1))
    ArticleFactory(title="Russian story", language="ru")
    content = client.get("/en/").content.decode()
    assert "Live story" in content
    for hidden in ("Secret draft", "Waiting for review", "Tomorrow story", "Russian story"):
        assert hidden not in content


def test_home_pages_to_older_news(client):
    category = CategoryFactory()
    for hour in range(25):
        ArticleFactory(title=f"Story {hour:02d}h ago", category=category,
                       published_at=timezone.now() - timedelta(hours=hour + 1))  # fmt: skip
    first = client.get("/en/").content.decode()
    assert 'rel="next"' in first
    second = client.get("/en/?page=2").content.decode()
    assert "Latest news, page 2" in second
    assert "Story 24h ago" in client.get("/en/?page=3").content.decode()
    assert client.get("/en/?page=99").status_code == 404


def test_most_read_counts_views_of_the_last_week(client):
    from articles.models import DailyViews

    today = timezone.localdate()
    old_hit = ArticleFactory(title="Old hit")
    DailyViews.objects.create(article=old_hit, day=today - timedelta(days=10), views=900)
    DailyViews.objects.create(article=old_hit, day=today, views=1)
    weekly = ArticleFactory(title="Read this week")
    DailyViews.objects.create(article=weekly, day=today - timedelta(days=3), views=50)
    content = client.get("/en/").content.decode()
    block = content[content.index('class="aside-block most-read"') :]
    assert block.index("Read this week") < block.index("Old hit")


def test_breaking_line_shows_the_newest_breaking_story_of_the_day(client, django_capture_on_commit_callbacks):
    ArticleFactory(title="Plain newest story")
    ArticleFactory(title="Old alarm", is_breaking=True, published_at=timezone.now() - timedelta(days=2))
    content = client.get("/en/").content.decode()
    assert '<strong class="breaking-label">Latest</strong>' in content
    assert "Plain newest story</a>" in content[content.index('class="breaking"') :]
    from articles.services import article_publish

    from .factories import UserFactory

    draft = ArticleFactory(
        title="Border closed", is_breaking=True, published_at=timezone.now() - timedelta(hours=3), status="draft"
    )
    with django_capture_on_commit_callbacks(execute=True):  # committed: the cached line is stale at once
        article_publish(article=draft, user=UserFactory(username="editor", group="Editor"))
    content = client.get("/en/").content.decode()
    line = content[content.index('class="breaking"') : content.index("</div>", content.index('class="breaking"'))]
    assert "Breaking" in line and "Border closed" in line


def test_article_page_shows_the_story(client):
    article = ArticleFactory(
        title="Dam repaired",
        lead="Water is back.",
        body="<h2>What happened</h2><p>Details.</p>",
        source="Regional news agency",
        source_url="https://example.org/dam",
        tags=[TagFactory(name="water")],
        category=CategoryFactory(name_en="Uzbekistan", slug="uzbekistan"),
    )
    content = client.get(article.get_absolute_url()).content.decode()
    assert "<h1>Dam repaired</h1>" in content
    assert '<p class="lead">Water is back.</p>' in content
    assert "<h2>What happened</h2>" in content
    assert '<a href="https://example.org/dam" rel="noopener nofollow">Regional news agency</a>' in content
    assert '<a href="/en/tag/water/">#water</a>' in content
    assert '<a href="/en/category/uzbekistan/">Uzbekistan</a>' in content
    assert "https://t.me/share/url?url=http%3A%2F%2Ftestserver%2Fen%2Fnews%2F" in content
    assert "Preview:" not in content
    assert "updated" not in content


def test_article_page_shows_the_update_time_after_an_editor_revises_it(client):
    from articles.services import article_save

    from .factories import UserFactory

    article = ArticleFactory(title="Storm warning", published_at=timezone.now() - timedelta(hours=2))
    article.body = "<p>The storm has passed.</p>"
    article_save(article=article, user=UserFactory(group="Editor"))
    content = client.get(article.get_absolute_url()).content.decode()
    assert "· <span>updated <time" in content


def test_similar_news_slot_shows_newest_of_the_same_category_and_edition(client):
    category = CategoryFactory()
    article = ArticleFactory(category=category)
    same = ArticleFactory.create_batch(7, category=category)
    ArticleFactory(title="Other section", category=CategoryFactory())
    ArticleFactory(title="Other edition", category=category, language="ru")
    content = client.get(article.get_absolute_url()).content.decode()
    start = content.index('class="block similar-news"')
    block = content[start : content.index("</section>", start)]
    assert block.count('class="card"') == 6
    assert "Other section" not in block and "Other edition" not in block
    assert same[0].title not in block, "the oldest of seven is left out"


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
    assert response.headers["Location"] == f"/uz/news/{article.pk}-first-headline/"


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.REVIEW])
def test_drafts_are_404_for_readers(client, status):
    assert client.get(ArticleFactory(status=status).get_absolute_url()).status_code == 404


def test_unknown_article_is_a_localised_404(client):
    response = client.get("/ru/news/999999-nothing/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


def test_category_and_tag_pages_list_their_articles_with_paging(client):
    sport = CategoryFactory(name_en="Sport", slug="sport")
    tag = TagFactory(name="football")
    ArticleFactory.create_batch(21, category=sport, tags=[tag])
    ArticleFactory(title="Politics piece")
    page = client.get("/en/category/sport/")
    assert page.status_code == 200
    main = main_part(page)
    assert main.count('class="card"') == 20
    assert "Politics piece" not in main
    assert client.get("/en/category/sport/?page=2").content.decode().count('class="card"') == 1
    assert client.get("/en/tag/football/").content.decode().count('class="card"') == 20
    assert client.get("/en/category/nothing/").status_code == 404
    assert b'aria-current="page">Sport' in page.content


@pytest.mark.parametrize(
    ("language", "published", "shown"),
    [
        ("en", "2026-03-12 22:40", "Today, 22:40"),
        ("en", "2026-03-11 23:59", "Yesterday, 23:59"),
        ("en", "2026-03-09 08:05", "9 March 2026, 08:05"),
        ("ru", "2026-03-12 22:40", "Сегодня, 22:40"),
        ("ru", "2026-03-11 23:59", "Вчера, 23:59"),
        ("ru", "2026-03-09 08:05", "9 марта 2026, 08:05"),
        ("uz", "2026-03-12 22:40", "Bugun, 22:40"),
        ("uz", "2026-03-11 23:59", "Kecha, 23:59"),
    ],
)
def test_times_read_like_the_reference_page_in_every_edition(client, language, published, shown):
    with time_machine.travel(datetime(2026, 3, 12, 23, 30, tzinfo=TASHKENT), tick=False):
        moment = datetime.strptime(published, "%Y-%m-%d %H:%M").replace(tzinfo=TASHKENT)
        article = ArticleFactory(published_at=moment, language=language)
        content = client.get(article.get_absolute_url()).content.decode()
    assert shown in content


def test_day_boundary_is_the_site_time_zone_not_utc(client):
    # 00:30 in Tashkent is still 19:30 of the day before in UTC.
    with time_machine.travel(datetime(2026, 3, 12, 0, 30, tzinfo=TASHKENT), tick=False):
        article = ArticleFactory(published_at=datetime(2026, 3, 12, 0, 10, tzinfo=TASHKENT))
        assert "Today, 00:10" in client.get(article.get_absolute_url()).content.decode()


def test_lists_end_after_their_last_allowed_page(client, monkeypatch):
    from articles import paginator

    monkeypatch.setattr(paginator, "MAX_PAGES", 2)
    section = CategoryFactory(slug="economy")
    ArticleFactory.create_batch(50, category=section)  # three pages of 20
    assert "Page 1 of 2" in client.get("/en/category/economy/").content.decode()
    assert client.get("/en/category/economy/?page=2").status_code == 200
    assert client.get("/en/category/economy/?page=3").status_code == 404, "older stories are found by search"
    assert "Page 1 of 2" in client.get("/en/search/?q=headline").content.decode()
