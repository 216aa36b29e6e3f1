"""Static files from the apps, minus what must never be published.

django-ckeditor ships CKEditor's sample pages, manual tests and helper HTML
pages inside its static folder. Served from our domain they would be pages
an attacker could link to (old demo code, our origin); the editor itself
needs none of them. They are left out of collectstatic and of the finders
that serve static files in development.
"""

from fnmatch import fnmatch

from django.contrib.staticfiles.finders import AppDirectoriesFinder

NEVER_PUBLISHED = (
    "ckeditor/ckeditor/samples/*",
    "ckeditor/ckeditor/plugins/*/tests/*",
    "ckeditor/*.html",
    "ckeditor/*.htm",
    "ckeditor/*.php",
    "ckeditor/*.md",
)


def never_published(path: str) -> bool:
    path = path.replace("\\", "/")
    return any(fnmatch(path, pattern) for pattern in NEVER_PUBLISHED)


class PublicAppDirectoriesFinder(AppDirectoriesFinder):
    def find(self, path, find_all=False, **kwargs):
        if never_published(path):
            return []  # what the stock finders return for "not here"
        return super().find(path, find_all=find_all, **kwargs)

    def list(self, ignore_patterns):
        for path, storage in super().list(ignore_patterns):
            if not never_published(path):
                yield path, storage
