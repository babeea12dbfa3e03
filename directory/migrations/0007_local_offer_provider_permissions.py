"""Staff permissions for Local Offer comments and provider invitations/accounts."""

from importlib import import_module

from django.db import migrations

staff_groups = import_module("directory.migrations.0003_staff_groups")

LA_STAFF_PERMISSIONS = {
    "localofferfeedback": ["view", "change"],
    "providerinvitation": ["add", "view", "delete"],
    "provideraccess": ["view", "delete"],
}
NATIONAL = {
    "localofferfeedback": ["view", "change", "delete"],
    "providerinvitation": ["add", "view", "delete"],
    "provideraccess": ["view", "delete"],
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    staff = staff_groups._directory_permissions(apps, LA_STAFF_PERMISSIONS)
    for name in (staff_groups.LA_STAFF, staff_groups.MODERATORS):
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.add(*staff)
    national = Group.objects.filter(name=staff_groups.NATIONAL_ADMINS).first()
    if national:
        national.permissions.add(*staff_groups._directory_permissions(apps, NATIONAL))


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0006_local_offer_providers_reviews"),
        ("directory", "0003_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
