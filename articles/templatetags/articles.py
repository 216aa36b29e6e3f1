from datetime import timedelta

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def news_time(value):
    """'Today, 22:40', 'Yesterday, 23:59', else the date and time, in the site's zone."""
    if not value:
        return ""
    local = timezone.localtime(value)
    today = timezone.localdate()
    clock = local.strftime("%H:%M")
    if local.date() == today:
        return _("Today, %(time)s") % {"time": clock}
    if local.date() == today - timedelta(days=1):
        return _("Yesterday, %(time)s") % {"time": clock}
    return "{}, {}".format(formats.date_format(local, "j E Y"), clock)
