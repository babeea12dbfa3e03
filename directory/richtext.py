"""One sanitiser for user-supplied HTML, matching the rich-text editor's allow-list."""

from __future__ import annotations

import nh3

ALLOWED_TAGS = {"p", "br", "h2", "h3", "b", "strong", "i", "em", "ol", "ul", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}


def sanitise_html(html: str | None) -> str:
    """Strip every tag, attribute and URL scheme the editor would not produce."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    ).strip()


#: Features offered by the rich-text editor; ``sanitise_html`` keeps the matching tags.
RICHTEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]
