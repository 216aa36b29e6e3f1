from django.urls import path, register_converter

from . import views


class LanguageConverter:
    regex = "uz|ru|en"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(LanguageConverter, "lang")

app_name = "articles"
urlpatterns = [
    path("", views.home, name="home"),
    path("<lang:lang>/", views.home, name="edition"),
    path("<lang:lang>/news/<int:pk>-<slug:slug>/", views.article_detail, name="detail"),
]
