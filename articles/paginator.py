"""Pages of lists (home, sections, tags, search) that stay cheap however long the archive grows."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from caching.fragments import edition_fragment

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
        return edition_fragment(f"count:{self.fragment}", 60, capped)
