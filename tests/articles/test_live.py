"""Live coverage: entries added in one step, shown newest first, fresh at once on their own page and
nowhere else, paged, in structured data, and posted to Telegram when they are key."""

import json
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import live
from articles.live import LiveEntry
from articles.models import Article
from caching import generations

from .factories import ArticleFactory, CategoryFactory, UserFactory

pytestmark = pytest.mark.django_db
READER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


@pytest.fixture
def editor():
    return UserFactory(username="editor", group="Editor")


@pytest.fixture
def reader():
    return Client(headers={"Accept-Language": "en", "User-Agent": READER_AGENT})


@pytest.fixture
def coverage():
    return ArticleFactory(
        title="Election day in Uzbekistan",
        body="<p>Polls close at 20:00. Turnout so far: 41%.</p>",
        category=CategoryFactory(name_en="Politics"),
        live_started_at=timezone.now() - timezone.timedelta(hours=3),
    )


def add(article, text, editor, capture, **fields) -> LiveEntry:
    with capture(execute=True):
        return live.entry_save(entry=LiveEntry(article=article, body=text, **fields), user=editor)


def entries_on(html: str) -> list[str]:
    return re.findall(r'<div class="live-text">(.*?)</div>', html, re.S)


def test_editor_adds_an_entry_in_one_step_from_the_articles_admin_page(
    client, editor, coverage, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    change = reverse("admin:articles_article_change", args=[coverage.pk])
    page = client.get(change).content.decode()
    assert 'id="live-panel"' in page and reverse("admin:articles_article_live_add", args=[coverage.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:articles_article_live_add", args=[coverage.pk]),
            {"body": "Queues outside school 112.\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ", "is_key": ""},
        )
    assert response.status_code == 302 and response["Location"] == change + "#live-panel"
    entry = LiveEntry.objects.get()
    assert entry.body.startswith("<p>Queues outside school 112.</p>")
    assert 'data-embed="youtube" data-embed-id="dQw4w9WgXcQ"' in entry.body
    assert [m.message for m in response.wsgi_request._messages] == ["Entry added: readers see it within seconds."]
    coverage.refresh_from_db()
    assert coverage.title == "Election day in Uzbekistan"  # the article's form was not involved

    empty = client.post(reverse("admin:articles_article_live_add", args=[coverage.pk]), {"body": "  "})
    assert [m.message for m in empty.wsgi_request._messages][-1] == "This field is required."
    assert LiveEntry.objects.count() == 1


def test_only_an_editor_adds_entries(coverage, django_capture_on_commit_callbacks):
    author = UserFactory(username="author", group="Author")
    with pytest.raises(PermissionDenied):
        add(coverage, "<p>x</p>", author, django_capture_on_commit_callbacks)
    assert not LiveEntry.objects.exists()


def test_readers_see_the_summary_and_the_entries_newest_first_sanitised(
    reader, editor, coverage, django_capture_on_commit_callbacks
):
    add(coverage, "<p>Polls open.</p>", editor, django_capture_on_commit_callbacks)
    add(coverage, "<p>Turnout 41%.<script>alert(1)</script></p>", editor, django_capture_on_commit_callbacks)
    add(
        coverage, "https://www.youtube.com/watch?v=dQw4w9WgXcQ", editor, django_capture_on_commit_callbacks
    )  # plain text
    response = reader.get(coverage.get_absolute_url())
    html = response.content.decode()
    assert 'class="live-summary-label">Summary<' in html
    assert '<span class="live-badge">Live</span> Updates' in html
    found = entries_on(html)
    assert len(found) == 3
    assert 'data-embed="youtube"' in found[0]
    assert found[1] == "<p>Turnout 41%.</p>" and found[2] == "<p>Polls open.</p>"
    assert "js/live.js" in html and 'data-live-poll="20"' in html
    # The page frames the players of its entries' embeds, and only theirs.
    assert "frame-src https://www.youtube-nocookie.com" in response["Content-Security-Policy"]


def test_a_live_article_is_marked_live_on_cards_and_in_the_breaking_line_until_closed(
    reader, editor, coverage, django_capture_on_commit_callbacks
):
    ArticleFactory(title="A newer story", is_breaking=True)
    home = reader.get("/en/").content.decode()
    assert re.search(r'<span class="live-badge">Live</span> <a href="[^"]+">Election day', home)
    breaking = re.search(r'<div class="breaking">.*?</div>', home, re.S).group(0)
    assert "live-badge" in breaking and "Election day in Uzbekistan" in breaking

    with django_capture_on_commit_callbacks(execute=True):
        final = live.live_close(article=coverage, text="Polls have closed. Results tomorrow.", user=editor)
    assert final.is_final and final.is_key
    home = reader.get("/en/").content.decode()
    assert "live-badge" not in home
    page = reader.get(coverage.get_absolute_url()).content.decode()
    assert "Live coverage closed" in page and "Final entry" in page and "js/live.js" not in page
    with pytest.raises(Exception, match="closed"):
        add(coverage, "<p>late</p>", editor, django_capture_on_commit_callbacks)


def test_the_endpoint_gives_the_entries_after_the_readers_newest(
    reader, editor, coverage, django_capture_on_commit_callbacks
):
    first = add(coverage, "<p>One.</p>", editor, django_capture_on_commit_callbacks)
    url = reverse("articles:live", args=[coverage.pk])
    assert json.loads(reader.get(url, {"after": first.pk}).content) == {
        "html": "\n",
        "latest": first.pk,
        "open": True,
        "count": 0,
    }
    second = add(coverage, "<p>Two.</p>", editor, django_capture_on_commit_callbacks, is_key=True)
    data = json.loads(reader.get(url, {"after": first.pk}).content)
    assert (data["latest"], data["count"], data["open"]) == (second.pk, 1, True)
    assert f'id="entry-{second.pk}"' in data["html"] and "<p>Two.</p>" in data["html"] and "Key" in data["html"]
    assert reader.get(url, {"after": "x"}).status_code == 404
    assert reader.get(url)["Location"] == coverage.get_absolute_url() + "#live"
    assert reader.get(reverse("articles:live", args=[ArticleFactory().pk]), {"after": 0}).status_code == 404


def test_a_new_entry_makes_the_live_page_fresh_and_leaves_the_rest_of_the_edition_cached(
    reader, editor, coverage, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 60
    other = ArticleFactory(title="Another story")
    live_url = reverse("articles:live", args=[coverage.pk])
    for url in ("/en/", other.get_absolute_url(), coverage.get_absolute_url()):
        reader.get(url)
    reader.get(live_url, {"after": 0})
    assert reader.get(coverage.get_absolute_url())["X-Page-Cache"] == "hit"
    edition = generations.generation("en")

    entry = add(coverage, "<p>Counting has begun.</p>", editor, django_capture_on_commit_callbacks)
    page = reader.get(coverage.get_absolute_url())
    assert page["X-Page-Cache"] == "miss" and "Counting has begun." in page.content.decode()
    assert json.loads(reader.get(live_url, {"after": 0}).content)["latest"] == entry.pk
    assert generations.generation("en") == edition
    assert reader.get("/en/")["X-Page-Cache"] == "hit"
    assert reader.get(other.get_absolute_url())["X-Page-Cache"] == "hit"


def test_structured_data_is_a_live_blog_with_its_updates_and_coverage_times(
    reader, editor, coverage, django_capture_on_commit_callbacks
):
    entry = add(coverage, "<p>Turnout passes 50%.</p>", editor, django_capture_on_commit_callbacks)
    html = reader.get(coverage.get_absolute_url()).content.decode()
    [data] = [
        d
        for d in map(json.loads, re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S))
        if d.get("@type") == "LiveBlogPosting"
    ]
    assert data["coverageStartTime"] == timezone.localtime(coverage.live_started_at).isoformat()
    assert "coverageEndTime" not in data
    [update] = data["liveBlogUpdate"]
    assert update["@type"] == "BlogPosting" and update["articleBody"] == "Turnout passes 50%."
    assert update["url"].endswith(f"{coverage.get_absolute_url()}#entry-{entry.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        live.live_close(article=coverage, text="Closed.", user=editor)
    html = reader.get(coverage.get_absolute_url()).content.decode()
    assert '"coverageEndTime"' in html


def test_a_thousand_entries_render_with_the_queries_of_one_and_older_ones_are_paged(
    reader, editor, coverage, django_capture_on_commit_callbacks
):
    add(coverage, "<p>Entry 0</p>", editor, django_capture_on_commit_callbacks)

    def cold_queries():
        Article.objects.filter(pk=coverage.pk).update(updated_at=timezone.now())  # no kept page: rendered
        with CaptureQueriesContext(connection) as captured:
            assert reader.get(coverage.get_absolute_url()).status_code == 200
        return len(captured)

    reader.get(coverage.get_absolute_url())  # the header's and aside's blocks, kept for both counts alike
    one = cold_queries()
    LiveEntry.objects.bulk_create(
        LiveEntry(article=coverage, body=f"<p>Entry {n}</p>", posted_at=timezone.now()) for n in range(1, 1000)
    )
    assert cold_queries() == one
    html = reader.get(coverage.get_absolute_url()).content.decode()
    shown = entries_on(html)
    assert len(shown) == live.ENTRIES_PER_PAGE and shown[0] == "<p>Entry 999</p>"
    older = re.search(r'href="([^"]+\?before=\d+)">Earlier entries', html).group(1).replace("&amp;", "&")
    page = reader.get(older).content.decode()
    assert entries_on(page)[0] == "<p>Entry 969</p>" and len(entries_on(page)) == 30
    with CaptureQueriesContext(connection) as captured:
        reader.get(older)
    assert len(captured) <= one


def test_a_key_entry_is_posted_to_the_editions_channel_once(
    editor, coverage, settings, django_capture_on_commit_callbacks
):
    from telegram.models import Delivery

    from ..telegram.fake_bot import TOKEN, FakeBotAPI

    with FakeBotAPI() as bot:
        settings.TELEGRAM_BOT_TOKEN, settings.TELEGRAM_API_URL = TOKEN, bot.url
        settings.TELEGRAM_CHANNELS = {"en": "@news_en"}
        settings.SITE_URL = "https://news.example.org"
        add(coverage, "<p>Quiet morning.</p>", editor, django_capture_on_commit_callbacks)
        key = add(coverage, "<p>Results: turnout 74%.</p>", editor, django_capture_on_commit_callbacks, is_key=True)
        with django_capture_on_commit_callbacks(execute=True):
            live.entry_save(entry=key, user=editor)  # edited: not posted again
        [post] = bot.posts("@news_en")
    assert post["text"].startswith("🔴 <b>Election day in Uzbekistan</b>\n\nResults: turnout 74%.\n\n<a href=")
    assert f'#entry-{key.pk}">Follow live</a>' in post["text"]
    assert Delivery.objects.get().entry == key


def test_nginx_may_keep_a_live_page_a_second_but_never_its_entries(reader, coverage, settings):
    settings.PAGE_CACHE_SECONDS = 60
    assert reader.get(coverage.get_absolute_url())["X-Accel-Expires"] == "1"
    assert reader.get(reverse("articles:live", args=[coverage.pk]), {"after": 0})["X-Accel-Expires"] == "0"


def test_editor_edits_and_deletes_an_entry_and_readers_see_it_at_once(
    client, reader, editor, coverage, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 60
    entry = add(coverage, "<p>Turnout 14%.</p>", editor, django_capture_on_commit_callbacks)
    other = add(coverage, "<p>Rain in Nukus.</p>", editor, django_capture_on_commit_callbacks)
    assert "Turnout 14%." in reader.get(coverage.get_absolute_url()).content.decode()
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:articles_liveentry_change", args=[entry.pk]),
            {"body": "<p>Turnout 41%, not 14%.</p>", "image": "", "author": "", "is_key": ""},
        )
    assert response["Location"] == reverse("admin:articles_article_change", args=[coverage.pk]) + "#live-panel"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:articles_liveentry_delete", args=[other.pk]), {"post": "yes"})
    assert entries_on(reader.get(coverage.get_absolute_url()).content.decode()) == ["<p>Turnout 41%, not 14%.</p>"]
    author = UserFactory(username="author", group="Author")
    client.force_login(author)
    assert client.post(reverse("admin:articles_liveentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    assert LiveEntry.objects.filter(pk=entry.pk).exists()
