"""Reads for pages: an article's similar news, from the stored list."""

from django.conf import settings

from articles.models import Article

from .models import RelatedExclusion, RelatedItem


def similar_for(article: Article, count: int | None = None) -> list[Article]:
    """Up to ``count`` similar articles as cards, in two queries.

    The stored ids come first and the cards second: one query joining both
    lets SQLite walk the whole archive by date instead of the short list.
    """
    count = count or settings.RELATED_COUNT
    ranked = list(RelatedItem.objects.filter(article=article).order_by("rank").values_list("related_id", flat=True))
    if ranked:
        cards = {card.pk: card for card in Article.objects.for_cards().filter(pk__in=ranked).order_by()}
        return [cards[pk] for pk in ranked if pk in cards][:count]
    if not article.suggest_similar:
        return []
    # Not indexed yet (before the first rebuild), or nothing similar: the newest of its section.
    return list(
        Article.objects.for_cards()
        .filter(language=article.language, category_id=article.category_id)
        .exclude(pk=article.pk)
        .exclude(pk__in=RelatedExclusion.objects.filter(article=article).values("excluded"))[:count]
    )
