from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The project package as an app: its system checks and the release command."""

    name = "newsportal"
    verbose_name = "Site"

    def ready(self):
        from . import checks  # noqa: F401 - registers the checks
