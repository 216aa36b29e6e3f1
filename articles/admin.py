from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from related.admin import ARTICLE_INLINES

from . import services
from .forms import ArticleAdminForm
from .models import Article, Category, Tag


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_ru", "name_uz", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name_en"]}
    search_fields = ["name_en", "name_ru", "name_uz"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["thumbnail", "title", "category", "language", "status", "published_at", "view_count"]
    list_display_links = ["thumbnail", "title"]
    list_filter = ["status", "language", "category", "is_breaking", "is_featured"]
    list_select_related = ["category"]
    search_fields = ["title", "lead", "external_id"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["tags", "translation_of"]
    actions = ["publish_selected", "unpublish_selected"]
    inlines = ARTICLE_INLINES
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead", "body"]}),
        (_("Cover"), {"fields": ["cover", "cover_alt", "cover_caption", "cover_credit"]}),
        (
            _("Publishing"),
            {
                "fields": [
                    "language",
                    "translation_of",
                    "category",
                    "tags",
                    "status",
                    "published_at",
                    "is_breaking",
                    "is_featured",
                    "suggest_similar",
                ]
            },
        ),
        (_("Source"), {"fields": ["source", "source_url"]}),
        (
            _("Record"),
            {"fields": ["author", "view_count", "created_at", "updated_at", "revised_at", "external_id"]},
        ),
    ]

    class Media:
        js = ["articles/admin/ckeditor-csrf.js"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        return form

    def get_readonly_fields(self, request, obj=None):
        fields = ["view_count", "created_at", "updated_at", "revised_at", "external_id"]
        if not services.user_can_publish(request.user):
            fields.append("author")
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        # The slug is filled from the title only while the article is new, so
        # a headline edit never changes a published address.
        return self.prepopulated_fields if obj is None else {}

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if services.user_can_publish(request.user):
            return queryset
        return queryset.filter(author=request.user)

    def has_change_permission(self, request, obj=None):
        # Authors may not touch what is live; editors may.
        if obj is not None and obj.status == Article.Status.PUBLISHED and not services.user_can_publish(request.user):
            return False
        return super().has_change_permission(request, obj)

    def has_publish_permission(self, request):
        return services.user_can_publish(request.user)

    def save_model(self, request, obj, form, change):
        services.article_save(article=obj, user=request.user)

    @admin.display(description=_("Cover"))
    def thumbnail(self, obj):
        image = obj.rendition("card-480")
        if not image:
            return "—"
        return format_html('<img src="{}" alt="" width="80" height="45" style="object-fit:cover">', image["url"])

    @admin.action(description=_("Publish selected articles"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        done = self._apply(request, queryset, services.article_publish)
        if done:
            message = ngettext("%(count)d article published.", "%(count)d articles published.", done)
            self.message_user(request, message % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Unpublish selected articles"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        done = self._apply(request, queryset, services.article_unpublish)
        if done:
            message = ngettext("%(count)d article unpublished.", "%(count)d articles unpublished.", done)
            self.message_user(request, message % {"count": done}, messages.SUCCESS)

    def _apply(self, request, queryset, service) -> int:
        """Run ``service`` on each article; one invalid article does not stop the rest."""
        done = 0
        for article in queryset:
            try:
                service(article=article, user=request.user)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{article}: {' '.join(error.messages)}", messages.ERROR)
        return done
