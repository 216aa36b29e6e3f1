"""Article revisions (django-reversion): readable differences and one-step restores."""

import difflib
import re
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from reversion.models import Version

from .models import Article, Category, Tag
from .sanitize import html_to_text

# Kept up to date by the save itself, or not the editor's to restore.
NOT_RESTORED = {"id", "created_at", "updated_at", "excerpt", "search_title", "search_text", "external_id"}
WORDS = re.compile(r"\S+\s*")
# "6 Dec 2026, 17:49": a 24-hour clock, so a time never ends in "p.m." before a sentence's full stop.
TIME_FORMAT = "j M Y, H:i"


def when(value: datetime) -> str:
    """A revision's time in the site's zone, as the history writes it everywhere."""
    return formats.date_format(timezone.localtime(value), TIME_FORMAT)


def written_fields():
    """The fields an editor writes (the history lists these, never counters the save keeps)."""
    return [
        field
        for field in Article._meta.concrete_fields + Article._meta.many_to_many
        if field.editable and field.attname not in NOT_RESTORED
    ]


def same(old, new) -> bool:
    """Is a stored value unchanged? The form keeps times to the second and may turn None into ""."""
    if isinstance(old, datetime) and isinstance(new, datetime):
        return old.replace(microsecond=0) == new.replace(microsecond=0)
    if isinstance(old, (list, tuple, set)) or isinstance(new, (list, tuple, set)):
        return sorted(old or []) == sorted(new or [])
    if old in (None, "") and new in (None, ""):
        return True
    return old == new


def changed_fields(new: dict, old: dict | None) -> list:
    """The written fields whose values differ between two revisions' field_dicts (all set ones for the
    first revision)."""
    old = old or {}
    return [
        field
        for field in written_fields()
        if field.attname in new and not same(old.get(field.attname), new.get(field.attname))
    ]


def label(field) -> str:
    text = str(field.verbose_name)
    return text[:1].upper() + text[1:]


def versions(article_id) -> list[Version]:
    """An article's revisions, newest first."""
    return list(
        Version.objects.get_for_object_reference(Article, article_id).select_related("revision", "revision__user")
    )


def history(article_id) -> list[dict]:
    """[{"version", "fields": labels of what it changed, "latest"}], newest first; one query."""
    found = versions(article_id)
    rows = []
    for number, version in enumerate(found):
        older = found[number + 1].field_dict if number + 1 < len(found) else None
        fields = changed_fields(version.field_dict, older)
        rows.append({"version": version, "fields": [label(field) for field in fields], "latest": number == 0})
    return rows


def is_latest(version: Version) -> bool:
    return not Version.objects.get_for_object_reference(Article, version.object_id).filter(pk__gt=version.pk).exists()


def previous(version: Version) -> Version | None:
    return (
        Version.objects.get_for_object_reference(Article, version.object_id)
        .filter(pk__lt=version.pk)
        .select_related("revision")
        .first()
    )


def changes(version: Version, before: Version | None) -> list[dict]:
    """[{"label", "html"}] for each field that differs between ``before`` and ``version``."""
    return compare(version.field_dict, before.field_dict if before else None)


def compare(new: dict, old: dict | None) -> list[dict]:
    """[{"label", "html"}]: each written field that differs, as a word difference from ``old``."""
    rows = []
    for field in changed_fields(new, old):
        name = field.attname
        old_text = _readable(field, (old or {}).get(name))
        new_text = _readable(field, new.get(name))
        rows.append({"label": label(field), "html": word_diff(old_text, new_text)})
    return rows


def _readable(field, value) -> str:
    if value in (None, ""):
        return ""
    if field.name == "body":
        return html_to_text(value)
    if field.name == "category":
        return str(Category.objects.filter(pk=value).first() or value)
    if field.name == "tags":
        return ", ".join(Tag.objects.filter(pk__in=value).order_by("name").values_list("name", flat=True))
    if field.name == "translation_of":
        return str(Article.objects.filter(pk=value).values_list("title", flat=True).first() or value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime):
        return when(value)
    return str(value)


def word_diff(old: str, new: str):
    """HTML of ``new`` with removed words in <del> and added ones in <ins>; everything escaped."""
    a, b = WORDS.findall(old), WORDS.findall(new)
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(format_html("{}", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(format_html("<del>{}</del>", "".join(a[i1:i2])))
        if j2 > j1:
            parts.append(format_html("<ins>{}</ins>", "".join(b[j1:j2])))
    return mark_safe("".join(parts))  # noqa: S308 - every part went through format_html


@transaction.atomic
def article_restore(*, article: Article, version: Version, user) -> Article:
    """Put the fields of ``version`` back into ``article`` and save: the restore is a new revision.

    Only what the editor wrote is restored; the view count, the lock counter
    and the import id stay as they are. Raises ValidationError when the old
    revision no longer fits (say, its category was deleted).
    """
    from .services import article_save

    data = version.field_dict
    fields = {field.attname: field for field in Article._meta.concrete_fields}
    for name, value in data.items():
        field = fields.get(name)
        if field is None or name in NOT_RESTORED or not (field.editable or name == "cover_renditions"):
            continue
        setattr(article, name, getattr(value, "name", value) if field.name == "cover" else value)
    if data.get("category_id") and not Category.objects.filter(pk=data["category_id"]).exists():
        raise ValidationError(_("The section of that revision no longer exists."))
    tags = list(Tag.objects.filter(pk__in=data.get("tags", [])))
    comment = _("Restored the revision of %(when)s.") % {"when": when(version.revision.date_created)}
    return article_save(article=article, user=user, tags=tags, comment=comment)
