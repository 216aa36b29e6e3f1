"""Everything the site keeps to answer readers fast, and the one way to make it stale.

This app sits below every other (it imports none of them); what varies a page
comes from settings. README's "Caching" section has the table of each block,
its key, what invalidates it and how stale a reader can see it.

What is kept, and under what:

- whole pages for anonymous readers (``pages``: the middleware), under their
  edition's generation, the path with the parameters pages read, and the
  cookies of PAGE_CACHE_VARY_COOKIES; at most PAGE_CACHE_SECONDS and never
  past the first end of a block the page shows;
- blocks of pages (``fragments``: ``edition_fragment``, ``edition_html``,
  ``{% edition_cache %}``), under their scope's generation, each at most its
  own seconds (never over a minute);
- each worker's copies of what it read from the shared cache (``local``), at
  most LOCAL_CACHE_SECONDS and never past the block's end; a generation at
  most half a second.

An article's own parts of its page are not kept here but in the database,
until a change deletes them (articles.pages): they must outlive every
generation, or the archive's long tail would be rendered afresh after each
publish.

What makes it stale: ``invalidate(*scopes)`` (``generations``), called by the
article services, the section and tag admin, the similar-news rebuild and the
weather fetch, once per change and after it commits. No signal invalidates.
"""

from .generations import SITE, invalidate

__all__ = ["SITE", "invalidate"]
