"""The admin of bylines and authors, corrections and updates, the media library with galleries, and
live entries."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import live, services, storytelling
from .admin import ArticleAdmin
from .authors import ArticleAuthor, Author
from .forms import CheckedImageField, CyrillicCopiesForm
from .live import LiveEntry
from .media import GALLERY_MAX, GalleryImage, MediaImage
from .notes import ArticleNote


class AuthorForm(CyrillicCopiesForm):
    photo = CheckedImageField(label=_("photo"), required=False, help_text=Author._meta.get_field("photo").help_text)

    class Meta:
        model = Author
        fields = "__all__"  # noqa: DJ007 - AuthorAdmin.fieldsets picks the fields


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    form = AuthorForm
    list_display = ["__str__", "role_en", "user", "article_count"]
    search_fields = ["name_uz", "name_cyrl", "name_ru", "name_en", "slug"]
    autocomplete_fields = ["user"]
    fieldsets = [
        (_("Name"), {"fields": ["name_uz", "name_cyrl", "name_ru", "name_en", "slug"]}),
        (_("Role"), {"fields": ["role_uz", "role_cyrl", "role_ru", "role_en"]}),
        (_("Biography"), {"fields": ["bio_uz", "bio_cyrl", "bio_ru", "bio_en"]}),
        (_("Photo and links"), {"fields": ["photo", "links", "user"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("bylines_set"))

    @admin.display(description=_("articles"), ordering="article_total")
    def article_count(self, obj):
        return obj.article_total

    def save_model(self, request, obj, form, change):
        storytelling.author_save(author=obj)


class MediaImageForm(forms.ModelForm):
    image = CheckedImageField(label=_("picture"), help_text=MediaImage._meta.get_field("image").help_text)

    class Meta:
        model = MediaImage
        fields = ["image", "alt", "caption", "credit"]


@admin.register(MediaImage)
class MediaImageAdmin(admin.ModelAdmin):
    """Pictures uploaded once, found by caption, credit, description or date, and reused."""

    form = MediaImageForm
    list_display = ["preview", "__str__", "credit", "uploaded_at", "uploaded_by"]
    list_display_links = ["__str__"]
    search_fields = ["caption", "credit", "alt"]
    date_hierarchy = "uploaded_at"
    list_filter = ["uploaded_at"]
    list_per_page = 60

    @admin.display(description=_("picture"))
    def preview(self, obj):
        thumb = obj.thumbnail
        if not thumb:
            return "—"
        return format_html('<img class="list-thumbnail" src="{}" alt="" width="60" height="60">', thumb["url"])

    def get_readonly_fields(self, request, obj=None):
        return ["image"] if obj is not None else []  # another file is another picture: upload it anew

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        obj.save()
        if change:
            storytelling.media_image_changed(image=obj)


class BylineInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 0
    autocomplete_fields = ["author"]
    fields = ["author", "position"]
    verbose_name = _("byline")
    verbose_name_plural = _("bylines")


class NoteInline(admin.StackedInline):
    model = ArticleNote
    extra = 0
    fields = ["kind", "text", "noted_at"]
    change_only = True
    verbose_name_plural = _("corrections and updates")

    def has_add_permission(self, request, obj=None):
        # A note tells readers what changed in what they read: published articles only, by an editor.
        return bool(obj and obj.is_public and services.user_can_publish(request.user)) and super().has_add_permission(
            request, obj
        )


class GalleryFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and form.cleaned_data.get("image") and not form.cleaned_data.get("DELETE")
        ]
        if len(kept) > GALLERY_MAX:
            raise ValidationError(
                _("A gallery holds at most %(max)s pictures; this one has %(count)s. Remove some, or split the story.")
                % {"max": GALLERY_MAX, "count": len(kept)}
            )


class GalleryInline(admin.TabularInline):
    model = GalleryImage
    formset = GalleryFormSet
    extra = 0
    autocomplete_fields = ["image"]
    fields = ["image", "position"]
    verbose_name_plural = _("gallery (pictures from the media library)")


ArticleAdmin.inlines = [BylineInline, NoteInline, GalleryInline, *ArticleAdmin.inlines]


class LiveEntryAdminForm(forms.ModelForm):
    class Meta:
        model = LiveEntry
        fields = ["body", "image", "author", "is_key"]


@admin.register(LiveEntry)
class LiveEntryAdmin(admin.ModelAdmin):
    """Live entries, edited or deleted one by one (added from their article's page)."""

    form = LiveEntryAdminForm
    list_display = ["__str__", "article", "author", "is_key", "posted_at"]
    list_select_related = ["article", "author"]
    list_filter = ["is_key"]
    search_fields = ["body", "article__title"]
    raw_id_fields = ["image"]

    def has_add_permission(self, request):
        return False  # from the article's page: the entry belongs to it

    def has_change_permission(self, request, obj=None):
        return services.user_can_publish(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return services.user_can_publish(request.user) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        live.entry_save(entry=obj, user=request.user)

    def delete_model(self, request, obj):
        live.entry_delete(entry=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for entry in queryset.select_related("article"):
            live.entry_delete(entry=entry, user=request.user)

    def response_change(self, request, obj):
        return redirect(reverse("admin:articles_article_change", args=[obj.article_id]) + "#live-panel")
