from django import template

from caching.fragments import edition_html

from ..selectors import similar_for

register = template.Library()


@register.simple_tag
def similar_news(article):
    """The "Similar news" block under an article, kept until an article of the edition changes.

    Every change that can alter a stored list (publishing, editing, unpublishing, a rebuild)
    bumps the edition's generation; a minute bounds the cards' "Today, 22:40".
    """
    return edition_html(
        f"similar-{article.pk}", 60, "related/similar_news.html", lambda: {"articles": similar_for(article)}
    )
