from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    """A sub-app so the pending uploads get their own table and Wagtail loads our hooks."""

    name = "directory.exchange"
    label = "exchange"
    verbose_name = "Spreadsheet import and export"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import runners  # noqa: F401  (registers how each kind is imported)
