from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language, override

from .models import Article


def home(request, lang=None):
    articles = Article.objects.for_cards()
    if lang:
        articles = articles.filter(language=lang)
    page = Paginator(articles, 20).get_page(request.GET.get("page"))
    with override(lang or get_language()):
        return render(request, "articles/home.html", {"page": page, "lang": lang})


def _may_preview(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm("articles.view_article")


def article_detail(request, lang, pk, slug):
    queryset = Article.objects.select_related("category", "author").prefetch_related("tags")
    if not _may_preview(request.user):
        queryset = queryset.published()
    article = get_object_or_404(queryset, pk=pk)
    if article.language != lang or article.slug != slug:
        return redirect(article, permanent=True)
    with override(article.language):
        response = render(request, "articles/article_detail.html", {"article": article})
    if not article.is_public:
        add_never_cache_headers(response)
    return response
