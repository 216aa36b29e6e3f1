"""`make backup` / `make restore`: a backup brought back into an empty database loses nothing, across databases.

The round trip goes through the other kind of database: on SQLite a backup is restored into a new
PostgreSQL database and backed up from there; on PostgreSQL, through a new SQLite file. Then that
second backup comes back here, and everything a newsroom would miss must be as it was.
"""

import hashlib
import json
import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, DailyViews
from articles.services import article_record_view, article_save
from related.models import RelatedExclusion, RelatedItem, RelatedPin
from related.rebuild import related_rebuild

from .articles.factories import ArticleFactory, TagFactory, UserFactory
from .articles.files import image_bytes

ROOT = Path(__file__).resolve().parent.parent
# The PostgreSQL server a test on SQLite restores into (a new database is made there and dropped).
POSTGRES_URL = os.environ.get("BACKUP_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def snapshot(media_root) -> dict:
    """What a restore must bring back, in a form that compares across databases (JSON)."""
    rows = {
        "articles": Article.objects.values_list(
            "pk", "title", "language", "status", "published_at", "cover", "cover_alt",
            "view_count", "author__username", "category__slug", "translation_of_id",
        ),
        "tags": Article.tags.through.objects.values_list("article_id", "tag__name"),
        "daily views": DailyViews.objects.values_list("article_id", "day", "views"),
        "revisions": Version.objects.values_list(
            "object_id", "revision__user__username", "revision__date_created", "revision__comment", "serialized_data"
        ),
        "similar lists": RelatedItem.objects.values_list("article_id", "related_id", "rank"),
        "pins": RelatedPin.objects.values_list("article_id", "related_id", "position"),
        "exclusions": RelatedExclusion.objects.values_list("article_id", "excluded_id"),
        "editors": User.objects.filter(groups__name="Editor").values_list("username", "is_staff", "password"),
    }  # fmt: skip
    data = {name: sorted(map(list, query)) for name, query in rows.items()}
    data["files"] = sorted(
        [str(path.relative_to(media_root)), hashlib.sha256(path.read_bytes()).hexdigest()]
        for path in Path(media_root).rglob("*")
        if path.is_file()
    )
    return json.loads(json.dumps(data, default=to_millisecond))


def to_millisecond(value) -> str:
    # Django's fixtures keep times to the millisecond (DjangoJSONEncoder), whichever the database.
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="milliseconds")
    return str(value)


def manage(*args, database_url: str, media_root: Path) -> str:
    """A manage.py command in another process, on another database and media folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
    env.update(DEBUG="1", DATABASE_URL=database_url, MEDIA_ROOT=str(media_root), REDIS_URL="")
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture
def other_database(tmp_path):
    """A new, empty database of the other kind: its URL."""
    if connection.vendor != "sqlite":
        yield f"sqlite:///{tmp_path / 'other.sqlite3'}"
        return
    import psycopg2

    server = POSTGRES_URL.rsplit("/", 1)[0]
    name = f"newsportal_restore_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg2.connect(POSTGRES_URL, connect_timeout=3)
    except psycopg2.OperationalError as error:
        pytest.skip(f"no PostgreSQL at {POSTGRES_URL} to restore into (BACKUP_TEST_POSTGRES_URL): {error}")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def newsroom_day():
    """Four published stories with what a day leaves behind: edits, views, pictures, similar news, pins."""
    editor = UserFactory(username="editor", group="Editor")
    tag = TagFactory(name="Metro")
    articles = [
        ArticleFactory(
            title=f"Metro line {n} opens",
            lead="Trains run on the new metro line.",
            body="<p>Metro trains.</p>",
            language="en",
            author=editor,
            published_at=timezone.now() - timedelta(days=n, minutes=7),
            cover=ContentFile(image_bytes(), f"c{n}.jpg"),
            cover_alt=f"Station {n}",
        )  # fmt: skip
        for n in range(4)
    ]
    for n, article in enumerate(articles):
        article.tags.add(tag)
        article.title += " (updated)"
        article_save(article=article, user=editor)
        for _ in range(n + 2):
            article_record_view(article_id=article.pk)
    RelatedPin.objects.create(article=articles[0], related=articles[3], position=0)
    RelatedExclusion.objects.create(article=articles[1], excluded=articles[2])
    related_rebuild()
    return articles


@pytest.mark.django_db
def test_a_backup_restored_across_databases_and_back_has_every_view_revision_image_list_and_pin(
    tmp_path, media_root, other_database
):
    articles = newsroom_day()
    before = snapshot(media_root)
    # Nothing compared below is empty or zero: a restore that dropped it would be noticed.
    assert [row[7] for row in before["articles"]] == [2, 3, 4, 5], "view counts"
    assert sorted(row[2] for row in before["daily views"]) == [2, 3, 4, 5]
    assert sorted(int(row[0]) for row in before["revisions"]) == sorted(a.pk for a in articles)
    assert {row[1] for row in before["revisions"]} == {"editor"}
    assert {row[8] for row in before["articles"]} == {"editor"}, "every article has its author"
    assert before["similar lists"] and before["pins"] and before["exclusions"] and before["editors"]
    assert len(before["files"]) == 4 * 6, "covers and their renditions"

    call_command("backup", to=str(tmp_path / "here"), keep=0)
    (first,) = (tmp_path / "here").iterdir()
    manifest = json.loads((first / "manifest.json").read_text())
    assert manifest["rows"]["articles.article"] == 4 and manifest["media_files"] == 24

    # Into the other kind of database, and a backup of that.
    other_media = tmp_path / "other-media"
    manage("restore", str(first), database_url=other_database, media_root=other_media)
    there = json.loads(
        manage(
            "shell",
            "--no-imports",
            "-c",
            "import json; from tests.test_backups import snapshot; "
            "from django.conf import settings; print(json.dumps(snapshot(settings.MEDIA_ROOT)))",
            database_url=other_database,
            media_root=other_media,
        )
    )
    assert there == before
    manage("backup", "--to", str(tmp_path / "there"), database_url=other_database, media_root=other_media)
    (second,) = (tmp_path / "there").iterdir()

    # Disaster here: the database and the media folder are gone. (Inside this test's
    # transaction PostgreSQL truncates only once the pending constraint checks have run.)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    for path in media_root.rglob("*"):
        if path.is_file():
            path.unlink()
    assert not Article.objects.exists() and snapshot(media_root)["files"] == []

    call_command("restore", str(second))
    assert snapshot(media_root) == before
    restored = Article.objects.get(pk=articles[0].pk)
    assert restored.get_absolute_url() == articles[0].get_absolute_url()
    assert ArticleFactory().pk > max(a.pk for a in articles), "new articles get new ids after a restore"

    with pytest.raises(CommandError, match="already holds articles"):
        call_command("restore", str(second))


@pytest.mark.django_db
def test_backup_keeps_only_the_newest_backups_it_wrote(tmp_path, media_root):
    root = tmp_path / "backups"
    for stamp in ("2026-11-28_030000", "2026-11-29_030000", "2026-11-30_030000"):
        (root / stamp).mkdir(parents=True)
        (root / stamp / "manifest.json").write_text("{}")
    (root / "keep-me").mkdir()  # not a backup of ours: never touched
    call_command("backup", to=str(root), keep=2)
    left = sorted(path.name for path in root.iterdir())
    assert len(left) == 3 and left[0] == "2026-11-30_030000" and left[-1] == "keep-me"
    assert (root / left[1] / "database.jsonl.gz").exists(), "the new backup"
