"""The outbox hears of changes from the article services, inside their transaction (articles.signals)."""

from django.dispatch import receiver

from articles.signals import article_saving, live_entry_saving

from . import outbox


@receiver(article_saving, dispatch_uid="telegram.article_saving")
def record_article(sender, article, before, **kwargs):
    outbox.article_saved(article, before)


@receiver(live_entry_saving, dispatch_uid="telegram.live_entry_saving")
def record_entry(sender, entry, **kwargs):
    if entry.is_key:
        outbox.entry_added(entry)
