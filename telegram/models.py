"""The Telegram outbox: each post, edit or deletion a channel is to receive, recorded in the same
transaction as the change that asks for it, and sent by a task (telegram.outbox)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Delivery(models.Model):
    class Action(models.TextChoices):
        POST = "post", _("Post")
        EDIT = "edit", _("Edit")
        DELETE = "delete", _("Delete")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        # The request reached Telegram but no answer came back: it may be in the channel. It is not
        # sent again by itself, which could post it twice; an editor checks and posts again by hand.
        UNCONFIRMED = "unconfirmed", _("Unconfirmed")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="telegram_deliveries", verbose_name=_("article")
    )
    entry = models.ForeignKey(
        "articles.LiveEntry",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="telegram_deliveries",
        verbose_name=_("live entry"),
    )
    channel = models.CharField(_("channel"), max_length=100)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices, default=Action.POST)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    due_at = models.DateTimeField(_("due"), default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    queued_at = models.DateTimeField(null=True, blank=True, editable=False)  # a task was last asked for
    # A post's message once sent; the message an edit or a deletion is for.
    message_id = models.BigIntegerField(_("message"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Telegram delivery")
        verbose_name_plural = _("Telegram deliveries")
        indexes = [models.Index(fields=["status", "due_at"], name="telegram_due")]

    def __str__(self):
        return f"{self.get_action_display()} {self.article_id} → {self.channel}"
