"""Allow-list sanitiser for article bodies.

Every body passes through ``clean_html`` before it is stored, whatever wrote
it (the admin, the import, code), so the template may mark it safe. Anything
not listed here is dropped: scripts, styles, iframes, event handlers,
``javascript:`` and ``data:`` URLs. Attributes whose value matters (a language,
a direction, an embed's provider and id) are kept only with a valid value.
"""

import html
import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup", "mark", "cite", "q",
    "abbr", "span", "dl", "dt", "dd", "blockquote", "ul", "ol", "li", "a", "img", "figure", "figcaption",
    "hr", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "pre", "code",
}  # fmt: skip
_TEXT_DIRECTION = {"lang", "dir"}  # a Russian quote in an English text is read out as Russian
ALLOWED_ATTRIBUTES = {
    "*": set(),  # none on every element (the library's default would allow lang and title anywhere)
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "span": _TEXT_DIRECTION,
    "p": _TEXT_DIRECTION,
    "blockquote": _TEXT_DIRECTION,
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    # An embed (articles.embeds): our own markup, re-made from its link on every save.
    "figure": {"class", "data-embed", "data-embed-id", "data-embed-start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_SPAN = re.compile(r"[1-9][0-9]{0,2}")
# What an attribute's value must be for it to stay; an attribute not named here keeps any value.
ATTRIBUTE_VALUES = {
    "lang": re.compile(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,3}"),
    "dir": re.compile(r"ltr|rtl|auto"),
    "scope": re.compile(r"row|col|rowgroup|colgroup"),
    "colspan": _SPAN,
    "rowspan": _SPAN,
    "start": re.compile(r"-?[0-9]{1,6}"),
    "width": re.compile(r"[0-9]{1,5}"),
    "height": re.compile(r"[0-9]{1,5}"),
    "class": re.compile(r"embed"),
    "data-embed": re.compile(r"youtube|vimeo|telegram|instagram|x|facebook"),
    "data-embed-id": re.compile(r"[A-Za-z0-9_-]{1,40}(/[0-9]{1,12})?"),
    "data-embed-start": re.compile(r"[0-9]{1,6}"),
}


def _valid(tag: str, attribute: str, value: str) -> str | None:
    pattern = ATTRIBUTE_VALUES.get(attribute)
    value = value.strip()
    return value if pattern is None or pattern.fullmatch(value) else None


def clean_html(value: str) -> str:
    """Return ``value`` with only allow-listed tags, attributes and URLs."""
    return nh3.clean(
        value or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_valid,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def text_to_html(text: str) -> str:
    """Plain text to paragraphs: a blank line splits them, a newline breaks a line."""
    paragraphs = [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n")]
    return "\n".join("<p>{}</p>".format(html.escape(p).replace("\n", "<br>")) for p in paragraphs if p)


def html_to_text(value: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed (for excerpts)."""
    text = nh3.clean(value or "", tags=set(), attributes={})
    return " ".join(html.unescape(text).split())
