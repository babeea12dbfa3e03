"""Wagtail's admin without inline script, so the Content-Security-Policy can forbid it.

Wagtail starts a few widgets with an inline ``<script>``: choosers (from Python, here), date
and time inputs and inline panels (from templates, replaced in ``templates/wagtailadmin/``).
Each now renders an inert element carrying the same constructor and options as data
attributes, and ``static/js/admin-start.js`` starts it, also inside forms added later.
"""

from __future__ import annotations

import json

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.admin.widgets.workflows import AdminTaskChooser


def start_element(kind: str, target_id: str, options=None, constructor: str = "") -> str:
    """The inert element ``admin-start.js`` turns into a running widget."""
    return format_html(
        '<span hidden data-waymark-start="{}" data-waymark-for="{}" '
        'data-waymark-constructor="{}" data-waymark-options="{}"></span>',
        kind,
        target_id,
        constructor,
        json.dumps(options if options is not None else {}),
    )


def _chooser_render(self, name, value, attrs=None, renderer=None):
    try:
        id_ = attrs["id"]
    except (KeyError, TypeError) as error:
        raise TypeError("BaseChooser cannot be rendered without an 'id' attribute") from error
    value_data = self.get_value_data(value)
    html = self.render_html(name, value_data, attrs)
    if isinstance(self, AdminTaskChooser):
        start = start_element("task-chooser", id_)
    else:
        options = self.get_js_init_options(id_, name, value_data)
        start = start_element("chooser", id_, options, self.js_constructor)
    return mark_safe(f"{html}{start}")  # both parts are escaped above


def install() -> None:
    BaseChooser.render = _chooser_render
