from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "waymark_search"
    verbose_name = "Directory search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Connect the receivers: indexing, and forgetting cached choices and synonyms.
        from . import choices, signals, synonyms  # noqa: F401
