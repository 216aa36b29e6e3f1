from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelatedConfig(AppConfig):
    name = "related"
    verbose_name = _("Similar news")

    def ready(self):
        from articles.signals import article_changed, articles_imported

        from . import receivers

        article_changed.connect(receivers.article_changed, dispatch_uid="related_article_changed")
        articles_imported.connect(receivers.articles_imported, dispatch_uid="related_articles_imported")
