"""What is rendered for a signed-in user is never kept by a shared cache; readers' pages stay publicly cacheable."""

import pytest
from django.test import Client

from articles.models import Article

from .articles.factories import ArticleFactory, TagFactory, UserFactory
from .caching.test_pages import READER_AGENT

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def public_urls() -> list[str]:
    article = ArticleFactory(language="en", title="Snow in the mountains", tags=[TagFactory(name="Winter")])
    return [
        "/en/",
        article.get_absolute_url(),
        f"/en/category/{article.category.slug}/",
        f"/en/tag/{article.tags.get().slug}/",
        "/en/search/?q=snow",
        "/en/rss/",
        "/en/weather/",
        "/sitemap.xml",
    ]


@pytest.mark.parametrize("is_staff", [True, False], ids=["editor", "signed-in reader"])
def test_every_page_rendered_for_a_signed_in_user_is_private(is_staff):
    user = UserFactory(username="someone", is_staff=is_staff, group="Editor" if is_staff else None)
    browser = Client(headers={"Accept-Language": "en", "User-Agent": READER_AGENT})
    browser.force_login(user)
    for url in public_urls():
        response = browser.get(url)
        assert response.status_code == 200, url
        assert "private" in directives(response), url
        assert "public" not in directives(response), url
        assert "X-Accel-Expires" not in response, f"{url}: nginx's micro-cache must not keep it"


def test_readers_pages_stay_publicly_cacheable(settings):
    reader = Client(headers={"Accept-Language": "en", "User-Agent": READER_AGENT})
    for url in public_urls():
        response = reader.get(url)
        assert {"public", "max-age=0", "must-revalidate"} <= directives(response), url
        assert "private" not in directives(response), url
        assert response["X-Accel-Expires"] == str(settings.PAGE_CACHE_PROXY_SECONDS), url


def test_a_reader_with_a_stale_session_cookie_but_no_user_gets_a_public_page():
    """A session cookie alone (an expired sign-in) is not a signed-in user; the page is the readers' one."""
    reader = Client(headers={"Accept-Language": "en", "User-Agent": READER_AGENT})
    reader.cookies["sessionid"] = "expired-or-made-up"
    response = reader.get("/en/")
    assert response.status_code == 200
    assert "private" not in directives(response)


def test_previews_and_the_admin_stay_no_store(client):
    client.force_login(UserFactory(username="editor", group="Editor"))
    draft = ArticleFactory(language="en", status=Article.Status.DRAFT)
    for url in (draft.get_absolute_url(), "/admin/", "/admin/articles/article/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert {"private", "no-store"} <= directives(response), url
