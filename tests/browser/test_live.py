"""A reader on a live page sees a new entry appear without reloading."""

import pytest
from django.utils import timezone

from articles import live
from articles.live import LiveEntry

from ..articles.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_new_entry_appears_on_the_readers_page_by_itself(page, live_server, settings, screenshot):
    settings.LIVE_POLL_SECONDS = 1
    editor = UserFactory(username="editor", group="Editor")
    article = ArticleFactory(title="Election night", body="<p>Polls have closed.</p>", live_started_at=timezone.now())
    live.entry_save(entry=LiveEntry(article=article, body="<p>Counting begins.</p>"), user=editor)
    page.goto(live_server.url + article.get_absolute_url())
    entries = page.locator(".live-entries .live-text")
    assert entries.all_text_contents() == ["Counting begins."]
    page.evaluate("window.reloaded = false")  # gone if the page reloads

    live.entry_save(
        entry=LiveEntry(article=article, body="<p>First results: turnout 74%.</p>", is_key=True), user=editor
    )
    page.locator(".live-entries .live-entry").nth(1).wait_for(timeout=10_000)
    assert entries.all_text_contents() == ["First results: turnout 74%.", "Counting begins."]
    assert page.evaluate("window.reloaded") is False
    assert page.locator(".live-status").text_content() == "New entries: 1"
    screenshot(page, "new-entry")
