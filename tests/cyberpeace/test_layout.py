"""The layout DESIGN.md asks for: shared rules in cyberpeace/, orgs never depending on initiatives."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def imports(app: str) -> set[tuple[str, str]]:
    """(file, imported module) for every import in an app's own code."""
    found = set()
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add((path.name, node.module))
                # "from orgs import admin" imports the module orgs.admin.
                found.update((path.name, f"{node.module}.{alias.name}") for alias in node.names)
            elif isinstance(node, ast.Import):
                found.update((path.name, alias.name) for alias in node.names)
    return found


def test_orgs_never_imports_initiatives():
    assert [i for i in imports("orgs") if i[1].split(".")[0] == "initiatives"] == []


def test_initiatives_never_reaches_into_the_admin_or_views_of_orgs():
    assert [i for i in imports("initiatives") if i[1] in {"orgs.admin", "orgs.views"}] == []


def test_the_shared_building_blocks_do_not_depend_on_the_apps():
    # cyberpeace.views (the home page) and cyberpeace.urls join the apps together;
    # every other module of cyberpeace/ is shared by them.
    joined = {"views.py", "urls.py"}
    assert [
        i
        for i in imports("cyberpeace")
        if i[0] not in joined and i[1].split(".")[0] in {"orgs", "initiatives"}
    ] == []


@pytest.mark.parametrize("folder", ["templates", "orgs", "initiatives", "cyberpeace"])
def test_pages_never_filter_on_the_literal_status(folder):
    # Who sees what is decided by visible_to(); a page or view that compares a
    # status with "published" would be a second rule.
    offenders = []
    for path in (ROOT / folder).rglob("*"):
        if path.suffix not in {".html", ".py"} or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"""status\W{0,5}["']published["']|["']published["']\W{0,5}status""", text):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
