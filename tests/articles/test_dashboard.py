"""The dashboard, the admin's first page: what readers read and what waits for the desk, from the
aggregate tables, in a fixed number of queries; and each article's views per day on its page."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import charts, views_buffer
from articles.models import Article, DailyViews, HourlyViews
from articles.services import _write_views, flush_views

from .factories import ArticleFactory, CategoryFactory, UserFactory
from .test_view_buffer import READER_AGENT

pytestmark = pytest.mark.django_db
INDEX = reverse("admin:index")


@pytest.fixture
def editor(client):
    user = UserFactory(username="editor", group="Editor")
    client.force_login(user)
    return user


def this_hour():
    return timezone.localtime().replace(minute=0, second=0, microsecond=0)


def views_on(article, views, days_ago=0):
    DailyViews.objects.create(article=article, day=timezone.localdate() - timedelta(days=days_ago), views=views)


def rows(html: str, table_id: str) -> list[list[str]]:
    """The cells' text of each body row of the table with ``table_id``."""
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S).group(0)
    body = table.split("<tbody>", 1)[1]
    return [
        [
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def listed(html: str, list_id: str) -> list[str]:
    block = re.search(rf'<(?:ul|ol) class="board-list" id="{list_id}">(.*?)</(?:ul|ol)>', html, re.S)
    return re.findall(r'<a href="/admin/articles/article/\d+/change/">([^<]+)</a>', block.group(1)) if block else []


def chart_figures(html: str, chart_id: str) -> list[tuple[str, str]]:
    figure = re.search(rf'<figure class="chart" id="{chart_id}">.*?</figure>', html, re.S).group(0)
    return re.findall(r'<tr><td>([^<]+)</td><td class="number">([^<]+)</td></tr>', figure)


# Counting: views go to the hour of their edition as well as to their day.


def test_a_view_counted_straight_away_adds_to_its_editions_hour(settings):
    settings.VIEW_BUFFER = False
    article = ArticleFactory(language="ru")
    reader = Client(headers={"User-Agent": READER_AGENT})
    assert reader.post(f"/views/{article.pk}/").status_code == 204
    assert reader.post(f"/views/{article.pk}/").status_code == 204
    assert list(HourlyViews.objects.values_list("hour", "language", "views")) == [(this_hour(), "ru", 2)]


def test_buffered_views_reach_their_hour_at_the_flush_and_an_older_versions_field_its_day_only(redis):
    article, other = ArticleFactory(language="en"), ArticleFactory(language="en")
    reader = Client(headers={"User-Agent": READER_AGENT})
    for pk in (article.pk, article.pk, other.pk):
        reader.post(f"/views/{pk}/")
    redis.hincrby(views_buffer._pending(), f"{other.pk}:{timezone.localdate().isoformat()}", 5)  # no hour
    assert HourlyViews.objects.count() == 0
    assert flush_views() == 8
    assert list(HourlyViews.objects.values_list("hour", "language", "views")) == [(this_hour(), "en", 3)]
    assert DailyViews.objects.get(article=other).views == 6


def test_views_of_two_editions_and_two_hours_are_kept_apart():
    en, ru = ArticleFactory(language="en"), ArticleFactory(language="ru")
    today = timezone.localdate()
    _write_views({(en.pk, today, 9): 4, (ru.pk, today, 9): 2, (en.pk, today, 10): 1})
    _write_views({(en.pk, today, 9): 1})
    nine = timezone.make_aware(datetime.combine(today, time(9)))
    assert sorted(HourlyViews.objects.values_list("hour", "language", "views")) == [
        (nine, "en", 5),
        (nine, "ru", 2),
        (nine + timedelta(hours=1), "en", 1),
    ]


def test_readers_now_counts_the_views_of_the_last_five_minutes_before_any_flush(redis, editor, client):
    article = ArticleFactory(language="en")
    reader = Client(headers={"User-Agent": READER_AGENT})
    for _ in range(3):
        reader.post(f"/views/{article.pk}/")
    old = views_buffer._minute_key(int(timezone.now().timestamp() // 60) - 6)
    redis.set(old, 50)  # six minutes ago: not "now"
    html = client.get(INDEX).content.decode()
    assert re.search(r'<p class="board-number" id="readers-now">3</p>', html)
    assert "views in the last 5 minutes" in html


def test_without_the_view_buffer_readers_now_says_why_it_is_empty(settings, editor, client):
    settings.VIEW_BUFFER = False
    html = client.get(INDEX).content.decode()
    assert 'id="readers-now"' not in html
    assert "Counted by the view buffer (Redis), which is off here." in html


# What the dashboard shows.


def test_most_read_today_lists_ten_with_yesterday_and_the_change(editor, client):
    articles = [ArticleFactory(title=f"Story {n:02d}") for n in range(12)]
    for n, article in enumerate(articles):
        views_on(article, 100 + n * 10)
    views_on(articles[11], 140, days_ago=1)  # 210 today: +50 %
    views_on(articles[10], 400, days_ago=1)  # 200 today: -50 %
    views_on(articles[9], 190, days_ago=1)  # 190 today: 0 %
    views_on(articles[0], 9999, days_ago=1)  # not in today's ten
    html = client.get(INDEX).content.decode()
    table = rows(html, "top-today")
    assert [row[0].split(" Section")[0] for row in table] == [f"Story {n:02d}" for n in range(11, 1, -1)]
    assert table[0][1:] == ["210", "140", "+50 %"]
    assert table[1][1:] == ["200", "400", "−50 %"]
    assert table[2][1:] == ["190", "190", "0 %"]
    assert table[3][1:] == ["180", "0", "new"]


def test_hourly_chart_shows_the_last_48_hours_from_the_hourly_table(editor, client):
    hour = this_hour()
    for back, views, language in ((0, 7, "en"), (0, 5, "ru"), (1, 30, "en"), (47, 11, "uz"), (48, 999, "en")):
        HourlyViews.objects.create(hour=hour - timedelta(hours=back), language=language, views=views)
    html = client.get(INDEX).content.decode()
    figures = chart_figures(html, "hourly-chart")
    assert len(figures) == 48
    assert figures[-1][1] == "12" and figures[-2][1] == "30" and figures[0][1] == "11"
    assert [value for _, value in figures[1:-2]] == ["0"] * 45
    assert "53 views in 48 hours, the current hour last." in html
    svg = re.search(r'<svg class="column-chart".*?</svg>', html, re.S).group(0)
    assert len(re.findall(r'<rect class="chart-column"', svg)) == 48
    heights = [float(h) for h in re.findall(r'<rect class="chart-column"[^>]* height="([\d.]+)"', svg)]
    assert heights[-2] == max(heights) > heights[-1] > 0  # 30 is the highest column, 12 lower, 0 empty
    assert heights[5] == 0


def test_views_today_compares_with_yesterday_by_the_same_hour(editor, client):
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    now_hour = this_hour()
    HourlyViews.objects.create(hour=now_hour, language="en", views=60)
    HourlyViews.objects.create(hour=now_hour - timedelta(days=1), language="en", views=40)
    if now_hour + timedelta(hours=1) < midnight + timedelta(days=1):
        later = now_hour + timedelta(hours=1) - timedelta(days=1)  # yesterday, later than now: not compared
        HourlyViews.objects.create(hour=later, language="en", views=500)
    html = client.get(INDEX).content.decode()
    assert '<p class="board-number" id="views-today">60</p>' in html
    assert '<span class="change change-up">+50 %</span> against yesterday by this hour' in html


def test_views_per_section_today(editor, client):
    sport, world = CategoryFactory(name_en="Sport"), CategoryFactory(name_en="World")
    views_on(ArticleFactory(category=sport), 30)
    views_on(ArticleFactory(category=sport), 20)
    views_on(ArticleFactory(category=world), 70)
    views_on(ArticleFactory(category=world), 500, days_ago=1)
    html = client.get(INDEX).content.decode()
    assert rows(html, "sections-today") == [["World", "70"], ["Sport", "50"]]


def test_schedule_review_and_stale_drafts(editor, client):
    now = timezone.now()
    ArticleFactory(title="Out at noon", published_at=now + timedelta(hours=2))
    ArticleFactory(title="Out in an hour", published_at=now + timedelta(hours=1))
    ArticleFactory(title="Out the day after", published_at=now + timedelta(hours=30))
    ArticleFactory(title="Out already", published_at=now - timedelta(hours=1))
    ArticleFactory(title="Please check me", status=Article.Status.REVIEW)
    forgotten = ArticleFactory(title="Forgotten draft", status=Article.Status.DRAFT)
    ArticleFactory(title="Fresh draft", status=Article.Status.DRAFT)
    Article.objects.filter(pk=forgotten.pk).update(updated_at=now - timedelta(days=8))
    html = client.get(INDEX).content.decode()
    assert listed(html, "schedule") == ["Out in an hour", "Out at noon"]
    assert listed(html, "review") == ["Please check me"]
    assert listed(html, "stale") == ["Forgotten draft"]
    assert re.search(r'Scheduled, next 24 hours</a></h2>\s*<p class="board-number">2</p>', html)
    assert re.search(r'Waiting for review</a></h2>\s*<p class="board-number">1</p>', html)


def test_an_editor_sees_the_editions_of_their_desks(client):
    client.force_login(UserFactory(username="russian", group="Editor", desks=["ru"]))
    views_on(ArticleFactory(title="English story", language="en"), 90)
    views_on(ArticleFactory(title="Русская история", language="ru"), 10)
    ArticleFactory(title="English in review", language="en", status=Article.Status.REVIEW)
    HourlyViews.objects.create(hour=this_hour(), language="en", views=90)
    HourlyViews.objects.create(hour=this_hour(), language="ru", views=10)
    html = client.get(INDEX).content.decode()
    assert [row[0].split(" Section")[0] for row in rows(html, "top-today")] == ["Русская история"]
    assert listed(html, "review") == []
    assert chart_figures(html, "hourly-chart")[-1][1] == "10"
    assert "Editions: Russian." in html


def test_staff_who_cannot_read_articles_get_the_app_list(client):
    client.force_login(UserFactory(username="weather", group=None))
    html = client.get(INDEX).content.decode()
    assert "Most read today" not in html


def fill(n: int):
    now = timezone.now()
    for i in range(n):
        article = ArticleFactory(category=CategoryFactory(slug=f"s{i}"), published_at=now + timedelta(hours=1 + i % 20))
        views_on(ArticleFactory(category=article.category), 10 + i)
        views_on(article, 5, days_ago=1)
        ArticleFactory(status=Article.Status.REVIEW)
        stale = ArticleFactory(status=Article.Status.DRAFT)
        Article.objects.filter(pk=stale.pk).update(updated_at=now - timedelta(days=9))
        hour = this_hour() - timedelta(hours=i)
        HourlyViews.objects.update_or_create(hour=hour, language="en", defaults={"views": i})


def test_the_dashboard_costs_the_same_queries_with_more_content(editor, client):
    fill(21)  # more of everything than each list shows: each counts its rows too
    client.get(INDEX)
    with CaptureQueriesContext(connection) as few:
        assert client.get(INDEX).status_code == 200
    fill(40)
    with CaptureQueriesContext(connection) as many:
        html = client.get(INDEX).content.decode()
    assert len(many) == len(few) <= 16, [query["sql"] for query in many]
    assert len(rows(html, "top-today")) == 10
    assert "All 61 in review" in html
    assert "61 drafts in all." in html
    assert "All 61 scheduled" in html


# Each article's own chart.


def test_an_articles_page_shows_its_views_per_day_for_30_days(editor, client):
    article = ArticleFactory()
    views_on(article, 5)
    views_on(article, 7, days_ago=3)
    views_on(article, 1000, days_ago=30)  # a day before the chart's first
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    figures = chart_figures(html, "views-per-day-chart")
    assert len(figures) == 30
    assert figures[-1][1] == "5" and figures[-4][1] == "7"
    assert sum(int(value) for _, value in figures) == 12
    assert "12 views, today last." in html
    assert "Views per day, last 30 days" in html


def test_chart_coordinates_stay_numbers_in_a_language_with_a_decimal_comma(editor, client):
    HourlyViews.objects.create(hour=this_hour(), language="en", views=7)
    html = client.get(INDEX, headers={"Accept-Language": "ru"}).content.decode()
    svg = re.search(r'<svg class="column-chart".*?</svg>', html, re.S).group(0)
    for value in re.findall(r' (?:x|y|width|height|x1|x2|y1|y2)="([^"]*)"', svg):
        float(value)  # "12,5" would not be a coordinate


@pytest.mark.parametrize(("value", "top"), [(0, 4), (4, 4), (7, 8), (9, 12), (95, 100), (950, 1000), (1001, 1200)])
def test_the_charts_scale_ends_on_a_round_figure(value, top):
    assert charts.nice_top(value) == top
