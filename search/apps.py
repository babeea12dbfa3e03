from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "waymark_search"
    verbose_name = "Directory search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the indexing receivers
