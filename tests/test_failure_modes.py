"""When something fails: the database, the cache, a bad Host header, an exception in a view."""

import logging
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from .articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def database_down():
    """Every new query fails as it does when the database server is unreachable."""

    def refuse(self, *args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    return mock.patch.object(BaseDatabaseWrapper, "_cursor", refuse)


def test_database_outage_gives_a_branded_503_without_internals_and_recovers():
    article = ArticleFactory(language="en", title="Still here")
    reader = Client(raise_request_exception=False, headers={"Accept-Language": "en"})
    with database_down():
        for url in ("/en/", article.get_absolute_url(), "/en/search/?q=x"):
            response = reader.get(url)
            assert response.status_code == 503, url
            content = response.content.decode()
            assert "Back in a minute" in content
            assert "Traceback" not in content and "OperationalError" not in content and "5432" not in content
            assert response["Retry-After"] == "30"
            assert "no-store" in response["Cache-Control"]
    recovered = reader.get(article.get_absolute_url())
    assert recovered.status_code == 200 and b"Still here" in recovered.content, "no restart needed"


class SilentServer:
    """A TCP server on 127.0.0.1 that accepts connections and never answers (a hung database host)."""

    def __enter__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.port = self.socket.getsockname()[1]
        self.held = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()
        return self

    def _accept(self):
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.held.append(connection)

    def __exit__(self, *exc):
        for connection in self.held:
            connection.close()
        self.socket.close()


def test_an_unanswering_database_server_is_given_up_on_within_three_seconds():
    code = (
        "import time, django; django.setup()\n"
        "from django.db import connection, OperationalError\n"
        "started = time.monotonic()\n"
        "try:\n    connection.ensure_connection()\nexcept OperationalError:\n    print(time.monotonic() - started)\n"
    )
    with SilentServer() as server:
        env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"postgres://postgres@127.0.0.1:{server.port}/news"}
        result = subprocess.run(  # noqa: S603 - our own interpreter and code
            [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30
        )
    assert result.stdout.strip(), result.stderr
    assert float(result.stdout) < 3.0


def test_redis_down_leaves_every_page_working(settings, client):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5, "IGNORE_EXCEPTIONS": True},
        }
    }
    # (Changing CACHES makes Django build new cache objects: the pages below use this one.)
    article = ArticleFactory(language="en")
    for url in ("/en/", article.get_absolute_url(), "/en/weather/", "/en/search/?q=x", "/sitemap.xml"):
        assert client.get(url).status_code == 200, url
    health = client.get("/healthz").json()
    assert health == {"database": "ok", "cache": "unavailable"}


def test_health_check_reports_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]
    with database_down():
        down = Client().get("/healthz")
    assert down.status_code == 503
    assert down.json()["database"] == "unavailable"


def test_a_bad_host_header_gets_a_400_that_is_never_cached():
    response = Client(HTTP_HOST="evil.example.com").get("/en/")
    assert response.status_code == 400
    assert b"Bad request" in response.content
    assert "no-store" in response["Cache-Control"]
    assert "evil.example.com" not in response.content.decode()


def test_an_error_is_logged_once_with_the_request_id_shown_on_the_page(settings, caplog):
    settings.ROOT_URLCONF = "tests.failing_urls"
    browser = Client(raise_request_exception=False, headers={"Accept-Language": "en"})
    with caplog.at_level(logging.ERROR):
        response = browser.get("/broken/")
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert len(errors) == 1, [r.getMessage() for r in errors]
    assert errors[0].request_id == request_id
    assert errors[0].exc_info and "secret internal detail" in str(errors[0].exc_info[1])
    content = response.content.decode()
    assert request_id in content, "the reader can quote the reference"
    assert "secret internal detail" not in content


def test_a_proxy_request_id_is_kept_and_an_odd_one_replaced(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="nginx-4f2a9c1d")["X-Request-ID"] == "nginx-4f2a9c1d"
    odd = client.get("/healthz", HTTP_X_REQUEST_ID="<script>\n")["X-Request-ID"]
    assert odd != "<script>\n" and len(odd) == 32


def test_the_weather_provider_being_down_costs_pages_nothing(client, settings):
    """Pages never call the provider (tests/weather covers a hanging one); they read stored readings."""
    settings.WEATHER_API_URL = "http://127.0.0.1:1/v1/forecast"
    started = time.monotonic()
    assert client.get("/en/").status_code == 200
    assert time.monotonic() - started < 2


def test_with_redis_running_the_cache_is_reported_ok(settings, client):
    """CI starts the local Redis (.ci/run); the same cache settings as production, pointed at it."""
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": "newsportal-tests",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5, "IGNORE_EXCEPTIONS": True},
        }
    }
    assert client.get("/healthz").json() == {"database": "ok", "cache": "ok"}
    assert client.get("/en/").status_code == 200
