"""The media library: pictures uploaded once, with their caption and credit, and reused.

A picture is checked and re-encoded without its metadata on upload (articles.images, as covers are)
and gets its renditions; an article shows library pictures as its gallery (``GalleryImage``, in
order, at most ``GALLERY_MAX``).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import images
from .models import Article, media_url

GALLERY_MAX = 100


def library_upload_to(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower()
    return timezone.now().strftime(f"library/%Y/%m/{uuid.uuid4().hex}.{ext}")


class MediaImage(models.Model):
    image = models.ImageField(
        _("picture"),
        upload_to=library_upload_to,
        validators=[images.validate_image],
        help_text=_("JPEG, PNG, WebP or GIF, up to 10 MB. Location and camera data are removed."),
    )
    alt = models.CharField(
        _("description (alt text)"),
        max_length=255,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=120, blank=True, help_text=_("Photographer or agency."))
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    renditions = models.JSONField(default=dict, blank=True, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("picture")
        verbose_name_plural = _("media library")
        indexes = [models.Index(fields=["-uploaded_at"], name="media_image_latest")]

    def __str__(self):
        return self.caption or self.alt

    def save(self, *args, **kwargs):
        if self.image and not self.image._committed:
            cleaned = images.clean_image(self.image.file)
            self.image.save(cleaned.name, cleaned, save=False)
            self.width, self.height = self.image.width, self.image.height
            self.renditions = images.store_renditions(self.image, images.GALLERY)
        super().save(*args, **kwargs)

    def rendition(self, name: str) -> dict | None:
        entry = (self.renditions or {}).get(name)
        return entry and {"url": media_url(entry["name"]), "width": entry["width"], "height": entry["height"]}

    @property
    def thumbnail(self):
        return self.rendition("thumb-240")

    @property
    def picture(self):
        """The page rendition with a srcset of both page widths."""
        picture = self.rendition("page-800")
        if picture:
            large = self.rendition("page-1600")
            picture["srcset"] = f"{picture['url']} {picture['width']}w" + (
                f", {large['url']} {large['width']}w" if large else ""
            )
            picture["large"] = large or picture
        return picture


class GalleryImage(models.Model):
    """A picture of an article's gallery, in order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="gallery", verbose_name=_("article"))
    image = models.ForeignKey(MediaImage, on_delete=models.PROTECT, related_name="uses", verbose_name=_("picture"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("gallery picture")
        verbose_name_plural = _("gallery")
        constraints = [models.UniqueConstraint(fields=["article", "image"], name="gallery_image_once")]

    def __str__(self):
        return f"{self.article_id}: {self.image}"
