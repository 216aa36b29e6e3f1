"""System checks of the site as a whole, and the refusal to serve when one fails in production.

gunicorn runs no system checks of its own, so ``refuse_to_start_on_errors``
(called by ``newsportal/wsgi.py`` with DEBUG off) runs them: a site that
would come out half in English because a catalogue was never compiled does
not start, and says how to fix it.
"""

from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import to_locale

# The interface is written in English; every other language needs a compiled catalogue.
SOURCE_LANGUAGE = "en"
FIX = "Run `python manage.py release` (or `make messages`), which compiles every catalogue."


@checks.register(checks.Tags.translation)
def compiled_catalogues(app_configs=None, **kwargs):
    """Each language but the source one has a compiled catalogue (.mo) no older than its .po."""
    # Development compiles them in `make run`; there a missing one is only a warning.
    level, prefix = (checks.Warning, "site.W") if settings.DEBUG else (checks.Error, "site.E")
    problems = []
    for code, _name in settings.LANGUAGES:
        if code == SOURCE_LANGUAGE:
            continue
        folder_name = to_locale(code)  # "uz-cyrl" → uz_Cyrl
        sources = [Path(folder) / folder_name / "LC_MESSAGES" / "django.po" for folder in settings.LOCALE_PATHS]
        sources = [po for po in sources if po.exists()]
        if not sources:
            problems.append(
                level(
                    f"Language {code!r} has no catalogue (locale/{folder_name}/LC_MESSAGES/django.po).",
                    id=f"{prefix}001",
                )
            )
        for po in sources:
            mo = po.with_suffix(".mo")
            if not mo.exists():
                problems.append(
                    level(
                        f"{po} is not compiled: the {code!r} edition would show English.", hint=FIX, id=f"{prefix}002"
                    )
                )
            elif mo.stat().st_mtime < po.stat().st_mtime:
                problems.append(
                    level(f"{mo} is older than {po.name}: new translations are missing.", hint=FIX, id=f"{prefix}003")
                )
    return problems


def refuse_to_start_on_errors() -> None:
    """Raise ImproperlyConfigured, naming each problem and its fix, when a system check finds an error."""
    errors = [message for message in checks.run_checks() if message.is_serious() and not message.is_silenced()]
    if errors:
        raise ImproperlyConfigured("The site will not start:\n" + "\n".join(map(str, errors)))
