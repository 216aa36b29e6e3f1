from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class SiteConfig(AppConfig):
    """The project package as an app: its system checks and the release command."""

    default = True  # the app "newsportal" is this one; NewsroomAdminConfig is named in INSTALLED_APPS
    name = "newsportal"
    verbose_name = "Site"

    def ready(self):
        from . import checks  # noqa: F401 - registers the checks


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """Django's admin with our site class (newsportal/admin_site.py) as ``admin.site``."""

    default = False  # Django's AdminConfig is its module's default; this one is chosen by its full name
    default_site = "newsportal.admin_site.NewsroomAdminSite"
