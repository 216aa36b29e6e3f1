from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from . import desks, images, revisions
from .live import LiveEntry
from .media import MediaImage
from .models import Article
from .services import user_can_publish
from .widgets import CoverInput

COPY_HELP = _("Filled from the Latin text on save. Write your own to keep it; empty it to go back.")
NO_PUBLISH = _("You do not have permission to publish articles.")
EDIT_CONFLICT = _(
    "%(who)s saved this article at %(when)s, after you opened it. Your version was not saved: it is "
    "shown below. Copy what you need, then open the article again to edit the latest version "
    "(its history shows what changed)."
)


class CheckedImageField(forms.ImageField):
    """An image field whose errors name the real problem (format, pixels, frames, damage)."""

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is not None:
            images.validate_image(upload)
        return upload


class CyrillicCopiesForm(forms.ModelForm):
    """A form of a model with Uzbek Cyrillic copies (``CyrillicCopies``): a copy the editor changed is
    theirs and kept from then on; one they emptied is transliterated again; one left as it was
    follows its Latin field."""

    def clean(self):
        cleaned = super().clean()
        manual = set(self.instance.cyrillic_manual or ())
        for field, copy in self._meta.model.CYRILLIC_FIELDS.items():
            if copy in self.fields and copy in self.changed_data:
                if (cleaned.get(copy) or "").strip():
                    manual.add(field)
                else:
                    manual.discard(field)
        self.instance.cyrillic_manual = sorted(manual)
        return cleaned


class ArticleAdminForm(CyrillicCopiesForm):
    cover = CheckedImageField(
        label=capfirst(_("cover image")),
        required=False,
        help_text=Article._meta.get_field("cover").help_text,
        widget=CoverInput,
    )

    source_url = forms.URLField(label=capfirst(_("source link")), required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 - ArticleAdmin.fieldsets picks the fields
        widgets = {
            # The whole headline in view while it is written: two lines that grow, never a cut-off box.
            "title": forms.Textarea(attrs={"rows": 2}),
            "lead_cyrl": forms.Textarea(attrs={"rows": 3}),
            "body_cyrl": forms.Textarea(attrs={"rows": 10, "class": "vLargeTextField"}),
        }
        help_texts = {
            "title_cyrl": COPY_HELP,
            "lead_cyrl": COPY_HELP,
            "body_cyrl": _(
                "HTML, as the Latin body. Filled from it on save; edit the HTML here to keep your own "
                "(it is sanitised like the body), empty it to go back."
            ),
            "cover_alt_cyrl": COPY_HELP,
            "cover_caption_cyrl": COPY_HELP,
        }

    # The lock counter the editor's copy was loaded with (optimistic locking).
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    user = None  # set by ArticleAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.lock_version
        if "cover" in self.fields and self.instance.cover:
            cover = self.fields["cover"].widget
            cover.preview = self.instance.rendition("card-480")
            cover.preview_alt = self.instance.cover_alt
        if "status" in self.fields and not user_can_publish(self.user):
            status = self.fields["status"]
            authors = {Article.Status.DRAFT, Article.Status.REVIEW}  # publishing and taking down are editors'
            status.choices = [choice for choice in status.choices if choice[0] in authors]
            status.error_messages["invalid_choice"] = NO_PUBLISH
        if "language" in self.fields and self.user is not None:
            language = self.fields["language"]
            mine = desks.editions_of_user(self.user)
            language.choices = [choice for choice in language.choices if choice[0] in mine]
            language.error_messages["invalid_choice"] = _("You are not on the desk of that edition.")

    def clean_title(self):
        # A headline is one line however it was typed or pasted into its box.
        return " ".join(self.cleaned_data["title"].split())

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status in (Article.Status.PUBLISHED, Article.Status.UNPUBLISHED) and not user_can_publish(self.user):
            raise forms.ValidationError(NO_PUBLISH)
        return status

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self._check_not_changed_meanwhile(cleaned.get("loaded_version"))
        language, tags = cleaned.get("language"), cleaned.get("tags")
        if language and tags:
            foreign = [tag.name for tag in tags if tag.language != language]
            if foreign:
                self.add_error(
                    "tags",
                    _("These tags belong to another edition: %(tags)s. Choose or create this edition's own.")
                    % {"tags": ", ".join(foreign)},
                )
        return cleaned

    def _check_not_changed_meanwhile(self, loaded):
        """Refuse a save made from an older copy than the stored one.

        The admin's change view runs in a transaction; the row lock taken here
        holds until this save commits, so two saves cannot both pass.
        """
        row = Article.objects.select_for_update().filter(pk=self.instance.pk)
        current = row.values_list("lock_version", flat=True).first()
        if current is None or loaded == current:
            return
        last = (
            Version.objects.get_for_object_reference(Article, self.instance.pk).select_related("revision__user").first()
        )
        who = _("Someone else")
        when = "—"
        if last is not None:
            if last.revision.user is not None:
                who = last.revision.user.get_full_name() or last.revision.user.get_username()
            when = revisions.when(last.revision.date_created)
        raise forms.ValidationError(EDIT_CONFLICT % {"who": who, "when": when}, code="edit_conflict")


class LiveEntryForm(forms.ModelForm):
    """A live entry in one step, from the article's admin page: text (a paragraph a line; a video or
    post link on a line of its own becomes an embed), a library picture, an author, "key"."""

    class Meta:
        model = LiveEntry
        fields = ["body", "image", "author", "is_key"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4, "cols": 60})}

    def __init__(self, *args, article=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.fields["body"].help_text = _(
            "A paragraph a line. A YouTube, Telegram, X or Instagram link on a line of its own becomes an embed."
        )
        newest = list(MediaImage.objects.values_list("pk", flat=True)[:50])
        self.fields["image"].queryset = MediaImage.objects.filter(pk__in=newest)
        self.fields["image"].help_text = _("One of the 50 newest pictures of the media library.")

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Write the entry's text."))
        return body  # plain text becomes paragraphs, and HTML is cleaned, on save (articles.live)
