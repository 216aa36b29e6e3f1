"""The Celery application: `make worker` (or deploy/newsportal-worker.service) runs its worker, with
the beat that sweeps the Telegram outbox every few seconds (CELERY_BEAT_SCHEDULE)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsportal.settings")

app = Celery("newsportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
