"""The two groups editors are put in, and the publish permission of every public model.

Both follow from the models themselves, after every `migrate`: a model that
joins the directory gets its permissions without a list to keep up to date.

*Editors* add, change, delete and publish every record. *Contributors* add
records and change and delete their own drafts, linking them to published
records: they cannot publish, and published records and the links between
them are out of their reach (cyberpeace.publishing.may_change, may_link).
"""

from __future__ import annotations

from django.apps import apps as global_apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models

from cyberpeace.publishing import PublicModel, publish_codename

DIRECTORY_APPS = ("cyberpeace", "orgs", "initiatives")
EDITORS = "Editors"
CONTRIBUTORS = "Contributors"
# Contributors may delete too, but only their own drafts (cyberpeace.publishing.may_change).
ROLES = {
    EDITORS: ("add", "change", "delete", "view"),
    CONTRIBUTORS: ("add", "change", "delete", "view"),
}


def directory_models() -> list[type[models.Model]]:
    """The models editors work on: those with a history (historical tables excluded)."""
    found = []
    for label in DIRECTORY_APPS:
        for model in global_apps.get_app_config(label).get_models():
            if getattr(model._meta, "simple_history_manager_attribute", None):
                found.append(model)
    return found


def permission(model: type[models.Model], codename: str, name: str) -> Permission:
    found, _ = Permission.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
        codename=codename,
        defaults={"name": name},
    )
    return found


def publish_permission(model: type[models.Model]) -> Permission:
    """The one way a `publish_<model>` permission comes to exist."""
    plural = model._meta.verbose_name_plural
    return permission(model, publish_codename(model), f"Can publish or unpublish {plural}")


def sync_roles(**kwargs) -> None:
    """post_migrate: make the publish permissions and give each group its permissions."""
    wanted = {name: [] for name in ROLES}
    for model in directory_models():
        for action in {action for actions in ROLES.values() for action in actions}:
            granted = permission(
                model,
                f"{action}_{model._meta.model_name}",
                f"Can {action} {model._meta.verbose_name}",
            )
            for name, actions in ROLES.items():
                if action in actions:
                    wanted[name].append(granted)
        if issubclass(model, PublicModel):
            wanted[EDITORS].append(publish_permission(model))
    # Editors read the audit log (cyberpeace.audit): every change, by whom and when.
    wanted[EDITORS].append(permission(LogEntry, "view_logentry", "Can view log entry"))
    for name, permissions in wanted.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
