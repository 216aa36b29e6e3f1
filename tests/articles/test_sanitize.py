import pytest

from articles.sanitize import clean_html, html_to_text, text_to_html

from .factories import ArticleFactory

HOSTILE = [
    ("<script>alert(1)</script><p>ok</p>", "<p>ok</p>"),
    ('<p onclick="steal()">text</p>', "<p>text</p>"),
    ('<img src="x" onerror="alert(1)">', '<img src="x">'),
    ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
    ('<a href="java&#x09;script:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
    ('<img src="data:image/svg+xml;base64,PHN2Zz4=">', "<img>"),
    ('<a href="data:text/html,<script>alert(1)</script>">x</a>', '<a rel="noopener noreferrer">x</a>'),
    ('<iframe src="https://evil.example/"></iframe>', ""),
    ("<style>body{display:none}</style>", ""),
    ('<p style="background:url(javascript:alert(1))">x</p>', "<p>x</p>"),
    ("<svg><script>alert(1)</script></svg>", ""),
    ('<object data="x.swf"></object><embed src="x.swf">', ""),
    ('<form action="/admin/"><input name="q"></form>', ""),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', ""),
    ('<base href="https://evil.example/">', ""),
    ("<!-- <script>alert(1)</script> -->", ""),
    ('<div><p>nested <b onmouseover="x()">bold</b></p></div>', "<p>nested <b>bold</b></p>"),
    ("<scr<script>ipt>alert(1)</script>", "ipt&gt;alert(1)"),
]


@pytest.mark.parametrize(("dirty", "clean"), HOSTILE)
def test_hostile_html_is_neutralised(dirty, clean):
    assert clean_html(dirty) == clean


@pytest.mark.parametrize(
    "markup",
    [
        "<h2>Subheading</h2>",
        "<blockquote>We will never recognise it</blockquote>",
        "<ul><li>one</li><li>two</li></ul>",
        '<p><a href="https://example.org/report" rel="noopener noreferrer">report</a></p>',
        '<img src="/media/uploads/2026/11/a.jpg" alt="Crowd" width="800" height="450">',
        "<table><tbody><tr><td>1</td></tr></tbody></table>",
    ],
)
def test_editorial_markup_is_kept(markup):
    assert clean_html(markup) == markup


@pytest.mark.django_db
def test_article_body_is_sanitised_on_every_save():
    article = ArticleFactory(body='<p onclick="x()">Hello</p><script>steal()</script>')
    article.refresh_from_db()
    assert article.body == "<p>Hello</p>"


def test_plain_text_becomes_escaped_paragraphs():
    assert text_to_html("One <b>\nline\n\nTwo") == "<p>One &lt;b&gt;<br>line</p>\n<p>Two</p>"


def test_html_to_text_drops_tags_and_script_content():
    assert html_to_text("<p>A &amp; B</p><script>x()</script>") == "A & B"
