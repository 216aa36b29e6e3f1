"""The outbox's deliveries, and what the article admin gains: each article's Telegram status in words,
and the actions "post again" and "delete the post"."""

from django.contrib import admin, messages
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.admin import ArticleAdmin

from . import outbox
from .models import Delivery
from .status import article_status, describe


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Every post, edit and deletion sent to the channels, with its outcome in words (read only)."""

    list_display = ["created_at", "article", "channel", "action", "status", "attempts", "outcome"]
    list_filter = ["status", "action", "channel"]
    list_select_related = ["article"]
    search_fields = ["article__title", "error"]
    date_hierarchy = "created_at"

    @admin.display(description=_("outcome"))
    def outcome(self, obj):
        return describe(obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The article admin's Telegram parts.


@admin.display(description=_("Telegram"))
def telegram_status(self, obj):
    if obj is None or obj.pk is None:
        return _("Posted to the edition's channel when published, unless switched off above.")
    lines = article_status(obj)
    return format_html_join(
        mark_safe("<br>"), "{}{}", ((f"{channel}: " if channel else "", text) for channel, text in lines)
    )


@admin.action(description=_("Post selected articles to Telegram again"), permissions=["publish"])
def post_to_telegram_again(self, request, queryset):
    public = [article for article in queryset if article.is_public]
    made = sum(len(outbox.post_again(article)) for article in public)
    for article in set(queryset) - set(public):
        self.message_user(
            request, _("%(article)s: only a published article is posted.") % {"article": article}, messages.WARNING
        )
    if made:
        message = ngettext("%(count)d post queued for Telegram.", "%(count)d posts queued for Telegram.", made)
        self.message_user(request, message % {"count": made}, messages.SUCCESS)
    elif public:
        self.message_user(request, _("Telegram is not set up for these editions."), messages.WARNING)


@admin.action(description=_("Delete selected articles' Telegram posts"), permissions=["publish"])
def delete_from_telegram(self, request, queryset):
    made = sum(len(outbox.delete_post(article)) for article in queryset)
    if made:
        message = ngettext(
            "%(count)d Telegram post will be deleted.", "%(count)d Telegram posts will be deleted.", made
        )
        self.message_user(request, message % {"count": made}, messages.SUCCESS)
    else:
        self.message_user(request, _("None of these articles has a post out on Telegram."), messages.WARNING)


ArticleAdmin.telegram_status = telegram_status
ArticleAdmin.post_to_telegram_again = post_to_telegram_again
ArticleAdmin.delete_from_telegram = delete_from_telegram
ArticleAdmin.actions = [*ArticleAdmin.actions, "post_to_telegram_again", "delete_from_telegram"]
ArticleAdmin.extra_readonly = [*ArticleAdmin.extra_readonly, "telegram_status"]
for _name, options in ArticleAdmin.fieldsets:
    if "post_to_telegram" in options["fields"]:
        options["fields"] = [*options["fields"], "telegram_status"]
