"""What search engines and sharing read: structured data (JSON-LD) and share links."""

import json

from django import template
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .. import pages
from ..editions import language_tag
from ..sanitize import html_to_text

register = template.Library()


@register.simple_tag(takes_context=True)
def article_json_ld(context, article):
    """schema.org NewsArticle for search engines."""
    request = context["request"]
    images = [article.social_image, article.page_image]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.shown_title[:110],
        "description": article.shown_excerpt,
        "inLanguage": language_tag(get_language()),
        "articleSection": article.category.name,
        "datePublished": timezone.localtime(article.published_at).isoformat(),
        "dateModified": timezone.localtime(article.revised_at or article.published_at).isoformat(),
        "mainEntityOfPage": request.build_absolute_uri(article.get_absolute_url()),
        "image": [request.build_absolute_uri(image["url"]) for image in images if image],
        "author": _authors(article, request),
        "publisher": {
            "@type": "Organization",
            "name": "Newsportal",
            "url": request.build_absolute_uri("/"),
        },
    }
    if article.live_started_at:
        _live_blog(data, article, request)
    corrections = [note for note in article.notes.all() if note.kind == "correction"]
    if corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": note.shown_text,
                "datePublished": timezone.localtime(note.noted_at).isoformat(),
            }
            for note in corrections
        ]
    gallery = [item.image for item in article.gallery.all() if item.image.picture]
    if not gallery:
        return json_ld(data)
    return json_ld(data) + json_ld(
        {
            "@context": "https://schema.org",
            "@type": "ImageGallery",
            "name": article.shown_title[:110],
            "url": request.build_absolute_uri(article.get_absolute_url()),
            "associatedMedia": [
                {
                    "@type": "ImageObject",
                    "contentUrl": request.build_absolute_uri(image.picture["large"]["url"]),
                    "thumbnailUrl": request.build_absolute_uri(image.thumbnail["url"]),
                    "width": image.picture["large"]["width"],
                    "height": image.picture["large"]["height"],
                    "caption": image.caption or image.alt,
                    **({"creditText": image.credit} if image.credit else {}),
                }
                for image in gallery
            ],
        }
    )


def _live_blog(data: dict, article, request) -> None:
    """A live article is a LiveBlogPosting: its coverage times and its newest entries as updates."""
    url = request.build_absolute_uri(article.get_absolute_url())
    data["@type"] = "LiveBlogPosting"
    data["coverageStartTime"] = timezone.localtime(article.live_started_at).isoformat()
    if article.live_ended_at:
        data["coverageEndTime"] = timezone.localtime(article.live_ended_at).isoformat()
    entries = article.live_page["entries"]
    if entries:
        data["dateModified"] = max(data["dateModified"], timezone.localtime(entries[0].posted_at).isoformat())
    data["liveBlogUpdate"] = [
        {
            "@type": "BlogPosting",
            "headline": (html_to_text(entry.shown_body()) or article.shown_title)[:110],
            "articleBody": html_to_text(entry.shown_body()),
            "datePublished": timezone.localtime(entry.posted_at).isoformat(),
            "url": f"{url}#entry-{entry.pk}",
            **({"author": person_ld(entry.author, request)} if entry.author else {}),
        }
        for entry in entries
    ]


def _authors(article, request):
    """The bylines as Persons with their pages; without any, the writer's account, else the source."""
    authors = article.byline_authors()
    if authors:
        return [person_ld(author, request) for author in authors]
    # A kept page (articles.pages) fills the account's name in for each request: it can change in the admin.
    return pages.AUTHOR if pages.keeping() else _author(article)


def person_ld(author, request) -> dict:
    data = {"@type": "Person", "name": author.name, "url": request.build_absolute_uri(author.get_absolute_url())}
    if author.role:
        data["jobTitle"] = author.role
    links = [url for _label, url in author.link_list()]
    if links:
        data["sameAs"] = links
    return data


def _author(article):
    return author_ld(article.author.get_full_name() if article.author_id else "", article.source)


def author_ld(name: str, source: str) -> dict:
    """The article's author for structured data: the writer, else the source, else the site."""
    if name.strip():
        return {"@type": "Person", "name": name.strip()}
    return {"@type": "Organization", "name": source or "Newsportal"}


@register.simple_tag(takes_context=True)
def absolute_uri(context, location):
    """``location`` with the scheme and host of the request (a slot in a page being kept)."""
    return context["request"].build_absolute_uri(location)


@register.simple_tag(takes_context=True)
def share_links(context, article):
    url = context["request"].build_absolute_uri(article.get_absolute_url())
    return [
        ("Telegram", "https://t.me/share/url?" + urlencode({"url": url, "text": article.shown_title})),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ("X", "https://x.com/intent/post?" + urlencode({"url": url, "text": article.shown_title})),
    ]


JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data) -> str:
    """A <script type="application/ld+json"> whose content cannot close the tag."""
    payload = json.dumps(data, ensure_ascii=False, default=str).translate(JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308 - escaped above


@register.simple_tag(takes_context=True)
def author_json_ld(context, author):
    """schema.org ProfilePage of an author page, its Person with the page's address."""
    request = context["request"]
    person = person_ld(author, request)
    if author.bio:
        person["description"] = author.bio
    photo = author.portrait("portrait-320")
    if photo:
        person["image"] = request.build_absolute_uri(photo["url"])
    return json_ld({"@context": "https://schema.org", "@type": "ProfilePage", "mainEntity": person})
