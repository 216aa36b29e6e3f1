"""`make backup` / `make restore`: a backup brought back into an empty database loses nothing."""

import json

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from reversion.models import Version

from articles.models import Article
from articles.services import article_save
from related.models import RelatedItem, RelatedPin
from related.rebuild import related_rebuild

from .articles.factories import ArticleFactory, TagFactory, UserFactory
from .articles.files import image_bytes
from .conftest import stored_files


@pytest.mark.django_db
def test_a_backup_restored_into_an_empty_database_has_every_article_revision_image_and_list(tmp_path, media_root):
    editor = UserFactory(username="editor", group="Editor")
    tag = TagFactory(name="Metro")
    articles = [
        ArticleFactory(
            title=f"Metro line {n} opens",
            lead="Trains run on the new metro line.",
            body="<p>Metro trains.</p>",
            language="en",
            cover=ContentFile(image_bytes(), f"c{n}.jpg"),
            cover_alt=f"Station {n}",
        )  # fmt: skip
        for n in range(4)
    ]
    for article in articles:
        article.tags.add(tag)
        article.title += " (updated)"
        article_save(article=article, user=editor)
    RelatedPin.objects.create(article=articles[0], related=articles[3], position=0)
    related_rebuild()
    before = {
        "articles": sorted(Article.objects.values_list("pk", "title", "cover", "view_count")),
        "versions": Version.objects.count(),
        "lists": sorted(RelatedItem.objects.values_list("article_id", "related_id", "rank")),
        "files": stored_files(media_root),
    }
    assert before["lists"] and before["versions"] >= 4 and len(before["files"]) == 4 * 6

    call_command("backup", to=str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["rows"]["articles.article"] == 4
    assert manifest["media_files"] == len(before["files"])

    # Disaster: the database and the media folder are gone. (Inside this test's
    # transaction PostgreSQL truncates only once the pending constraint checks have run.)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    for path in media_root.rglob("*"):
        if path.is_file():
            path.unlink()
    assert not Article.objects.exists() and stored_files(media_root) == []

    call_command("restore", str(folder))
    after = {
        "articles": sorted(Article.objects.values_list("pk", "title", "cover", "view_count")),
        "versions": Version.objects.count(),
        "lists": sorted(RelatedItem.objects.values_list("article_id", "related_id", "rank")),
        "files": stored_files(media_root),
    }
    assert after == before
    restored = Article.objects.get(pk=articles[0].pk)
    assert restored.title.endswith("(updated)") and list(restored.tags.values_list("name", flat=True)) == ["Metro"]
    assert restored.author is None or restored.author.username
    assert RelatedPin.objects.filter(article=restored, related_id=articles[3].pk).exists()
    assert Version.objects.get_for_object(restored).count() >= 1, "its history came back too"
    from django.contrib.auth.models import Group

    assert Group.objects.get(name="Editor").user_set.filter(username="editor").exists()

    with pytest.raises(CommandError, match="already holds articles"):
        call_command("restore", str(folder))
