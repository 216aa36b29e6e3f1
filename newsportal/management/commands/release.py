from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Prepare this checkout to serve: compile the translation catalogues, apply migrations, "
        "collect static files. Run it after every checkout of a new version (deploy/newsportal.service does)."
    )
    # The checks need the catalogues this command compiles; migrate runs them once it has.
    requires_system_checks = []

    def handle(self, *args, verbosity, **options):
        compiled = compile_catalogues()
        if verbosity:
            self.stdout.write(f"Compiled {len(compiled)} catalogues: {', '.join(compiled)}")
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        call_command("collectstatic", interactive=False, verbosity=max(verbosity - 1, 0))
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(f"Release ready: database migrated, static files in {settings.STATIC_ROOT}")
            )


def compile_catalogues() -> list[str]:
    """Compile every LOCALE_PATHS/<lang>/LC_MESSAGES/*.po to its .mo (fuzzy entries left out, as msgfmt does)."""
    compiled = []
    for folder in map(Path, settings.LOCALE_PATHS):
        for po in sorted(folder.glob("*/LC_MESSAGES/*.po")):
            try:
                with po.open("rb") as source:
                    catalog = read_po(source, locale=po.parent.parent.name, abort_invalid=True)
            except (PoFileError, ValueError, UnicodeDecodeError) as error:
                raise CommandError(f"{po}: {error}") from error
            mo = po.with_suffix(".mo")
            partial = mo.with_suffix(".mo.tmp")
            with partial.open("wb") as target:
                write_mo(target, catalog)
            partial.replace(mo)  # running workers never read a half-written file
            compiled.append(f"{po.parent.parent.name}/{po.name}")
    return compiled
