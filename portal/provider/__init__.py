"""The provider area: people at an organisation keep its service records current.

Styled with GOV.UK Frontend, separate from the Wagtail admin. The rules about what a
provider may change, and how it is moderated and recorded, live in ``directory.providers``.
"""
