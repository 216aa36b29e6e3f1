"""Blocks shared by every page of an edition are rendered once, and fresh as soon as their data changes."""

import pytest

from articles.models import Article
from articles.services import article_publish

from .factories import ArticleFactory, CategoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def aside(content: str, block: str) -> str:
    start = content.index(f'class="aside-block {block}"')
    return content[start : content.index("</section>", start)]


def menu(content: str) -> str:
    start = content.index('class="sections"')
    return content[start : content.index("</nav>", start)]


def test_renaming_a_section_shows_in_every_menu_at_once(client, django_capture_on_commit_callbacks):
    section = CategoryFactory(name_en="Economy", slug="economy")
    ArticleFactory(category=section)
    assert ">Economy</a>" in menu(client.get("/en/").content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        section.name_en = "Business"
        section.save()
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
