"""The two groups editors are put in.

Editors add, change, delete and publish every record. Contributors add and
change drafts: they cannot publish, delete or touch a published record (the
admin enforces the last part, see cyberpeace.admin.PublishingAdmin).
"""

from __future__ import annotations

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = {
    "orgs": ["topic", "organisation", "organisationtopic", "socialaccount", "person", "membership"],
    "initiatives": ["programme", "partnership", "event", "eventlink", "eventrole", "speaker"],
}
PUBLIC = {"topic", "organisation", "person", "programme", "event"}


def make_groups(apps, schema_editor):
    # Permissions are normally created after the last migration has run; the
    # groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def codenames(actions: list[str], with_publish: bool) -> list[tuple[str, str]]:
        wanted = []
        for app_label, models in MODELS.items():
            for model in models:
                wanted += [(app_label, f"{action}_{model}") for action in actions]
                if with_publish and model in PUBLIC:
                    wanted.append((app_label, f"publish_{model}"))
        return wanted

    for name, actions, with_publish in [
        ("Editors", ["add", "change", "delete", "view"], True),
        ("Contributors", ["add", "change", "view"], False),
    ]:
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in codenames(actions, with_publish)
        ]
        group.permissions.set(permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Contributors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("orgs", "0001_initial"),
        ("initiatives", "0001_initial"),
    ]

    operations = [migrations.RunPython(make_groups, remove_groups)]
