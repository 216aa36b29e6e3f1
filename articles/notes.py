"""Corrections and updates: dated notes an editor adds to a published article.

The article page shows them under the headline, newest first, with their time; the edition's
corrections page lists its corrections; structured data carries them as ``correction``. A note is
saved with its article (``articles.services.article_note``), so it is in the article's history and
moves its modified time.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Article, CyrillicCopies, Shown


class ArticleNote(CyrillicCopies):
    CYRILLIC_FIELDS = {"text": "text_cyrl"}

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="notes", verbose_name=_("article"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(
        _("note"),
        max_length=1000,
        help_text=_("What was wrong and what is right now (a correction), or what is new (an update), in plain words."),
    )
    text_cyrl = models.TextField(_("note (Cyrillic)"), max_length=1000, blank=True)
    shown_text = Shown()
    noted_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["-noted_at", "-pk"]
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")
        indexes = [models.Index(fields=["kind", "-noted_at"], name="article_note_kind_latest")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["correction", "update"]), name="article_note_kind_valid"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        self.text = self.text.strip()
        self.transliterate()
        super().save(*args, **kwargs)

    def is_uzbek(self) -> bool:
        return self.article.language == "uz"
