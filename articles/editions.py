"""Editions: the site's language codes (settings.LANGUAGES) and the content each one shows.

An article is written in one language (``Article.language``: uz, ru, en). An edition shows one
language's articles in one script: ``uz`` and ``uz-cyrl`` both show the Uzbek articles, the second
in Cyrillic, from the copies kept on save (``articles.cyrillic``). So the Uzbek Cyrillic edition
has its own addresses (``/uz-cyrl/``), interface catalogue (``locale/uz_Cyrl``) and cached pages,
and shares its articles, sections, tags and similar news with the Latin one.

``/uz-cyrl/`` rather than ``/oz/`` (which some Uzbek portals use): it is the language tag itself
(BCP 47 ``uz-Cyrl``, as browsers send it in Accept-Language), so Django's language negotiation,
``hreflang`` and search engines read it without a table of our own.
"""

from django.utils.translation import get_language

CYRILLIC = "uz-cyrl"
# Editions that show another edition's articles in another script: {edition: content language}.
SCRIPTS = {CYRILLIC: "uz"}
# Each edition's own name in its own language and script, for the switcher.
NAMES = {"uz": "O‘zbekcha", CYRILLIC: "Ўзбекча", "ru": "Русский", "en": "English"}
# hreflang / HTML lang: the two Uzbek editions name their script.
TAGS = {"uz": "uz-Latn", CYRILLIC: "uz-Cyrl"}


def content_language(edition: str | None = None) -> str:
    """The language of the articles ``edition`` (default: the active one) shows: "uz" for both Uzbeks."""
    edition = edition or get_language() or "uz"
    return SCRIPTS.get(edition, edition)


def is_cyrillic(edition: str | None = None) -> bool:
    """Does ``edition`` (default: the active one) show its text in the Uzbek Cyrillic copies?"""
    return (edition or get_language()) == CYRILLIC


def editions_of(*languages: str) -> list[str]:
    """Every edition that shows articles of these languages: "uz" → ["uz", "uz-cyrl"]."""
    result = []
    for language in languages:
        result.append(language)
        result += [edition for edition, shown in SCRIPTS.items() if shown == language]
    return list(dict.fromkeys(result))


def language_tag(edition: str) -> str:
    """The BCP 47 tag of an edition for hreflang, ``lang`` and structured data ("uz-Cyrl")."""
    return TAGS.get(edition, edition)


def edition_for(language: str, edition: str | None = None) -> str:
    """The edition in which to link to an article of ``language``: the active edition (default) when
    it shows that language (a Cyrillic page links the Cyrillic addresses), else the language's own."""
    edition = edition or get_language()
    return edition if edition and content_language(edition) == language else language
