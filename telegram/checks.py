from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def telegram_settings(app_configs, **kwargs):
    problems = []
    if not settings.TELEGRAM_BOT_TOKEN:
        return problems
    if not settings.SITE_URL:
        problems.append(
            Error(
                "TELEGRAM_BOT_TOKEN is set but SITE_URL is not: posts need the site's public address for their links.",
                hint="Set SITE_URL, e.g. https://news.example.org",
                id="telegram.E001",
            )
        )
    if not any(settings.TELEGRAM_CHANNELS.values()):
        problems.append(
            Warning(
                "TELEGRAM_BOT_TOKEN is set but no edition has a channel: nothing is posted.",
                hint="Set TELEGRAM_CHANNEL_UZ, TELEGRAM_CHANNEL_UZ_CYRL, TELEGRAM_CHANNEL_RU or TELEGRAM_CHANNEL_EN.",
                id="telegram.W001",
            )
        )
    return problems
