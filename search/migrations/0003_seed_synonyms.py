from django.db import migrations

GROUPS = [
    ("Childcare", "nursery, childcare, pre-school, preschool, day care, childminder"),
    ("Autism", "autism, autistic, ASD, autistic spectrum"),
    ("Mental health", "CAMHS, mental health, emotional wellbeing"),
    ("Parenting", "parenting, parent support, parenting course"),
    ("Speech and language", "speech and language, SALT, speech therapy"),
    ("Special educational needs", "SEND, SEN, special educational needs, additional needs"),
]


def seed(apps, schema_editor):
    SynonymGroup = apps.get_model("waymark_search", "SynonymGroup")
    for name, terms in GROUPS:
        SynonymGroup.objects.get_or_create(name=name, defaults={"terms": terms})


class Migration(migrations.Migration):
    dependencies = [("waymark_search", "0002_full_text_index")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
