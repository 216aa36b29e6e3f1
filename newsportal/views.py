"""Error pages and the health check: they render without the database, which may be the thing that failed."""

import sys

from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

UNAVAILABLE = (OperationalError, InterfaceError)


def _page(request, template: str, status: int) -> HttpResponse:
    context = {"request_id": getattr(request, "id", "")}
    response = HttpResponse(render_to_string(template, context, request=None), status=status)
    # An error is never stored by a browser, a proxy or our page cache.
    add_never_cache_headers(response)
    return response


def server_error(request):
    """500, or a 503 that says "back soon" when the database cannot be reached."""
    error = sys.exc_info()[1]
    if isinstance(error, UNAVAILABLE):
        response = _page(request, "503.html", 503)
        response["Retry-After"] = "30"
        return response
    return _page(request, "500.html", 500)


def bad_request(request, exception=None):
    """400, for a bad Host header among others; never cached."""
    return _page(request, "400.html", 400)


@require_safe
def healthz(request):
    """For a load balancer: 200 when the database answers, 503 when it does not; the cache state is reported."""
    state = {"database": "ok", "cache": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        state["database"] = "unavailable"
    try:
        cache.set("healthz", request.id if hasattr(request, "id") else "1", 10)
        if cache.get("healthz") is None:  # django-redis swallows outages and returns None
            state["cache"] = "unavailable"
    except Exception:  # noqa: BLE001 - any cache failure is "unavailable", never a 500
        state["cache"] = "unavailable"
    response = JsonResponse(state, status=200 if state["database"] == "ok" else 503)
    add_never_cache_headers(response)
    return response
