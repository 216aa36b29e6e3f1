import re

import pytest
from django.core.management import call_command
from django.test import Client

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_static_files_get_hashed_names_in_production(client, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    content = client.get("/en/").content.decode()
    stylesheet = re.search(r'<link rel="stylesheet" href="/static/css/site\.([0-9a-f]{12})\.css">', content)
    assert stylesheet, "the page links the hashed stylesheet"
    assert (settings.STATIC_ROOT / "css" / f"site.{stylesheet.group(1)}.css.gz").exists()


def test_server_error_page_is_localised_and_shows_no_internals(settings):
    settings.ROOT_URLCONF = "tests.failing_urls"
    browser = Client(raise_request_exception=False, headers={"Accept-Language": "ru"})
    response = browser.get("/broken/")
    assert response.status_code == 500
    content = response.content.decode()
    assert "Что-то пошло не так" in content
    assert "secret internal detail" not in content
    assert "Traceback" not in content and "RuntimeError" not in content


def test_pages_have_landmarks_headings_and_alt_text(client):
    article = ArticleFactory()
    for url in ("/en/", article.get_absolute_url(), "/en/search/?q=x"):
        content = client.get(url).content.decode()
        for landmark in ("<header", "<nav", "<main", "<aside", "<footer"):
            assert landmark in content, (url, landmark)
        assert content.count("<h1") == 1, url
        assert not re.search(r"<img(?![^>]*\balt=)[^>]*>", content), f"{url}: an image without alt"
        assert 'class="skip-link" href="#content"' in content


def test_pages_request_nothing_from_other_hosts(client):
    article = ArticleFactory()
    for url in ("/en/", article.get_absolute_url()):
        content = client.get(url).content.decode()
        for attribute in re.findall(r'<(?:link|script|img)[^>]*?(?:href|src)="([^"]+)"', content):
            assert attribute.startswith(("/", "http://testserver/")), (url, attribute)
