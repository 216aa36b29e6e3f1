"""The Bot API, as the outbox needs it: one call, and what its failure means.

Telegram answers ``{"ok": true, "result": …}`` or ``{"ok": false, "error_code": …, "description": …}``,
with ``parameters.retry_after`` on a 429. What a failure means for the outbox:

- *wait*: too many messages; send again after ``retry_after`` seconds (not counted as an attempt);
- *transient*: Telegram or the network failed before anything was posted; send again later;
- *unconfirmed*: the request was sent and no answer came (a read timeout, a dropped connection):
  the message may be in the channel, so a post is not sent again by itself;
- *permanent*: a wrong token, a channel the bot cannot post to, a bad request; sending again
  cannot help.
"""

from dataclasses import dataclass

import requests
from django.conf import settings


@dataclass
class BotError(Exception):
    kind: str  # "wait", "transient", "unconfirmed" or "permanent"
    reason: str
    retry_after: int = 0
    code: int = 0

    def __str__(self):
        return self.reason


_session = requests.Session()


def call(method: str, data: dict, files: dict | None = None) -> dict:
    """Call ``method`` with ``data``; the result on success, else BotError."""
    token = settings.TELEGRAM_BOT_TOKEN
    url = f"{settings.TELEGRAM_API_URL}/bot{token}/{method}"
    try:
        response = _session.post(url, data=data, files=files, timeout=settings.TELEGRAM_TIMEOUT)
    except requests.ConnectTimeout as error:
        raise BotError("transient", f"Telegram could not be reached ({error.__class__.__name__}).") from error
    except requests.ReadTimeout as error:
        raise BotError("unconfirmed", "Telegram did not answer in time.") from error
    except requests.ConnectionError as error:
        # Refused before the request went out, or cut after: only the first is safe to repeat.
        sent = "RemoteDisconnected" in str(error) or "Connection aborted" in str(error)
        kind = "unconfirmed" if sent else "transient"
        raise BotError(kind, "The connection to Telegram was lost." if sent else "Telegram could not be reached.")
    try:
        answer = response.json()
    except ValueError:
        answer = {}
    if answer.get("ok"):
        return answer.get("result") or {}
    code = answer.get("error_code") or response.status_code
    description = str(answer.get("description") or f"HTTP {response.status_code}")[:300]
    if code == 429:
        retry_after = int((answer.get("parameters") or {}).get("retry_after") or 5)
        raise BotError("wait", f"Too many messages: Telegram asked to wait {retry_after} s.", retry_after, code)
    if code >= 500:
        raise BotError("transient", f"Telegram failed: {description}", code=code)
    if code == 401 or code == 404 and "Not Found" in description:
        raise BotError("permanent", "The bot token is wrong (Telegram: Unauthorized).", code=code)
    if code == 403:
        raise BotError("permanent", f"The bot may not post to this channel (Telegram: {description}).", code=code)
    raise BotError("permanent", f"Telegram refused it: {description}", code=code)
