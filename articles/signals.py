"""What the article services announce, for apps above articles (similar news, later live pages and
distribution) to act on. Sent once the change has committed; the cached pages are invalidated after
the receivers have run, so no page rendered meanwhile keeps their old work."""

from django.dispatch import Signal

# An article was saved, published, unpublished or restored: ``article``; ``languages`` are the
# editions it is in and was in.
article_changed = Signal()

# Articles were imported in bulk (``article_ids``), their similar news not yet refreshed one by one.
articles_imported = Signal()
