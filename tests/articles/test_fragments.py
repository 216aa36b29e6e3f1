"""Blocks shared by every page of an edition are rendered once, and fresh as soon as their data changes."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from articles.services import article_publish, article_save, article_unpublish

from .factories import ArticleFactory, CategoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def aside(content: str, block: str) -> str:
    start = content.index(f'class="aside-block {block}"')
    return content[start : content.index("</section>", start)]


def menu(content: str) -> str:
    start = content.index('class="sections"')
    return content[start : content.index("</nav>", start)]


def test_renaming_a_section_shows_in_every_menu_at_once(client, admin_client, django_capture_on_commit_callbacks):
    section = CategoryFactory(name_en="Economy", slug="economy")
    ArticleFactory(category=section)
    assert ">Economy</a>" in menu(client.get("/en/").content.decode())
    form = {"name_en": "Business", "name_ru": section.name_ru, "name_uz": section.name_uz, "slug": "economy"}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/articles/category/{section.pk}/change/", {**form, "position": 0})
    assert response.status_code == 302, response.content.decode()[:2000]
    content = client.get("/en/").content.decode()
    assert ">Business</a>" in menu(content) and "Economy" not in menu(content)


def test_the_menu_marks_the_page_own_section_although_it_is_cached(client):
    economy, sport = CategoryFactory(slug="economy"), CategoryFactory(slug="sport")
    ArticleFactory(category=economy), ArticleFactory(category=sport)
    client.get("/en/category/economy/")
    content = menu(client.get("/en/category/sport/").content.decode())
    assert 'href="/en/category/sport/" aria-current="page"' in content
    assert 'href="/en/category/economy/">' in content
    assert "aria-current" not in menu(client.get("/en/").content.decode())


def test_latest_news_never_lists_the_page_own_article(client):
    stories = [ArticleFactory(title=f"Story number {n}") for n in range(12)]  # the newest is the last
    newest, old = Article.objects.get(pk=stories[-1].pk), Article.objects.get(pk=stories[0].pk)
    shared = aside(client.get("/en/").content.decode(), "latest")
    assert "Story number 11" in shared and shared.count("<li>") == 8
    own = aside(client.get(newest.get_absolute_url()).content.decode(), "latest")
    assert "Story number 11" not in own and own.count("<li>") == 8
    assert "Story number 3" in own, "the list goes one further instead"
    assert aside(client.get(old.get_absolute_url()).content.decode(), "latest") == shared


def test_a_published_story_enters_the_cached_latest_news_and_breaking_line_at_once(
    client, django_capture_on_commit_callbacks
):
    ArticleFactory(title="Yesterday's story")
    client.get("/en/")
    draft = ArticleFactory(title="Dam opened", status=Article.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        article_publish(article=draft, user=UserFactory(group="Editor"))
    content = client.get("/en/").content.decode()
    assert "Dam opened" in aside(content, "latest")
    assert "Dam opened" in content[content.index('class="breaking"') :]


def test_a_change_shows_at_once_although_each_worker_keeps_its_own_copies(
    client, settings, django_capture_on_commit_callbacks
):
    settings.LOCAL_CACHE_SECONDS = 300
    ArticleFactory(title="Yesterday's story")
    client.get("/en/")  # this process now holds the blocks without asking the cache
    draft = ArticleFactory(title="Dam opened", status=Article.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        article_publish(article=draft, user=UserFactory(group="Editor"))
    assert "Dam opened" in aside(client.get("/en/").content.decode(), "latest")


def test_an_article_read_once_is_fresh_after_an_edit_and_gone_after_unpublishing(
    client, django_capture_on_commit_callbacks
):
    editor = UserFactory(group="Editor")
    article = ArticleFactory(title="Dam repaired")
    url = article.get_absolute_url()
    assert "<h1>Dam repaired</h1>" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Dam repaired ahead of time"
        article_save(article=article, user=editor)
    assert "<h1>Dam repaired ahead of time</h1>" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        article_unpublish(article=article, user=editor)
    assert client.get(url).status_code == 404


def test_a_scheduled_article_appears_when_its_time_comes(client):
    article = ArticleFactory(title="Embargoed", published_at=timezone.now() + timedelta(minutes=5))
    assert client.get(article.get_absolute_url()).status_code == 404
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_an_edition_cache_block_is_kept_per_edition_and_value_until_the_edition_changes():
    from django.template import Context, Template, TemplateSyntaxError
    from django.utils.translation import override

    from caching import invalidate

    block = Template("{% load edition_cache %}{% edition_cache 60 demo page %}{{ text }}{% endedition_cache %}")

    def render(page, text):
        return block.render(Context({"page": page, "text": text}))

    with override("en"):
        assert render(1, "first") == "first"
        assert render(1, "second") == "first", "kept"
        assert render(2, "second") == "second", "another value of what it varies on"
    with override("ru"):
        assert render(1, "russian") == "russian", "each edition its own"
    invalidate("en")
    with override("en"):
        assert render(1, "third") == "third", "the edition changed"
    with override("ru"):
        assert render(1, "other") == "russian", "only that edition"
    with pytest.raises(TemplateSyntaxError):
        Template("{% load edition_cache %}{% edition_cache demo %}x{% endedition_cache %}")


def test_an_edition_cache_block_whose_condition_is_false_is_rendered_afresh():
    from django.template import Context, Template
    from django.utils.translation import override

    block = Template("{% load edition_cache %}{% edition_cache 60 demo if public %}{{ text }}{% endedition_cache %}")
    with override("en"):
        assert block.render(Context({"public": False, "text": "draft one"})) == "draft one"
        assert block.render(Context({"public": False, "text": "draft two"})) == "draft two", "never kept"
        assert block.render(Context({"public": True, "text": "public"})) == "public"
        assert block.render(Context({"public": True, "text": "other"})) == "public"


def test_an_article_page_is_kept_for_readers_but_a_preview_is_always_fresh(client, django_capture_on_commit_callbacks):
    editor = UserFactory(username="editor", group="Editor")
    published = ArticleFactory(title="First words")
    draft = ArticleFactory(title="Draft words", status=Article.Status.DRAFT)
    assert "First words" in client.get(published.get_absolute_url()).content.decode()
    # A change that bypasses the services is not seen until the edition changes...
    Article.objects.filter(pk=published.pk).update(title="Quiet change")
    assert "First words" in client.get(published.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        published.title = "Edited words"
        article_save(article=published, user=editor)
    assert "Edited words" in client.get(published.get_absolute_url()).content.decode()
    # ...while an editor's preview of a draft reads and renders it afresh each time.
    client.force_login(editor)
    assert "Draft words" in client.get(draft.get_absolute_url()).content.decode()
    Article.objects.filter(pk=draft.pk).update(title="Draft rewritten")
    assert "Draft rewritten" in client.get(draft.get_absolute_url()).content.decode()
