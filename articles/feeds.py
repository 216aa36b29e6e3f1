from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .editions import content_language, language_tag
from .models import Article, Author, Category

FEED_SIZE = 30


class EditionFeed(Feed):
    """The newest articles of the active edition."""

    def title(self, obj=None):
        return _("Newsportal: latest news")

    def description(self, obj=None):
        return _("Latest news from Uzbekistan and the world.")

    def link(self, obj=None):
        return reverse("articles:home")

    def feed_url(self, obj=None):
        return reverse("articles:feed")

    def articles(self):
        return Article.objects.for_cards().filter(language=content_language())

    def items(self, obj=None):
        return self.articles()[:FEED_SIZE]

    def item_title(self, item):
        return item.shown_title

    def item_description(self, item):
        return item.shown_excerpt

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.byline or None

    def item_categories(self, item):
        return [item.category.name]

    def get_feed(self, obj, request):
        self.request = request  # enclosure URLs must be absolute
        self.language = language_tag(get_language())  # "uz-Cyrl" for the Cyrillic edition
        return super().get_feed(obj, request)

    def item_enclosure_url(self, item):
        image = item.card_image
        return image and self.request.build_absolute_uri(image["url"])

    item_enclosure_mime_type = "image/webp"
    item_enclosure_length = 0


class CategoryFeed(EditionFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category.objects.in_edition(get_language()), slug=slug)

    def title(self, obj=None):
        return _("Newsportal: %(category)s") % {"category": obj.name}

    def link(self, obj=None):
        return obj.get_absolute_url()

    def feed_url(self, obj=None):
        return reverse("articles:category_feed", kwargs={"slug": obj.slug})

    def items(self, obj=None):
        return self.articles().filter(category=obj)[:FEED_SIZE]


class AuthorFeed(EditionFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def title(self, obj=None):
        return _("Newsportal: %(author)s") % {"author": obj.name}

    def link(self, obj=None):
        return obj.get_absolute_url()

    def feed_url(self, obj=None):
        return reverse("articles:author_feed", kwargs={"slug": obj.slug})

    def items(self, obj=None):
        return self.articles().filter(bylines_set__author=obj)[:FEED_SIZE]
