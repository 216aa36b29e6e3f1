from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

from ..conftest import stored_files
from .factories import ArticleFactory, CategoryFactory, TagFactory, UserFactory
from .files import image_bytes, upload

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")
LIST_URL = reverse("admin:articles_article_changelist")


@pytest.fixture
def editor(client):
    return UserFactory(username="editor", group="Editor")


@pytest.fixture
def author():
    return UserFactory(username="author", group="Author")


def form_data(category, **overrides):
    local = timezone.localtime()
    data = {
        "title": "Snow closes the mountain pass",
        "slug": "snow-closes-the-mountain-pass",
        "lead": "Drivers are asked to wait.",
        "body": "<p>The road will reopen tomorrow.</p>",
        "cover_alt": "",
        "cover_caption": "",
        "cover_credit": "",
        "language": "en",
        "category": category.pk,
        "status": "published",
        "published_at_0": local.strftime("%Y-%m-%d"),
        "published_at_1": (local - timedelta(minutes=1)).strftime("%H:%M:%S"),
        "source": "",
        "source_url": "",
        "post_to_telegram": "on",  # the box is ticked by default, as a browser sends it
    }
    for inline in ("bylines_set", "notes", "gallery"):  # the inlines of the form (notes: change form only), empty
        data.update({f"{inline}-TOTAL_FORMS": 0, f"{inline}-INITIAL_FORMS": 0})
    data.update(overrides)
    return data


def test_editor_publishes_an_article_with_a_cover_and_readers_see_it(client, editor):
    category = CategoryFactory(name_en="World")
    client.force_login(editor)
    data = form_data(category, cover=upload(image_bytes(), "snow.jpg"), cover_alt="Lorries queue in snow")
    response = client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert article.author == editor
    assert article.is_public
    assert article.cover.name.endswith(".jpg")
    client.logout()
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert b"Snow closes the mountain pass" in page.content
    assert article.page_image["url"].encode() in page.content
    assert b'alt="Lorries queue in snow"' in page.content


def test_bad_cover_is_a_form_error_and_leaves_nothing_on_disk(client, editor, media_root):
    client.force_login(editor)
    data = form_data(CategoryFactory(), cover=upload(b"<html>hi</html>", "evil.jpg"), cover_alt="x")
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    assert (
        "The file is not an image: upload a JPEG, PNG, WebP or GIF."
        in response.context["adminform"].form.errors["cover"]
    )
    assert not Article.objects.exists()
    assert stored_files(media_root) == []


def test_cover_without_alt_text_is_a_form_error(client, editor, media_root):
    client.force_login(editor)
    response = client.post(ADD_URL, form_data(CategoryFactory(), cover=upload(image_bytes(), "a.jpg")))
    assert response.context["adminform"].form.errors["cover_alt"] == [
        "Describe the picture for readers who cannot see it."
    ]
    assert stored_files(media_root) == []


def test_author_cannot_publish_through_the_form(client, author):
    client.force_login(author)
    response = client.post(ADD_URL, form_data(CategoryFactory(), status="published"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["status"] == ["You do not have permission to publish articles."]
    assert not Article.objects.exists()


def test_author_writes_a_draft_and_submits_it_for_review(client, author):
    client.force_login(author)
    assert client.post(ADD_URL, form_data(CategoryFactory(), status="draft")).status_code == 302
    article = Article.objects.get()
    assert article.author == author
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(
        article.category, status="review", title="Snow closes the pass", loaded_version=article.lock_version
    )
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    assert not Article.objects.published().exists()


def test_author_cannot_publish_by_bulk_action(client, author):
    draft = ArticleFactory(author=author, status=Article.Status.REVIEW)
    client.force_login(author)
    changelist = client.get(LIST_URL)
    assert b"publish_selected" not in changelist.content
    client.post(LIST_URL, {"action": "publish_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Article.Status.REVIEW


def test_editor_publishes_and_unpublishes_in_bulk(client, editor):
    drafts = ArticleFactory.create_batch(3, status=Article.Status.REVIEW)
    client.force_login(editor)
    response = client.post(
        LIST_URL, {"action": "publish_selected", "_selected_action": [a.pk for a in drafts]}, follow=True
    )
    assert "3 articles published." in [str(m) for m in response.context["messages"]]
    assert Article.objects.published().count() == 3
    client.post(LIST_URL, {"action": "unpublish_selected", "_selected_action": [drafts[0].pk]})
    assert Article.objects.published().count() == 2
    drafts[0].refresh_from_db()
    assert drafts[0].status == Article.Status.UNPUBLISHED


def test_bulk_publish_keeps_a_scheduled_time(client, editor):
    later = timezone.now() + timedelta(days=1)
    scheduled = ArticleFactory(status=Article.Status.REVIEW, published_at=later)
    client.force_login(editor)
    client.post(LIST_URL, {"action": "publish_selected", "_selected_action": [scheduled.pk]})
    scheduled.refresh_from_db()
    assert scheduled.status == Article.Status.PUBLISHED
    assert not scheduled.is_public


def test_changelist_shows_thumbnails_with_a_fixed_number_of_queries(client, editor):
    client.force_login(editor)
    ArticleFactory(cover=upload(image_bytes(size=(200, 120)), "a.jpg"), cover_alt="A")
    with CaptureQueriesContext(connection) as few:
        response = client.get(LIST_URL)
    assert b"-card-480.webp" in response.content
    ArticleFactory.create_batch(15)
    with CaptureQueriesContext(connection) as many:
        client.get(LIST_URL)
    assert len(many) == len(few)


def test_add_form_prefills_the_slug_and_loads_the_editor(client, editor):
    client.force_login(editor)
    response = client.get(ADD_URL)
    assert b'"id": "#id_slug"' in response.content or b"&quot;id&quot;: &quot;#id_slug&quot;" in response.content
    assert b"ckeditor/ckeditor/ckeditor.js" in response.content
    assert b"articles/admin/ckeditor-csrf.js" in response.content
    change = client.get(reverse("admin:articles_article_change", args=[ArticleFactory().pk]))
    assert b"#id_slug" not in change.content, "a saved article's slug is not rewritten from its title"


def test_tags_autocomplete(client, editor):
    TagFactory(name="Elections")
    TagFactory(name="Weather")
    client.force_login(editor)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "article", "field_name": "tags", "term": "elec"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["Elections (en)"], "the edition shows"


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.REVIEW])
def test_staff_preview_a_draft_with_the_public_template_and_readers_get_404(client, editor, status):
    draft = ArticleFactory(status=status, title="Unreleased story")
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(editor)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "articles/article_detail.html" in [t.name for t in response.templates]
    assert b"Preview:" in response.content
    assert "no-cache" in response["Cache-Control"]


def test_scheduled_article_is_404_for_readers_until_its_time(client):
    scheduled = ArticleFactory(published_at=timezone.now() + timedelta(hours=1))
    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_non_staff_user_cannot_preview(client):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    client.force_login(UserFactory(is_staff=False))
    assert client.get(draft.get_absolute_url()).status_code == 404
