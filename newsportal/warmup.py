"""Work each worker process would otherwise repeat on its first requests, done once in gunicorn's
master before it forks (gunicorn.conf.py): a worker started later (workers are recycled every few
thousand requests) then serves its first page as fast as its hundredth.

Compiles the project's own templates (the cached loader keeps them) and loads each edition's
translation catalogue and URL patterns. Nothing here touches the database or the cache: their
connections must not be shared by forked processes.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import reverse
from django.utils import translation

logger = logging.getLogger(__name__)
SUFFIXES = {".html", ".txt", ".xml", ".svg"}


def warm_up() -> int:
    """Compile the project's templates and load every edition's catalogue; return how many templates."""
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
            reverse("articles:home")
    return compiled
