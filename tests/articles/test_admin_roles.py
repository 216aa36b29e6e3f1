"""Roles and desks in the admin: what an Author, an Editor and a desk's editor may see and do."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from articles.models import Article
from articles.services import article_publish, article_save

from .factories import ArticleFactory, CategoryFactory, UserFactory
from .test_admin import ADD_URL, LIST_URL, form_data

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def listed(client, **params) -> set[str]:
    return {article.title for article in client.get(LIST_URL, params).context["cl"].result_list}


def said(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def author(client):
    user = UserFactory(username="author", group="Author")
    client.force_login(user)
    return user


def test_an_author_sees_every_article_of_the_edition_colleagues_included(client, author):
    ArticleFactory(title="My draft", author=author, status=Article.Status.DRAFT)
    ArticleFactory(title="A colleague's draft", author=UserFactory(group="Author"), status=Article.Status.DRAFT)
    ArticleFactory(title="Published yesterday", author=UserFactory(group="Editor"))
    assert listed(client) == {"My draft", "A colleague's draft", "Published yesterday"}


def test_a_colleagues_story_opens_read_only_and_says_who_can_change_it(client, author):
    story = ArticleFactory(title="Their scoop", author=UserFactory(group="Author"), status=Article.Status.DRAFT)
    response = client.get(change_url(story))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Only an editor can change this article: it is a colleague&#x27;s." in html
    assert "doesn’t exist" not in html and "doesn't exist" not in html
    assert 'name="title"' not in html, "read-only: no input to type in"
    assert "Their scoop" in html
    refused = client.post(change_url(story), form_data(story.category, status="draft", title="Mine now"))
    assert refused.status_code == 403
    story.refresh_from_db()
    assert story.title == "Their scoop"


def test_an_authors_own_published_story_is_read_only_too(client, author):
    story = ArticleFactory(title="Out already", author=author)
    response = client.get(change_url(story))
    assert "Only an editor can change this article: it is published." in response.content.decode()
    assert client.post(change_url(story), form_data(story.category, status="draft")).status_code == 403


def test_an_author_cannot_set_breaking_featured_published_or_unpublished(client, author):
    form = client.get(ADD_URL).context["adminform"].form
    assert "is_breaking" not in form.fields and "is_featured" not in form.fields
    assert [value for value, _ in form.fields["status"].choices] == ["draft", "review"]
    response = client.post(ADD_URL, form_data(CategoryFactory(), status="draft", is_breaking="on", is_featured="on"))
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.is_breaking, article.is_featured) == (False, False), "the ticks of a crafted form are ignored"
    response = client.post(ADD_URL, form_data(CategoryFactory(), status="unpublished", title="Another"))
    assert response.context["adminform"].form.errors["status"] == ["You do not have permission to publish articles."]


def test_the_service_refuses_an_author_a_breaking_flag(author):
    article = ArticleFactory(author=author, status=Article.Status.DRAFT)
    article.is_breaking = True
    with pytest.raises(PermissionDenied, match="Only an editor can mark an article as breaking news or featured."):
        article_save(article=article, user=author)


def test_an_editor_publishes_and_schedules(client):
    editor = UserFactory(group="Editor")
    client.force_login(editor)
    story = ArticleFactory(title="Ready", status=Article.Status.REVIEW, author=UserFactory(group="Author"))
    data = form_data(story.category, title="Ready", is_breaking="on", loaded_version=story.lock_version)
    assert client.post(change_url(story), data).status_code == 302
    story.refresh_from_db()
    assert story.is_public and story.is_breaking


@pytest.fixture
def russian_editor(client):
    user = UserFactory(username="rustam", group="Editor", desks=["ru"])
    client.force_login(user)
    return user


def test_a_desk_editor_lists_only_the_desks_edition(client, russian_editor):
    ArticleFactory(title="Новости", language="ru")
    ArticleFactory(title="News", language="en")
    assert listed(client) == {"Новости"}


def test_a_desk_editor_cannot_publish_in_another_edition(client, russian_editor):
    english = ArticleFactory(title="Waiting", language="en", status=Article.Status.REVIEW)
    with pytest.raises(PermissionDenied, match="Only the English desk can change this article."):
        article_publish(article=english, user=russian_editor)
    client.post(LIST_URL, {"action": "publish_selected", "_selected_action": [english.pk]})
    english.refresh_from_db()
    assert english.status == Article.Status.REVIEW
    response = client.get(change_url(english))
    assert response.status_code == 200
    assert "Only the English desk can change this article." in response.content.decode()
    data = form_data(english.category, loaded_version=english.lock_version)
    assert client.post(change_url(english), data).status_code == 403
    english.refresh_from_db()
    assert english.status == Article.Status.REVIEW


def test_a_desk_editor_writes_only_in_the_desks_edition(client, russian_editor):
    form = client.get(ADD_URL).context["adminform"].form
    assert [value for value, _ in form.fields["language"].choices if value] == ["ru"]
    response = client.post(ADD_URL, form_data(CategoryFactory(), language="en"))
    assert response.context["adminform"].form.errors["language"] == ["You are not on the desk of that edition."]
    assert client.post(ADD_URL, form_data(CategoryFactory(), language="ru")).status_code == 302
    assert Article.objects.get().language == "ru"


def test_the_uzbek_desk_publishes_the_uzbek_edition(client):
    editor = UserFactory(group="Editor", desks=["uz"])
    uzbek = ArticleFactory(language="uz", status=Article.Status.REVIEW)
    assert article_publish(article=uzbek, user=editor).is_public


def test_someone_on_no_desk_is_told_so_and_changes_nothing(client):
    user = UserFactory(group="Editor", desks=[])
    client.force_login(user)
    ArticleFactory(title="Anything")
    response = client.get(LIST_URL)
    assert list(response.context["cl"].result_list) == []
    assert "You are on no desk yet" in " ".join(said(response))


def test_a_superuser_works_on_every_desk(admin_client):
    ArticleFactory(title="Новости", language="ru")
    ArticleFactory(title="News", language="en")
    ArticleFactory(title="Yangiliklar", language="uz")
    assert listed(admin_client) == {"Новости", "News", "Yangiliklar"}


def test_desks_are_groups_a_superuser_assigns(admin_client):
    response = admin_client.get(reverse("admin:auth_group_changelist"))
    html = response.content.decode()
    for name in ("Uzbek desk", "Russian desk", "English desk", "Author", "Editor"):
        assert name in html
