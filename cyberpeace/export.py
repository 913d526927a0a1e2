"""Every matching row of an API list as a file: CSV for spreadsheets, iCalendar for events.

A list answers ``?format=csv`` (and events ``?format=ics``) with all the rows its
filters match, not a page of them. The rows go through the list's own queryset
(``filter_queryset(get_queryset())``, so visibility, prefetches and filters are
the JSON list's) and its own serializer, so a file never says more or less than
the API does.

CSV columns follow the serializer's fields, in order:

- scalars as they are; a choice (or a country) as its code, then its label in
  ``<field>_label`` (taken from the model field's choices);
- lists joined with "; ", each related record by its slug, with its role or
  kind in brackets where it has one (``unesco (lead)``); an identifier as
  ``scheme:value``; an account or a link by its URL;
- ``?fields=slug,name`` keeps those columns, in that order; ``?bom=1`` starts
  the file with a byte order mark, which some spreadsheets need to read UTF-8.

A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage
return) as a formula, and a record's text is written by editors and partners:
such a cell is written with a leading apostrophe, which spreadsheets show as
text. A program reading the CSV should strip that apostrophe from a cell whose
next character is one of these.

Every export states the data's licence (settings.DATA_LICENCE) in a
``Link: <url>; rel="license"`` header and an ``X-Data-Licence`` header.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpResponse, StreamingHttpResponse
from django_countries.fields import CountryField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import renderers, routers, serializers
from rest_framework.exceptions import ValidationError

from cyberpeace.schema import AutoSchema

# Related records in a list are named by the first of these they have…
KEYS = ("organisation", "person", "topic", "slug")
# …followed by the first of these, in brackets.
QUALIFIERS = ("role", "kind")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Rows are read from the database this many at a time, each batch with its
# prefetches: a file of any length costs a few queries per batch.
CHUNK = 1000


def licence() -> dict[str, str]:
    return {key: settings.DATA_LICENCE[key] for key in ("name", "url", "attribution")}


def licence_headers() -> dict[str, str]:
    terms = licence()
    return {
        "Link": f'<{terms["url"]}>; rel="license"',
        "X-Data-Licence": f"{terms['name']}; attribution: {terms['attribution']}",
    }


def licence_text() -> str:
    terms = licence()
    return f"Data licence: {terms['name']} ({terms['url']}). Attribution: {terms['attribution']}."


class LicencedAPIRootView(routers.APIRootView):
    """The API's resources, and the licence under which their data may be reused."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data = {**response.data, "licence": licence()}
        for header, value in licence_headers().items():
            response[header] = value
        return response


def item_text(item) -> str:
    """One related record of a list, as a CSV cell names it."""
    if not isinstance(item, dict):
        return "" if item is None else str(item)
    key = next((item[name] for name in KEYS if item.get(name)), None)
    if key is None:
        if item.get("url"):
            return str(item["url"])
        return ":".join(str(value) for value in item.values() if isinstance(value, str) and value)
    qualifier = next((item[name] for name in QUALIFIERS if item.get(name)), None)
    return f"{key} ({qualifier})" if qualifier else str(key)


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(item_text(item) for item in value)
    return item_text(value)


def defused(text: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    value: Callable[[dict], str]


def _choices_of(model: type[models.Model], name: str) -> dict[str, str] | None:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if isinstance(field, CountryField):
        return {str(code): str(label) for code, label in field.countries}
    if getattr(field, "choices", None):
        return {str(code): str(label) for code, label in field.flatchoices}
    return None


def _plain(name: str) -> Callable[[dict], str]:
    return lambda row: cell(row.get(name))


def _label(name: str, labels: dict[str, str]) -> Callable[[dict], str]:
    def value(row: dict) -> str:
        codes = row.get(name)
        if isinstance(codes, list):
            return "; ".join(labels.get(str(code), str(code)) for code in codes)
        return "" if not codes else labels.get(str(codes), str(codes))

    return value


def columns_of(serializer: serializers.Serializer) -> list[Column]:
    """One column per field of the serializer; a choice also gets its label's column."""
    model = serializer.Meta.model
    names = list(serializer.fields)
    columns = []
    for name, field in serializer.fields.items():
        columns.append(Column(name, _plain(name)))
        source = name if field.source == "*" else field.source
        labels = _choices_of(model, source)
        if labels is not None and f"{name}_label" not in names:
            columns.append(Column(f"{name}_label", _label(name, labels)))
    return columns


def chosen_columns(columns: list[Column], fields: str | None) -> list[Column]:
    """The columns ``?fields=`` names, in its order; all of them without it."""
    if not fields:
        return columns
    by_name = {column.name: column for column in columns}
    wanted = [name.strip() for name in fields.split(",") if name.strip()]
    unknown = [name for name in wanted if name not in by_name]
    if unknown:
        raise ValidationError(
            {
                "fields": [
                    f"Unknown field{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}. "
                    f"Valid fields: {', '.join(by_name)}."
                ],
                "unknown": unknown,
                "valid": list(by_name),
            }
        )
    return [by_name[name] for name in dict.fromkeys(wanted)]


class _Echo:
    """csv.writer writes into this and hands each row back, ready to stream."""

    def write(self, value: str) -> str:
        return value


def csv_rows(
    records: Iterable, serializer: serializers.Serializer, columns: list[Column], *, bom: bool
) -> Iterator[str]:
    writer = csv.writer(_Echo())
    if bom:
        yield "\ufeff"
    yield writer.writerow([column.name for column in columns])
    for record in records:
        row = serializer.to_representation(record)
        yield writer.writerow([defused(column.value(row)) for column in columns])


def attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    for header, value in licence_headers().items():
        response[header] = value
    return response


class ExportRenderer(renderers.BaseRenderer):
    """A format a list is exported in: the view hands it the queryset, not a page.

    ``render`` is only reached for answers that are no export (an error is
    answered in JSON instead, see `Exports.handle_exception`).
    """

    charset = "utf-8"

    def export(self, view, queryset) -> HttpResponse | StreamingHttpResponse:
        raise NotImplementedError

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return renderers.JSONRenderer().render(data, accepted_media_type, renderer_context)


class CSVRenderer(ExportRenderer):
    media_type = "text/csv"
    format = "csv"

    def export(self, view, queryset) -> StreamingHttpResponse:
        serializer = view.get_serializer()
        columns = chosen_columns(columns_of(serializer), view.request.query_params.get("fields"))
        rows = csv_rows(
            queryset.iterator(chunk_size=CHUNK),
            serializer,
            columns,
            bom=view.request.query_params.get("bom", "").strip() == "1",
        )
        response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
        return attachment(response, f"{view.export_name()}.csv")


class ICSRenderer(ExportRenderer):
    media_type = "text/calendar"
    format = "ics"

    def export(self, view, queryset) -> HttpResponse:
        # Imported here: the calendar module takes the licence's text from this one.
        from cyberpeace.calendar import events_calendar

        calendar = events_calendar(
            queryset.iterator(chunk_size=CHUNK), base_url=view.request.build_absolute_uri("/")
        )
        response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
        return attachment(response, f"{view.export_name()}.ics")


FORMAT_HELP = {
    "csv": "csv: every matching row, as a CSV file (see fields and bom).",
    "ics": "ics: every matching event dated to the day, as an iCalendar file.",
}


class ExportSchema(AutoSchema):
    """The OpenAPI description of a list's exports: `fields` and `bom`, and their media types."""

    def _exports(self) -> list[type[ExportRenderer]]:
        if getattr(self.view, "action", None) != "list":
            return []
        return list(getattr(self.view, "export_renderer_classes", []))

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        exports = self._exports()
        if not exports:
            return parameters
        parameters.append(
            OpenApiParameter(
                "format",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                enum=["json", *(renderer.format for renderer in exports)],
                description="json: a page of records. "
                + " ".join(FORMAT_HELP[renderer.format] for renderer in exports),
            )
        )
        if CSVRenderer not in exports:
            return parameters
        names = [column.name for column in columns_of(self.view.get_serializer())]
        return [
            *parameters,
            OpenApiParameter(
                "fields",
                {"type": "array", "items": {"type": "string", "enum": names}},
                OpenApiParameter.QUERY,
                description="With format=csv: the columns, in this order (all of them if "
                "absent), comma-separated. An unknown name is refused (400).",
                style="form",
                explode=False,
            ),
            OpenApiParameter(
                "bom",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                enum=["0", "1"],
                description="With format=csv: 1 starts the file with a UTF-8 byte order mark, "
                "for spreadsheets that need one.",
            ),
        ]

    def get_response_serializers(self):
        found = super().get_response_serializers()
        exports = self._exports()
        if not exports or not isinstance(found, serializers.BaseSerializer):
            return found
        responses = {(200, "application/json"): found}
        for renderer in exports:
            responses[(200, renderer.media_type)] = OpenApiTypes.STR
        return responses


class Exports:
    """A viewset mixin: its list answers every export format in `export_renderer_classes`.

    Exports go through ``filter_queryset(get_queryset())`` like the JSON list,
    but are not paginated: a file holds every matching row.
    """

    export_renderer_classes: list[type[ExportRenderer]] = [CSVRenderer]
    schema = ExportSchema()

    def export_name(self) -> str:
        return str(self.get_queryset().model._meta.verbose_name_plural).replace(" ", "-")

    def get_renderers(self):
        renderers_ = super().get_renderers()
        # No action: a method the route does not offer, which must answer 405
        # whatever format it asks for.
        if getattr(self, "action", None) in ("list", None):
            renderers_ += [renderer() for renderer in self.export_renderer_classes]
        return renderers_

    def check_export_parameters(self, request) -> None:
        """`bom` and `fields` are checked whatever the format, so a typo never passes unseen."""
        if request.query_params.get("bom", "").strip() not in ("", "0", "1"):
            raise ValidationError({"bom": ["Give 1 (start the file with a byte order mark) or 0."]})
        if CSVRenderer in self.export_renderer_classes:
            chosen_columns(columns_of(self.get_serializer()), request.query_params.get("fields"))

    def list(self, request, *args, **kwargs):
        self.check_export_parameters(request)
        renderer = request.accepted_renderer
        if isinstance(renderer, ExportRenderer):
            return renderer.export(self, self.filter_queryset(self.get_queryset()))
        response = super().list(request, *args, **kwargs)
        response["Link"] = licence_headers()["Link"]
        return response

    def handle_exception(self, exc):
        # An export's error (an unknown field, a 404) is answered in JSON, which
        # the client can read, rather than as a file.
        if isinstance(getattr(self.request, "accepted_renderer", None), ExportRenderer):
            self.request.accepted_renderer = renderers.JSONRenderer()
            self.request.accepted_media_type = "application/json"
        return super().handle_exception(exc)
