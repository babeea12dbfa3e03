"""Staff editing in the Wagtail admin: viewsets, scoped views, forms, panels and filters.

Registered from ``directory/wagtail_hooks.py``. Kept free of import-time side effects
because Django's admin autodiscovery imports ``directory.admin`` too.
"""
