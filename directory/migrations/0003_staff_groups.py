"""Staff groups and the directory moderation workflow.

Groups give the permissions; a Membership gives the local authority they apply to.
Permission rows are created here (get_or_create) because Django and Wagtail only add
them after the last migration has run, and a fresh database must come out complete.
"""

from django.db import migrations

LA_STAFF = "LA staff"
MODERATORS = "Moderators"
NATIONAL_ADMINS = "National administrators"
WORKFLOW = "Directory moderation"
TASK = "Moderator approval"

DRAFTABLE = ["service", "organisation"]
LA_STAFF_PERMISSIONS = {
    "service": ["add", "change", "delete", "publish", "lock"],
    "organisation": ["add", "change", "delete", "publish", "lock"],
    "location": ["add", "change", "delete"],
    "problemreport": ["view", "change"],
}
MODERATOR_EXTRA = {"service": ["unlock"], "organisation": ["unlock"]}
NATIONAL_MODELS = {
    "service": ["add", "change", "delete", "view", "publish", "lock", "unlock"],
    "organisation": ["add", "change", "delete", "view", "publish", "lock", "unlock"],
    "location": ["add", "change", "delete", "view"],
    "problemreport": ["add", "change", "delete", "view"],
    "localauthority": ["add", "change", "delete", "view"],
    "membership": ["add", "change", "delete", "view"],
    "taxonomy": ["add", "change", "delete", "view"],
    "taxonomyterm": ["add", "change", "delete", "view"],
}
NATIONAL_EXTRA = [("auth", "user", ["add", "change", "delete", "view"])]


def _content_type(apps, app_label, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def _permission(apps, app_label, model, action):
    Permission = apps.get_model("auth", "Permission")
    content_type = _content_type(apps, app_label, model)
    verbose = apps.get_model(app_label, model)._meta.verbose_name
    return Permission.objects.get_or_create(
        content_type=content_type,
        codename=f"{action}_{model}",
        defaults={"name": f"Can {action} {verbose}"},
    )[0]


def _directory_permissions(apps, spec):
    return [
        _permission(apps, "directory", model, action)
        for model, actions in spec.items()
        for action in actions
    ]


def create_groups_and_workflow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )

    staff_permissions = [access_admin, *_directory_permissions(apps, LA_STAFF_PERMISSIONS)]
    la_staff = Group.objects.get_or_create(name=LA_STAFF)[0]
    la_staff.permissions.add(*staff_permissions)

    moderators = Group.objects.get_or_create(name=MODERATORS)[0]
    moderators.permissions.add(*staff_permissions, *_directory_permissions(apps, MODERATOR_EXTRA))

    national = Group.objects.get_or_create(name=NATIONAL_ADMINS)[0]
    national.permissions.add(access_admin, *_directory_permissions(apps, NATIONAL_MODELS))
    for app_label, model, actions in NATIONAL_EXTRA:
        national.permissions.add(*(_permission(apps, app_label, model, a) for a in actions))

    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")

    task = GroupApprovalTask.objects.filter(name=TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=TASK,
            active=True,
            content_type=_content_type(apps, "wagtailcore", "groupapprovaltask"),
        )
    task.groups.add(moderators)

    workflow = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})[0]
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=Task.objects.get(pk=task.pk), defaults={"sort_order": 0}
    )
    for model in DRAFTABLE:
        WorkflowContentType.objects.update_or_create(
            content_type=_content_type(apps, "directory", model),
            defaults={"workflow": workflow},
        )


def remove_groups_and_workflow(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW).delete()
    apps.get_model("wagtailcore", "Task").objects.filter(name=TASK).delete()
    apps.get_model("auth", "Group").objects.filter(
        name__in=[LA_STAFF, MODERATORS, NATIONAL_ADMINS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_seed_taxonomy"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_groups_and_workflow, remove_groups_and_workflow)]
