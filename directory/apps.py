from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Service directory"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .admin.exports import install_export_neutraliser

        install_export_neutraliser()

        from . import notifications

        notifications.install()
