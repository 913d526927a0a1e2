"""Validators of the API's answers: ETags and Last-Modified, for 304 and 412.

A record's `updated_at` moves whenever anything its answer embeds changes
(DESIGN.md), so the pair (record, updated_at) names one version of the
answer. What a reader sees also depends on who reads (drafts), so the reader
is part of the tag: an editor's cached copy never serves a visitor.
"""

from __future__ import annotations

import hashlib


def viewer_key(user) -> str:
    """One key per kind of reader: every anonymous reader sees the same answer."""
    return str(user.pk) if getattr(user, "is_authenticated", False) else "0"


def etag(*parts) -> str:
    """A strong ETag (quoted) of the given parts."""
    text = "|".join(str(part) for part in parts)
    return '"' + hashlib.blake2b(text.encode(), digest_size=12).hexdigest() + '"'


def record_etag(record, user) -> str:
    """The ETag of one record's answer for this reader."""
    updated = record.updated_at.isoformat() if record.updated_at else ""
    return etag(record._meta.label_lower, record.pk, updated, viewer_key(user))
