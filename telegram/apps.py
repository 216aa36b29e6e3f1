from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TelegramConfig(AppConfig):
    name = "telegram"
    verbose_name = _("Telegram")

    def ready(self):
        from . import checks, receivers  # noqa: F401
