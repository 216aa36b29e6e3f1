"""Embeds: a video or a post of another site, shown in an article from its link alone.

An editor pastes a link on a line of its own (or inserts one with the editor's "Embed" button). On
save, ``embed_links`` turns such a line into our own markup, which names the provider and the item
and keeps the link, nothing of the provider's HTML:

  <figure class="embed" data-embed="youtube" data-embed-id="dQw4w9WgXcQ"><a href="…">title</a></figure>

A page shows it as a link styled as a placeholder; static/js/embeds.js gives it a play button and
inserts the provider's player only when the reader asks for it, so nothing is requested from the
provider before that. A link of an unknown site, a private post or a malformed address stays a link.
"""

import html
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

# provider: (name shown to readers, the origin its player is framed from)
PROVIDERS = {
    "youtube": ("YouTube", "https://www.youtube-nocookie.com"),
    "vimeo": ("Vimeo", "https://player.vimeo.com"),
    "telegram": ("Telegram", "https://t.me"),
    "instagram": ("Instagram", "https://www.instagram.com"),
    "x": ("X", "https://platform.twitter.com"),
    "facebook": ("Facebook", "https://www.facebook.com"),
}


@dataclass(frozen=True)
class Embed:
    provider: str
    id: str
    start: int = 0  # seconds into a video

    @property
    def url(self) -> str:
        """The item's own address (the link readers without JavaScript follow)."""
        return {
            "youtube": "https://www.youtube.com/watch?v={}",
            "vimeo": "https://vimeo.com/{}",
            "telegram": "https://t.me/{}",
            "instagram": "https://www.instagram.com/p/{}/",
            "x": "https://x.com/i/status/{}",
            "facebook": "https://www.facebook.com/watch/?v={}",
        }[self.provider].format(self.id) + (f"&t={self.start}s" if self.start else "")

    @property
    def provider_name(self) -> str:
        return PROVIDERS[self.provider][0]


_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_YOUTUBE_HOSTS = {"youtube.com", "m.youtube.com", "music.youtube.com", "youtube-nocookie.com"}
_YOUTUBE_PATHS = re.compile(r"/(?:embed|shorts|live|v|e)/([^/]+)/?")
_DIGITS = re.compile(r"[0-9]{1,20}")
_CHANNEL = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,31}")
_INSTAGRAM = re.compile(r"/(?:[A-Za-z0-9_.]{1,30}/)?(?:p|reel|reels|tv)/([A-Za-z0-9_-]{5,40})/?")
_X_STATUS = re.compile(r"/(?:[A-Za-z0-9_]{1,15}|i(?:/web)?)/status(?:es)?/([0-9]{1,20})(?:/.*)?")
_FACEBOOK_VIDEO = re.compile(r"/(?:[A-Za-z0-9.\-]{1,80}/videos/(?:[^/]+/)?|reel/)([0-9]{5,20})/?")
_TELEGRAM_RESERVED = {"joinchat", "addstickers", "share", "proxy", "socks", "iv", "c", "s", "setlanguage"}


def parse(url: str) -> Embed | None:
    """The embed a link stands for, or None (an unknown site, a private or malformed address)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or parts.username or parts.password or parts.port:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    path, query = parts.path, parse_qs(parts.query)
    for parser in (_youtube, _vimeo, _telegram, _instagram, _x, _facebook):
        embed = parser(host, path, query)
        if embed is not None:
            return embed
    return None


def _youtube(host, path, query):
    if host == "youtu.be":
        candidate = path.strip("/")
    elif host in _YOUTUBE_HOSTS and path.rstrip("/") == "/watch":
        candidate = (query.get("v") or [""])[0]
    elif host in _YOUTUBE_HOSTS and (match := _YOUTUBE_PATHS.fullmatch(path)):
        candidate = match.group(1)
    else:
        return None
    if not _YOUTUBE_ID.fullmatch(candidate):
        return None
    return Embed("youtube", candidate, _seconds((query.get("t") or query.get("start") or [""])[0]))


def _seconds(value: str) -> int:
    """YouTube's start time: "90", "90s", "1m30s", "1h2m3s"."""
    match = re.fullmatch(r"(?:(\d{1,2})h)?(?:(\d{1,3})m)?(?:(\d{1,6})s?)?", value or "")
    if not match:
        return 0
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return min(hours * 3600 + minutes * 60 + seconds, 999_999)


def _vimeo(host, path, query):
    segments = [s for s in path.split("/") if s]
    if host == "player.vimeo.com" and len(segments) == 2 and segments[0] == "video":
        candidate = segments[1]
    elif host == "vimeo.com" and len(segments) == 1:
        candidate = segments[0]
    elif host == "vimeo.com" and len(segments) == 3 and segments[0] == "channels":
        candidate = segments[2]
    else:
        return None  # an unlisted video's address carries a private hash: it stays a link
    return Embed("vimeo", candidate) if _DIGITS.fullmatch(candidate) else None


def _telegram(host, path, query):
    if host not in ("t.me", "telegram.me"):
        return None
    segments = [s for s in path.split("/") if s]
    if len(segments) == 3 and segments[0] == "s":
        segments = segments[1:]  # t.me/s/<channel>/<n>: the channel's web preview of the same post
    if len(segments) != 2:
        return None  # a channel, an invitation, a private channel's post (t.me/c/…)
    channel, number = segments
    if channel.lower() in _TELEGRAM_RESERVED or not _CHANNEL.fullmatch(channel) or not _DIGITS.fullmatch(number):
        return None
    return Embed("telegram", f"{channel}/{int(number)}")


def _instagram(host, path, query):
    if host != "instagram.com" or not (match := _INSTAGRAM.fullmatch(path)):
        return None
    return Embed("instagram", match.group(1))


def _x(host, path, query):
    if host not in ("x.com", "twitter.com", "mobile.twitter.com", "mobile.x.com") or not (
        match := _X_STATUS.fullmatch(path)
    ):
        return None
    return Embed("x", match.group(1))


def _facebook(host, path, query):
    if host not in ("facebook.com", "m.facebook.com", "web.facebook.com"):
        return None
    if path.rstrip("/") == "/watch":
        candidate = (query.get("v") or [""])[0]
        return Embed("facebook", candidate) if re.fullmatch(r"[0-9]{5,20}", candidate) else None
    match = _FACEBOOK_VIDEO.fullmatch(path)
    return Embed("facebook", match.group(1)) if match else None


# --- the body --------------------------------------------------------------------------------------

# A line that is only a link (after clean_html: quoted attributes, one paragraph), a bare address on
# a line, or an embed stored before.
_LINE = re.compile(
    r"<(p|figure)(?: [^>]*)?>\s*"
    r"(?:<a href=\"(?P<href>[^\"]*)\"[^>]*>(?P<text>(?:(?!</a>)[\s\S]){0,500})</a>|(?P<bare>https?://[^\s<]{1,500}))"
    r"\s*</\1>"
)
_TAGS = re.compile(r"<[^>]+>")


def embed_links(body: str) -> str:
    """``body`` (sanitised) with every line that is only a provider's link made an embed; an embed whose
    link is no longer one becomes a plain link again."""
    if "http" not in body:
        return body
    return _LINE.sub(_replace, body)


def _replace(match) -> str:
    href = html.unescape(match.group("href") or match.group("bare") or "")
    text = " ".join(_TAGS.sub("", match.group("text") or "").split())
    embed = parse(href)
    if embed is None:
        if match.group(1) == "p":
            return match.group(0)
        return f'<p><a href="{html.escape(href)}" rel="noopener noreferrer">{text or html.escape(href)}</a></p>'
    # The editor's words for it when they are not the address itself (a title); else the provider's name.
    shown = text if text and html.unescape(text) not in (href, embed.url) and "://" not in text else ""
    start = f' data-embed-start="{embed.start}"' if embed.start else ""
    return (
        f'<figure class="embed" data-embed="{embed.provider}" data-embed-id="{embed.id}"{start}>'
        f'<a href="{html.escape(embed.url)}" rel="noopener noreferrer">{shown or embed.provider_name}</a></figure>'
    )


_EMBEDDED = re.compile(r'data-embed="([a-z]+)"')


def providers_in(body: str) -> list[str]:
    """The providers whose embeds ``body`` holds, in a stable order."""
    found = set(_EMBEDDED.findall(body)) if "data-embed=" in body else set()
    return [provider for provider in PROVIDERS if provider in found]


def frame_origins(body: str) -> list[str]:
    """The origins a page with ``body`` may frame: its embeds' players."""
    return [PROVIDERS[provider][1] for provider in providers_in(body)]
