"""The groups and the publish permission follow from the models, after every migrate."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from cyberpeace.publishing import PublicModel, Status, may_change
from cyberpeace.roles import directory_models


@pytest.mark.django_db
def test_editors_may_publish_every_public_model_and_change_every_model():
    permissions = set(
        Group.objects.get(name="Editors").permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    models = directory_models()
    assert {m.__name__ for m in models} >= {"Source", "Relation", "Identifier", "Organisation"}
    for model in models:
        opts = model._meta
        for action in ("add", "change", "delete", "view"):
            assert (opts.app_label, f"{action}_{opts.model_name}") in permissions
        if issubclass(model, PublicModel):
            assert (opts.app_label, f"publish_{opts.model_name}") in permissions


@pytest.mark.django_db
def test_contributors_may_not_publish_and_delete_only_their_own_drafts(
    contributor, make_organisation
):
    codenames = set(
        Group.objects.get(name="Contributors").permissions.values_list("codename", flat=True)
    )
    assert {"add_relation", "change_source", "delete_organisation"} <= codenames
    assert not {c for c in codenames if c.startswith("publish_")}
    own = make_organisation(status=Status.DRAFT, created_by=contributor)
    assert may_change(contributor, own)
    assert not may_change(contributor, make_organisation())
    assert not may_change(contributor, make_organisation(status=Status.DRAFT))
