import re

from django import template
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from caching.fragments import fragment
from caching.pages import page_path

from .. import selectors

register = template.Library()

COOKIE = "weather_city"
SLUG = re.compile(r"[a-z0-9-]{1,50}")


def chosen_city(request) -> str:
    """The city slug from the cookie; anything that is not slug-shaped is ignored (it reaches a query)."""
    value = request.COOKIES.get(COOKIE, "")
    return value if SLUG.fullmatch(value) else settings.WEATHER_DEFAULT_CITY


# The widget's HTML is the same for every page of an edition but for the form's
# "next" field (this page): it is kept with this marker in its place.
NEXT_PATH = "\x00next-path\x00"


@register.simple_tag(takes_context=True)
def weather_now(context):
    """The header widget: the reader's city (cookie) or the default; nothing without fresh data.

    Rendered once per edition and city, and again when new readings are stored (the "weather" scope)
    or a minute has passed.
    """
    request = context["request"]
    slug = chosen_city(request)
    language = get_language()
    html = fragment(
        selectors.SCOPE, f"widget:{language}:{slug}", selectors.CACHE_SECONDS, lambda: _widget(slug, language)
    )
    return mark_safe(html.replace(NEXT_PATH, escape(page_path(request))))  # noqa: S308 - escaped


def _widget(slug: str, language: str) -> str:
    reading = selectors.current(slug)
    if reading is None and slug != settings.WEATHER_DEFAULT_CITY:
        reading = selectors.current(settings.WEATHER_DEFAULT_CITY)
    context = {
        "reading": reading,
        "city_name": reading.city_names.get(language) if reading else "",
        "cities": [{"slug": c["slug"], "name": c["names"].get(language)} for c in selectors.cities()]
        if reading
        else [],
        # The page's path without a reader's tracking parameters, put in for each page.
        "next_path": NEXT_PATH,
    }
    return template.loader.render_to_string("weather/widget.html", context)


@register.simple_tag
def weather_icon(name: str):
    return template.loader.render_to_string(f"weather/icons/{name}.svg")
