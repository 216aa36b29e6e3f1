"""The site's URLs plus one that fails, to see the 500 page."""

from django.urls import path

from newsportal.urls import handler400, handler500  # noqa: F401 - the site's error pages
from newsportal.urls import urlpatterns as site_patterns


def broken(request):
    raise RuntimeError("secret internal detail")


urlpatterns = [path("broken/", broken), *site_patterns]
