"""Editor control over similar news, as inlines of the article admin (which knows nothing of them:
they are added to it here)."""

from django.contrib import admin

from articles.admin import ArticleAdmin

from .models import RelatedExclusion, RelatedPin


class RelatedPinInline(admin.TabularInline):
    model = RelatedPin
    fk_name = "article"
    autocomplete_fields = ["related"]
    fields = ["related", "position"]
    extra = 0


class RelatedExclusionInline(admin.TabularInline):
    model = RelatedExclusion
    fk_name = "article"
    autocomplete_fields = ["excluded"]
    extra = 0


ArticleAdmin.inlines = [*ArticleAdmin.inlines, RelatedPinInline, RelatedExclusionInline]
