"""Every way the newsroom changes what readers see makes every cached page that shows it fresh at once.

Readers' pages are served from the page cache (and their blocks from fragments); each change goes
through what an editor uses (the admin, its bulk actions, the services) and commits. Each case is
run on local memory and on a real Redis with production's worker copies (LOCAL_CACHE_SECONDS).
Removing any one invalidation (the sitemaps', the old edition's on a move, a delete's, a rename's)
turns a case red.
"""

import socket
import uuid

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from articles.models import Article
from articles.services import article_publish, article_save, article_unpublish

from ..articles.factories import ArticleFactory, TagFactory, UserFactory
from ..articles.test_admin import form_data
from .test_pages import READER_AGENT

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["local memory", "redis"])
def backend(request, settings):
    settings.PAGE_CACHE_SECONDS = 60
    if request.param == "redis":
        try:
            socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        except OSError:
            pytest.skip("no Redis on 127.0.0.1:6379")
        prefix = f"newsportal-tests-{uuid.uuid4().hex}"
        settings.CACHES = {
            "default": {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": "redis://127.0.0.1:6379/14",
                "KEY_PREFIX": prefix,
                "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
            }
        }
        settings.LOCAL_CACHE_SECONDS = 2
        yield request.param
        cache.delete_pattern("*")
        return
    yield request.param


@pytest.fixture
def reader():
    return Client(headers={"Accept-Language": "en", "User-Agent": READER_AGENT})


@pytest.fixture
def editor(backend):
    user = UserFactory(username="editor", group="Editor", is_superuser=True)
    browser = Client(headers={"Accept-Language": "en"})
    browser.force_login(user)
    browser.user = user
    return browser


def cached(reader, url: str) -> str:
    """The page as a reader gets it, asked twice: the second comes from the page cache."""
    reader.get(url)
    response = reader.get(url)
    assert response.status_code == 200, url
    assert response["X-Page-Cache"] == "hit", url
    return response.content.decode()


def fresh(reader, url: str) -> str:
    response = reader.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def pages(article) -> list[str]:
    """Every page a published article shows on, in its own edition and across editions."""
    return [
        f"/{article.language}/",
        article.get_absolute_url(),
        f"/{article.language}/category/{article.category.slug}/",
        f"/{article.language}/tag/{article.tags.get().slug}/",
        f"/{article.language}/rss/",
        f"/{article.language}/category/{article.category.slug}/rss/",
        "/sitemap.xml",
        "/news-sitemap.xml",
    ]


@pytest.fixture
def story(backend):
    tag = TagFactory(name="Floods")
    return ArticleFactory(title="River rises in the valley", language="en", tags=[tag])


def test_publishing_shows_on_every_page_list_feed_and_sitemap_at_once(
    backend, reader, editor, django_capture_on_commit_callbacks
):
    tag = TagFactory(name="Floods")
    ArticleFactory(language="en", tags=[tag])  # the lists exist before
    draft = ArticleFactory(title="Dam holds after the storm", language="en", status="draft", tags=[tag])
    urls = [u for u in pages(draft) if u != draft.get_absolute_url()]
    for url in urls:
        assert draft.get_absolute_url() not in cached(reader, url), url
    with django_capture_on_commit_callbacks(execute=True):
        changelist = reverse("admin:articles_article_changelist")
        editor.post(changelist, {"action": "publish_selected", "_selected_action": [draft.pk]})
    assert Article.objects.published().filter(pk=draft.pk).exists()
    for url in urls:
        assert draft.get_absolute_url() in fresh(reader, url), url


def test_an_edit_in_the_admin_shows_on_every_page_at_once(
    backend, reader, editor, story, django_capture_on_commit_callbacks
):
    for url in pages(story):
        assert "River rises in the valley" in cached(reader, url) or "sitemap" in url
    data = form_data(
        story.category, title="River falls in the valley", slug=story.slug, loaded_version=story.lock_version
    )
    data["tags"] = [story.tags.get().pk]
    for inline in ("related_pins", "related_exclusions", "bylines_set", "notes", "gallery"):
        data.update({f"{inline}-TOTAL_FORMS": 0, f"{inline}-INITIAL_FORMS": 0})
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(reverse("admin:articles_article_change", args=[story.pk]), data)
    assert response.status_code == 302
    for url in pages(story):
        content = fresh(reader, url)
        if "sitemap" not in url:  # the sitemaps name its address, not its headline
            assert "River falls in the valley" in content and "River rises" not in content, url


@pytest.mark.parametrize("how", ["unpublish action", "delete", "bulk delete"])
def test_taking_an_article_down_removes_it_from_every_page_at_once(
    backend, reader, editor, story, how, django_capture_on_commit_callbacks
):
    ArticleFactory(language="en", category=story.category, tags=[story.tags.get()])  # the lists stay
    urls = [u for u in pages(story) if u != story.get_absolute_url()]
    for url in urls:
        assert story.get_absolute_url() in cached(reader, url), url
    changelist = reverse("admin:articles_article_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        if how == "unpublish action":
            editor.post(changelist, {"action": "unpublish_selected", "_selected_action": [story.pk]})
        elif how == "delete":
            editor.post(reverse("admin:articles_article_delete", args=[story.pk]), {"post": "yes"})
        else:
            editor.post(changelist, {"action": "delete_selected", "_selected_action": [story.pk], "post": "yes"})
    assert not Article.objects.published().filter(pk=story.pk).exists()
    for url in urls:
        assert story.get_absolute_url() not in fresh(reader, url), url
    assert reader.get(story.get_absolute_url()).status_code == 404


def test_moving_an_article_to_another_edition_takes_it_off_the_old_editions_pages(
    backend, reader, editor, story, django_capture_on_commit_callbacks
):
    old_address = story.get_absolute_url()
    assert old_address in cached(reader, "/en/")
    assert "River rises" not in cached(reader, "/ru/")
    with django_capture_on_commit_callbacks(execute=True):
        story.language = "ru"
        article_save(article=story, user=editor.user)
    assert old_address not in fresh(reader, "/en/") and "River rises" not in fresh(reader, "/en/rss/")
    assert story.get_absolute_url() in fresh(reader, "/ru/")
    assert story.get_absolute_url() in fresh(reader, "/sitemap.xml")


def test_renaming_a_section_or_a_tag_in_the_admin_shows_in_every_edition_at_once(
    backend, reader, editor, story, django_capture_on_commit_callbacks
):
    ArticleFactory(language="ru", category=story.category)
    section, tag = story.category, story.tags.get()
    assert section.name_en in cached(reader, "/en/") and section.name_ru in cached(reader, "/ru/")
    assert ">#Floods<" in cached(reader, story.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(
            reverse("admin:articles_category_change", args=[section.pk]),
            {"name_en": "Weather and climate", "name_ru": "Погода и климат", "name_uz": section.name_uz,
             "slug": section.slug, "position": 0},
        )  # fmt: skip
        renamed = {"language": "en", "name": "High water", "slug": tag.slug}
        editor.post(reverse("admin:articles_tag_change", args=[tag.pk]), renamed)
    assert "Weather and climate" in fresh(reader, "/en/")
    assert "Погода и климат" in fresh(reader, "/ru/")
    assert ">#High water<" in fresh(reader, story.get_absolute_url())


def test_one_change_moves_each_edition_generation_once(backend, story, editor, django_capture_on_commit_callbacks):
    from caching.generations import SITE, generation

    before = {scope: generation(scope) for scope in ("en", "ru", "uz", SITE)}
    with django_capture_on_commit_callbacks(execute=True):
        story.title = "River rises again"
        article_save(article=story, user=editor.user)
    after = {scope: generation(scope) for scope in ("en", "ru", "uz", SITE)}
    assert {scope: after[scope] - before[scope] for scope in after} == {"en": 1, "ru": 0, "uz": 0, SITE: 1}


def test_the_services_publish_and_unpublish_through_the_same_path(
    backend, reader, editor, django_capture_on_commit_callbacks
):
    draft = ArticleFactory(title="Bridge reopens", language="en", status="draft")
    assert "Bridge reopens" not in cached(reader, "/en/rss/")
    with django_capture_on_commit_callbacks(execute=True):
        article_publish(article=draft, user=editor.user)
    assert "Bridge reopens" in fresh(reader, "/en/rss/")
    assert "Bridge reopens" in cached(reader, "/en/rss/")
    with django_capture_on_commit_callbacks(execute=True):
        article_unpublish(article=draft, user=editor.user)
    assert "Bridge reopens" not in fresh(reader, "/en/rss/")
