"""Search results mark the words the reader looked for."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def highlight(text: str, marks: list[str]):
    """``text``, escaped, with every word that begins with one of ``marks`` in a <mark>."""
    if not marks or not text:
        return text
    words = "|".join(re.escape(m) for m in sorted(marks, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{words})\w*", re.IGNORECASE)
    parts, end = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[end : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        end = match.end()
    parts.append(escape(text[end:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of the text was escaped
