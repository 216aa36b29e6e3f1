import re

from django import template
from django.conf import settings
from django.utils.translation import get_language

from newsportal import pagecache

from .. import selectors

register = template.Library()

COOKIE = "weather_city"
SLUG = re.compile(r"[a-z0-9-]{1,50}")


def chosen_city(request) -> str:
    """The city slug from the cookie; anything that is not slug-shaped is ignored (it reaches a query)."""
    value = request.COOKIES.get(COOKIE, "")
    return value if SLUG.fullmatch(value) else settings.WEATHER_DEFAULT_CITY


@register.inclusion_tag("weather/widget.html", takes_context=True)
def weather_now(context):
    """The header widget: the reader's city (cookie) or the default; nothing without fresh data."""
    request = context["request"]
    slug = chosen_city(request)
    reading = selectors.current(slug)
    if reading is None and slug != settings.WEATHER_DEFAULT_CITY:
        reading = selectors.current(settings.WEATHER_DEFAULT_CITY)
    language = get_language()
    return {
        "reading": reading,
        "city_name": reading.city_names.get(language) if reading else "",
        "cities": [{"slug": c["slug"], "name": c["names"].get(language)} for c in selectors.cities()]
        if reading
        else [],
        "next_path": pagecache.page_path(request),  # without a reader's tracking parameters
    }


@register.simple_tag
def weather_icon(name: str):
    return template.loader.render_to_string(f"weather/icons/{name}.svg")
