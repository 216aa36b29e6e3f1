"""Similar news follows the article services' announcements (articles.signals); articles knows
nothing of this app."""

from articles.models import Article

from .services import related_refresh

# Past this many imported articles, or more than half of what is published, one full rebuild beats
# refreshing each.
REBUILD_AFTER = 200


def article_changed(sender, *, article, **kwargs):
    related_refresh(article)


def articles_imported(sender, *, article_ids, **kwargs):
    if len(article_ids) > REBUILD_AFTER or 2 * len(article_ids) > Article.objects.published().count():
        from .rebuild import related_rebuild  # numpy and scipy, which pages never need

        related_rebuild()
        return
    for article in Article.objects.filter(pk__in=article_ids):
        related_refresh(article)
