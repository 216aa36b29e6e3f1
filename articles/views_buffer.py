"""Reader views counted in Redis (one HINCRBY each) and drained to the database in batches.

Pending views live in one hash, field "<article id>:<day>T<hour>" (site time). ``drain`` renames
it first (atomic: views counted meanwhile go to a fresh hash), writes the
renamed batch in one database transaction and only then deletes it; a batch
whose write failed stays under its "draining" name and is written by the next
``drain``. The transaction also records the batch's name (``ViewBatch``): a
batch written but not yet deleted (the flush died in between), or drained by
two flushes at once, is counted once. So a view is written once, whatever
fails when.

Each view also adds one to a counter of its minute (kept a quarter of an hour), which the newsroom's
dashboard sums for "views in the last 5 minutes" without waiting for a flush.
"""

import logging
import time
import uuid
from datetime import date, datetime

from django.conf import settings

log = logging.getLogger(__name__)


def _redis():
    from django_redis import get_redis_connection

    return get_redis_connection("default")


def _pending() -> str:
    return f"{settings.VIEW_BUFFER_KEY}:pending"


def _minute_key(minute: int) -> str:
    return f"{settings.VIEW_BUFFER_KEY}:minute:{minute}"


MINUTES_KEPT = 15


def add(article_id: int, moment: datetime) -> bool:
    """Count one view at ``moment`` (site time); False when Redis cannot take it (the caller writes it
    to the database). One round trip: the pending count and the minute's counter together."""
    minute = _minute_key(int(time.time() // 60))
    try:
        pipe = _redis().pipeline(transaction=False)
        pipe.hincrby(_pending(), f"{article_id}:{moment:%Y-%m-%dT%H}", 1)
        pipe.incr(minute)
        pipe.expire(minute, MINUTES_KEPT * 60)
        pipe.execute()
    except Exception as error:  # noqa: BLE001 - any Redis failure: count in the database instead
        log.warning("view buffer unavailable, counting in the database: %s", error)
        return False
    return True


def recent(minutes: int = 5) -> int | None:
    """Views counted in the last ``minutes`` minutes (this one included); None without Redis."""
    now = int(time.time() // 60)
    try:
        values = _redis().mget([_minute_key(now - back) for back in range(minutes)])
    except Exception as error:  # noqa: BLE001 - the dashboard says the figure is unavailable
        log.warning("view buffer unavailable for recent views: %s", error)
        return None
    return sum(int(value) for value in values if value)


def parse_field(field: str) -> tuple[int, date, int | None]:
    """ "42:2026-12-06T16" -> (42, date(2026, 12, 6), 16); a field of an older version has no hour."""
    article_id, moment = field.split(":", 1)
    day, _, hour = moment.partition("T")
    return int(article_id), date.fromisoformat(day), int(hour) if hour else None


def drain(write) -> int:
    """Hand every buffered batch to ``write({(article id, day, hour): views}, batch=name)``; returns the views
    written (``hour`` is None for a view buffered by a version that did not keep it).

    ``write`` must record ``name`` with the counts and write nothing for a name it has recorded before.
    """
    redis = _redis()
    batch = f"{settings.VIEW_BUFFER_KEY}:draining:{uuid.uuid4().hex}"
    try:
        redis.rename(_pending(), batch)
    except Exception as error:  # noqa: BLE001 - "no such key": nothing new to write
        if "no such key" not in str(error).lower():
            raise
    written = 0
    for name in sorted(redis.scan_iter(f"{settings.VIEW_BUFFER_KEY}:draining:*")):
        counts = {}
        for field, views in redis.hgetall(name).items():
            counts[parse_field(field.decode())] = int(views)
        written += write(counts, batch=name)
        redis.delete(name)
    return written
