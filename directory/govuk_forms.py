"""GOV.UK Frontend classes on Django form widgets, for forms outside the Wagtail admin.

Templates render the surrounding markup with ``includes/govuk_field.html`` and
``includes/govuk_error_summary.html``.
"""

from __future__ import annotations

_GOVUK_CLASSES = {
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "checkbox": "govuk-checkboxes__input",
    "radioselect": "govuk-radios__input",
    "checkboxselectmultiple": "govuk-checkboxes__input",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
}


class GovukMixin:
    """Give every widget its GOV.UK Frontend class."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            kind = widget.__class__.__name__.lower().removesuffix("input").removesuffix("widget")
            css = _GOVUK_CLASSES.get(kind, "govuk-input")
            existing = widget.attrs.get("class", "")
            if css not in existing:
                widget.attrs["class"] = f"{css} {existing}".strip()
