"""Parts of pages cached per edition until an article of that edition changes.

The key holds the page cache's generation of the edition (newsportal/pagecache.py),
which publishing, editing, unpublishing or deleting an article bumps once the
change commits; ``seconds`` bounds what changes by the clock alone (a breaking
story ages, views accrue). When the cache is down, everything is computed.

Each worker process also keeps what it read a second or two
(newsportal/localcache.py); the generation itself at most half a second, so
a change is seen by every process within that (at once by the one that made it).
"""

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from newsportal import localcache, pagecache


def edition_fragment(name: str, seconds: int, compute):
    language = get_language()
    current = pagecache.generation(language)
    if current is None:
        return compute()
    key = f"fragment:{name}:{language}:{current}"

    def shared():
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, seconds)
        return value

    return localcache.remember(key, shared, seconds)


def edition_html(name: str, seconds: int, template_name: str, context) -> SafeString:
    """``template_name`` rendered once per edition change; ``context`` is a callable, called only to render."""
    html = edition_fragment(f"html:{name}", seconds, lambda: render_to_string(template_name, context()))
    return mark_safe(html)  # noqa: S308 - our own template's output, escaped when it was rendered


# Lists end after this many pages. Counting a list, and skipping to page 5,000
# of it, read the whole archive; a reader reaches older stories by search and
# search engines by the sitemaps, so the work of a list page stays bounded.
MAX_PAGES = 500


class EditionPaginator(Paginator):
    """Pages of at most MAX_PAGES, whose count is an edition fragment when the view names one."""

    fragment = None  # set by the view: a name unique to the list, or None to count every time

    @cached_property
    def count(self):
        def capped() -> int:
            if not isinstance(self.object_list, QuerySet):  # a list, or search results (ranked ids)
                return min(len(self.object_list), self.per_page * MAX_PAGES)
            return self.object_list.order_by()[: self.per_page * MAX_PAGES].count()

        if self.fragment is None:
            return capped()
        return edition_fragment(f"count:{self.fragment}", 300, capped)
