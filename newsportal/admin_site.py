"""The admin site as the newsroom meets it: the site's name, and the dashboard as its first page."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class NewsroomAdminSite(admin.AdminSite):
    site_header = _("Newsportal newsroom")
    site_title = _("Newsportal newsroom")
    index_title = _("Newsroom")
    index_template = "admin/dashboard.html"

    def index(self, request, extra_context=None):
        """The dashboard (articles.dashboard) for whoever may read articles; the app list for others."""
        context = dict(extra_context or {})
        if request.user.has_perm("articles.view_article"):
            from articles import dashboard

            context["board"] = dashboard.build(request.user)
        return super().index(request, context)
