"""Write the Uzbek Cyrillic interface catalogue from the Uzbek Latin one (``articles.cyrillic``).

    python manage.py cyrillic_catalogue          # after changing locale/uz/LC_MESSAGES/django.po
    python manage.py cyrillic_catalogue --check  # exit 1 if the Cyrillic one is out of date

Editors never translate the Cyrillic edition's interface: every message of ``locale/uz`` is
transliterated by the same converter as the articles, with the Cyrillic editions' dictionary of
built-in exceptions; placeholders (``%(views)s``, ``{name}``), HTML tags, field names and edition
codes are left as they are. The month and weekday names of dates come from Django's own Uzbek
catalogue, transliterated too ("dekabr" → "декабрь"): Django ships no Uzbek Cyrillic one.
"""

import io
import re
from pathlib import Path

import django
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import dates
from django.utils.translation import to_locale

from articles.cyrillic import to_cyrillic
from articles.editions import CYRILLIC, content_language

# What a message must keep as written: placeholders, tags, entities, identifiers, edition codes.
KEEP = re.compile(r"%\(\w+\)[sdrf]|%[sdrf]|\{\w*\}|<[^>]*>|&\w+;|\b\w+_\w+\b|\b(?:uz|ru|en|jsonl|JSON|ISO)\b")
# Django's names of months and weekdays, which dates on every page show.
DATE_NAMES = (
    dates.WEEKDAYS, dates.WEEKDAYS_ABBR, dates.MONTHS, dates.MONTHS_3, dates.MONTHS_AP, dates.MONTHS_ALT,
)  # fmt: skip


def message_to_cyrillic(text: str) -> str:
    """A catalogue message in Cyrillic, its placeholders and markup untouched."""
    parts, start = [], 0
    for match in KEEP.finditer(text):
        parts += [to_cyrillic(text[start : match.start()]), match.group(0)]
        start = match.end()
    parts.append(to_cyrillic(text[start:]))
    return "".join(parts)


def _convert(value):
    if isinstance(value, (list, tuple)):
        return type(value)(message_to_cyrillic(v) for v in value)
    return message_to_cyrillic(value)


def _locale_dir(code: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / to_locale(code) / "LC_MESSAGES"


def _django_date_names(catalog: Catalog) -> list[tuple[str, str | None, str]]:
    """[(msgid, context, Latin translation)] of Django's month and weekday names."""
    path = Path(django.__file__).parent / "conf" / "locale" / content_language(CYRILLIC) / "LC_MESSAGES" / "django.po"
    with path.open("rb") as file:
        django_catalog = read_po(file)
    names = []
    for table in DATE_NAMES:
        for proxy in table.values():
            args = proxy._args  # the lazy translation's (context, msgid) or (msgid,)
            context, msgid = (args[0], args[1]) if len(args) == 2 else (None, args[0])
            if catalog.get(msgid, context=context) is not None:
                continue  # our own catalogue translates it
            found = django_catalog.get(msgid, context=context)
            if found is not None and found.string:
                names.append((msgid, context, found.string))
    return names


def build() -> str:
    """The Cyrillic catalogue's text, as it should be on disk."""
    with (_locale_dir("uz") / "django.po").open("rb") as file:
        latin = read_po(file)
    cyrillic = Catalog(
        locale="uz_Cyrl",
        project="newsportal",
        version="",
        msgid_bugs_address="",
        last_translator="",
        language_team="Uzbek (Cyrillic)",
        header_comment="# Newsportal interface, Uzbek in Cyrillic.\n"
        "# Generated from locale/uz by `python manage.py cyrillic_catalogue`: do not edit by hand.",
        fuzzy=False,
    )
    # babel knows no plural rule of its own for uz_Cyrl: the Latin catalogue's
    cyrillic._num_plurals, cyrillic._plural_expr = latin.num_plurals, latin.plural_expr
    for message in latin:
        if not message.id or message.fuzzy or not message.string:
            continue
        cyrillic.add(message.id, _convert(message.string), context=message.context, flags=message.flags)
    seen = set()
    for msgid, context, string in _django_date_names(latin):
        if (msgid, context) not in seen:
            seen.add((msgid, context))
            cyrillic.add(msgid, message_to_cyrillic(string), context=context)
    out = io.BytesIO()
    write_po(out, cyrillic, omit_header=False, no_location=True, width=100)
    text = out.getvalue().decode("utf-8")
    # The creation date changes on every run; the catalogue only when its messages do.
    # and babel's placeholders for an author are no one's.
    return re.sub(
        r'"(?:POT-Creation-Date|PO-Revision-Date|Project-Id-Version|Report-Msgid-Bugs-To|Last-Translator): [^"]*"\n',
        "",
        text,
    )


class Command(BaseCommand):
    help = "Write locale/uz_Cyrl/LC_MESSAGES/django.po from the Uzbek Latin catalogue (--check: only compare)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Exit 1 if the Cyrillic catalogue is out of date.")

    def handle(self, *args, check=False, **options):
        target = _locale_dir(CYRILLIC) / "django.po"
        text = build()
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if check:
            if current != text:
                raise CommandError(f"{target} is out of date: run `python manage.py cyrillic_catalogue`.")
            self.stdout.write(f"{target} is up to date.")
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {target} ({text.count('msgid ') - 1} messages).")
