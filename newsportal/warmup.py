"""Work each worker process would otherwise repeat on its first requests, done once in gunicorn's
master before it forks (gunicorn.conf.py): a worker started later (workers are recycled every
50,000 requests or so) then serves its first page nearly as fast as its hundredth.

Compiles the project's own templates (the cached loader keeps them), loads each edition's
translation catalogue, formats and URL patterns, and imports what Django imports on a first request
(the cache's client library, context processors, the message and session classes): about 120 ms of
a new worker's first page, 90 modules of it the Redis client. Nothing here touches the database or
the cache: their connections must not be shared by forked processes.
"""

import logging
from contextlib import suppress
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.template.backends.django import DjangoTemplates
from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils import formats, translation
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)
SUFFIXES = {".html", ".txt", ".xml", ".svg"}


def warm_up() -> int:
    """Compile the project's templates, load every edition's catalogue, formats and URL lookups, and
    import what a first request would; return how many templates were compiled."""
    compiled = 0
    for engine in engines.all():
        for folder in map(Path, engine.template_dirs):
            if not folder.is_relative_to(settings.BASE_DIR) or ".venv" in folder.parts:
                continue  # Django's and other packages' templates (the admin's) load when first used
            for path in sorted(folder.rglob("*")):
                if path.suffix in SUFFIXES:
                    try:
                        engine.get_template(path.relative_to(folder).as_posix())
                        compiled += 1
                    except (TemplateDoesNotExist, TemplateSyntaxError):
                        logger.warning("warm-up: template %s did not load", path, exc_info=True)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Home")
            _populate(get_resolver())
            formats.get_format("DATE_FORMAT")
    _import_lazy_modules()
    return compiled


def _populate(resolver, namespaces: tuple[str, ...] = ()) -> None:
    """Build the current language's reverse lookups of this resolver and of every namespace under it.

    Reversing a name in a namespace also builds (and keeps) the resolver Django makes for that
    namespace's prefix in this language, the one each later reverse there uses.
    """
    resolver.reverse_dict  # noqa: B018 - built on first access, per language
    for namespace, (_prefix, namespaced) in resolver.namespace_dict.items():
        path = (*namespaces, namespace)
        for name in namespaced.reverse_dict:
            if isinstance(name, str):
                # A name that needs arguments is not reversed, but its resolvers are built all the same.
                with suppress(NoReverseMatch):
                    reverse(":".join((*path, name)))
                break
        _populate(namespaced, path)


def _import_lazy_modules() -> None:
    """Import the classes Django and its packages import on first use; open no connection."""
    for alias in settings.CACHES:
        # A new backend object, never the one requests use (those are per thread): its client class,
        # serializer and compressor are imported; a connection is opened only by its first command.
        backend = caches.create_connection(alias)
        getattr(backend, "client", None)
    for engine in engines.all():
        if isinstance(engine, DjangoTemplates):
            engine.engine.template_context_processors  # noqa: B018 - imported on first access
    import_string(settings.MESSAGE_STORAGE)
    import_string(settings.SESSION_SERIALIZER)
