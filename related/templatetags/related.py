from django import template
from django.template.loader import render_to_string

from ..selectors import similar_for

register = template.Library()


@register.simple_tag
def similar_news(article):
    """The "Similar news" block under an article.

    Part of the article's main column, which articles.pages keeps until one of the cards it shows or
    the list itself changes (related.services deletes the pages whose lists it rewrites).
    """
    return render_to_string("related/similar_news.html", {"articles": similar_for(article)})
