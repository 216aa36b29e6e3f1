"""Nothing an editor writes is lost: revisions, differences, restores, edit conflicts and the trash."""

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from articles.services import article_publish, article_save, article_unpublish

from .factories import ArticleFactory, CategoryFactory, UserFactory
from .test_admin import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return UserFactory(username="editor", first_name="Dilnoza", last_name="Karimova", group="Editor")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def edit(client, article, loaded_version=None, **fields):
    """Post the change form as an editor who opened the article at ``loaded_version``."""
    article = Article.objects.get(pk=article.pk)
    data = form_data(
        article.category,
        title=article.title,
        slug=article.slug,
        lead=article.lead,
        body=article.body,
        loaded_version=article.lock_version if loaded_version is None else loaded_version,
    )
    data.update(fields)
    return client.post(change_url(article), data)


def history(article):
    return list(Version.objects.get_for_object(article).select_related("revision__user"))


def test_every_save_keeps_a_revision_with_who_when_and_all_fields(client, editor):
    client.force_login(editor)
    response = client.post(reverse("admin:articles_article_add"), form_data(CategoryFactory()))
    assert response.status_code == 302
    article = Article.objects.get()
    assert edit(client, article, title="Snow closes the pass again").status_code == 302
    revisions = history(article)
    assert len(revisions) == 2
    assert [v.field_dict["title"] for v in revisions] == ["Snow closes the pass again", "Snow closes the mountain pass"]
    assert all(v.revision.user == editor for v in revisions)
    assert {"lead", "body", "status", "category_id", "tags", "published_at"} <= set(revisions[0].field_dict)


def test_services_and_imports_keep_revisions_too(editor):
    article = ArticleFactory(status=Article.Status.DRAFT)
    article_publish(article=article, user=editor)
    article_unpublish(article=article, user=editor)
    article.title = "Changed in code"
    article_save(article=article, user=editor)
    comments = [v.revision.get_comment() for v in history(article)]
    assert comments == ["Changed.", "Unpublished.", "Published."]


def test_history_shows_a_readable_diff_of_what_a_revision_changed(client, editor):
    article = ArticleFactory(title="Metro opens", body="<p>The new line has five stations.</p>", author=editor)
    article_save(article=article, user=editor)
    client.force_login(editor)
    assert edit(client, article, body="<p>The new line has seven stations.</p>").status_code == 302
    page = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert page.status_code == 200
    newest = history(article)[0]
    changes_url = reverse("admin:articles_article_changes", args=[article.pk, newest.pk])
    assert changes_url.encode() in page.content
    assert b"Restore this revision" in page.content
    diff = client.get(changes_url)
    assert diff.status_code == 200
    html = diff.content.decode()
    assert "<del>five </del><ins>seven </ins>" in html
    assert "Body" in html and ">Title<" not in html, "only the fields that changed are listed"


def test_diff_escapes_what_the_editor_wrote(client, editor):
    article = ArticleFactory(title="Plain", author=editor)
    article_save(article=article, user=editor)
    article.title = "<script>alert(1)</script>"
    article_save(article=article, user=editor)
    client.force_login(editor)
    newest = history(article)[0]
    diff = client.get(reverse("admin:articles_article_changes", args=[article.pk, newest.pk]))
    assert b"<script>alert(1)" not in diff.content
    assert b"&lt;script&gt;" in diff.content


def test_restore_brings_an_old_revision_back_in_one_step_as_a_new_revision(client, editor):
    article = ArticleFactory(title="First headline", lead="First lead.", author=editor, view_count=40)
    article_save(article=article, user=editor)
    first = history(article)[0]
    article.title, article.lead = "Second headline", "Second lead."
    article_save(article=article, user=editor)
    client.force_login(editor)
    response = client.post(reverse("admin:articles_article_restore", args=[article.pk, first.pk]))
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.lead) == ("First headline", "First lead.")
    assert article.view_count == 40, "restoring never touches the view count"
    revisions = history(article)
    assert len(revisions) == 3
    assert revisions[0].revision.get_comment().startswith("Restored the revision of")
    assert client.get(reverse("admin:articles_article_restore", args=[article.pk, first.pk])).status_code == 405


def test_an_author_cannot_restore_over_a_published_article(client):
    author = UserFactory(group="Author")
    article = ArticleFactory(author=author, status=Article.Status.PUBLISHED)
    article_save(article=article, user=UserFactory(group="Editor"))
    client.force_login(author)
    version = history(article)[0]
    response = client.post(reverse("admin:articles_article_restore", args=[article.pk, version.pk]))
    assert response.status_code in (302, 403)
    assert len(history(article)) == 1


def test_second_of_two_concurrent_saves_is_refused_and_its_text_shown_back(client, editor):
    article = ArticleFactory(title="Budget passes", author=editor)
    opened_at = Article.objects.get(pk=article.pk).lock_version  # both editors open the article
    colleague = UserFactory(username="colleague", first_name="Aziz", last_name="Rahimov", group="Editor")
    client.force_login(colleague)
    assert edit(client, article, loaded_version=opened_at, title="Budget passes first reading").status_code == 302
    client.force_login(editor)
    mine = "<p>My long paragraph that must not be lost.</p>"
    response = edit(client, article, loaded_version=opened_at, title="Budget passes, MPs say", body=mine)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "Aziz Rahimov saved this article at" in " ".join(form.non_field_errors())
    assert b"Budget passes, MPs say" in response.content, "the refused text is shown back"
    assert b"My long paragraph that must not be lost." in response.content
    article.refresh_from_db()
    assert article.title == "Budget passes first reading", "the first save stands"


def test_a_save_from_a_fresh_copy_after_a_conflict_goes_through(client, editor):
    article = ArticleFactory(title="Budget passes", author=editor)
    client.force_login(editor)
    assert edit(client, article, title="One").status_code == 302
    assert edit(client, article, title="Two").status_code == 302  # reloaded: a new lock version
    article.refresh_from_db()
    assert article.title == "Two"


def test_deleting_asks_first_and_the_article_can_be_recovered_from_the_trash(client, editor, media_root):
    from django.core.files.base import ContentFile

    from .files import image_bytes

    article = ArticleFactory(title="Recover me", cover=ContentFile(image_bytes(), "c.jpg"), cover_alt="A picture")
    pk = article.pk
    client.force_login(editor)
    delete_url = reverse("admin:articles_article_delete", args=[pk])
    confirm = client.get(delete_url)
    assert b"Are you sure" in confirm.content
    assert Article.objects.filter(pk=pk).exists(), "asking deletes nothing"
    assert client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=pk).exists()
    trash = client.get(reverse("admin:articles_article_recoverlist"))
    assert b"Recover me" in trash.content
    deleted = Version.objects.get_deleted(Article).get(object_id=str(pk))
    recover_url = reverse("admin:articles_article_recover", args=[deleted.pk])
    form = client.get(recover_url)
    assert form.status_code == 200
    data = form_data(article.category, title="Recover me", slug=article.slug, lead=article.lead, body=article.body)
    data.update(cover_alt="A picture", loaded_version=form.context["adminform"].form["loaded_version"].value())
    assert client.post(recover_url, data).status_code == 302
    recovered = Article.objects.get(pk=pk)
    assert recovered.title == "Recover me"
    assert recovered.cover.name == article.cover.name and recovered.cover.storage.exists(recovered.cover.name)


def test_bulk_delete_also_keeps_each_article_in_the_trash(client, editor):
    articles = [ArticleFactory(title=f"Bulk {n}") for n in range(3)]
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": [a.pk for a in articles], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Article.objects.exists()
    assert Version.objects.get_deleted(Article).count() == 3
