import uuid
from datetime import timedelta
from functools import lru_cache

import reversion
from anyascii import anyascii
from ckeditor_uploader.fields import RichTextUploadingField
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.signals import setting_changed
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Sum
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator, slugify
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from . import images
from .cyrillic import html_to_cyrillic, to_cyrillic
from .editions import CYRILLIC, edition_for, is_cyrillic
from .embeds import embed_links
from .sanitize import clean_html, html_to_text

EXCERPT_CHARS = 220


class Language(models.TextChoices):
    UZ = "uz", _("Uzbek")
    RU = "ru", _("Russian")
    EN = "en", _("English")


def free_slug(taken, text: str, max_length: int = 100) -> str:
    """A slug of ``text`` that no row of ``taken`` (a queryset with a ``slug``) has: "-2", "-3"... added."""
    base = make_slug(text, max_length=max_length - 4)
    used = set(taken.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in used:
        number += 1
        slug = f"{base}-{number}"
    return slug


def make_slug(text: str, max_length: int = 80) -> str:
    """ASCII slug of any script ("Ташкент" -> "tashkent"), never empty."""
    slug = slugify(anyascii(text or ""))[:max_length].strip("-")
    return slug or "article"


class CyrillicException(models.Model):
    """An editor's entry of the Uzbek Cyrillic dictionary: a word the letter rules spell wrong."""

    latin = models.CharField(
        _("Latin"),
        max_length=100,
        unique=True,
        help_text=_("The word as editors write it in Latin; its forms with suffixes follow (oktabr → oktabrda)."),
    )
    cyrillic = models.CharField(
        _("Cyrillic"),
        max_length=100,
        help_text=_("How the Cyrillic edition writes it; the same Latin letters keep a brand as it is (iPhone)."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["latin"]
        verbose_name = _("Cyrillic spelling")
        verbose_name_plural = _("Cyrillic spellings")

    def __str__(self):
        return f"{self.latin} → {self.cyrillic}"

    def clean(self):
        self.latin = self.latin.strip()
        self.cyrillic = self.cyrillic.strip()
        if not self.latin or " " in self.latin:
            raise ValidationError({"latin": _("One word, as editors write it in Latin.")})
        if not self.cyrillic:
            raise ValidationError({"cyrillic": _("Write how the Cyrillic edition spells it.")})


def cyrillic_exceptions() -> dict[str, str]:
    """The editors' dictionary {latin: cyrillic} (one query)."""
    return dict(CyrillicException.objects.values_list("latin", "cyrillic"))


class CyrillicCopies(models.Model):
    """Keeps Uzbek Cyrillic copies of some Latin fields, transliterated on save (``CYRILLIC_FIELDS``
    {field: its copy}); a copy an editor wrote by hand is listed in ``cyrillic_manual`` and kept."""

    CYRILLIC_FIELDS: dict[str, str] = {}
    CYRILLIC_HTML: tuple[str, ...] = ()  # fields holding HTML: only their text is converted

    cyrillic_manual = models.JSONField(
        default=list, blank=True, editable=False, help_text="Fields whose Cyrillic copy an editor wrote."
    )

    class Meta:
        abstract = True

    def is_uzbek(self) -> bool:
        raise NotImplementedError

    def transliterate(self, exceptions: dict[str, str] | None = None) -> None:
        """Fill every copy that is not an editor's from its Latin field (copies of a non-Uzbek row are
        blank)."""
        if not self.is_uzbek():
            for copy in self.CYRILLIC_FIELDS.values():
                setattr(self, copy, "")
            self.cyrillic_manual = []
            return
        if exceptions is None:
            exceptions = cyrillic_exceptions()
        manual = set(self.cyrillic_manual or ())
        for field, copy in self.CYRILLIC_FIELDS.items():
            if field in manual and getattr(self, copy):
                continue
            convert = html_to_cyrillic if field in self.CYRILLIC_HTML else to_cyrillic
            setattr(self, copy, convert(getattr(self, field) or "", exceptions))
        self.cyrillic_manual = sorted(field for field in manual if getattr(self, self.CYRILLIC_FIELDS[field]))

    def shown(self, field: str) -> str:
        """``field`` as the active edition shows it: its Cyrillic copy in the Cyrillic edition."""
        if is_cyrillic() and self.is_uzbek():
            return getattr(self, self.CYRILLIC_FIELDS[field]) or getattr(self, field)
        return getattr(self, field)


class Shown:
    """``article.shown_title``: a field as the active edition shows it (``CyrillicCopies.shown``)."""

    def __set_name__(self, owner, name):
        self.field = name.removeprefix("shown_")

    def __get__(self, instance, owner=None):
        return self if instance is None else instance.shown(self.field)


def cover_upload_to(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower()
    return timezone.now().strftime(f"covers/%Y/%m/{uuid.uuid4().hex}.{ext}")


# A list page links some sixty articles and sections; reverse() of each costs
# more than the rest of its card, so each address is worked out once.
@lru_cache(maxsize=20_000)
def _article_url(prefix: str, language: str, pk: int, slug: str) -> str:
    with override(language):
        return reverse("articles:detail", kwargs={"pk": pk, "slug": slug})


@lru_cache(maxsize=1_000)
def _category_url(prefix: str, language: str, slug: str) -> str:
    with override(language):
        return reverse("articles:category", kwargs={"slug": slug})


@lru_cache(maxsize=5_000)
def _tag_url(prefix: str, language: str, slug: str) -> str:
    with override(language):
        return reverse("articles:tag", kwargs={"slug": slug})


# A card's picture has four renditions, each a storage.url() call (about 17 µs,
# more on S3): a name's address is the same until the storage settings change
# (covers' URLs never expire: querystring_auth is off).
@lru_cache(maxsize=50_000)
def media_url(name: str) -> str:
    return default_storage.url(name)


@receiver(setting_changed)
def _forget_page_urls(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _article_url.cache_clear()
        _category_url.cache_clear()
        _tag_url.cache_clear()
    if setting in ("MEDIA_URL", "STORAGES"):
        media_url.cache_clear()


class CategoryQuerySet(models.QuerySet):
    def in_edition(self, language: str):
        """The sections an edition shows: those with a name in its language."""
        return self.exclude(**{f"name_{language[:2]}": ""})


class Category(CyrillicCopies):
    """A section. It is in the editions where it has a name: in their menus, pages and sitemaps, and
    an article of an edition must be in one of that edition's sections. The Uzbek name has a Cyrillic
    copy for the Cyrillic edition."""

    CYRILLIC_FIELDS = {"name_uz": "name_cyrl"}

    name_uz = models.CharField(_("name (Uzbek)"), max_length=100, blank=True)
    name_cyrl = models.CharField(
        _("name (Uzbek, Cyrillic)"),
        max_length=100,
        blank=True,
        help_text=_("Filled from the Uzbek name on save; write your own to keep it."),
    )
    name_ru = models.CharField(_("name (Russian)"), max_length=100, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, help_text=_("Part of the section's web address."))
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Lower numbers come first in the menu.")
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name_en"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.CheckConstraint(
                condition=~Q(name_uz="", name_ru="", name_en=""), name="category_named_in_an_edition"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.transliterate()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return _category_url(get_script_prefix(), get_language(), self.slug)

    def is_uzbek(self) -> bool:
        return bool(self.name_uz)

    def clean(self):
        if not (self.name_uz.strip() or self.name_ru.strip() or self.name_en.strip()):
            raise ValidationError(_("Name the section in at least one edition: it shows only where it has a name."))

    def in_edition(self, language: str) -> bool:
        return bool(getattr(self, f"name_{language[:2]}", ""))

    @property
    def name(self) -> str:
        """The name in the active language (pages show a section only in its editions); elsewhere (the
        admin in another language) the first name it has."""
        edition = get_language() or settings.LANGUAGE_CODE
        if edition == CYRILLIC and self.name_uz:
            return self.name_cyrl or self.name_uz
        return getattr(self, f"name_{edition[:2]}", "") or self.name_en or self.name_ru or self.name_uz


class Tag(CyrillicCopies):
    """A tag of one edition: "Ташкент" (ru) and "Tashkent" (en) are two tags, with pages of their own.
    An Uzbek tag's name has a Cyrillic copy ("Toshkent", "Тошкент"): one tag in both scripts."""

    CYRILLIC_FIELDS = {"name": "name_cyrl"}

    language = models.CharField(_("edition"), max_length=2, choices=Language.choices)
    name = models.CharField(_("name"), max_length=80)
    name_cyrl = models.CharField(
        _("name (Cyrillic)"),
        max_length=80,
        blank=True,
        help_text=_("Uzbek tags: filled from the name on save; write your own to keep it."),
    )
    shown_name = Shown()
    slug = models.SlugField(_("slug"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [
            models.UniqueConstraint(fields=["language", "slug"], name="tag_edition_slug_unique"),
            models.UniqueConstraint(fields=["language", "name"], name="tag_edition_name_unique"),
        ]

    def __str__(self):
        return f"{self.name} ({self.language})"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = free_slug(Tag.objects.filter(language=self.language).exclude(pk=self.pk), self.name)
        self.transliterate()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return _tag_url(get_script_prefix(), edition_for(self.language), self.slug)

    def is_uzbek(self) -> bool:
        return self.language == Language.UZ


CARD_FIELDS = (
    "title", "slug", "language", "excerpt", "published_at", "view_count", "cover", "cover_alt",
    "cover_renditions", "is_breaking", "is_featured", "title_cyrl", "excerpt_cyrl", "cover_alt_cyrl",
    "cyrillic_manual", "bylines", "live_started_at", "live_ended_at",
    "category__slug", "category__position", "category__name_uz", "category__name_ru", "category__name_en",
    "category__name_cyrl",
)  # fmt: skip


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Visible to readers now: published, and its publish time has come."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def for_cards(self, *, scheduled: bool = False):
        """Published articles with what a list card shows, newest first (``scheduled``: those whose
        publish time has not come too)."""
        articles = self.filter(status=Article.Status.PUBLISHED) if scheduled else self.published()
        return articles.select_related("category").only(*CARD_FIELDS).order_by("-published_at", "-pk")

    def for_page(self):
        """Published articles with what the article page shows (not the search copies: a tsvector alone is
        kilobytes to read and parse)."""
        return (
            self.published()
            .select_related("category")
            .prefetch_related(*PAGE_PREFETCH)
            .defer("search_title", "search_text", "search_vector")
        )

    def latest_per_category(self, per_category: int):
        """The newest ``per_category`` cards of every section, in two queries that read only those.

        The first finds each section's newest ids, one short walk down the section's date index per
        card (a window function would rank the whole archive); the second reads those cards.
        """
        newest = self.for_cards().filter(category=OuterRef("pk")).values("pk")
        slots = [f"newest_{n}" for n in range(per_category)]
        rows = Category.objects.annotate(
            **{slot: Subquery(newest[n : n + 1]) for n, slot in enumerate(slots)}
        ).values_list(*slots)
        return self.for_cards().filter(pk__in=[pk for row in rows for pk in row if pk is not None])

    def most_read(self, *, since_days: int):
        """Cards ordered by views counted over the last ``since_days`` days."""
        since = timezone.localdate() - timedelta(days=since_days - 1)
        return (
            self.for_cards()
            .filter(daily_views__day__gte=since)
            .annotate(recent_views=Sum("daily_views__views"))
            .order_by("-recent_views", "-published_at")
        )


class Article(CyrillicCopies):
    """A story of one edition (``language``). An Uzbek one keeps Cyrillic copies of what readers read,
    for the Cyrillic edition (``CYRILLIC_FIELDS``; ``shown_title`` etc. read the active edition's)."""

    CYRILLIC_FIELDS = {
        "title": "title_cyrl", "lead": "lead_cyrl", "body": "body_cyrl", "cover_alt": "cover_alt_cyrl",
        "cover_caption": "cover_caption_cyrl", "excerpt": "excerpt_cyrl",
    }  # fmt: skip
    CYRILLIC_HTML = ("body",)

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        blank=True,
        help_text=_("Part of the web address. Changing it later keeps old links working."),
    )
    lead = models.TextField(
        _("lead"),
        blank=True,
        max_length=600,
        help_text=_("One or two sentences shown under the headline and in lists."),
    )
    body = RichTextUploadingField(_("body"), blank=True)
    excerpt = models.CharField(_("excerpt"), max_length=EXCERPT_CHARS + 10, blank=True, editable=False)
    cover = models.ImageField(
        _("cover image"),
        upload_to=cover_upload_to,
        blank=True,
        validators=[images.validate_image],
        help_text=_("JPEG, PNG, WebP or GIF, up to 10 MB. Location and camera data are removed."),
    )
    cover_alt = models.CharField(
        _("cover description (alt text)"),
        max_length=255,
        blank=True,
        help_text=_("What the picture shows, for readers who cannot see it. Required with a cover."),
    )
    cover_caption = models.CharField(_("cover caption"), max_length=255, blank=True)
    cover_credit = models.CharField(
        _("cover credit"), max_length=120, blank=True, help_text=_("Photographer or agency.")
    )
    cover_renditions = models.JSONField(default=dict, blank=True, editable=False)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="articles", verbose_name=_("category")
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles", verbose_name=_("tags"))
    authors = models.ManyToManyField(
        "articles.Author",
        through="articles.ArticleAuthor",
        blank=True,
        related_name="articles",
        verbose_name=_("bylines"),
        help_text=_("The people whose names stand over the article, in order."),
    )
    # {edition: "Name One, Name Two"}: the bylines as cards show them, kept by the services.
    bylines = models.JSONField(default=dict, blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("author"),
    )
    language = models.CharField(_("edition"), max_length=2, choices=Language.choices, default=Language.UZ)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publish time"),
        default=timezone.now,
        help_text=_("A future time schedules the article: it appears by itself when the time comes."),
    )
    is_breaking = models.BooleanField(_("breaking news"), default=False)
    is_featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Candidate for the lead story of the homepage.")
    )
    # Live coverage (articles.live): timestamped entries under the text, which is its pinned summary.
    live_started_at = models.DateTimeField(
        _("live since"),
        null=True,
        blank=True,
        help_text=_("Set to cover an event live: entries are added on this page and readers see them appear."),
    )
    live_ended_at = models.DateTimeField(_("live coverage closed"), null=True, blank=True, editable=False)
    post_to_telegram = models.BooleanField(
        _("post to Telegram"), default=True, help_text=_("Post it to its edition's Telegram channel when published.")
    )
    source = models.CharField(_("source"), max_length=200, blank=True, help_text=_("Who reported it first, if not us."))
    source_url = models.URLField(_("source link"), blank=True)
    view_count = models.PositiveBigIntegerField(_("views"), default=0, editable=False)
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
        verbose_name=_("translation of"),
        help_text=_("The same story in another edition, so readers can switch languages on it."),
    )
    suggest_similar = models.BooleanField(
        _("suggest similar news"),
        default=True,
        help_text=_("Off: the similar-news block shows only the articles pinned below."),
    )
    revised_at = models.DateTimeField(
        _("revised"), null=True, blank=True, editable=False, help_text=_("When the published text last changed.")
    )
    title_cyrl = models.CharField(_("title (Cyrillic)"), max_length=255, blank=True)
    lead_cyrl = models.TextField(_("lead (Cyrillic)"), blank=True, max_length=600)
    body_cyrl = models.TextField(_("body (Cyrillic)"), blank=True)
    excerpt_cyrl = models.CharField(max_length=EXCERPT_CHARS + 10, blank=True, editable=False)
    cover_alt_cyrl = models.CharField(_("cover description (Cyrillic)"), max_length=255, blank=True)
    cover_caption_cyrl = models.CharField(_("cover caption (Cyrillic)"), max_length=255, blank=True)
    # Title and text case-folded, with the Uzbek Cyrillic copies: a search in either script finds it.
    search_title = models.CharField(max_length=520, blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    # PostgreSQL only: the weighted full-text document (title A, lead B, body C) in the
    # edition's configuration, kept by a database trigger (migration 0006) and
    # searched through a GIN index. Unused (empty) on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    external_id = models.CharField(
        _("external id"),
        max_length=100,
        blank=True,
        editable=False,
        help_text=_("Id in the source an import came from."),
    )
    lock_version = models.PositiveIntegerField(
        default=0, editable=False, help_text="Grows with every save; a form saved from an older one is refused."
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [("publish_article", _("Can publish and unpublish articles"))]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"], condition=~Q(external_id=""), name="article_external_id_unique"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "review", "published", "unpublished"]), name="article_status_valid"
            ),
            models.CheckConstraint(condition=Q(language__in=["uz", "ru", "en"]), name="article_language_valid"),
            models.CheckConstraint(condition=Q(cover="") | ~Q(cover_alt=""), name="article_cover_has_alt"),
            models.CheckConstraint(condition=~Q(translation_of=F("pk")), name="article_not_own_translation"),
        ]
        indexes = [
            models.Index(fields=["language", "status", "-published_at"], name="article_edition_latest"),
            # A section page lists one edition: the language sits before the date.
            models.Index(fields=["category", "language", "status", "-published_at"], name="article_section_latest"),
            models.Index(fields=["status", "-published_at"], name="article_latest"),
            # The home page's lead: the newest featured story, however long ago it was featured.
            models.Index(
                fields=["language", "status", "-published_at"],
                condition=Q(is_featured=True),
                name="article_featured_latest",
            ),
        ]

    def __str__(self):
        return self.title

    shown_title = Shown()
    shown_lead = Shown()
    shown_excerpt = Shown()
    shown_cover_alt = Shown()
    shown_cover_caption = Shown()

    def save(self, *args, **kwargs):
        self.body = embed_links(clean_html(self.body))
        body_text = html_to_text(self.body)
        self.excerpt = Truncator(self.lead.strip() or body_text).chars(EXCERPT_CHARS)
        self.fill_copies(body_text=body_text)
        if not self.slug:
            self.slug = make_slug(self.title)
        if self.cover and not self.cover._committed:
            self._store_cover()
        elif not self.cover:
            self.cover_renditions = {}
        # A replaced cover's files stay on disk: older revisions show them, and
        # restoring one must bring its picture back.
        self.lock_version = (self.lock_version or 0) + 1
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """In the active edition when it shows this article's language (a Cyrillic page links Cyrillic
        addresses), else in the article's own."""
        return _article_url(get_script_prefix(), edition_for(self.language), self.pk, self.slug)

    def is_uzbek(self) -> bool:
        return self.language == Language.UZ

    def fill_copies(self, exceptions: dict[str, str] | None = None, body_text: str | None = None) -> None:
        """The Cyrillic copies, then the search copies of both scripts (``body_text``: the body's, if
        the caller has it)."""
        self.transliterate(exceptions)
        if body_text is None:
            body_text = html_to_text(self.body)
        # Case-folded copies for the search fallback: SQLite's LIKE folds
        # only ASCII letters, so "москва" would not find "Москва".
        self.search_title = f"{self.title}\n{self.title_cyrl}".casefold()[:520]
        self.search_text = f"{self.lead}\n{body_text}\n{self.lead_cyrl}\n{html_to_text(self.body_cyrl)}".casefold()

    def transliterate(self, exceptions: dict[str, str] | None = None) -> None:
        """The Cyrillic copies (``CyrillicCopies``); a body written by hand is sanitised like the
        Latin one, and the excerpt follows the Cyrillic lead and body."""
        super().transliterate(exceptions)
        if self.is_uzbek():
            self.body_cyrl = clean_html(self.body_cyrl)
            if "excerpt" not in self.cyrillic_manual:
                self.excerpt_cyrl = Truncator(self.lead_cyrl.strip() or html_to_text(self.body_cyrl)).chars(
                    EXCERPT_CHARS
                )

    def clean(self):
        if self.category_id and self.language and not self.category.in_edition(self.language):
            raise ValidationError(
                {"category": _("This section is not in the article's edition: name it there first, or choose another.")}
            )
        if self.cover and not self.cover_alt.strip():
            raise ValidationError({"cover_alt": _("Describe the picture for readers who cannot see it.")})
        original = self.translation_of
        if original is not None:
            if original.translation_of_id:
                self.translation_of = original = original.translation_of
            if original.pk == self.pk or original.language == self.language:
                raise ValidationError({"translation_of": _("Choose the same story in another edition than this one.")})

    def translation_root_id(self):
        return self.translation_of_id or self.pk

    def _store_cover(self):
        """Re-encode the new cover and derive its renditions, once, here."""
        cleaned = images.clean_image(self.cover.file)
        self.cover.save(cleaned.name, cleaned, save=False)
        self.cover_renditions = images.store_renditions(self.cover, images.RENDITIONS)

    def cover_files(self) -> list[str]:
        """Storage names of the cover and its renditions."""
        if not self.cover:
            return []
        return [self.cover.name] + [entry["name"] for entry in (self.cover_renditions or {}).values()]

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @cached_property
    def live_page(self) -> dict:
        """What the page shows of its live coverage: the newest entries (one query), and whether older
        ones are on further pages."""
        from .live import page_entries

        entries, more = page_entries(self)
        return {
            "entries": entries,
            "more": more,
            "latest": entries[0].pk if entries else 0,
            "oldest": entries[-1].pk if entries else 0,
            "poll": settings.LIVE_POLL_SECONDS,
        }

    @property
    def is_live(self) -> bool:
        """Covered live, and not closed yet."""
        return self.live_started_at is not None and self.live_ended_at is None

    @property
    def is_scheduled(self) -> bool:
        """Published with a future time: readers see it when the time comes."""
        return self.status == self.Status.PUBLISHED and self.published_at > timezone.now()

    @property
    def shown_status(self) -> str:
        """What readers see, in the admin's words: a scheduled article is not yet "published"."""
        return SCHEDULED if self.is_scheduled else self.status

    def get_shown_status_display(self) -> str:
        return str(SHOWN_STATUSES[self.shown_status])

    def rendition(self, name: str) -> dict | None:
        """{"url", "width", "height"} of one cover rendition, or None without a cover."""
        entry = (self.cover_renditions or {}).get(name)
        if not entry:
            return None
        return {"url": media_url(entry["name"]), "width": entry["width"], "height": entry["height"]}

    def _picture(self, default: str) -> dict | None:
        """The ``default`` rendition plus a ``srcset`` of its siblings (same prefix)."""
        picture = self.rendition(default)
        if picture:
            prefix = default.split("-")[0]
            siblings = sorted(
                (entry for name, entry in self.cover_renditions.items() if name.startswith(prefix)),
                key=lambda entry: entry["width"],
            )
            picture["srcset"] = ", ".join(f"{media_url(e['name'])} {e['width']}w" for e in siblings)
        return picture

    def byline_authors(self) -> list:
        """The authors of the bylines, in order (prefetched by ``for_page``)."""
        return [row.author for row in self.bylines_set.all()]

    @property
    def byline(self) -> str:
        """The bylines in the active edition ("" without any)."""
        return (self.bylines or {}).get(get_language() or settings.LANGUAGE_CODE, "")

    @property
    def card_image(self):
        return self._picture("card-480")

    @property
    def page_image(self):
        return self._picture("page-800")

    @property
    def social_image(self):
        return self.rendition("social")


# Every save keeps a revision of what the editor wrote. The view counter and
# the lock counter are not the editor's: restoring a revision leaves them be.
# Its corrections and updates are kept with it (articles.notes).
reversion.register(Article, exclude=["view_count", "lock_version"], follow=["notes"])


# The statuses the admin shows: a published article with a future time is "Scheduled" (not stored).
SCHEDULED = "scheduled"
SHOWN_STATUSES = {
    Article.Status.DRAFT: Article.Status.DRAFT.label,
    Article.Status.REVIEW: Article.Status.REVIEW.label,
    SCHEDULED: _("Scheduled"),
    Article.Status.PUBLISHED: Article.Status.PUBLISHED.label,
    Article.Status.UNPUBLISHED: Article.Status.UNPUBLISHED.label,
}


class DailyViews(models.Model):
    """Reader views of an article on one day (site time zone), for "most read"."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="daily_views")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "day"], name="daily_views_article_day_unique")]
        indexes = [models.Index(fields=["day", "article"], name="daily_views_day")]
        verbose_name = _("daily views")
        verbose_name_plural = _("daily views")

    def __str__(self):
        return f"{self.article_id} {self.day}: {self.views}"


class HourlyViews(models.Model):
    """Reader views of one edition in one hour, for the newsroom's dashboard (its 48-hour chart):
    a few dozen rows a day, written with the daily counts, so no page ever scans raw views."""

    hour = models.DateTimeField()  # the hour's start
    language = models.CharField(max_length=2, choices=Language.choices)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["hour", "language"], name="hourly_views_hour_language_unique")]
        verbose_name = _("hourly views")
        verbose_name_plural = _("hourly views")

    def __str__(self):
        return f"{self.language} {self.hour:%Y-%m-%d %H}:00: {self.views}"


class ViewBatch(models.Model):
    """A batch of buffered views (articles/views_buffer.py) already written to the counters.

    Recorded in the same transaction as the counts it adds, so a batch is written
    once: a flush that dies before Redis forgets the batch, or a second flush
    running at the same time, finds the record and leaves the counts alone.
    """

    name = models.CharField(max_length=120)
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name"], name="view_batch_name_unique")]
        indexes = [models.Index(fields=["written_at"], name="view_batch_written_at")]
        verbose_name = _("written view batch")
        verbose_name_plural = _("written view batches")

    def __str__(self):
        return self.name


class ArticlePage(models.Model):
    """An article's own parts of its page, rendered once from its data and kept until that data changes.

    What articles.pages keeps so that the first reader of an article does not wait for its queries and
    templates: the head (Open Graph, structured data) and the main column with its similar news, with
    slots for what changes without the article changing (the clock's "Today, 22:40", the view count,
    the site's address, the body read from the article). A row is deleted by every change it shows;
    ``version`` names the templates and catalogues it was rendered with.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="kept_pages")
    # The edition it was rendered for: an Uzbek article has a Latin and a Cyrillic page.
    edition = models.CharField(max_length=10)
    version = models.CharField(max_length=16)
    # The article's updated_at when it was rendered: a save that skipped the services still shows.
    rendered_from = models.DateTimeField()
    # When the page must be rendered again although nothing it shows changed: a scheduled article it
    # lists goes live, or its similar news is a section's newest (any new story there changes it).
    expires_at = models.DateTimeField(null=True, blank=True)
    head = models.TextField()
    main = models.TextField()
    translations = models.JSONField(default=list, help_text="[[id, slug, language], ...] of its translations")
    # The articles whose cards it shows: a change of one of them deletes this page.
    shows = models.ManyToManyField(Article, related_name="+", blank=True)

    class Meta:
        verbose_name = _("kept article page")
        verbose_name_plural = _("kept article pages")
        constraints = [models.UniqueConstraint(fields=["article", "edition"], name="article_page_edition_unique")]

    def __str__(self):
        return f"{self.edition} page of {self.article_id} ({self.version})"


# Models of their own modules (they refer to Article).
from .authors import ArticleAuthor, Author  # noqa: E402, F401

# What an article page shows besides its row (``for_page``): tags, bylines, notes, gallery pictures.
PAGE_PREFETCH = (
    "tags",
    models.Prefetch("bylines_set", queryset=ArticleAuthor.objects.select_related("author")),
    "notes",
    "gallery__image",
)
from .live import LiveEntry  # noqa: E402, F401
from .media import GalleryImage, MediaImage  # noqa: E402, F401
from .notes import ArticleNote  # noqa: E402

reversion.register(ArticleNote)


class SearchWord(models.Model):
    """A word of an edition's published titles and leads, and in how many articles it is: what
    "Did you mean …?" suggests (articles.vocabulary). Each edition's own, in its own script."""

    edition = models.CharField(max_length=10)
    word = models.CharField(max_length=40)
    articles = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["edition", "word"], name="search_word_unique")]
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self):
        return f"{self.edition}: {self.word}"
