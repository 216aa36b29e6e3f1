"""What gunicorn's master prepares before it forks its workers (gunicorn.conf.py: when_ready)."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.template import engines
from django.urls import clear_url_caches, get_resolver, reverse
from django.urls.resolvers import get_ns_resolver
from django.utils import translation

from newsportal.warmup import warm_up

pytestmark = pytest.mark.django_db


def test_warm_up_compiles_the_project_templates_without_opening_a_connection(django_assert_num_queries):
    loader = engines["django"].engine.template_loaders[0]
    loader.reset()
    with django_assert_num_queries(0):
        compiled = warm_up()
    names = {template.origin.template_name for template in loader.get_template_cache.values() if template}
    for name in ("base.html", "articles/home.html", "articles/article_detail.html", "includes/card.html"):
        assert name in names
    assert compiled >= 30
    assert "admin/change_list.html" not in names, "packages' own templates load when first used"


def test_after_warm_up_no_edition_builds_a_url_resolver_on_its_first_page(settings):
    """Django builds each edition's reverse lookups, and a resolver per namespace prefix, on first use:
    about 20 ms of a new worker's first page. The warm-up builds them all in the master."""
    clear_url_caches()
    warm_up()
    built = get_ns_resolver.cache_info().currsize
    assert built >= len(settings.LANGUAGES), "a resolver for each edition's prefix"
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            assert reverse("articles:home") == f"/{code}/"
            reverse("articles:search")
            reverse("weather:page")  # the header widget's link
            reverse("admin:index")
            assert set(get_resolver()._reverse_dict) >= {c for c, _n in settings.LANGUAGES}
    assert get_ns_resolver.cache_info().currsize == built, "each reverse found its resolver ready"


def test_warm_up_imports_the_redis_client_without_connecting(tmp_path):
    """A worker's first page imported about 90 modules of django-redis and redis-py (some 80 ms). The
    warm-up imports them in the master, and must not connect: the port given here answers nothing."""
    code = (
        "import sys, django; django.setup()\n"
        "from newsportal.warmup import warm_up\n"
        "warm_up()\n"
        "print(sorted(m for m in ('django_redis.client.default', 'redis.connection',"
        " 'django.contrib.messages.storage.fallback', 'django.template.context_processors') if m in sys.modules))\n"
        "from django_redis.pool import ConnectionFactory\n"
        "print('redis pools:', len(ConnectionFactory._pools))\n"  # a pool is made by the first connection
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsportal.settings",
        "DEBUG": "1",
        "REDIS_URL": f"redis://127.0.0.1:{_closed_port()}/0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'none.sqlite3'}",
    }
    result = subprocess.run(  # noqa: S603 - this interpreter and a fixed script
        [sys.executable, "-c", code], env=env, cwd=project_dir(), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "['django.contrib.messages.storage.fallback', 'django.template.context_processors', "
        "'django_redis.client.default', 'redis.connection']",
        "redis pools: 0",
    ]
    assert not (tmp_path / "none.sqlite3").exists(), "no database connection either"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def project_dir() -> Path:
    return Path(__file__).resolve().parent.parent
