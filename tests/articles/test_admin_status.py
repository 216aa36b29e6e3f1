"""The article list and form say what readers see: Draft, In review, Scheduled, Published, Unpublished."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from articles.models import Article

from .factories import ArticleFactory, CategoryFactory, UserFactory
from .test_admin import ADD_URL, LIST_URL, form_data

pytestmark = pytest.mark.django_db
TASHKENT = ZoneInfo("Asia/Tashkent")


@pytest.fixture
def editor(client):
    user = UserFactory(username="editor", group="Editor")
    client.force_login(user)
    return user


@pytest.fixture
def one_of_each():
    now = timezone.now()
    return {
        "draft": ArticleFactory(title="A draft story", status=Article.Status.DRAFT),
        "review": ArticleFactory(title="A story in review", status=Article.Status.REVIEW),
        "scheduled": ArticleFactory(title="A story for tomorrow", published_at=now + timedelta(days=1)),
        "published": ArticleFactory(title="A story of today", published_at=now - timedelta(hours=1)),
        "unpublished": ArticleFactory(title="A story taken down", status=Article.Status.UNPUBLISHED),
    }


def badges(html: str) -> dict[str, tuple[str, str]]:
    """{title: (badge class, badge text)} of the list's rows."""
    rows = re.findall(r"<tr>.*?</tr>", html, re.S)
    found = {}
    for row in rows:
        title = re.search(r'<t[hd] class="field-title"><a [^>]*>([^<]+)</a>', row)
        badge = re.search(r'<span class="status status-(\w+)">([^<]+)</span>', row)
        if title and badge:
            found[title.group(1)] = (badge.group(1), badge.group(2))
    return found


def test_the_list_shows_each_status_as_readers_see_it(client, editor, one_of_each):
    html = client.get(LIST_URL).content.decode()
    assert badges(html) == {
        "A draft story": ("draft", "Draft"),
        "A story in review": ("review", "In review"),
        "A story for tomorrow": ("scheduled", "Scheduled"),
        "A story of today": ("published", "Published"),
        "A story taken down": ("unpublished", "Unpublished"),
    }


@pytest.mark.parametrize("status", ["draft", "review", "scheduled", "published", "unpublished"])
def test_each_status_has_a_filter(client, editor, one_of_each, status):
    response = client.get(LIST_URL, {"status": status})
    shown = [article.pk for article in response.context["cl"].result_list]
    assert shown == [one_of_each[status].pk]
    assert f'href="?status={status}"' in response.content.decode()


def test_the_scheduled_article_becomes_published_when_its_time_comes(client, editor, one_of_each):
    scheduled = one_of_each["scheduled"]
    Article.objects.filter(pk=scheduled.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    published = [a.pk for a in client.get(LIST_URL, {"status": "published"}).context["cl"].result_list]
    assert scheduled.pk in published


def test_unpublishing_says_unpublished_and_readers_get_a_404(client, editor):
    article = ArticleFactory(title="Wrong figures")
    url = article.get_absolute_url()
    client.post(LIST_URL, {"action": "unpublish_selected", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.get_shown_status_display() == "Unpublished"
    assert badges(client.get(LIST_URL).content.decode())["Wrong figures"] == ("unpublished", "Unpublished")
    client.logout()
    assert client.get(url).status_code == 404


def test_saving_a_future_time_says_when_it_will_appear_in_tashkent_time(client, editor):
    when = datetime(2031, 12, 4, 9, 0, tzinfo=TASHKENT)  # a Thursday
    data = form_data(
        CategoryFactory(), published_at_0=when.strftime("%Y-%m-%d"), published_at_1=when.strftime("%H:%M:%S")
    )
    response = client.post(ADD_URL, data, follow=True)
    assert "Scheduled for Thu 4 Dec, 09:00 (Tashkent time)." in [str(m) for m in response.context["messages"]]
    article = Article.objects.get()
    assert article.published_at == when
    assert article.get_shown_status_display() == "Scheduled"


def test_saving_a_past_time_says_no_schedule(client, editor):
    response = client.post(ADD_URL, form_data(CategoryFactory()), follow=True)
    assert not [m for m in response.context["messages"] if "Scheduled" in str(m)]


def test_bulk_publish_of_a_future_article_says_scheduled_not_published(client, editor):
    when = datetime(2031, 12, 4, 9, 0, tzinfo=TASHKENT)
    later = ArticleFactory(title="Budget day", status=Article.Status.REVIEW, published_at=when)
    now = ArticleFactory(title="Rain today", status=Article.Status.REVIEW)
    response = client.post(
        LIST_URL, {"action": "publish_selected", "_selected_action": [later.pk, now.pk]}, follow=True
    )
    said = [str(m) for m in response.context["messages"]]
    assert "1 article published." in said
    assert "Budget day: Scheduled for Thu 4 Dec, 09:00 (Tashkent time)." in said


def test_the_form_says_its_times_are_tashkent_time_and_hides_the_browser_offset_note(client, editor):
    html = client.get(ADD_URL).content.decode()
    assert "Tashkent time (UTC+05:00). A future time schedules the article" in html
    assert "articles/admin/admin.css" in html
    with open(finders.find("articles/admin/admin.css"), encoding="utf-8") as sheet:
        assert ".timezonewarning { display: none; }" in sheet.read()
