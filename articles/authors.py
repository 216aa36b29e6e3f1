"""Authors: the people (staff or guests without a login) whose names stand over articles.

An article has bylines (``Article.authors``, in order); each edition reads an author's name in its
language. The names an article's cards show are kept on the article (``Article.bylines``, one text
per edition), so a list of sixty cards costs no extra query; ``byline_texts`` derives them and
``articles.services.author_save`` rewrites them when a name changes.
"""

import uuid
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from . import images
from .editions import CYRILLIC
from .models import Article, CyrillicCopies, free_slug, media_url

EDITIONS = ("uz", CYRILLIC, "ru", "en")


def photo_upload_to(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower()
    return timezone.now().strftime(f"authors/%Y/{uuid.uuid4().hex}.{ext}")


def validate_links(value: str) -> None:
    check = URLValidator(schemes=["http", "https"])
    for number, line in enumerate(value.splitlines(), 1):
        if line.strip():
            try:
                check(line.strip())
            except ValidationError:
                raise ValidationError(
                    _("Line %(line)s is not a web address: %(value)s") % {"line": number, "value": line.strip()}
                ) from None


class Author(CyrillicCopies):
    """A byline: a name in each edition (one is enough), a photo, a short biography and links."""

    CYRILLIC_FIELDS = {"name_uz": "name_cyrl", "role_uz": "role_cyrl", "bio_uz": "bio_cyrl"}

    name_uz = models.CharField(_("name (Uzbek)"), max_length=120, blank=True)
    name_cyrl = models.CharField(
        _("name (Uzbek, Cyrillic)"),
        max_length=120,
        blank=True,
        help_text=_("Filled from the Uzbek name on save; write your own to keep it."),
    )
    name_ru = models.CharField(_("name (Russian)"), max_length=120, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    slug = models.SlugField(
        _("slug"), max_length=100, unique=True, blank=True, help_text=_("Part of the author page's address.")
    )
    role_uz = models.CharField(_("role (Uzbek)"), max_length=120, blank=True)
    role_cyrl = models.CharField(_("role (Uzbek, Cyrillic)"), max_length=120, blank=True)
    role_ru = models.CharField(_("role (Russian)"), max_length=120, blank=True)
    role_en = models.CharField(_("role (English)"), max_length=120, blank=True, help_text=_("Correspondent, editor…"))
    bio_uz = models.TextField(_("biography (Uzbek)"), max_length=800, blank=True)
    bio_cyrl = models.TextField(_("biography (Uzbek, Cyrillic)"), max_length=800, blank=True)
    bio_ru = models.TextField(_("biography (Russian)"), max_length=800, blank=True)
    bio_en = models.TextField(_("biography (English)"), max_length=800, blank=True)
    photo = models.ImageField(
        _("photo"),
        upload_to=photo_upload_to,
        blank=True,
        validators=[images.validate_image],
        help_text=_("A portrait; JPEG, PNG or WebP. Location and camera data are removed."),
    )
    photo_renditions = models.JSONField(default=dict, blank=True, editable=False)
    links = models.TextField(
        _("links"),
        blank=True,
        validators=[validate_links],
        help_text=_("Telegram, X, Facebook, a website…: one address per line."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        verbose_name=_("account"),
        help_text=_("Empty for a guest contributor, who has no login. An account's new articles get this byline."),
    )

    class Meta:
        ordering = ["name_en", "name_ru", "name_uz"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name_uz="", name_ru="", name_en=""), name="author_named_in_an_edition"
            ),
        ]

    def __str__(self):
        return self.name_en or self.name_ru or self.name_uz

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = free_slug(Author.objects.exclude(pk=self.pk), str(self))
        self.transliterate()
        if self.photo and not self.photo._committed:
            cleaned = images.clean_image(self.photo.file)
            self.photo.save(cleaned.name, cleaned, save=False)
            self.photo_renditions = images.store_renditions(self.photo, images.PORTRAITS)
        elif not self.photo:
            self.photo_renditions = {}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return author_url(self.slug)

    def clean(self):
        if not (self.name_uz.strip() or self.name_ru.strip() or self.name_en.strip()):
            raise ValidationError(_("Write the author's name in at least one edition."))

    def is_uzbek(self) -> bool:
        return bool(self.name_uz)

    def name_in(self, edition: str) -> str:
        """The name an edition shows: its own, else the first the author has."""
        own = {"uz": self.name_uz, CYRILLIC: self.name_cyrl or self.name_uz, "ru": self.name_ru, "en": self.name_en}
        return own.get(edition) or self.name_en or self.name_ru or self.name_uz

    def _in_edition(self, field: str) -> str:
        edition = get_language() or settings.LANGUAGE_CODE
        if edition == CYRILLIC:
            return getattr(self, f"{field}_cyrl") or getattr(self, f"{field}_uz")
        return getattr(self, f"{field}_{edition[:2]}", "")

    @property
    def name(self) -> str:
        return self.name_in(get_language() or settings.LANGUAGE_CODE)

    @property
    def role(self) -> str:
        return self._in_edition("role")

    @property
    def bio(self) -> str:
        return self._in_edition("bio")

    def link_list(self) -> list[tuple[str, str]]:
        """[(label, address)]: a link's label is its site ("t.me", "x.com")."""
        lines = [line.strip() for line in self.links.splitlines() if line.strip()]
        return [((urlsplit(line).hostname or line).removeprefix("www."), line) for line in lines]

    def portrait(self, name: str = "portrait-160") -> dict | None:
        entry = (self.photo_renditions or {}).get(name)
        return entry and {"url": media_url(entry["name"]), "width": entry["width"], "height": entry["height"]}


class ArticleAuthor(models.Model):
    """An author of an article, in byline order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines_set")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines_set")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [models.UniqueConstraint(fields=["article", "author"], name="article_author_unique")]

    def __str__(self):
        return f"{self.author} — {self.article_id}"


def byline_texts(authors: list[Author]) -> dict[str, str]:
    """{edition: "Name One, Name Two"} for ``authors`` in order ({} without any)."""
    if not authors:
        return {}
    return {edition: ", ".join(author.name_in(edition) for author in authors) for edition in EDITIONS}


def author_url(slug: str) -> str:
    return _author_url(get_script_prefix(), get_language(), slug)


@lru_cache(maxsize=2_000)
def _author_url(prefix: str, language: str, slug: str) -> str:
    with override(language):
        return reverse("articles:author", kwargs={"slug": slug})
