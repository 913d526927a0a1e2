from __future__ import annotations

import pytest

from cyberpeace.text import render_markdown

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    "<style>body{display:none}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<svg onload="alert(1)"><circle/></svg>',
    '<div onmouseover="alert(1)">hover</div>',
    '<body onload="alert(1)">',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://evil.example"><input name=x></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "<<script>script>alert(1)<</script>/script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "![x](javascript:alert(1))",
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
]
FORBIDDEN = [
    "<script", "onerror", "onload", "onmouseover", "javascript:", "vbscript:", "data:",
    "<iframe", "<style", "style=", "<svg", "<object", "<embed", "<form", "<meta", "<base",
    "<link", "<img",
]  # fmt: skip


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_survives(payload):
    html = render_markdown(payload).lower()
    for forbidden in FORBIDDEN:
        assert forbidden not in html, f"{forbidden!r} survived in {html!r}"


def test_links_get_rel_and_keep_their_address():
    html = render_markdown("See [the report](https://example.org/report).")
    assert html == (
        '<p>See <a href="https://example.org/report" rel="nofollow noopener ugc">'
        "the report</a>.</p>"
    )


def test_markdown_still_renders():
    html = render_markdown("Some **bold** and *italic*\n\n- one\n- two")
    assert "<strong>bold</strong>" in html
    assert "<em>italic</em>" in html
    assert "<li>one</li>" in html


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""
