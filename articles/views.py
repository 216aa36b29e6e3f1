import re

import csp.constants
from csp.utils import build_policy
from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from django.views.generic import ListView

from caching.fragments import edition_fragment

from . import live, pages, search, services
from .editions import content_language
from .models import PAGE_PREFETCH, Article, ArticleNote, Author, Category, Tag
from .paginator import EditionPaginator
from .templatetags.news_blocks import edition_sections

PAGE_SIZE = 20
CATEGORY_BLOCK_SIZE = 4


class EditionListView(ListView):
    """A paged list of the active edition's published articles."""

    paginate_by = PAGE_SIZE
    context_object_name = "articles"
    paginator_class = EditionPaginator

    def edition_articles(self):
        return Article.objects.for_cards().filter(language=content_language())

    def get_queryset(self):
        return self.edition_articles()

    def count_fragment(self) -> str | None:
        """A name for this list's cached article count; None counts on every request."""
        return None

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        paginator.fragment = self.count_fragment()
        return paginator


class HomeView(EditionListView):
    template_name = "articles/home.html"
    paginate_by = 10

    def get_queryset(self):
        queryset = self.edition_articles()
        self.lead = None
        if self._first_page():
            # The newest featured story, else the newest: finding it can walk much of the edition.
            self.lead = edition_fragment(
                "lead", 60, lambda: [queryset.filter(is_featured=True).first() or queryset.first()]
            )[0]
        return queryset.exclude(pk=self.lead.pk) if self.lead else queryset

    def count_fragment(self):
        return f"home:{self._first_page()}"

    def _first_page(self):
        return self.request.GET.get("page") in (None, "", "1")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lead"] = self.lead
        if self._first_page():
            # Twenty sections' newest stories: computed once per change, and only when the
            # template's cached HTML of the page's content has expired (a callable, called there).
            context["category_blocks"] = lambda: edition_fragment(
                "category-blocks", 60, lambda: category_blocks(self.edition_articles())
            )
        return context


def category_blocks(articles) -> list[tuple[Category, list[Article]]]:
    """[(category, newest cards)] in menu order, from one query."""
    blocks: dict[int, tuple[Category, list[Article]]] = {}
    for article in articles.latest_per_category(CATEGORY_BLOCK_SIZE):
        blocks.setdefault(article.category_id, (article.category, []))[1].append(article)
    return sorted(blocks.values(), key=lambda block: (block[0].position, block[0].name))


class CategoryView(EditionListView):
    template_name = "articles/category.html"

    def get_queryset(self):
        self.category = get_object_or_404(Category.objects.in_edition(get_language()), slug=self.kwargs["slug"])
        return self.edition_articles().filter(category=self.category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, **kwargs)

    def count_fragment(self):
        return f"category:{self.category.pk}"


class TagView(EditionListView):
    template_name = "articles/tag.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, language=content_language(), slug=self.kwargs["slug"])
        return self.edition_articles().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)

    def count_fragment(self):
        return f"tag:{self.tag.pk}"


class AuthorView(EditionListView):
    """An author's page: who they are, and their articles in this edition, newest first."""

    template_name = "articles/author.html"

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return self.edition_articles().filter(bylines_set__author=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)

    def count_fragment(self):
        return f"author:{self.author.pk}"


class CorrectionsView(ListView):
    """The edition's corrections, newest first: what was wrong, what is right, and where."""

    template_name = "articles/corrections.html"
    context_object_name = "notes"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return (
            ArticleNote.objects.filter(
                kind=ArticleNote.Kind.CORRECTION,
                article__in=Article.objects.published().filter(language=content_language()),
            )
            .select_related("article")
            .defer(*(f"article__{name}" for name in ("body", "body_cyrl", "search_text", "search_vector")))
            .order_by("-noted_at", "-pk")
        )


class SearchView(EditionListView):
    """The edition's articles matching the reader's words, by relevance or date, in one section or all;
    a misspelt word gets "Did you mean …?" (articles.search, articles.vocabulary)."""

    template_name = "articles/search.html"
    max_query_length = 200

    def get_queryset(self):
        # Control characters (NUL among them, which PostgreSQL refuses) never reach the query.
        printable = "".join(c if c.isprintable() else " " for c in self.request.GET.get("q", "")[:2000])
        self.query = " ".join(printable.split())[: self.max_query_length]
        self.order = self.request.GET.get("sort") if self.request.GET.get("sort") in search.ORDERS else "relevance"
        self.sections = edition_sections()
        wanted = self.request.GET.get("section", "")
        self.section = next((s for s in self.sections if s["slug"] == wanted), None)
        if not self.query:
            return Article.objects.none()
        return search.search_articles(
            self.edition_articles(), self.query, content_language(),
            order=self.order, section=self.section["slug"] if self.section else None,
        )  # fmt: skip

    def get_context_data(self, **kwargs):
        options = {"sort": self.order if self.order != "relevance" else None}
        options["section"] = self.section["slug"] if self.section else None
        options = {name: value for name, value in options.items() if value}
        suggestion = getattr(self.object_list, "suggestion", None)
        return super().get_context_data(
            query=self.query,
            order=self.order,
            section=self.section,
            sections=self.sections,
            marks=search.marked_words(self.query, content_language()),
            suggestion=suggestion,
            suggestion_link=format_html(
                '<a href="?{}"><em>{}</em></a>', urlencode({"q": suggestion, **options}), suggestion
            )
            if suggestion
            else "",
            page_query=urlencode({"q": self.query, **options}),
            # The cached cards of a page differ by its order and section too.
            list_variant=f"{self.order}:{options.get('section', '')}",
            **kwargs,
        )


def _may_preview(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm("articles.view_article")


def article_detail(request, pk, slug):
    if _may_preview(request.user):
        # Staff preview drafts and scheduled articles in the public template, always read afresh.
        queryset = Article.objects.select_related("category", "author").prefetch_related(*PAGE_PREFETCH)
        article = get_object_or_404(queryset, pk=pk)
        page = pages.render(article, pages.translations_of(article), request)
    else:
        # Its own parts kept since the article's last change: one query (articles.pages).
        page = pages.public_page(pk, request)
        if page is None:
            raise Http404
    if page.language != content_language() or page.slug != slug:
        return redirect(page, permanent=True)
    # The base template's blocks (latest news, edition links) know the page's article as "article".
    context = {"page": page, "article": page, "translations": page.translations}
    response = render(request, "articles/article_detail.html", context)
    if page.frame_origins:
        # Its embeds' players, and only theirs, may be framed here (the policy is kept with a cached page).
        response[csp.constants.HEADER] = build_policy(update={"frame-src": page.frame_origins})
    if not page.is_public:
        add_never_cache_headers(response)
    return response


BOT_AGENTS = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|monitor|curl|wget|python|"
    r"java/|go-http|okhttp|httpclient|scrapy|headless|lighthouse|pingdom",
    re.IGNORECASE,
)
PIXEL = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def is_bot(user_agent: str) -> bool:
    return not user_agent or bool(BOT_AGENTS.search(user_agent))


@csrf_exempt  # a beacon carries no token; counting a view is not a privileged act
@require_http_methods(["GET", "POST"])
def count_view(request, pk):
    """Count one reader view. POST from the page's script, GET from its <noscript> pixel."""
    if not is_bot(request.headers.get("User-Agent", "")) and not services.article_record_view(article_id=pk):
        raise Http404
    is_pixel = request.method == "GET"
    response = HttpResponse(PIXEL, content_type="image/gif") if is_pixel else HttpResponse(status=204)
    add_never_cache_headers(response)
    return response


@require_GET
def switch_language(request, code):
    """Go to ``next`` in another edition and remember the choice for the next visit to /."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next") or reverse("articles:home")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


@require_GET
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain; charset=utf-8")


@require_GET
def live_entries(request, pk):
    """A live article's entries. ``?after=<entry>``: the newer ones as JSON for static/js/live.js
    (cached like any page, fresh within a second of a new entry: caching.pages); ``?before=<entry>``:
    a page of older ones, for readers without JavaScript too."""
    article = get_object_or_404(
        Article.objects.published().select_related("category").filter(live_started_at__isnull=False), pk=pk
    )
    if article.language != content_language():
        raise Http404
    after, before = _entry_id(request.GET.get("after")), _entry_id(request.GET.get("before"))
    if after is not None:
        entries = list(
            article.live_entries.select_related("author", "image", "article").filter(pk__gt=after)[
                : live.ENTRIES_PER_PAGE
            ]
        )
        html = render_to_string("articles/live_entries.html", {"entries": entries}, request=request)
        latest = entries[0].pk if entries else after
        return JsonResponse({"html": html, "latest": latest, "open": article.is_live, "count": len(entries)})
    if before is None:
        return redirect(article.get_absolute_url() + "#live")
    entries, more = live.page_entries(article, before=before)
    return render(request, "articles/live_older.html", {"article": article, "entries": entries, "more": more})


def _entry_id(value) -> int | None:
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        raise Http404 from None
    if not 0 <= number < 2**63:
        raise Http404
    return number
