"""Backups of the whole site: the database as a Django fixture, and the media files.

A backup is a dated folder:

    <folder>/database.jsonl.gz   every row worth keeping, read in one transaction
    <folder>/media/              the uploaded pictures and their renditions
    <folder>/manifest.json       when, what, and how many rows of each model

The fixture is portable (SQLite to PostgreSQL and back; times kept to the
millisecond, as Django's fixtures do) and holds articles, their view counts by day,
revisions (django-reversion), similar-news lists and index, pins and
exclusions, sections, tags, users and groups, weather. Left out: what
``migrate`` re-creates (content types, permissions), sessions, and sign-in
failure records.

Consistency: the rows are read inside one transaction (REPEATABLE READ on
PostgreSQL; SQLite's read transaction is a snapshot too), so they agree with
each other. Media files are copied after the rows: a stored file is never
changed or deleted (new uploads get new names), so every file the rows name
is already on disk when the copy starts.
"""

import gzip
import json
import re
import shutil
from collections import Counter
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

FIXTURE = "database.jsonl.gz"
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]
STAMP = re.compile(r"\d{4}-\d{2}-\d{2}_\d{6}")


class BackupError(Exception):
    pass


def backup(destination_root: Path) -> Path:
    """Write a new backup folder under ``destination_root``; returns its path."""
    stamp = timezone.localtime().strftime("%Y-%m-%d_%H%M%S")
    folder = Path(destination_root) / stamp
    folder.mkdir(parents=True, exist_ok=False)
    outermost = not connection.in_atomic_block  # (inside a caller's transaction, that one is the snapshot)
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        call_command(
            "dumpdata",
            format="jsonl",
            exclude=EXCLUDED,
            natural_foreign=True,
            natural_primary=True,
            output=str(folder / FIXTURE),
            verbosity=0,
        )
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.copytree(media, folder / "media")
    else:
        (folder / "media").mkdir()
    counts = _count(folder / FIXTURE)
    manifest = {
        "created": datetime.now().astimezone().isoformat(timespec="seconds"),
        "database": connection.vendor,
        "rows": counts,
        "media_files": sum(1 for path in (folder / "media").rglob("*") if path.is_file()),
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return folder


def prune(destination_root: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backup folders under ``destination_root``; returns those deleted.

    Only folders this module wrote (a dated name and a manifest) are touched.
    """
    folders = sorted(
        path
        for path in Path(destination_root).iterdir()
        if path.is_dir() and STAMP.fullmatch(path.name) and (path / "manifest.json").exists()
    )
    old = folders[:-keep] if keep > 0 else []
    for path in old:
        shutil.rmtree(path)
    return old


def _count(fixture: Path) -> dict:
    counts = Counter()
    with gzip.open(fixture, "rt", encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                counts[json.loads(line)["model"]] += 1
    return dict(sorted(counts.items()))


def restore(folder: Path, *, force: bool = False) -> dict:
    """Load a backup into this site's database and media folder; returns the manifest.

    Refuses a database that already holds articles unless ``force``: a
    restore adds rows by their ids and would mix two sites.
    """
    folder = Path(folder)
    fixture = folder / FIXTURE
    if not fixture.exists():
        raise BackupError(f"{folder} is not a backup: {FIXTURE} is missing.")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    call_command("migrate", interactive=False, verbosity=0)
    from articles.models import Article

    if Article.objects.exists() and not force:
        raise BackupError("The database already holds articles; restore into an empty one (or use --force).")
    with transaction.atomic():
        # The cities a data migration made in this empty database give way to the backup's own
        # (matched by id); groups are matched by name, so they need no such care.
        from weather.models import City

        City.objects.all().delete()
        call_command("loaddata", str(fixture), verbosity=0)
    media = folder / "media"
    if media.exists():
        shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    return manifest
