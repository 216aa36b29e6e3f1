"""Desks: which editions a member of the newsroom works on.

A role (the "Author" or "Editor" group) says what someone may do; a desk (the "Uzbek desk",
"Russian desk" and "English desk" groups, which a superuser assigns) says where. An editor of the
Russian desk publishes Russian articles and only reads the English ones. The Uzbek desk writes
the Uzbek edition in both scripts (the Cyrillic copy is the same article). A superuser works on
every desk; a user in no desk changes nothing.
"""

from django.utils.translation import gettext_lazy as _

from .models import Language

# Group name per edition; migration 0015 creates the groups.
DESKS = {
    Language.UZ: "Uzbek desk",
    Language.RU: "Russian desk",
    Language.EN: "English desk",
}
DESK_LABELS = {
    Language.UZ: _("Uzbek desk"),
    Language.RU: _("Russian desk"),
    Language.EN: _("English desk"),
}


def editions_of_user(user) -> frozenset[str]:
    """The editions ``user`` works on (remembered on the user object for the request)."""
    if user is None or not getattr(user, "is_active", False):
        return frozenset()
    if user.is_superuser:
        return frozenset(DESKS)
    cached = getattr(user, "_desk_editions", None)
    if cached is None:
        by_name = {name: language for language, name in DESKS.items()}
        names = user.groups.filter(name__in=by_name).values_list("name", flat=True)
        cached = frozenset(by_name[name] for name in names)
        user._desk_editions = cached
    return cached


def works_on(user, language: str) -> bool:
    return language in editions_of_user(user)


def desk_label(language: str) -> str:
    return str(DESK_LABELS.get(language, language))
