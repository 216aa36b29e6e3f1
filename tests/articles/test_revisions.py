"""Nothing an editor writes is lost: revisions, differences, restores, edit conflicts and the trash."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from reversion.models import Revision, Version

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
        author=article.author_id or "",
        published_at_0=timezone.localtime(article.published_at).strftime("%Y-%m-%d"),
        published_at_1=timezone.localtime(article.published_at).strftime("%H:%M:%S"),
        loaded_version=article.lock_version if loaded_version is None else loaded_version,
    )
    data.update({flag: "on" for flag in ("is_breaking", "is_featured", "suggest_similar") if getattr(article, flag)})
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
    assert "Restore…" in page.content.decode()
    diff = client.get(changes_url)
    assert diff.status_code == 200
    html = diff.content.decode()
    assert "<del>five </del><ins>seven </ins>" in html
    assert "Body" in html and ">Title<" not in html, "only the fields that changed are listed"


def history_rows(client, article) -> list[list[str]]:
    """The history page's rows as the cells' texts, newest first."""
    html = client.get(reverse("admin:articles_article_history", args=[article.pk])).content.decode()
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [re.sub(r"<[^>]+>|\s+", " ", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_each_revision_lists_only_the_fields_it_changed(client, editor):
    client.force_login(editor)
    client.post(reverse("admin:articles_article_add"), form_data(CategoryFactory()))
    article = Article.objects.get()
    # The form posts every field again: the body as CKEditor writes it, the time without its microseconds.
    assert edit(client, article, title="Snow closes the pass again", body="<p>The road will reopen tomorrow.</p>\n")
    assert edit(client, article, lead="Drivers wait at Kamchik.", is_breaking="on")
    rows = history_rows(client, article)
    assert [row[3] for row in rows] == ["Lead, Breaking news", "Title", "First version"]
    assert [row[2] for row in rows] == ["Changed.", "Changed.", "Added."], "the comment is the save's own"
    assert rows[0][4] == "Current" and rows[1][4] == "Restore…"
    log = LogEntry.objects.filter(object_id=str(article.pk)).order_by("-action_time").first()
    assert log.get_change_message() == "Changed Lead and Breaking news."


def test_a_save_that_changes_nothing_says_so(client, editor):
    article = ArticleFactory(author=editor, published_at=timezone.now().replace(microsecond=123456))
    article_save(article=article, user=editor)
    client.force_login(editor)
    assert edit(client, article).status_code == 302  # the form's time has no microseconds
    assert history_rows(client, article)[0][3] == "No field changed"


def test_the_current_revision_offers_no_restore_and_refuses_one(client, editor):
    article = ArticleFactory(title="Only one", author=editor)
    article_save(article=article, user=editor)
    current = history(article)[0]
    client.force_login(editor)
    changes = client.get(reverse("admin:articles_article_changes", args=[article.pk, current.pk])).content.decode()
    assert "This is the current revision." in changes
    assert "Restore this revision" not in changes
    restore_url = reverse("admin:articles_article_restore", args=[article.pk, current.pk])
    response = client.post(restore_url, follow=True)
    assert "This is the current revision: there is nothing to restore." in [
        str(m) for m in response.context["messages"]
    ]
    assert len(history(article)) == 1


def test_the_restore_question_shows_what_would_change_back(client, editor):
    article = ArticleFactory(title="Dam opens in May", lead="Same lead.", author=editor)
    article_save(article=article, user=editor)
    first = history(article)[0]
    article.title = "Dam opens in June"
    article_save(article=article, user=editor)
    client.force_login(editor)
    html = client.get(reverse("admin:articles_article_restore", args=[article.pk, first.pk])).content.decode()
    assert "<del>June</del><ins>May</ins>" in html
    assert ">Lead<" not in html, "unchanged fields are not listed"
    assert "No, keep the article as it is" in html


def test_times_in_the_history_are_written_once_without_a_doubled_stop(client, editor, settings):
    article = ArticleFactory(title="Evening edition", author=editor)
    article_save(article=article, user=editor)
    first = history(article)[0]
    Revision.objects.filter(pk=first.revision_id).update(
        date_created=datetime(2026, 12, 3, 17, 49, tzinfo=ZoneInfo("Asia/Tashkent"))
    )
    article.title = "Late edition"
    article_save(article=article, user=editor)
    client.force_login(editor)
    client.post(reverse("admin:articles_article_restore", args=[article.pk, first.pk]))
    rows = history_rows(client, article)
    assert rows[0][2] == "Restored the revision of 3 Dec 2026, 17:49."
    assert rows[-1][0] == "3 Dec 2026, 17:49"
    assert ".." not in " ".join(" ".join(row) for row in rows)


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
    restore_url = reverse("admin:articles_article_restore", args=[article.pk, first.pk])
    asked = client.get(restore_url)
    assert asked.status_code == 200
    assert "Yes, restore this revision" in asked.content.decode()
    assert Article.objects.get(pk=article.pk).title == "Second headline", "asking restores nothing"
    response = client.post(restore_url)
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.lead) == ("First headline", "First lead.")
    assert article.view_count == 40, "restoring never touches the view count"
    revisions = history(article)
    assert len(revisions) == 3
    assert revisions[0].revision.get_comment().startswith("Restored the revision of")


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
