"""Validators of the API's answers: ETags and Last-Modified, for 304 and 412.

A record's `updated_at` moves whenever anything its answer embeds changes
(DESIGN.md, cyberpeace.freshness), so the pair (record, updated_at) names one
version of the answer. What a reader sees also depends on who reads (drafts),
so the reader is part of the tag: an editor's cached copy never serves a
visitor.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db.models import Count, Max, prefetch_related_objects
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from cyberpeace.cache import cache_get_many, cache_set_many, memo

# What makes one reader's answer differ from another's: a token or a session.
READER_HEADERS = ("Authorization", "Cookie")


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


def record_key(record, base: str) -> str:
    """The record cache's key of one version of a record's anonymous answer."""
    updated = record.updated_at.isoformat() if record.updated_at else ""
    return "cyberpeace:record:" + etag(record._meta.label_lower, record.pk, updated, base)[1:-1]


def with_validators(response, tag: str, last_modified) -> object:
    response.headers["ETag"] = tag
    if last_modified is not None:
        response.headers["Last-Modified"] = http_date(last_modified.timestamp())
    patch_vary_headers(response, READER_HEADERS)
    return response


def precondition(request, tag: str, last_modified):
    """The 304 (or 412) answering the request's conditions, or None to answer in full."""
    seconds = int(last_modified.timestamp()) if last_modified is not None else None
    response = get_conditional_response(request, etag=tag, last_modified=seconds)
    return None if response is None else with_validators(response, tag, last_modified)


class ConditionalMixin:
    """ETag and Last-Modified on every detail and list answer of a read viewset.

    A client sending back what it holds (If-None-Match, If-Modified-Since)
    gets 304 and no body when nothing it shows has changed. The check costs one
    query: the record alone (without what it embeds) for a detail, one
    aggregate over the filtered list for a list; the body is only built when
    it is needed.
    """

    def retrieve(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        lookup = self.lookup_url_kwarg or self.lookup_field
        record = get_object_or_404(
            queryset.prefetch_related(None), **{self.lookup_field: self.kwargs[lookup]}
        )
        self.check_object_permissions(request, record)
        tag = record_etag(record, request.user)
        if (answer := precondition(request, tag, record.updated_at)) is not None:
            return answer
        (data,) = self.represent([record], queryset._prefetch_related_lookups)
        return with_validators(Response(data), tag, record.updated_at)

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        # The count changes when a record leaves the list (deleted, unpublished,
        # filtered out), the latest updated_at when one in it changes.
        # Kept until the next write (cyberpeace.cache.memo): at a hundred thousand
        # rows this aggregate costs more than the page it validates.
        summary = memo(
            (
                "api-summary",
                queryset.model._meta.label_lower,
                request.get_full_path(),
                viewer_key(request.user),
            ),
            lambda: (
                queryset.prefetch_related(None)
                .order_by()
                .aggregate(count=Count("pk"), latest=Max("updated_at"))
            ),
        )
        # The paginator counts nothing again (cyberpeace.pagination.Pages).
        self.known_count = summary["count"]
        latest = summary["latest"]
        tag = etag(
            queryset.model._meta.label_lower,
            request.get_full_path(),
            request.accepted_media_type,
            viewer_key(request.user),
            summary["count"],
            latest.isoformat() if latest else "",
        )
        if (answer := precondition(request, tag, latest)) is not None:
            return answer
        lookups = queryset._prefetch_related_lookups
        page = self.paginate_queryset(queryset.prefetch_related(None))
        if page is not None:
            response = self.get_paginated_response(self.represent(page, lookups))
        else:
            response = Response(self.represent(list(queryset.prefetch_related(None)), lookups))
        return with_validators(response, tag, latest)

    def represent(self, records: list, lookups) -> list:
        """Each record's answer, from the record cache where it is there.

        An anonymous reader's answer of a record is the same until its
        `updated_at` moves, which it does whenever anything it embeds changes
        (cyberpeace.freshness), so (record, updated_at) is its key, and a write
        elsewhere leaves it valid. Only the records not found are prefetched
        and serialized. Signed-in readers, who may see drafts, are served afresh.
        """
        seconds = int(getattr(settings, "RECORD_CACHE_SECONDS", 0))
        if seconds <= 0 or viewer_key(self.request.user) != "0":
            prefetch_related_objects(records, *lookups)
            return self.get_serializer(records, many=True).data
        base = self.request.build_absolute_uri("/")
        keys = [record_key(record, base) for record in records]
        found = cache_get_many(keys)
        missing = [record for record, key in zip(records, keys, strict=True) if key not in found]
        if missing:
            prefetch_related_objects(missing, *lookups)
            made = self.get_serializer(missing, many=True).data
            fresh = {
                record_key(record, base): data for record, data in zip(missing, made, strict=True)
            }
            cache_set_many(fresh, seconds)
            found.update(fresh)
        return [found[key] for key in keys]
