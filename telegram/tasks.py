"""Celery tasks of the Telegram outbox (telegram.outbox)."""

from celery import shared_task

from . import outbox


@shared_task(name="telegram.tasks.send")
def send(pk: int) -> str:
    return outbox.send(pk)


@shared_task(name="telegram.tasks.sweep")
def sweep() -> int:
    due = outbox.sweep()
    for pk in due:
        send.delay(pk)
    return len(due)
