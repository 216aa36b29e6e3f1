"""The outbox: what a change asks of Telegram is a ``Delivery`` row written in the change's own
transaction; ``send`` (a task, telegram.tasks) sends one row, exactly once.

Exactly once: a row is claimed by one conditional UPDATE (waiting → sending, with a lease), which
commits before the request goes out, so two workers, or a task queued twice, never send one row twice.
The result is written when Telegram answers. A worker that dies with a row claimed leaves it
"sending"; when its lease ends, the sweep puts an edit or a deletion back in line (doing either
twice is harmless) and marks a post *unconfirmed*: it may be in the channel, so only an editor,
who can look, posts it again. A 429 holds back every waiting row of that channel until Telegram's
``retry_after``; a failure that can pass is retried with a growing delay, up to
TELEGRAM_MAX_ATTEMPTS; one that cannot (a wrong token, a channel the bot may not post to) fails at
once, with its reason in words, logged once per channel and reason.
"""

import hashlib
import logging
import random
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from articles.editions import editions_of

from . import bot, messages
from .models import Delivery

logger = logging.getLogger(__name__)


def _lease() -> timedelta:
    """How long a claim holds: longer than a request's timeouts."""
    connect, read = settings.TELEGRAM_TIMEOUT
    return timedelta(seconds=connect + read + 10)


REQUEUE = timedelta(minutes=1)
Status, Action = Delivery.Status, Delivery.Action
# A post in one of these states is on its way, or may be out: another is not made by itself.
ON_ITS_WAY = (Status.PENDING, Status.SENDING, Status.UNCONFIRMED)


def channels_for(article) -> dict[str, str]:
    """{edition: channel} this article is posted to (an Uzbek one to both scripts' channels)."""
    if not settings.TELEGRAM_BOT_TOKEN:
        return {}
    return {
        edition: settings.TELEGRAM_CHANNELS.get(edition, "")
        for edition in editions_of(article.language)
        if settings.TELEGRAM_CHANNELS.get(edition)
    }


def _queue(deliveries: list[Delivery]) -> None:
    """Ask a worker to send these once the change commits (the sweep sends them if none hears)."""
    due = [d.pk for d in deliveries if d.due_at <= timezone.now()]

    def enqueue():
        from .tasks import send

        for pk in due:
            try:
                Delivery.objects.filter(pk=pk).update(queued_at=timezone.now())
                send.delay(pk)
            except Exception:  # the broker is down: the change is saved, the sweep sends it later
                Delivery.objects.filter(pk__in=due).update(queued_at=None)
                logger.warning("Could not queue Telegram delivery %s; the sweep will send it", pk)
                break

    if due:
        transaction.on_commit(enqueue)


def _message_of(article, channel: str) -> Delivery | None:
    """The post of this article in this channel that is out (sent and not deleted since)."""
    posted = (
        Delivery.objects.filter(article=article, entry=None, channel=channel, action=Action.POST, status=Status.SENT)
        .order_by("-done_at", "-pk")
        .first()
    )
    if posted is None:
        return None
    deleted = Delivery.objects.filter(
        article=article, channel=channel, action=Action.DELETE, message_id=posted.message_id
    ).exclude(status__in=[Status.FAILED, Status.CANCELLED])
    return None if deleted.exists() else posted


def article_saved(article, before=None) -> list[Delivery]:
    """Inside the saving transaction: what this change asks of each channel.

    Published (now or at a later time) and not posted yet: a post, due at the publish time.
    Posted, and what a post shows changed (title, lead, breaking, live): an edit of the message.
    Taken off the site before its post went out: the post is cancelled.
    """
    made = []
    channels = channels_for(article)
    if not channels or not article.post_to_telegram:
        return made
    published = article.status == article.Status.PUBLISHED
    for channel in channels.values():
        rows = Delivery.objects.filter(article=article, entry=None, channel=channel, action=Action.POST)
        waiting = rows.filter(status=Status.PENDING)
        if not published:
            waiting.update(status=Status.CANCELLED, done_at=timezone.now(), error="")
            continue
        posted = _message_of(article, channel)
        if posted is None and not rows.filter(status__in=ON_ITS_WAY).exists():
            made.append(
                Delivery.objects.create(
                    article=article, channel=channel, due_at=max(timezone.now(), article.published_at)
                )
            )
            continue
        waiting.update(due_at=max(timezone.now(), article.published_at))
        shown = ("title", "lead", "title_cyrl", "lead_cyrl", "is_breaking")
        changed = before is not None and any(getattr(before, f) != getattr(article, f) for f in shown)
        changed = changed or (before is not None and before.is_live != article.is_live)
        if changed and posted is not None:
            already = Delivery.objects.filter(
                article=article,
                channel=channel,
                action=Action.EDIT,
                status=Status.PENDING,
                message_id=posted.message_id,
            )
            if not already.exists():  # a waiting edit sends the article as it is when it goes
                made.append(
                    Delivery.objects.create(
                        article=article, channel=channel, action=Action.EDIT, message_id=posted.message_id
                    )
                )
    _queue(made)
    return made


def post_again(article) -> list[Delivery]:
    """An editor's "post again": a new post to each channel, whatever went before."""
    made = [Delivery.objects.create(article=article, channel=channel) for channel in channels_for(article).values()]
    _queue(made)
    return made


def delete_post(article) -> list[Delivery]:
    """An editor's "delete from Telegram": the article's messages that are out are deleted."""
    made = []
    for channel in channels_for(article).values():
        Delivery.objects.filter(article=article, channel=channel, status=Status.PENDING).update(
            status=Status.CANCELLED, done_at=timezone.now()
        )
        posted = _message_of(article, channel)
        if posted is not None:
            made.append(
                Delivery.objects.create(
                    article=article, channel=channel, action=Action.DELETE, message_id=posted.message_id
                )
            )
    _queue(made)
    return made


def entry_added(entry) -> list[Delivery]:
    """A key live entry is posted once to the article's channels."""
    article = entry.article
    if not article.post_to_telegram:
        return []
    made = [
        Delivery.objects.create(article=article, entry=entry, channel=channel)
        for channel in channels_for(article).values()
        if not Delivery.objects.filter(entry=entry, channel=channel, action=Action.POST).exists()
    ]
    _queue(made)
    return made


# Sending


def _hold_key(channel: str) -> str:
    return "telegram:hold:" + hashlib.sha256(channel.encode()).hexdigest()


def _held(delivery: Delivery, now) -> bool:
    """Is this row's channel waiting out a 429? Then the row waits as long (none is sent early)."""
    until = cache.get(_hold_key(delivery.channel))
    if until and until > now:
        Delivery.objects.filter(pk=delivery.pk, status=Status.PENDING, due_at__lt=until).update(
            due_at=until, queued_at=None
        )
        return True
    return False


def _due(pk: int) -> Delivery | None:
    """The delivery if it waits and is due (read before the claim: nothing slow comes after it)."""
    now = timezone.now()
    delivery = (
        Delivery.objects.select_related("article", "entry__article")
        .filter(pk=pk, status=Status.PENDING, due_at__lte=now)
        .first()
    )
    return None if delivery is None or _held(delivery, now) else delivery


def _claim(delivery: Delivery) -> bool:
    """Take the delivery for this worker (one UPDATE, committed before the request goes out)."""
    now = timezone.now()
    return bool(
        Delivery.objects.filter(pk=delivery.pk, status=Status.PENDING, due_at__lte=now).update(
            status=Status.SENDING, lease_until=now + _lease(), attempts=F("attempts") + 1
        )
    )


def _finish(delivery: Delivery, **fields) -> None:
    # Only the holder of the claim writes the result (a lease that ran out was taken away).
    Delivery.objects.filter(pk=delivery.pk, status=Status.SENDING).update(**fields)


def _edition_of(delivery: Delivery) -> str:
    for edition, channel in settings.TELEGRAM_CHANNELS.items():
        if channel == delivery.channel and edition in editions_of(delivery.article.language):
            return edition
    return delivery.article.language


def _prepare(delivery: Delivery) -> tuple[str, dict, str | None]:
    """(Bot API method, its fields, the photo to upload) of a delivery, made from the article as it is."""
    if delivery.action == Action.DELETE:
        return "deleteMessage", {"chat_id": delivery.channel, "message_id": delivery.message_id}, None
    edition = _edition_of(delivery)
    if delivery.entry_id:
        message = messages.entry_message(delivery.entry, edition)
    else:
        message = messages.article_message(delivery.article, edition)
    common = {"chat_id": delivery.channel, "parse_mode": "HTML"}
    if delivery.action == Action.EDIT:
        target = {**common, "message_id": delivery.message_id}
        if message["photo"]:
            return "editMessageCaption", {**target, "caption": message["text"]}, None
        return "editMessageText", {**target, "text": message["text"]}, None
    if message["photo"]:
        return "sendPhoto", {**common, "caption": message["text"]}, message["photo"]
    return "sendMessage", {**common, "text": message["text"], "link_preview_options": '{"is_disabled":true}'}, None


def _request(method: str, fields: dict, photo: str | None) -> dict:
    if photo is None:
        return bot.call(method, fields)
    with messages.photo_file(photo) as file:
        return bot.call(method, fields, files={"photo": file})


def _log_once(delivery: Delivery, reason: str) -> None:
    key = hashlib.sha256(f"{delivery.channel}\n{reason}".encode()).hexdigest()
    if cache.add(f"telegram:logged:{key}", 1, 3600):
        logger.error("Telegram delivery to %s failed: %s", delivery.channel, reason)


def send(pk: int) -> str:
    """Send one delivery if it is due and nobody else has it; returns its status afterwards."""
    delivery = _due(pk)
    if delivery is None:
        return "skipped"
    try:
        request = _prepare(delivery)
    except Exception as error:  # an entry or article gone meanwhile, a bug: kept in words, retried
        logger.exception("Telegram delivery %s", delivery.pk)
        request = None
        failure = bot.BotError("transient", f"{error.__class__.__name__}: {error}"[:300])
    # Between the claim and the request nothing is read or made: a worker killed in between is the
    # only case a post is left unconfirmed without having been sent.
    if not _claim(delivery):
        return "skipped"
    delivery.attempts += 1
    if request is None:
        return _failed(delivery, failure)
    now = timezone.now()
    try:
        result = _request(*request)
    except bot.BotError as error:
        return _failed(delivery, error)
    except Exception as error:  # a missing photo file, a bug: kept in words, retried like a failure
        logger.exception("Telegram delivery %s", delivery.pk)
        return _failed(delivery, bot.BotError("transient", f"{error.__class__.__name__}: {error}"[:300]))
    message_id = result.get("message_id") if isinstance(result, dict) else None
    fields = {"status": Status.SENT, "done_at": now, "error": "", "lease_until": None}
    if delivery.action == Action.POST and message_id:
        fields["message_id"] = message_id
    _finish(delivery, **fields)
    return Status.SENT


def _failed(delivery: Delivery, error: bot.BotError) -> str:
    now = timezone.now()
    reason = error.reason
    if error.code == 400 and "message is not modified" in reason:
        _finish(delivery, status=Status.SENT, done_at=now, error="", lease_until=None)
        return Status.SENT
    if delivery.action == Action.DELETE and error.code == 400 and "not found" in reason:
        _finish(delivery, status=Status.SENT, done_at=now, error="It was no longer in the channel.", lease_until=None)
        return Status.SENT
    if error.kind == "wait":
        until = now + timedelta(seconds=error.retry_after)
        # Not the message's fault: not an attempt. Every waiting row of the channel waits too.
        _finish(delivery, status=Status.PENDING, due_at=until, attempts=F("attempts") - 1, error=reason, queued_at=None)
        Delivery.objects.filter(channel=delivery.channel, status=Status.PENDING, due_at__lt=until).update(
            due_at=until, queued_at=None
        )
        cache.set(_hold_key(delivery.channel), until, error.retry_after + 1)
        return Status.PENDING
    if error.kind == "unconfirmed" and delivery.action == Action.POST:
        _finish(delivery, status=Status.UNCONFIRMED, done_at=now, error=reason, lease_until=None)
        _log_once(delivery, reason)
        return Status.UNCONFIRMED
    if error.kind == "permanent" or delivery.attempts >= settings.TELEGRAM_MAX_ATTEMPTS:
        _finish(delivery, status=Status.FAILED, done_at=now, error=reason, lease_until=None)
        _log_once(delivery, reason)
        return Status.FAILED
    delay = min(3600, 10 * 2 ** (delivery.attempts - 1)) * random.uniform(0.8, 1.2)
    _finish(
        delivery,
        status=Status.PENDING,
        due_at=now + timedelta(seconds=delay),
        error=reason,
        lease_until=None,
        queued_at=None,
    )
    return Status.PENDING


def sweep(limit: int = 200) -> list[int]:
    """Every few seconds (the beat): take back what a dead worker held, and hand out what is due
    (what no task was queued for: the broker was down, a scheduled article went live). Returns the
    ids handed out."""
    now = timezone.now()
    lost = Delivery.objects.filter(status=Status.SENDING, lease_until__lt=now)
    lost.filter(action=Action.POST).update(
        status=Status.UNCONFIRMED,
        done_at=now,
        lease_until=None,
        error="The worker stopped while sending: it may be in the channel. Look, and post it again if it is not.",
    )
    lost.filter(~Q(action=Action.POST)).update(status=Status.PENDING, lease_until=None, queued_at=None)
    # A row handed out a minute ago and still waiting is handed out again (its task was lost).
    due = list(
        Delivery.objects.filter(status=Status.PENDING, due_at__lte=now)
        .filter(Q(queued_at=None) | Q(queued_at__lt=now - REQUEUE))
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    Delivery.objects.filter(pk__in=due).update(queued_at=now)
    return due
