"""Allow-list sanitiser for article bodies.

Every body passes through ``clean_html`` before it is stored, whatever wrote
it (the admin, the import, code), so the template may mark it safe. Anything
not listed here is dropped: scripts, styles, iframes, event handlers,
``javascript:`` and ``data:`` URLs.
"""

import html

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "blockquote", "ul", "ol", "li", "a", "img", "figure", "figcaption", "hr",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "pre", "code",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean_html(value: str) -> str:
    """Return ``value`` with only allow-listed tags, attributes and URLs."""
    return nh3.clean(
        value or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
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
