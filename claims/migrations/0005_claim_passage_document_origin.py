# Claim.passage and Document.origin: the sentence fingerprint and a document's voice, stored once
# (by the rules in claims.provenance) instead of worked out on every read in the ORM, in Python
# and in the candidate query's SQL. Rows stored before are filled here, by the same rules.

from django.db import migrations, models

from claims.provenance import document_origin, passage_of

BATCH = 2000


def fill(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    Document = apps.get_model("claims", "Document")
    batch = []
    for claim in Claim.objects.only("pk", "sentence").order_by("pk").iterator(chunk_size=BATCH):
        claim.passage = passage_of(claim.sentence)
        batch.append(claim)
        if len(batch) == BATCH:
            Claim.objects.bulk_update(batch, ["passage"])
            batch = []
    Claim.objects.bulk_update(batch, ["passage"])
    documents = (
        Document.objects.select_related("source", "copy_of__source")
        .only(
            "pk",
            "copy_of_id",
            "source__name",
            "source__independence_group",
            "copy_of__source__name",
            "copy_of__source__independence_group",
        )
        .order_by("pk")
    )
    batch = []
    for document in documents.iterator(chunk_size=BATCH):
        original = document.copy_of.source if document.copy_of_id is not None else None
        document.origin = document_origin(document.source, original)
        batch.append(document)
        if len(batch) == BATCH:
            Document.objects.bulk_update(batch, ["origin"])
            batch = []
    Document.objects.bulk_update(batch, ["origin"])


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0004_source_name_any_case"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="passage",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="Fingerprint of the sentence (provenance.passage_of); empty when too short.",
                max_length=32,
            ),
        ),
        migrations.AddField(
            model_name="document",
            name="origin",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="Whose voice the document is: its original's source if it is a copy, "
                "else its own source (by independence group, else name).",
                max_length=200,
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
