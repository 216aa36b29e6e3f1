from django import template

from ..selectors import similar_for

register = template.Library()


@register.inclusion_tag("related/similar_news.html")
def similar_news(article):
    """The "Similar news" block under an article."""
    return {"articles": similar_for(article)}
