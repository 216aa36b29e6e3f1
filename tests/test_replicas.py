"""Read replicas: reads to a replica, writes and the newsroom to the primary, with two real databases."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory

from newsportal import routers

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import django; django.setup()
from django.conf import settings
from django.test import Client
from articles.models import Article, Category
from newsportal.routers import use_primary

assert list(settings.DATABASES) == ["default", "replica1"], list(settings.DATABASES)
category = Category.objects.create(slug="world", name_en="World", name_ru="Мир", name_uz="Dunyo")
Article.objects.create(title="Only on the primary", slug="only", category=category, language="en", status="published")
print("replica reads", Article.objects.count())
with use_primary():
    print("primary reads", Article.objects.count())
page = Client(HTTP_HOST="localhost").get("/en/")
print("reader page shows it", b"Only on the primary" in page.content)
"""


def run(code_or_args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}}
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, *code_or_args],
        cwd=ROOT,
        env={**clean, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "newsportal.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_reads_go_to_the_replica_and_writes_to_the_primary(tmp_path):
    primary, replica = f"sqlite:///{tmp_path / 'primary.sqlite3'}", f"sqlite:///{tmp_path / 'replica.sqlite3'}"
    for url in (primary, replica):  # the replica's schema, as replication would give it
        assert run(["manage.py", "migrate", "-v", "0"], DATABASE_URL=url).returncode == 0
    # Here the "replica" never receives the primary's rows, so where each query went is visible.
    result = run(["-c", SCRIPT], DATABASE_URL=primary, DATABASE_REPLICA_URLS=replica, MEDIA_ROOT=str(tmp_path))
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split("\n")[:3] == ["replica reads 0", "primary reads 1", "reader page shows it False"]


def test_the_newsroom_and_every_write_request_read_from_the_primary(monkeypatch):
    monkeypatch.setattr(routers, "replicas", lambda: ["replica1"])
    router = routers.PrimaryReplicaRouter()
    seen = {}

    def view(request):
        seen[request.path, request.method] = router.db_for_read(None)
        return None

    middleware = routers.PrimaryForWritesMiddleware(view)
    factory = RequestFactory()
    middleware(factory.get("/en/"))
    middleware(factory.get("/admin/articles/article/"))
    middleware(factory.post("/views/1/"))
    middleware(factory.post("/ckeditor/upload/"))
    assert seen == {
        ("/en/", "GET"): "replica1",
        ("/admin/articles/article/", "GET"): "default",
        ("/views/1/", "POST"): "default",
        ("/ckeditor/upload/", "POST"): "default",
    }
    assert router.db_for_write(None) == "default"
    assert router.allow_migrate("replica1", "articles") is False
    with routers.use_primary():
        assert router.db_for_read(None) == "default"


def test_without_replicas_everything_uses_the_one_database(settings):
    assert [a for a in settings.DATABASES if a.startswith("replica")] == []
    assert routers.PrimaryReplicaRouter().db_for_read(None) == "default"


S3_CHECK = """
import django; django.setup()
from django.conf import settings
from django.core.files.storage import default_storage, storages
print(type(storages["default"]).__module__ + "." + type(storages["default"]).__name__)
print(default_storage.url("covers/2026/11/a.jpg"))
print(settings.SERVE_MEDIA, settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"][-1])
"""


@pytest.mark.parametrize(
    ("env", "url", "origin"),
    [
        ({"MEDIA_S3_CUSTOM_DOMAIN": "media.example.org"}, "https://media.example.org/media/covers/2026/11/a.jpg",
         "https://media.example.org/"),
        ({"MEDIA_S3_ENDPOINT_URL": "http://127.0.0.1:9000"}, "http://127.0.0.1:9000/news-media/media/covers/2026/11/a.jpg",
         "http://127.0.0.1:9000"),
    ],
)  # fmt: skip
def test_media_goes_to_s3_compatible_storage_when_a_bucket_is_set(tmp_path, env, url, origin):
    """django-storages' S3 backend, configured from the environment (no request leaves the machine)."""
    settings_env = {
        "MEDIA_S3_BUCKET": "news-media", "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
        "MEDIA_S3_REGION": "us-east-1", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", **env,
    }  # fmt: skip
    result = run(["-c", S3_CHECK], **settings_env)
    assert result.returncode == 0, result.stderr[-2000:]
    backend, media_url, flags = result.stdout.strip().split("\n")
    assert backend == "storages.backends.s3.S3Storage"
    assert media_url == url
    assert flags == f"False {origin}", "Django no longer serves media; the page policy allows the bucket's pictures"
