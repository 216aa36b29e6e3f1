from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from . import selectors
from .templatetags.weather import COOKIE, chosen_city


@require_GET
def weather_page(request):
    # The header's city is chosen here too: a phone's header has no room for the picker.
    context = {"cities": selectors.weather_page_cities(), "chosen": chosen_city(request), "next_path": request.path}
    return render(request, "weather/page.html", context)


@require_GET
def choose_city(request):
    """Remember the reader's city for the header widget, then go back."""
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = "/"
    response = HttpResponseRedirect(target)
    slug = request.GET.get("city", "")
    if any(city["slug"] == slug for city in selectors.cities()):
        response.set_cookie(COOKIE, slug, max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure())
    return response
