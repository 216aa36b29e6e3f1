"""Reads for pages: an article's similar news, from the stored list."""

from django.conf import settings
from django.utils import timezone

from articles import pages
from articles.models import Article

from .models import RelatedExclusion, RelatedItem


def similar_for(article: Article, count: int | None = None) -> list[Article]:
    """Up to ``count`` similar articles as cards, in two queries, from the database ``article`` came from.

    The stored ids come first and the cards second: one query joining both
    lets SQLite walk the whole archive by date instead of the short list.
    A page being kept (articles.pages) is told which cards it shows, and when
    a scheduled article of the list goes live.
    """
    count = count or settings.RELATED_COUNT
    db = article._state.db
    ranked = list(
        RelatedItem.objects.using(db).filter(article=article).order_by("rank").values_list("related_id", flat=True)
    )
    if ranked:
        # Published ones, scheduled included: the cards shown are those visible now.
        listed = Article.objects.using(db).for_cards(scheduled=True).filter(pk__in=ranked).order_by()
        now = timezone.now()
        cards = {card.pk: card for card in listed if card.published_at <= now}
        shown = [cards[pk] for pk in ranked if pk in cards][:count]
        coming = [card.published_at for card in listed if card.published_at > now]
        pages.note_cards([card.pk for card in shown], expires_at=min(coming, default=None))
        return shown
    if not article.suggest_similar:
        return []
    # Not indexed yet (before the first rebuild), or nothing similar: the newest of its section.
    newest = list(
        Article.objects.using(db)
        .for_cards()
        .filter(language=article.language, category_id=article.category_id)
        .exclude(pk=article.pk)
        .exclude(pk__in=RelatedExclusion.objects.filter(article=article).values("excluded"))[:count]
    )
    pages.note_newest_of_section([card.pk for card in newest])
    return newest
