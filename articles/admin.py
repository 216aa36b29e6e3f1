from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.admin import VersionAdmin
from reversion.models import Version

from . import dashboard, desks, live, revisions, services, storytelling
from .forms import ArticleAdminForm, CyrillicCopiesForm, LiveEntryForm
from .models import SCHEDULED, SHOWN_STATUSES, Article, Category, CyrillicException, Tag
from .sanitize import clean_html

ZONE_NAMES = {"Asia/Tashkent": _("Tashkent time")}


def zone_name() -> str:
    """The site's time zone as editors say it: "Tashkent time" for Asia/Tashkent."""
    zone = timezone.get_current_timezone_name()
    if zone in ZONE_NAMES:
        return str(ZONE_NAMES[zone])
    return _("%(city)s time") % {"city": zone.rsplit("/", 1)[-1].replace("_", " ")}


def zone_offset() -> str:
    """ "UTC+05:00" for Asia/Tashkent, now."""
    offset = timezone.localtime().strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}"


def scheduled_message(article: Article) -> str:
    """ "Scheduled for Thu 3 Dec, 09:00 (Tashkent time)"."""
    when = timezone.localtime(article.published_at)
    return _("Scheduled for %(when)s (%(zone)s).") % {
        "when": formats.date_format(when, "D j M, H:i"),
        "zone": zone_name(),
    }


def _stored(field, value):
    """A form value as the database keeps it: a body sanitised, tags and sections as ids."""
    if field.name == "body" and isinstance(value, str):
        return clean_html(value)
    if field.many_to_many:
        return sorted(getattr(item, "pk", item) for item in (value or []))
    return getattr(value, "pk", value)


class ShownStatusFilter(admin.SimpleListFilter):
    """The statuses readers' eyes decide: a published article with a future time is Scheduled."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return list(SHOWN_STATUSES.items())

    def queryset(self, request, queryset):
        value, now = self.value(), timezone.now()
        if value == SCHEDULED:
            return queryset.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
        if value == Article.Status.PUBLISHED:
            return queryset.filter(status=Article.Status.PUBLISHED, published_at__lte=now)
        if value in SHOWN_STATUSES:
            return queryset.filter(status=value)
        return queryset


class TaxonomyAdmin(admin.ModelAdmin):
    """Sections and tags are named on pages of every edition: each change makes them all stale."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.taxonomy_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.taxonomy_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        services.taxonomy_changed()


class TaxonomyForm(CyrillicCopiesForm):
    pass


@admin.register(Category)
class CategoryAdmin(TaxonomyAdmin):
    form = TaxonomyForm
    fields = ["name_uz", "name_cyrl", "name_ru", "name_en", "slug", "position"]
    list_display = ["name_en", "name_ru", "name_uz", "name_cyrl", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name_en"]}
    search_fields = ["name_en", "name_ru", "name_uz"]


@admin.register(Tag)
class TagAdmin(TaxonomyAdmin):
    """Tags of each edition; an article's tag field offers those of the article's edition first and
    refuses another edition's (ArticleAdminForm)."""

    form = TaxonomyForm
    fields = ["language", "name", "name_cyrl", "slug"]
    list_display = ["name", "name_cyrl", "language", "slug"]
    list_filter = ["language"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "name_cyrl"]


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    """Articles, with every save kept as a revision (history, differences, restore, trash)."""

    form = ArticleAdminForm
    object_history_template = "admin/articles/article/object_history.html"
    history_latest_first = True
    list_display = ["thumbnail", "title", "category", "language", "shown_status", "published_at", "view_count"]
    list_display_links = ["title"]  # the thumbnail is decorative: a link needs words
    list_filter = [ShownStatusFilter, "language", "category", "is_breaking", "is_featured"]
    list_select_related = ["category"]
    search_fields = ["title", "lead", "external_id"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["tags", "translation_of"]
    actions = ["publish_selected", "unpublish_selected"]  # apps above add theirs (telegram)
    inlines = []  # apps above articles add theirs (related: pinned and excluded similar news)
    extra_readonly = []  # and read-only fields of theirs (telegram: the delivery status)
    list_per_page = 50
    fieldsets = [
        # "side-panel" fieldsets stand beside the text on a wide screen (change_form.html, admin.css).
        (None, {"fields": ["title", "slug", "lead", "body", "loaded_version"], "classes": ["article-text"]}),
        (_("Cover"), {"fields": ["cover", "cover_alt", "cover_caption", "cover_credit"], "classes": ["cover-panel"]}),
        (
            _("Publishing"),
            {
                "classes": ["side-panel"],
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
                    "live_started_at",
                    "post_to_telegram",
                ],
            },
        ),
        (
            _("Uzbek in Cyrillic"),
            {
                "fields": ["title_cyrl", "lead_cyrl", "body_cyrl", "cover_alt_cyrl", "cover_caption_cyrl"],
                "classes": ["collapse"],
                "description": _(
                    "An Uzbek article is also shown in Cyrillic, transliterated when it is saved. Correct a "
                    "word for every article in Cyrillic spellings; correct one article here."
                ),
            },
        ),
        (_("Source"), {"fields": ["source", "source_url"], "classes": ["side-panel"]}),
        (
            _("Record"),
            {
                "fields": ["author", "view_count", "created_at", "updated_at", "revised_at", "external_id"],
                "classes": ["side-panel"],
            },
        ),
    ]

    class Media:
        js = ["articles/admin/ckeditor-csrf.js", "articles/admin/labels.js"]
        css = {"all": ["articles/admin/admin.css", "css/dashboard.css"]}

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.language != "uz":  # the Cyrillic copies are the Uzbek articles'
            fieldsets = [fieldset for fieldset in fieldsets if "title_cyrl" not in fieldset[1]["fields"]]
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        if "published_at" in form.base_fields:
            form.base_fields["published_at"].help_text = _(
                "%(zone)s (%(offset)s). A future time schedules the article: it appears by itself when the time comes."
            ) % {"zone": zone_name(), "offset": zone_offset()}
            # The field's label names neither box of a split date and time: each says what it takes.
            date, time = form.base_fields["published_at"].widget.widgets
            date.attrs["aria-label"] = _("Publish date (year-month-day)")
            time.attrs["aria-label"] = _("Publish time (hours:minutes)")
        if "tags" in form.base_fields:
            # Select2 puts a "clear all" button inside the list of chosen tags, which a list may not
            # hold (screen readers then misread it); each tag keeps its own remove button.
            form.base_fields["tags"].widget.widget.is_required = True
        return form

    def get_readonly_fields(self, request, obj=None):
        fields = ["view_count", "created_at", "updated_at", "revised_at", "external_id", *self.extra_readonly]
        if not services.user_can_publish(request.user):
            fields += ["author", "is_breaking", "is_featured"]  # an editor's call
        return fields

    def get_inlines(self, request, obj):
        # A correction or an update is of a published text: a new article has none.
        return [inline for inline in self.inlines if obj is not None or not getattr(inline, "change_only", False)]

    def get_prepopulated_fields(self, request, obj=None):
        # The slug is filled from the title only while the article is new, so
        # a headline edit never changes a published address.
        return self.prepopulated_fields if obj is None else {}

    def get_queryset(self, request):
        """The list (and its bulk actions) holds the editions of the user's desks; any article opens,
        read-only where the user may not change it, so a link from a colleague never says "doesn't exist"."""
        queryset = super().get_queryset(request)
        match = request.resolver_match
        if match is not None and match.url_name == "articles_article_changelist":
            queryset = queryset.filter(language__in=desks.editions_of_user(request.user))
        return queryset

    def why_read_only(self, request, obj) -> str:
        """Why ``request.user`` may not change ``obj``, in words; "" when they may."""
        user = request.user
        if not desks.works_on(user, obj.language):
            return _("Only the %(desk)s can change this article.") % {"desk": desks.desk_label(obj.language)}
        if services.user_can_publish(user):
            return ""
        if obj.status == Article.Status.PUBLISHED:
            return _("Only an editor can change this article: it is published.")
        if obj.author_id != user.pk:
            return _("Only an editor can change this article: it is a colleague's.")
        return ""

    def has_change_permission(self, request, obj=None):
        # Authors change their own articles until they are published; editors any of their desks'.
        if obj is not None and self.why_read_only(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not desks.works_on(request.user, obj.language):
            return False
        return super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        article = self.get_object(request, object_id) if request.method == "GET" else None
        if article is not None and self.has_view_permission(request, article):
            reason = self.why_read_only(request, article)
            if reason:
                self.message_user(request, reason, messages.WARNING)
            extra_context["views_chart"] = dashboard.article_chart(article)
            if article.live_started_at and services.user_can_publish(request.user):
                extra_context["live"] = {
                    "entries": list(article.live_entries.select_related("author")[:20]),
                    "form": LiveEntryForm(article=article),
                    "open": article.is_live,
                }
        return super().change_view(request, object_id, form_url, extra_context)

    def live_add_view(self, request, object_id):
        """The live panel's one step: a new entry (or the final one, which closes the coverage), without
        saving the article's form."""
        article = get_object_or_404(self.get_queryset(request), pk=object_id)
        back = reverse("admin:articles_article_change", args=[article.pk]) + "#live-panel"
        if request.method != "POST":
            return redirect(back)
        form = LiveEntryForm(request.POST, article=article)
        if not form.is_valid():
            for errors in form.errors.values():
                self.message_user(request, " ".join(errors), messages.ERROR)
            return redirect(back)
        try:
            if request.POST.get("close"):
                live.live_close(article=article, text=form.cleaned_data["body"], user=request.user)
                self.message_user(request, _("The live coverage is closed with a final entry."), messages.SUCCESS)
            else:
                entry = form.save(commit=False)
                entry.article = article
                live.entry_save(entry=entry, user=request.user)
                self.message_user(request, _("Entry added: readers see it within seconds."), messages.SUCCESS)
        except (ValidationError, PermissionDenied) as error:
            self.message_user(request, " ".join(getattr(error, "messages", [str(error)])), messages.ERROR)
        return redirect(back)

    def has_publish_permission(self, request):
        return services.user_can_publish(request.user)

    def save_model(self, request, obj, form, change):
        services.article_save(article=obj, user=request.user)
        if obj.is_scheduled:
            self.message_user(request, scheduled_message(obj), messages.INFO)

    def save_related(self, request, form, formsets, change):
        """After the inlines: the bylines kept for the cards follow the byline rows, and a correction or
        an update moves the article's modified time, inside the same revision."""
        article = form.instance
        changed = {formset.model._meta.model_name for formset in formsets if formset.has_changed()}
        if not change and "articleauthor" in changed:
            # The rows given replace the writer's own byline that a new article starts with.
            storytelling.article_set_authors(article=article, authors=[])
        super().save_related(request, form, formsets, change)
        if "articleauthor" in changed:
            storytelling.article_set_authors(article=article, authors=storytelling.bylines_of(article))
            services.article_changed_around(article)
        if "articlenote" in changed:
            storytelling.article_noted(article=article)

    def changelist_view(self, request, extra_context=None):
        # Not inside one revision for the whole list (as VersionAdmin does): each
        # action keeps its own, and a bulk delete must store them before the rows go.
        context = {"has_change_permission": self.has_change_permission(request), **(extra_context or {})}
        if request.method == "GET" and not desks.editions_of_user(request.user):
            self.message_user(
                request,
                _("You are on no desk yet: ask an administrator to add you to the Uzbek, Russian or English desk."),
                messages.WARNING,
            )
        return admin.ModelAdmin.changelist_view(self, request, context)

    def delete_model(self, request, obj):
        services.article_delete(articles=[obj], user=request.user)

    def delete_queryset(self, request, queryset):
        """Deleting keeps a last revision of each article, so "Recover deleted articles" can bring it back."""
        services.article_delete(articles=queryset, user=request.user)

    # History: what each revision changed, and a restore in one step.

    def get_urls(self):
        return [
            path(
                "<path:object_id>/history/<int:version_id>/changes/",
                self.admin_site.admin_view(self.changes_view),
                name="articles_article_changes",
            ),
            path(
                "<path:object_id>/live/add/",
                self.admin_site.admin_view(self.live_add_view),
                name="articles_article_live_add",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name="articles_article_restore",
            ),
        ] + super().get_urls()

    def _version(self, request, object_id, version_id):
        article = get_object_or_404(self.get_queryset(request), pk=object_id)
        version = get_object_or_404(
            Version.objects.get_for_object(article).select_related("revision__user"), pk=version_id
        )
        return article, version

    def history_view(self, request, object_id, extra_context=None):
        rows = revisions.history(object_id)
        for row in rows:
            pk = row["version"].pk
            row["changes_url"] = reverse("admin:articles_article_changes", args=[object_id, pk])
            row["restore_url"] = reverse("admin:articles_article_restore", args=[object_id, pk])
        return super().history_view(request, object_id, {"revisions": rows, **(extra_context or {})})

    def changes_view(self, request, object_id, version_id):
        article, version = self._version(request, object_id, version_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        before = revisions.previous(version)
        latest = revisions.is_latest(version)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Changes in the revision of %(when)s") % {"when": revisions.when(version.revision.date_created)},
            "article": article,
            "version": version,
            "before": before,
            "before_when": revisions.when(before.revision.date_created) if before else "",
            "changes": revisions.changes(version, before),
            "latest": latest,
            "can_restore": not latest and self.has_change_permission(request, article),
        }
        return TemplateResponse(request, "admin/articles/article/revision_changes.html", context)

    def restore_view(self, request, object_id, version_id):
        """GET asks (showing what would change back), POST restores; never the current revision."""
        article, version = self._version(request, object_id, version_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        if revisions.is_latest(version):
            self.message_user(request, _("This is the current revision: there is nothing to restore."), messages.ERROR)
            return redirect(reverse("admin:articles_article_history", args=[article.pk]))
        if request.method != "POST":
            current = revisions.versions(article.pk)[0]
            when = revisions.when(version.revision.date_created)
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Restore the revision of %(when)s?") % {"when": when},
                "article": article,
                "version": version,
                "changes": revisions.compare(version.field_dict, current.field_dict),
                "history_url": reverse("admin:articles_article_history", args=[article.pk]),
            }
            return TemplateResponse(request, "admin/articles/article/restore_confirm.html", context)
        try:
            revisions.article_restore(article=article, version=version, user=request.user)
        except (ValidationError, PermissionDenied) as error:
            reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            self.message_user(request, reason, messages.ERROR)
        else:
            self.message_user(request, _("The revision was restored; the restore is a new revision."))
        return redirect(change_url)

    # The revision's comment is the service's ("Changed.", "Published.", "Restored …"): django-reversion
    # would overwrite it with the form's changed fields, which name a field the editor did not touch
    # (a body CKEditor re-wrote, a time that lost its microseconds). The history lists real changes.

    def log_addition(self, request, obj, message):
        return admin.ModelAdmin.log_addition(self, request, obj, message)

    def log_change(self, request, obj, message):
        return admin.ModelAdmin.log_change(self, request, obj, message)

    def construct_change_message(self, request, form, formsets, add=False):
        """The admin's log ("Recent actions") names only the fields whose stored value changed."""
        if not add and form.changed_data:
            stored = {field.name: field for field in revisions.written_fields()}
            form.changed_data[:] = [
                name
                for name in form.changed_data
                if name not in stored
                or not revisions.same(
                    _stored(stored[name], form.initial.get(name)), _stored(stored[name], form.cleaned_data.get(name))
                )
            ]
        return super().construct_change_message(request, form, formsets, add)

    @admin.display(description=_("status"), ordering="status")
    def shown_status(self, obj):
        return format_html('<span class="status status-{}">{}</span>', obj.shown_status, obj.get_shown_status_display())

    @admin.display(description=_("Cover"))
    def thumbnail(self, obj):
        image = obj.rendition("card-480")
        if not image:
            return "—"
        return format_html('<img class="list-thumbnail" src="{}" alt="" width="80" height="45">', image["url"])

    @admin.action(description=_("Publish selected articles"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        done = self._apply(request, queryset, services.article_publish)
        scheduled = [article for article in done if article.is_scheduled]
        if len(done) > len(scheduled):
            count = len(done) - len(scheduled)
            message = ngettext("%(count)d article published.", "%(count)d articles published.", count)
            self.message_user(request, message % {"count": count}, messages.SUCCESS)
        for article in scheduled:
            self.message_user(request, f"{article}: {scheduled_message(article)}", messages.INFO)

    @admin.action(description=_("Unpublish selected articles"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        done = len(self._apply(request, queryset, services.article_unpublish))
        if done:
            message = ngettext("%(count)d article unpublished.", "%(count)d articles unpublished.", done)
            self.message_user(request, message % {"count": done}, messages.SUCCESS)

    def _apply(self, request, queryset, service) -> list[Article]:
        """Run ``service`` on each article; one invalid article does not stop the rest."""
        done = []
        for article in queryset:
            try:
                done.append(service(article=article, user=request.user))
            except ValidationError as error:
                self.message_user(request, f"{article}: {' '.join(error.messages)}", messages.ERROR)
            except PermissionDenied as error:
                self.message_user(request, f"{article}: {error}", messages.ERROR)
        return done


@admin.register(CyrillicException)
class CyrillicExceptionAdmin(admin.ModelAdmin):
    """The editors' dictionary of the Uzbek Cyrillic edition: a change respells every Uzbek article,
    section and tag that uses the word (their hand-written copies stay)."""

    list_display = ["latin", "cyrillic", "note"]
    search_fields = ["latin", "cyrillic", "note"]

    def save_model(self, request, obj, form, change):
        before = form.initial.get("latin") if change else None
        super().save_model(request, obj, form, change)
        self._respell(request, [obj.latin, before])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._respell(request, [obj.latin])

    def delete_queryset(self, request, queryset):
        words = list(queryset.values_list("latin", flat=True))
        super().delete_queryset(request, queryset)
        self._respell(request, words)

    def _respell(self, request, words):
        count = services.cyrillic_spelling_changed([word for word in words if word])
        if count:
            self.message_user(
                request,
                ngettext(
                    "%(count)d article is now spelt with it in Cyrillic.",
                    "%(count)d articles are now spelt with it in Cyrillic.",
                    count,
                )
                % {"count": count},
            )


from . import admin_storytelling  # noqa: E402, F401 - bylines, notes, galleries, the media library
