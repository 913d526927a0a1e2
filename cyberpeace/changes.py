"""The change feed, `/api/v1/changes/?since=…`: what was created, changed,
published, unpublished or deleted since a moment, for partners keeping a copy.

It reads the history simple_history keeps of each public model: one entry per
version, in a stable order (its time, its type, its history id). A reader sees
the versions of the records they may see (`visibility`, the one rule), and,
of a record they can no longer see, that it was unpublished or deleted: an
entry with its slug and nothing of the draft.

Pages follow a keyset cursor: each model's history is read from the last
entry of the previous page on, at most one page of it, so a deep page costs
the same few queries as the first.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import heapq
import json
import re
from functools import cache

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.decorators import method_decorator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from cyberpeace.conditional import READER_HEADERS
from cyberpeace.publishing import Status, visibility

# The public models (by label: the shared blocks do not import the apps), and
# each one's type in the feed, its model name.
FEED_LABELS = (
    "orgs.Organisation", "initiatives.Programme", "initiatives.Event", "orgs.Topic",
    "orgs.Person", "cyberpeace.Source",
)  # fmt: skip
TYPES = sorted(label.split(".")[1].lower() for label in FEED_LABELS)
PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
SINCE_FORMAT = "an ISO 8601 date and time, as 2026-01-31T09:00:00Z"


class Action(models.TextChoices):
    CREATED = "created"
    CHANGED = "changed"
    PUBLISHED = "published"
    UNPUBLISHED = "unpublished"
    DELETED = "deleted"


class ChangeSerializer(serializers.Serializer):
    at = serializers.DateTimeField(help_text="When the change was made.")
    type = serializers.ChoiceField(choices=TYPES, help_text="The kind of record.")
    slug = serializers.CharField(
        help_text="The record's slug after the change; for an unpublished record, the slug "
        "it was published under."
    )
    action = serializers.ChoiceField(choices=Action.choices)
    api_url = serializers.URLField(
        allow_null=True,
        help_text="The record in the API; null when it is deleted or unpublished.",
    )
    html_url = serializers.URLField(
        allow_null=True,
        help_text="The record's public page; null when it is deleted or unpublished, or has "
        "no page (sources).",
    )


class ChangePageSerializer(serializers.Serializer):
    next = serializers.URLField(
        allow_null=True, help_text="The next page of changes, or null on the last one."
    )
    results = ChangeSerializer(many=True)


@cache
def feed_models() -> dict[str, type[models.Model]]:
    return {label.split(".")[1].lower(): apps.get_model(label) for label in FEED_LABELS}


def parse_since(raw: str | None) -> datetime.datetime:
    if raw:
        # A "+" in a query string arrives as a space when the client did not encode it.
        raw = re.sub(r" (\d{2}(:?\d{2})?)$", r"+\1", raw.strip())
        try:
            value = parse_datetime(raw)
            if value is None and (day := parse_date(raw)) is not None:
                value = datetime.datetime.combine(day, datetime.time())
            if value is not None:
                if timezone.is_naive(value):
                    value = value.replace(tzinfo=datetime.UTC)
                return value.astimezone(datetime.UTC)
        except (ValueError, OverflowError):  # well formed, but no such day, or past year 9999
            pass
    raise ValidationError(
        {"since": [f"Give since as {SINCE_FORMAT}: the feed lists what changed from then on."]}
    )


def encode_cursor(key: tuple[datetime.datetime, str, int]) -> str:
    at, kind, history_id = key
    text = json.dumps([at.isoformat(), kind, history_id])
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(raw: str) -> tuple[datetime.datetime, str, int]:
    try:
        text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
        at, kind, history_id = json.loads(text)
        at = datetime.datetime.fromisoformat(at)
        if timezone.is_naive(at) or kind not in TYPES or not isinstance(history_id, int):
            raise ValueError(kind)
        at = at.astimezone(datetime.UTC)
        if not 0 <= history_id < 2**63:
            raise ValueError(history_id)
    except (ValueError, TypeError, OverflowError, binascii.Error, UnicodeDecodeError):
        raise ValidationError(
            {"cursor": ["This cursor is not one the feed gave: follow next."]}
        ) from None
    return at, kind, history_id


def page_size(raw: str | None) -> int:
    """As the lists' pages: a whole number of at least 1, more than the most asks for the most."""
    if raw is None or not raw.strip():
        return PAGE_SIZE
    try:
        size = int(raw)
    except ValueError:
        size = 0
    if size < 1:
        raise ValidationError({"page_size": [f"“{raw}” is not a whole number of at least 1."]})
    return min(size, MAX_PAGE_SIZE)


def versions(model, user, since, after, limit: int) -> list[dict]:
    """Up to ``limit`` versions of ``model`` records the reader may know of, from ``since``
    and after the key ``after``, in the feed's order."""
    kind = model._meta.model_name
    history = model.history.model
    rows = history._default_manager.filter(history_date__gte=since)
    if after is not None:
        at, after_kind, history_id = after
        if kind < after_kind:
            rows = rows.filter(history_date__gt=at)
        elif kind > after_kind:
            rows = rows.filter(history_date__gte=at)
        else:
            rows = rows.filter(
                models.Q(history_date__gt=at) | models.Q(history_date=at, history_id__gt=history_id)
            )
    earlier = (
        history._default_manager.filter(id=models.OuterRef("id"))
        .filter(
            models.Q(history_date__lt=models.OuterRef("history_date"))
            | models.Q(
                history_date=models.OuterRef("history_date"),
                history_id__lt=models.OuterRef("history_id"),
            )
        )
        .order_by("-history_date", "-history_id")
    )
    rows = rows.annotate(
        was=models.Subquery(earlier.values("status")[:1]),
        was_slug=models.Subquery(earlier.values("slug")[:1]),
    )
    condition = visibility(user, model)
    if condition is not None:
        # A reader who saw the record published learns that it left: not what it became.
        rows = rows.filter(condition | models.Q(was=Status.PUBLISHED))
    rows = rows.order_by("history_date", "history_id").values(
        "history_date", "history_id", "history_type", "slug", "status", "was", "was_slug"
    )
    return [{**row, "type": kind} for row in rows[:limit]]


def action(row: dict) -> str:
    if row["history_type"] == "+":
        return Action.CREATED
    if row["history_type"] == "-":
        return Action.DELETED
    if row["was"] == Status.PUBLISHED and row["status"] != Status.PUBLISHED:
        return Action.UNPUBLISHED
    if row["was"] == Status.DRAFT and row["status"] == Status.PUBLISHED:
        return Action.PUBLISHED
    return Action.CHANGED


def entry(row: dict, request) -> dict:
    done = action(row)
    gone = done in {Action.DELETED, Action.UNPUBLISHED}
    model = feed_models()[row["type"]]
    slug = row["was_slug"] if done == Action.UNPUBLISHED and row["was_slug"] else row["slug"]
    api_url = html_url = None
    if not gone:
        api_url = reverse(f"{row['type']}-detail", kwargs={"slug": slug}, request=request)
        if hasattr(model, "get_absolute_url"):
            html_url = request.build_absolute_uri(model(slug=slug).get_absolute_url())
    return {
        "at": row["history_date"],
        "type": row["type"],
        "slug": slug,
        "action": done,
        "api_url": api_url,
        "html_url": html_url,
    }


def key(row: dict) -> tuple[datetime.datetime, str, int]:
    return row["history_date"], row["type"], row["history_id"]


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class ChangeFeed(APIView):
    """What was created, changed, published, unpublished or deleted since a moment.

    It only reads, so it needs no transaction (as cyberpeace.pages.ReadOnlyPage).
    """

    @extend_schema(
        operation_id="changes_list",
        parameters=[
            OpenApiParameter(
                "since",
                OpenApiTypes.DATETIME,
                required=True,
                description=f"List the changes made at or after this moment: {SINCE_FORMAT}.",
            ),
            OpenApiParameter(
                "cursor",
                OpenApiTypes.STR,
                description="Where a page starts: take it from the previous page's next.",
            ),
            OpenApiParameter(
                "page_size",
                {"type": "integer", "minimum": 1},
                description=f"Changes per page, up to {MAX_PAGE_SIZE} ({PAGE_SIZE} by default).",
            ),
        ],
        responses={
            200: ChangePageSerializer,
            400: OpenApiResponse(
                description="since is missing or not a date and time, or the cursor is not "
                "one the feed gave."
            ),
        },
    )
    def get(self, request):
        since = parse_since(request.query_params.get("since"))
        raw_cursor = request.query_params.get("cursor")
        after = decode_cursor(raw_cursor) if raw_cursor else None
        size = page_size(request.query_params.get("page_size"))
        # One query per model, each stopping one row past a page: the page is
        # the first `size` of them all, and whatever is left means a next page.
        rows = list(
            heapq.merge(
                *(
                    versions(model, request.user, since, after, size + 1)
                    for model in feed_models().values()
                ),
                key=key,
            )
        )
        page = rows[:size]
        next_url = None
        if len(rows) > size:
            url = request.build_absolute_uri()
            next_url = replace_query_param(url, "cursor", encode_cursor(key(page[-1])))
        data = {"next": next_url, "results": [entry(row, request) for row in page]}
        response = Response(ChangePageSerializer(data).data)
        patch_vary_headers(response, READER_HEADERS)
        return response
