"""What the article services announce, for apps above articles (similar news, later live pages and
distribution) to act on. Sent once the change has committed; the cached pages are invalidated after
the receivers have run, so no page rendered meanwhile keeps their old work."""

from django.dispatch import Signal

# An article was saved, published, unpublished or restored: ``article``; ``languages`` are the
# editions it is in and was in.
article_changed = Signal()

# Articles were imported in bulk (``article_ids``), their similar news not yet refreshed one by one.
articles_imported = Signal()

# Inside the saving transaction (so that what a receiver records commits or rolls back with the
# change, as the Telegram outbox must): ``article`` as saved and ``before``, the row it was (None
# for a new article or a status change alone).
article_saving = Signal()

# Inside the transaction too: a live entry (``entry``) was added or changed.
live_entry_saving = Signal()
