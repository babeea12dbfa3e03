"""Editors submit, moderators publish; no group edits every council's pages.

The "LA staff" group loses the publish permission on services and organisations (a council's
national administrator may give it back to that council's editors with the
``editors_can_publish`` setting). Wagtail's own "Moderators" and "Editors" groups held page
permissions on the root page, so every council's pages; those go, and each site tied to a local
authority gets its own page groups (``portal.site_permissions``).
"""

from django.db import migrations

PUBLISH = [("directory", "publish_service"), ("directory", "publish_organisation")]


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    publish = Permission.objects.filter(
        content_type__app_label="directory", codename__in=[c for _, c in PUBLISH]
    )
    for group in Group.objects.filter(name="LA staff"):
        group.permissions.remove(*publish)
    GroupPagePermission.objects.filter(
        group__name__in=["Moderators", "Editors"], page__depth=1
    ).delete()


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    publish = Permission.objects.filter(
        content_type__app_label="directory", codename__in=[c for _, c in PUBLISH]
    )
    for group in Group.objects.filter(name="LA staff"):
        group.permissions.add(*publish)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0011_editors_can_publish"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
