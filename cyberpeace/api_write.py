"""The partner API, writing: who may write what, the model's own checks, If-Match, errors.

A write goes through the same rules as an edit in the admin (cyberpeace.admin):
the model permission, `may_change` for the record, `may_link` for its links,
the publish right for its status, a published source for a published record,
and the model's own validation (fields, `clean()`, uniqueness, constraints),
which DRF alone does not run (encode/django-rest-framework#6759, #7173).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, DELETION
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils.http import parse_etags
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from cyberpeace.audit import log_api_write
from cyberpeace.conditional import record_etag
from cyberpeace.models import Identifier
from cyberpeace.prefetched import PrefetchedListSerializer
from cyberpeace.publishing import Status, may_change, may_link, may_publish

WRITE_ACTIONS = {"create", "update", "partial_update", "destroy"}


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "The record has changed since the version your If-Match names: read it again, "
        "then send your change with its new ETag. Nothing was saved."
    )
    default_code = "precondition_failed"


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"

    def __init__(self) -> None:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        super().__init__(
            f"The body is larger than the {limit} bytes a request may send: split the change."
        )


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The change conflicts with records already stored. Nothing was saved."
    default_code = "conflict"


def exception_handler(exc, context):
    """DRF's handler, plus the errors Django raises below DRF: never a 500 for bad input."""
    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    elif isinstance(exc, DjangoValidationError):
        exc = serializers.ValidationError(serializers.as_serializer_error(exc))
    elif isinstance(exc, ProtectedError | RestrictedError):
        names = sorted({str(record) for record in exc.protected_objects if record is not None})
        exc = Conflict(
            "Other records still refer to this one"
            + (f" ({', '.join(names[:5])})" if names else "")
            + ": remove those references first. Nothing was deleted."
        )
    elif isinstance(exc, IntegrityError):
        exc = Conflict()
    if not _owns_a_transaction(context):
        # A view that runs outside a transaction (reading, the change feed) has
        # nothing to roll back: its error answer must not mark an enclosing
        # transaction (a test's) for rollback.
        return _answer_without_rollback(exc, context)
    response = drf_exception_handler(exc, context)
    if response is not None:
        set_rollback()
    return response


def _owns_a_transaction(context) -> bool:
    """Whether the view runs in a transaction of its own: the request's, or a write's."""
    view, request = context.get("view"), context.get("request")
    outside = "default" in getattr(getattr(view, "dispatch", None), "_non_atomic_requests", ())
    return not outside or getattr(request, "in_write_transaction", False)


def _answer_without_rollback(exc, context):
    if not transaction.get_connection().in_atomic_block:
        return drf_exception_handler(exc, context)
    with transaction.atomic():
        # DRF marks the innermost block for rollback: this one, which holds nothing.
        return drf_exception_handler(exc, context)


def django_errors(error: DjangoValidationError, rename: dict[str, str] | None = None) -> dict:
    """A model's ValidationError as DRF errors, keyed by the API's field names."""
    detail = serializers.as_serializer_error(error)
    detail = {
        (api_settings.NON_FIELD_ERRORS_KEY if key == "__all__" else key): value
        for key, value in detail.items()
    }
    return {(rename or {}).get(key, key): value for key, value in detail.items()}


class Nested:
    """A list of links a record's payload carries (a programme's partners).

    ``parent`` is the link's field pointing at the record, ``key`` the fields
    that name one link (its unique constraint, without ``parent``), ``other``
    the link's other ends, for `may_link`. Given on update, the list replaces
    the record's links: links with the same key are changed in place (so their
    history goes on), others removed or added.
    """

    def __init__(self, parent: str, key: tuple[str, ...], other: tuple[str, ...] = ()) -> None:
        self.parent, self.key, self.other = parent, key, other


class StrictText:
    """Text is text: a number or a boolean where text belongs is a mistake, not text."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class TextField(StrictText, serializers.CharField):
    pass


class SlugField(StrictText, serializers.SlugField):
    pass


class EmailField(StrictText, serializers.EmailField):
    pass


class WebAddressField(StrictText, serializers.URLField):
    """An address on the web: http:// or https://, nothing else (no javascript:, no ftp:)."""

    default_error_messages = {"invalid": "Enter a web address starting with https:// or http://."}

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, URLValidator)] + [
            URLValidator(schemes=["http", "https"], message=self.error_messages["invalid"])
        ]


class StrictModelSerializer(serializers.ModelSerializer):
    def __init_subclass__(cls, **kwargs) -> None:
        # Nested lists of records (hosts, speakers, partners…) read what was prefetched.
        super().__init_subclass__(**kwargs)
        meta = cls.__dict__.get("Meta")
        if meta is not None and not hasattr(meta, "list_serializer_class"):
            meta.list_serializer_class = PrefetchedListSerializer

    # Names what it cannot take: keys of the payload that are no field are
    # refused by name; fields only read (html_url, kind_label…) are ignored,
    # so what was read may be sent back. Text, slugs, e-mail and web
    # addresses must be strings. (A comment, not a docstring, which the
    # schema would show as the description of every record.)

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: TextField,
        models.TextField: TextField,
        models.SlugField: SlugField,
        models.EmailField: EmailField,
        models.URLField: WebAddressField,
    }

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {name: ["This is not a field of this record."] for name in unknown}
                )
        return super().to_internal_value(data)


class RecordWriteMixin:
    """For the serializer of a public record: a write as the admin would make it.

    Declares ``Meta.nested``: {source of a nested list: `Nested`}, lists of
    links written with the record; ``identifiers`` are written with it too.
    """

    @property
    def user(self):
        return self.context["request"].user

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        record = self.instance
        if record is None:
            # A new record is the writer's own draft: what they may link it to follows.
            record = model(created_by=self.user)
        current_status = record.status if self.instance is not None else Status.DRAFT
        wanted = attrs.get("status", current_status)
        if wanted != current_status and not may_publish(self.user, model):
            raise serializers.ValidationError(
                {
                    "status": [
                        f"Only an editor may make this {model._meta.verbose_name} {wanted}: "
                        f"send it as {current_status}, or leave the status out."
                    ]
                }
            )
        many = {f.name for f in model._meta.many_to_many}
        nested = getattr(self.Meta, "nested", {})
        for name, value in attrs.items():
            if name not in many and name not in nested and name != "identifiers":
                setattr(record, name, value)
        try:
            record.full_clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(django_errors(error, self._field_names())) from None
        if "sources" in {f.name for f in model._meta.many_to_many}:
            self._check_published_sources(record, attrs)
        errors = {}
        for source, spec in nested.items():
            if source in attrs:
                found = self._check_links(record, source, spec, attrs[source])
                if found:
                    errors[self._field_names().get(source, source)] = found
        if "identifiers" in attrs:
            found = self._check_identifiers(record, attrs["identifiers"])
            if found:
                errors["identifiers"] = found
        if errors:
            raise serializers.ValidationError(errors)
        self._record = record
        return attrs

    def _field_names(self) -> dict[str, str]:
        """Model names to the API's names where they differ (partnerships → partners)."""
        return {
            field.source: name
            for name, field in self.fields.items()
            if field.source not in (name, "*")
        }

    def _missing(self, source: str, row: dict) -> dict:
        """The required fields a row of a list leaves out.

        DRF lets them out in a PATCH, as it does the record's own; but a list
        given replaces the links, so each of its rows must be whole.
        """
        name = self._field_names().get(source, source)
        child = self.fields[name].child
        return {
            field_name: ["This field is required."]
            for field_name, field in child.fields.items()
            if field.required and field.source not in row
        }

    def _check_published_sources(self, record, attrs) -> None:
        """A published record shows its sources: at least one must be public too."""
        if record.status != Status.PUBLISHED:
            return
        if "sources" in attrs:
            sources = attrs["sources"]
        elif record.pk is not None:
            sources = list(record.sources.all())
        else:
            sources = []
        if not any(source.is_published for source in sources):
            raise serializers.ValidationError(
                {
                    "sources": [
                        "A published record needs at least one published source: cite one, "
                        "or publish one of these first."
                    ]
                }
            )

    def _check_links(self, record, source: str, spec: Nested, rows: list[dict]) -> dict:
        """Each link as its model would validate it, and by `may_link`; none twice."""
        link_model = type(record)._meta.get_field(source).related_model
        # Keyed by the row's index, as DRF keys the errors of a list.
        errors, seen = {}, set()
        for index, row in enumerate(rows):
            row_errors = self._missing(source, row)
            if row_errors:
                errors[index] = row_errors
                continue
            values = {k: v for k, v in row.items() if k != "sources"}
            link = link_model(**values)
            setattr(link, spec.parent, record)
            key = _link_key(link, spec)
            if key in seen:
                row_errors[spec.key[-1]] = ["The list gives this link twice: give each one once."]
            seen.add(key)
            ends = [record, *(values.get(name) for name in spec.other)]
            if not may_link(self.user, *ends):
                row_errors[spec.other[0] if spec.other else api_settings.NON_FIELD_ERRORS_KEY] = [
                    "Only an editor links records that are published or another's."
                ]
            try:
                link.full_clean(exclude=[spec.parent], validate_unique=False)
            except DjangoValidationError as error:
                for name, messages in django_errors(error).items():
                    row_errors.setdefault(name, messages)
            if row_errors:
                errors[index] = row_errors
        return errors

    def _check_identifiers(self, record, rows: list[dict]) -> dict:
        content_type = ContentType.objects.get_for_model(record)
        held = {}
        if record.pk is not None:
            held = {
                i.scheme: i
                for i in Identifier.objects.filter(content_type=content_type, object_id=record.pk)
            }
        # Keyed by the row's index, as DRF keys the errors of a list.
        errors, seen = {}, set()
        for index, row in enumerate(rows):
            row_errors = self._missing("identifiers", row)
            if row_errors:
                errors[index] = row_errors
                continue
            if row["scheme"] in seen:
                row_errors["scheme"] = [
                    "The list gives this scheme twice: a record has one value per scheme."
                ]
            seen.add(row["scheme"])
            current = held.get(row["scheme"])
            identifier = Identifier(
                pk=current.pk if current else None,
                content_type=content_type,
                object_id=record.pk,
                **row,
            )
            try:
                identifier.full_clean(exclude=["object_id"] if record.pk is None else None)
            except DjangoValidationError as error:
                for name, messages in django_errors(error).items():
                    row_errors.setdefault(name, messages)
            if row_errors:
                errors[index] = row_errors
        return errors

    @transaction.atomic
    def create(self, validated_data):
        return self._save(self._record, validated_data)

    @transaction.atomic
    def update(self, instance, validated_data):
        return self._save(self._record, validated_data)

    def _save(self, record, validated_data):
        record._history_user = self.user
        record.save()
        model = type(record)
        for field in model._meta.many_to_many:
            if field.name in validated_data:
                getattr(record, field.name).set(validated_data[field.name])
        for source, spec in getattr(self.Meta, "nested", {}).items():
            if source in validated_data:
                self._replace_links(record, source, spec, validated_data[source])
        if "identifiers" in validated_data:
            self._replace_identifiers(record, validated_data["identifiers"])
        return record

    def _replace_links(self, record, source: str, spec: Nested, rows: list[dict]) -> None:
        manager = getattr(record, source)
        link_model = manager.model
        current = {
            _link_key(link, spec): link
            for link in link_model._default_manager.filter(**{spec.parent: record})
        }
        kept = set()
        for row in rows:
            sources = row.get("sources")
            values = {k: v for k, v in row.items() if k != "sources"}
            key = _link_key(link_model(**values), spec)
            link = current.get(key) or link_model(**{spec.parent: record})
            for name, value in values.items():
                setattr(link, name, value)
            link._history_user = self.user
            link.save()
            if sources is not None:
                link.sources.set(sources)
            kept.add(key)
        for key, link in current.items():
            if key not in kept:
                link._history_user = self.user
                link.delete()

    def _replace_identifiers(self, record, rows: list[dict]) -> None:
        content_type = ContentType.objects.get_for_model(record)
        current = {
            i.scheme: i
            for i in Identifier.objects.filter(content_type=content_type, object_id=record.pk)
        }
        for row in rows:
            identifier = current.pop(row["scheme"], None) or Identifier(
                content_type=content_type, object_id=record.pk, scheme=row["scheme"]
            )
            identifier.value = row["value"]
            identifier._history_user = self.user
            identifier.save()
        for identifier in current.values():
            identifier._history_user = self.user
            identifier.delete()


def _link_key(link, spec: Nested) -> tuple:
    """What names one link among a record's: the values of its unique fields."""
    key = []
    for name in spec.key:
        field = link._meta.get_field(name)
        key.append(str(getattr(link, field.attname) or ""))
    return tuple(key)


class RecordPermissions(permissions.DjangoModelPermissionsOrAnonReadOnly):
    """Reading is open; writing needs the model permission, and for an existing
    record `may_change`: a contributor changes only the drafts they created."""

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        if not may_change(request.user, obj):
            raise exceptions.PermissionDenied(
                f"“{obj}” is published or another's: only an editor may change it or its "
                "links. Nothing was saved."
            )
        return True


class ErrorSerializer(serializers.Serializer):
    """Why a request was refused."""

    detail = serializers.CharField()


def error(description: str) -> OpenApiResponse:
    return OpenApiResponse(response=ErrorSerializer, description=description)


INVALID = OpenApiResponse(
    response={
        "type": "object",
        "additionalProperties": {
            "oneOf": [
                {"type": "array", "items": {"type": "string"}},
                {"type": "array", "items": {"type": "object"}},
                {"type": "object"},
            ]
        },
    },
    description="Bad input: each field at fault, with what is wrong with it "
    "(`non_field_errors` for the record as a whole).",
)

WRITE_ERRORS = {
    400: INVALID,
    401: error("No credentials, or credentials not valid: send a token."),
    403: error("No permission to write this kind of record, or this record."),
    404: error("No record by this slug that you may see."),
    409: error("The change conflicts with records already stored."),
    412: error("The record has changed since the version If-Match names."),
    413: error("The body is too large."),
}

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The ETag of the version you read: the write is refused (412) if the record "
    "has changed since.",
)


class RecordSchema(AutoSchema):
    """The answers of a write, errors included, and its If-Match header."""

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self.method in ("PUT", "PATCH", "DELETE"):
            parameters = [*parameters, IF_MATCH]
        return parameters

    def get_response_serializers(self):
        serializer = super().get_response_serializers()
        errors = dict(WRITE_ERRORS)
        if self.method == "POST":
            errors.pop(404)
            errors.pop(412)
            return {201: serializer, **errors}
        if self.method in ("PUT", "PATCH"):
            return {200: serializer, **errors}
        if self.method == "DELETE":
            errors.pop(400)
            return {204: None, **errors}
        return serializer


class RecordWriteViewSetMixin:
    """Writes on a viewset of records: permissions, If-Match, ETag, the answer as read."""

    permission_classes = [RecordPermissions]
    # Records carry lists of links: JSON says them, form encodings cannot.
    parser_classes = [JSONParser]
    schema = RecordSchema()

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        # DRF's parsers read the body as a stream, below Django's size check
        # (which only `request.body` makes): the limit is checked here, once
        # the writer is known and before the body is read.
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit:
            raise RequestTooLarge()

    def check_if_match(self, record) -> None:
        header = self.request.headers.get("If-Match")
        if not header:
            return
        # The row is locked (on PostgreSQL) until the write commits, so that no
        # other write slips in between the check and the save.
        rows = type(record)._default_manager.select_for_update().filter(pk=record.pk)
        record.updated_at = rows.values_list("updated_at", flat=True).first()
        tags = parse_etags(header)
        if "*" not in tags and record_etag(record, self.request.user) not in tags:
            raise PreconditionFailed()

    def get_object(self):
        record = super().get_object()
        if self.request.method in ("PUT", "PATCH", "DELETE"):
            self.check_if_match(record)
        return record

    def get_queryset(self):
        if getattr(self, "action", None) in WRITE_ACTIONS:
            # A write works on the record itself, not on what a page shows of it.
            return self.model.objects.visible_to(self.request.user)
        return super().get_queryset()

    def _answer(self, record, code: int) -> Response:
        queryset = self.model.objects.visible_to(self.request.user)
        if hasattr(queryset, "for_detail"):
            queryset = queryset.for_detail(self.request.user)
        record = queryset.get(pk=record.pk)
        data = self.get_serializer(record).data
        headers = {"ETag": record_etag(record, self.request.user)}
        if code == status.HTTP_201_CREATED:
            headers["Location"] = data["api_url"]
        return Response(data, status=code, headers=headers)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = serializer.save()
        log_api_write(request.user, record, ADDITION)
        return self._answer(record, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        record = serializer.save()
        log_api_write(request.user, record, CHANGE, fields=serializer.validated_data)
        return self._answer(record, status.HTTP_200_OK)

    def perform_destroy(self, instance) -> None:
        instance._history_user = self.request.user
        with transaction.atomic():
            log_api_write(self.request.user, instance, DELETION)
            instance.delete()


class RecordViewSet(RecordWriteViewSetMixin, viewsets.ModelViewSet):
    pass
