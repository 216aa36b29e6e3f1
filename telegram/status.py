"""An article's Telegram delivery, in words, for the admin (one query)."""

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles.editions import editions_of

from .models import Delivery

S, A = Delivery.Status, Delivery.Action


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "j M, H:i")


def describe(delivery: Delivery) -> str:
    what = {A.POST: _("Post"), A.EDIT: _("Edit of the post"), A.DELETE: _("Deletion of the post")}[delivery.action]
    if delivery.entry_id:
        what = _("Post of a key entry")
    if delivery.status == S.SENT:
        if delivery.action == A.POST:
            return _("%(what)s sent at %(time)s (message %(id)s).") % {
                "what": what,
                "time": _when(delivery.done_at),
                "id": delivery.message_id,
            }
        return _("%(what)s done at %(time)s.") % {"what": what, "time": _when(delivery.done_at)}
    if delivery.status == S.PENDING:
        if delivery.error:
            return _("%(what)s waiting: %(error)s Next try at %(time)s.") % {
                "what": what,
                "error": delivery.error,
                "time": _when(delivery.due_at),
            }
        if delivery.due_at > timezone.now():
            return _("%(what)s waiting for the publish time, %(time)s.") % {
                "what": what,
                "time": _when(delivery.due_at),
            }
        return _("%(what)s waiting to be sent.") % {"what": what}
    if delivery.status == S.SENDING:
        return _("%(what)s being sent.") % {"what": what}
    if delivery.status == S.UNCONFIRMED:
        return _("%(what)s unconfirmed: %(error)s") % {"what": what, "error": delivery.error}
    if delivery.status == S.FAILED:
        return _("%(what)s failed after %(count)s attempts: %(error)s") % {
            "what": what,
            "count": delivery.attempts,
            "error": delivery.error,
        }
    return _("%(what)s cancelled: the article was taken off the site before it went out.") % {"what": what}


def article_status(article) -> list[tuple[str, str]]:
    """[(channel, what happened last there, in words)] of an article."""
    if not settings.TELEGRAM_BOT_TOKEN:
        return [("", _("Telegram is not set up (TELEGRAM_BOT_TOKEN)."))]
    channels = [settings.TELEGRAM_CHANNELS.get(e) for e in editions_of(article.language)]
    channels = [channel for channel in channels if channel]
    if not channels:
        return [("", _("This edition has no Telegram channel."))]
    latest = {}
    for delivery in Delivery.objects.filter(article=article, channel__in=channels).order_by("-created_at", "-pk"):
        latest.setdefault(delivery.channel, delivery)
    lines = []
    for channel in channels:
        if channel in latest:
            lines.append((channel, describe(latest[channel])))
        elif not article.post_to_telegram:
            lines.append((channel, _("Off for this article.")))
        else:
            lines.append((channel, _("Nothing sent yet: it is posted when the article is published.")))
    return lines
