"""The newsroom's admin as an editor meets it: the site's name and logo, an article form that reads like
a page (headline, lead, body, cover with its picture; a side panel for publishing), times in one zone."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from articles.models import Article

from .factories import ArticleFactory, CategoryFactory, UserFactory
from .files import image_bytes, upload
from .test_admin import ADD_URL, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = UserFactory(username="editor", group="Editor")
    client.force_login(user)
    return user


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def section(html: str, css_class: str) -> str:
    """The part of the page inside <div class="css_class"> up to the next layout column."""
    start = html.index(f'<div class="{css_class}">')
    ends = [html.find(marker, start + 1) for marker in ('<div class="article-side">', "</form>")]
    return html[start : min(end for end in ends if end > 0)]


@pytest.mark.parametrize("url", ["admin:index", "admin:articles_article_changelist", "admin:articles_article_add"])
def test_every_admin_page_carries_the_sites_name_and_logo(client, editor, url):
    html = client.get(reverse(url)).content.decode()
    assert "Django administration" not in html
    assert "Django site admin" not in html
    brand = re.search(r'<div id="site-name">(.*?)</div>', html, re.S).group(1)
    assert "Newsportal newsroom" in brand
    assert '<img src="/static/img/favicon.svg" alt=""' in brand  # the logo, decorative beside the name
    assert re.search(r"<title>[^<]*\| Newsportal newsroom</title>", html)
    assert '<link rel="stylesheet" href="/static/css/admin.css">' in html
    assert finders.find("css/admin.css")


def test_sign_in_page_is_branded_too(client):
    html = client.get(reverse("admin:login")).content.decode()
    assert "Newsportal newsroom" in html
    assert "Django administration" not in html


def test_article_form_puts_the_text_first_and_publishing_in_a_side_panel(client, editor):
    html = client.get(ADD_URL).content.decode()
    main, side = section(html, "article-main"), section(html, "article-side")
    for name in ("title", "lead", "body", "cover", "cover_alt", "cover_caption", "cover_credit"):
        assert f'name="{name}"' in main, name
        assert f'name="{name}"' not in side, name
    for name in ("status", "published_at_0", "language", "category", "tags", "is_breaking", "is_featured"):
        assert f'name="{name}"' in side, name
        assert f'name="{name}"' not in main, name
    # The headline is a box of two lines that shows it whole, not a one-line input that cuts it.
    assert re.search(r'<textarea name="title" cols="40" rows="2"[^>]*maxlength="255"', html)
    assert finders.find("articles/admin/admin.css")


def test_a_headline_typed_over_two_lines_is_saved_as_one(client, editor):
    response = client.post(ADD_URL, form_data(CategoryFactory(), title="Snow closes\r\n  the mountain pass "))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Article.objects.get().title == "Snow closes the mountain pass"


def test_stored_cover_is_shown_as_a_picture_with_its_description(client, editor, media_root):
    data = form_data(CategoryFactory(), cover=upload(image_bytes(), "snow.jpg"), cover_alt="Lorries queue in snow")
    assert client.post(ADD_URL, data).status_code == 302
    article = Article.objects.get()
    html = client.get(change_url(article)).content.decode()
    card = article.rendition("card-480")
    size = f'width="{card["width"]}" height="{card["height"]}"'
    assert f'<img src="{card["url"]}" {size} alt="Lorries queue in snow">' in html
    assert "Currently:" not in html
    stored = re.search(r"Stored: <a href=\"([^\"]+)\">([^<]+)</a>", html)
    assert stored.group(1) == article.cover.url
    assert stored.group(2) == article.cover.name.rsplit("/", 1)[-1]  # the file's name, not the storage path
    assert '<label class="vCheckboxLabel" for="cover-clear_id">Remove the cover</label>' in html
    assert "Replace with:" in html


def test_removing_the_cover_from_the_form_removes_it(client, editor, media_root):
    data = form_data(CategoryFactory(), cover=upload(image_bytes(), "snow.jpg"), cover_alt="Lorries queue in snow")
    assert client.post(ADD_URL, data).status_code == 302
    article = Article.objects.get()
    page = client.get(change_url(article))
    edit = form_data(article.category, cover_alt="", **{"cover-clear": "on"})
    edit["loaded_version"] = page.context["adminform"].form["loaded_version"].value()
    response = client.post(change_url(article), edit)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert not article.cover
    assert "cover-preview" not in client.get(change_url(article)).content.decode()


def test_without_a_cover_the_form_offers_only_the_upload(client, editor):
    article = ArticleFactory(title="No picture yet")
    html = client.get(change_url(article)).content.decode()
    assert "cover-preview" not in html
    assert "Remove the cover" not in html
    assert re.search(r'<input type="file" name="cover" accept="image/jpeg,image/png,image/webp,image/gif"', html)


def test_list_thumbnails_carry_no_inline_style(client, editor, media_root):
    data = form_data(CategoryFactory(), cover=upload(image_bytes(), "snow.jpg"), cover_alt="Lorries queue in snow")
    assert client.post(ADD_URL, data).status_code == 302
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    thumbnail = re.search(r'<img class="list-thumbnail"[^>]*>', html).group(0)
    assert "style=" not in thumbnail


def test_every_box_of_the_form_has_a_name_for_screen_readers(client, editor):
    html = client.get(ADD_URL).content.decode()
    assert re.search(r'<input type="text" name="published_at_0"[^>]*aria-label="Publish date \(year-month-day\)"', html)
    assert re.search(r'<input type="text" name="published_at_1"[^>]*aria-label="Publish time \(hours:minutes\)"', html)
    # No "clear all" button inside the list of chosen tags (a list holds only its items).
    tags = re.search(r'<select name="tags"[^>]*>', html).group(0)
    assert 'data-allow-clear="false"' in tags
    assert '<script src="/static/articles/admin/labels.js"></script>' in html  # names Select2's own boxes
    assert finders.find("articles/admin/labels.js")


def test_list_thumbnails_are_not_links_without_words(client, editor, media_root):
    data = form_data(CategoryFactory(), cover=upload(image_bytes(), "snow.jpg"), cover_alt="Lorries queue in snow")
    assert client.post(ADD_URL, data).status_code == 302
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert not re.search(r'<a href="[^"]*"><img class="list-thumbnail"', html)
    assert re.search(r'<a href="/admin/articles/article/\d+/change/">Snow closes the mountain pass</a>', html)
