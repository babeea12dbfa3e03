"""Rich text goes out as plain text exactly as Django's ``strip_tags`` would make it, even
though plain markup is stripped without Django's HTML parser."""

from __future__ import annotations

import html

import pytest
from django.utils.html import strip_tags

from portal.api.serializers import _BLOCK_END, plain_text


def reference(rich: str) -> str:
    text = html.unescape(strip_tags(_BLOCK_END.sub("\n", rich)))
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


@pytest.mark.parametrize(
    "rich",
    [
        "<p>Stay and play.</p><p>Free on Mondays.</p>",
        '<p class="intro">Songs</p><ul><li>Toddlers</li><li>Babies</li></ul>',
        '<a href="/page/3" linktype="page" id="3">Our hub</a> <br/>Open <b>daily</b>',
        "<p>Fish &amp; chips &amp no semicolon &#39;quoted&#39;</p>",
        "<p>Tom & Jerry</p>",
        "a < b and c > d",
        "<p>1 < 2</p>",
        '<a href="x>y">odd</a>',
        "<!-- a comment --><p>after</p>",
        "<script>alert('<b>x</b>')</script><p>text</p>",
        "<STYLE>p { color: red }</STYLE>Styled",
        "<p>unclosed <b",
        "<br>",
        "plain text, no markup",
        "",
    ],
)
def test_plain_text_matches_djangos_strip_tags(rich):
    assert plain_text(rich) == reference(rich)
