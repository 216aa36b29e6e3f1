"""Writes for bylines, authors, corrections and galleries. The admin, the import and the tests call these."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caching import invalidate

from . import pages
from .authors import ArticleAuthor, Author, byline_texts
from .editions import editions_of
from .media import GALLERY_MAX, GalleryImage, MediaImage
from .models import Article, Language, free_slug
from .notes import ArticleNote
from .services import _changed, _revision, check_desk, user_can_publish


def article_set_authors(*, article: Article, authors: list[Author]) -> None:
    """Make ``authors`` the article's bylines, in this order, and keep their names for its cards."""
    unique = list(dict.fromkeys(authors))
    ArticleAuthor.objects.filter(article=article).exclude(author__in=unique).delete()
    for position, author in enumerate(unique):
        ArticleAuthor.objects.update_or_create(article=article, author=author, defaults={"position": position})
    article.bylines = byline_texts(unique)
    Article.objects.filter(pk=article.pk).update(bylines=article.bylines)


def bylines_of(article: Article) -> list[Author]:
    return [row.author for row in ArticleAuthor.objects.filter(article=article).select_related("author")]


@transaction.atomic
def author_save(*, author: Author) -> Author:
    """Save an author; the bylines of their articles follow a new name, and the pages that show them are
    stale once this commits."""
    author.full_clean()
    author.save()
    article_ids = list(ArticleAuthor.objects.filter(author=author).values_list("article_id", flat=True))
    if article_ids:
        bylines: dict[int, list[Author]] = {}
        for row in ArticleAuthor.objects.filter(article_id__in=article_ids).select_related("author"):
            bylines.setdefault(row.article_id, []).append(row.author)
        Article.objects.bulk_update(
            [Article(pk=pk, bylines=byline_texts(authors)) for pk, authors in bylines.items()],
            ["bylines"],
            batch_size=500,
        )
        Article.objects.filter(pk__in=article_ids).update(updated_at=timezone.now())  # kept pages are stale
        pages.discard(article_ids)
        pages.discard(pages.showing(article_ids))
        languages = set(Article.objects.filter(pk__in=article_ids).values_list("language", flat=True).distinct())
        transaction.on_commit(lambda: invalidate(*editions_of(*languages)))
    return author


def author_for_name(name: str, language: str) -> Author:
    """The author with this name in any edition, else a new guest contributor named in ``language``'s."""
    name = " ".join(name.split())[:120]
    for field in ("name_en", "name_ru", "name_uz", "name_cyrl"):
        found = Author.objects.filter(**{f"{field}__iexact": name}).first()
        if found:
            return found
    author = Author(**{f"name_{language}": name})
    author.slug = free_slug(Author.objects.all(), name)
    author.save()
    return author


@transaction.atomic
def article_note(*, note: ArticleNote, user) -> ArticleNote:
    """Add (or change) a correction or an update of an article: it shows under the headline with its time,
    the article's modified time moves, and the history keeps it with the article."""
    article = note.article
    if not user_can_publish(user):
        raise PermissionDenied(_("Only an editor can add a correction or an update."))
    check_desk(user, article.language)
    if not article.is_public:
        raise ValidationError(_("Corrections and updates are for published articles; change a draft itself."))
    note.full_clean()
    kind = ArticleNote.Kind(note.kind).label
    with _revision(user, _("%(kind)s: %(text)s") % {"kind": kind, "text": note.text[:200]}):
        note.save()
        article_noted(article=article)
    return note


def article_noted(*, article: Article) -> None:
    """A note of ``article`` was added, changed or deleted (inside the revision that records it)."""
    article.revised_at = timezone.now()
    article.save()
    _changed(article)


def gallery_set(*, article: Article, images: list[MediaImage]) -> None:
    """Make ``images`` the article's gallery, in this order."""
    unique = list(dict.fromkeys(images))
    if len(unique) > GALLERY_MAX:
        raise ValidationError(
            _("A gallery holds at most %(max)s pictures; this one has %(count)s.")
            % {"max": GALLERY_MAX, "count": len(unique)}
        )
    GalleryImage.objects.filter(article=article).exclude(image__in=unique).delete()
    for position, image in enumerate(unique):
        GalleryImage.objects.update_or_create(article=article, image=image, defaults={"position": position})


def media_image_changed(*, image: MediaImage) -> None:
    """A library picture's caption, credit or description changed: the pages of articles using it are stale."""
    article_ids = list(image.uses.values_list("article_id", flat=True))
    if article_ids:
        Article.objects.filter(pk__in=article_ids).update(updated_at=timezone.now())
        pages.discard(article_ids)
        languages = set(Article.objects.filter(pk__in=article_ids).values_list("language", flat=True))
        transaction.on_commit(lambda: invalidate(*editions_of(*(languages or Language.values))))
