"""Reads for pages: an article's similar news, from the stored list."""

from django.conf import settings

from articles.models import Article


def similar_for(article: Article, count: int | None = None) -> list[Article]:
    """Up to ``count`` similar articles as cards: one query, two when the stored list is empty."""
    count = count or settings.RELATED_COUNT
    similar = list(Article.objects.for_cards().filter(similar_to__article=article).order_by("similar_to__rank")[:count])
    if similar or not article.suggest_similar:
        return similar
    # Not indexed yet (before the first rebuild), or nothing similar: the newest of its section.
    return list(
        Article.objects.for_cards()
        .filter(language=article.language, category_id=article.category_id)
        .exclude(pk=article.pk)[:count]
    )
