from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "waymark_search"
    verbose_name = "Directory search"
    default_auto_field = "django.db.models.BigAutoField"
