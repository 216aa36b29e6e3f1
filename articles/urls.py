from django.urls import path

from . import feeds, views

app_name = "articles"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("news/<int:pk>-<slug:slug>/", views.article_detail, name="detail"),
    path("news/<int:pk>/live/", views.live_entries, name="live"),
    path("category/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("category/<slug:slug>/rss/", feeds.CategoryFeed(), name="category_feed"),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("author/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("author/<slug:slug>/rss/", feeds.AuthorFeed(), name="author_feed"),
    path("corrections/", views.CorrectionsView.as_view(), name="corrections"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("rss/", feeds.EditionFeed(), name="feed"),
]
