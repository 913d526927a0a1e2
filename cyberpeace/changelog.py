"""A record's public change log: when its published versions changed, and which fields.

It reads the history django-simple-history keeps (the record's ``history``
manager) in one query. Only published versions count: what a draft held, who
made a version and the values themselves stay with the editors. Each entry
compares a published version with the published version before it, so a
field changed and changed back while the record was a draft is not reported.
Changes of sources and topics (many-to-many) are not compared here: reading
them would cost a query per field, and the sources are listed on the page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_noop

from cyberpeace.publishing import Status

# Versions read at most: enough for a handful of entries on a page.
SCANNED = 50
SHOWN = 5

# What changes without changing what the record says, or is the editors' alone.
IGNORED = frozenset(
    {
        "id",
        "status",
        "created_at",
        "created_by",
        "updated_at",
        "review_note",
        "sent_back_at",
        "search_vector",
    }
)

# The verbose names of the fields of the records with a public page, for the
# catalogue: Django derives them from the field names, which makemessages cannot
# see, and `public_changes` translates them as it lists them.
FIELD_NAMES = (
    gettext_noop("slug"),
    gettext_noop("name"),
    gettext_noop("acronyms"),
    gettext_noop("stakeholder group"),
    gettext_noop("founded"),
    gettext_noop("address"),
    gettext_noop("city"),
    gettext_noop("country"),
    gettext_noop("website"),
    gettext_noop("email"),
    gettext_noop("summary"),
    gettext_noop("description"),
    gettext_noop("parent"),
    gettext_noop("honorific"),
    gettext_noop("title"),
    gettext_noop("acronym"),
    gettext_noop("kind"),
    gettext_noop("state"),
    gettext_noop("start"),
    gettext_noop("end"),
    gettext_noop("scope"),
    gettext_noop("countries"),
    gettext_noop("follows"),
    gettext_noop("venue"),
    gettext_noop("attendance"),
    gettext_noop("programme"),
)


@dataclass(frozen=True)
class Change:
    date: datetime.datetime
    # Verbose names of the fields that changed; empty for the first publication.
    fields: tuple[str, ...]

    @property
    def first(self) -> bool:
        return not self.fields


def compared_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in IGNORED and not field.primary_key
    ]


def public_changes(record: models.Model, limit: int = SHOWN) -> list[Change]:
    """The latest ``limit`` changes of ``record``'s published versions, newest first."""
    history = getattr(record, "history", None)
    if history is None:
        return []
    fields = compared_fields(type(record))
    columns = [field.attname for field in fields]
    rows = list(
        history.order_by("-history_date", "-history_id").values("history_date", "status", *columns)[
            :SCANNED
        ]
    )
    # Cut off at SCANNED, the oldest version read may not be the first published.
    complete = len(rows) < SCANNED
    changes = []
    previous = None
    for row in reversed(rows):
        if row["status"] != Status.PUBLISHED:
            continue
        if previous is None:
            if complete:
                changes.append(Change(row["history_date"], ()))
        else:
            changed = tuple(
                capfirst(gettext(str(field.verbose_name)))
                for field in fields
                if row[field.attname] != previous[field.attname]
            )
            if changed:
                changes.append(Change(row["history_date"], changed))
        previous = row
    return changes[::-1][:limit]
