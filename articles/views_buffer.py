"""Reader views counted in Redis (one HINCRBY each) and drained to the database in batches.

Pending views live in one hash, field "<article id>:<day>". ``drain`` renames
it first (atomic: views counted meanwhile go to a fresh hash), writes the
renamed batch in one database transaction and only then deletes it; a batch
whose write failed stays under its "draining" name and is written by the next
``drain``. The transaction also records the batch's name (``ViewBatch``): a
batch written but not yet deleted (the flush died in between), or drained by
two flushes at once, is counted once. So a view is written once, whatever
fails when.
"""

import logging
import uuid
from datetime import date

from django.conf import settings

log = logging.getLogger(__name__)


def _redis():
    from django_redis import get_redis_connection

    return get_redis_connection("default")


def _pending() -> str:
    return f"{settings.VIEW_BUFFER_KEY}:pending"


def add(article_id: int, day: date) -> bool:
    """Count one view; False when Redis cannot take it (the caller writes it to the database)."""
    try:
        _redis().hincrby(_pending(), f"{article_id}:{day.isoformat()}", 1)
    except Exception as error:  # noqa: BLE001 - any Redis failure: count in the database instead
        log.warning("view buffer unavailable, counting in the database: %s", error)
        return False
    return True


def drain(write) -> int:
    """Hand every buffered batch to ``write({(article id, day): views}, batch=name)``; returns the views written.

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
            article_id, day = field.decode().split(":")
            counts[(int(article_id), date.fromisoformat(day))] = int(views)
        written += write(counts, batch=name)
        redis.delete(name)
    return written
