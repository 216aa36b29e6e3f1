import importlib

import pytest
import time_machine
from django.apps import apps
from django.core.cache import cache
from django.test import Client
from django.utils import timezone, translation


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test writes uploads into its own folder, so it can count what is on disk."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def stored_files(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def client():
    """A browser whose language is English, unless a test says otherwise."""
    return Client(headers={"Accept-Language": "en"})


@pytest.fixture(autouse=True)
def english():
    """Messages outside a request are English; a request's language does not leak into the next test."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache, so none depends on what another left there."""
    from caching import local as localcache

    cache.clear()
    localcache.forget()
    yield
    cache.clear()
    localcache.forget()


@pytest.fixture
def migration_data():
    """What data migrations made (editorial groups, their grants and desks, weather cities), made again.

    A transactional test ends with a flush that removes it, so a transactional
    test that needs it asks for this. (serialized_rollback cannot bring it back
    under Playwright: its greenlets give the test a fresh connection object
    without the serialized copy.)
    """
    importlib.import_module("articles.migrations.0002_editorial_groups").create_groups(apps, None)
    importlib.import_module("articles.migrations.0015_desks").create_desks(apps, None)
    importlib.import_module("articles.migrations.0018_storytelling_roles").grant(apps, None)
    importlib.import_module("articles.migrations.0020_live_roles").grant(apps, None)
    importlib.import_module("weather.migrations.0002_cities").create_cities(apps, None)


@pytest.fixture
def midday():
    """Run at noon, site time: pages say "Today, 22:40" of today's stories, and the demo dates its
    stories back from now (a test run between midnight and one o'clock would see none of today's)."""
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    with time_machine.travel(noon, tick=True):
        yield


@pytest.fixture(autouse=True, scope="session")
def tasks_in_process():
    """Tasks run where they are asked for (as in development), whatever broker the environment names."""
    from newsportal.celery import app

    app.conf.task_always_eager = True
    yield
