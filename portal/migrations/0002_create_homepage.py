"""Replace Wagtail's welcome page with the portal's home page on a fresh install."""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("portal.HomePage")
    Locale = apps.get_model("wagtailcore.Locale")

    if HomePage.objects.exists():
        return
    Page.objects.filter(depth=2, slug="home").delete()
    locale, _ = Locale.objects.get_or_create(language_code="en")
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="portal")
    root = Page.objects.get(depth=1)
    home = HomePage.objects.create(
        title="Family Information Service",
        draft_title="Family Information Service",
        slug="home",
        content_type=content_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        intro="Find services for children, young people and families near you.",
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page_id": home.id, "site_name": "Waymark"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("wagtailcore", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    run_before = []

    operations = [migrations.RunPython(create_homepage, migrations.RunPython.noop)]
