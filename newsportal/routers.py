"""Read replicas: reads go to a replica, writes and everything the newsroom does to the primary.

Configured by DATABASE_REPLICA_URLS (comma-separated database URLs); without
it there is one database and this router is not installed. A request that may
write (POST, PUT, PATCH, DELETE), or that is the admin's or the editor
uploads', reads from the primary too, so an editor always sees what they just
saved (replicas lag behind by a moment). Code outside requests can ask for the
primary with ``use_primary()``.
"""

import random
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

PRIMARY = "default"
_pinned: ContextVar[bool] = ContextVar("use_primary", default=False)
PRIMARY_PATHS = ("/admin/", "/ckeditor/")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


@contextmanager
def use_primary():
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


def replicas() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        choices = replicas()
        if _pinned.get() or not choices:
            return PRIMARY
        return random.choice(choices)  # noqa: S311 - load spreading, not security

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data, wherever it was read

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY  # replicas follow the primary by replication


class PrimaryForWritesMiddleware:
    """Pin the primary for requests that write or belong to the newsroom."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SAFE_METHODS or request.path.startswith(PRIMARY_PATHS):
            with use_primary():
                return self.get_response(request)
        return self.get_response(request)
