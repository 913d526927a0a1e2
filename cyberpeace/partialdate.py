"""Dates known only to the year, the month or the day.

Sources often say "2009" or "May 2017". Such a date is kept at the precision
the source gives and written as ISO 8601 of reduced precision ("2009",
"2017-05", "2017-11-29"). Those strings sort correctly as plain text, which
is why the database stores them as text.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from functools import total_ordering

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Concat, Substr
from django.utils.dates import MONTHS
from django.utils.translation import gettext, pgettext

_ISO = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")

HELP = "A year (2009), a month (2017-05) or a day (2017-11-29): only as precise as the source."


@total_ordering
@dataclass(frozen=True, slots=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise ValueError(
                gettext("%(year)s is not a year between 1 and 9999.") % {"year": self.year}
            )
        if self.month is None and self.day is not None:
            raise ValueError(gettext("A day needs a month."))
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(
                gettext("%(month)02d is not a month (01 to 12).") % {"month": self.month}
            )
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise ValueError(
                    gettext("%(month)s %(year)s has no day %(day)02d.")
                    % {"month": MONTHS[self.month], "year": self.year, "day": self.day}
                )

    @classmethod
    def parse(cls, value: str) -> PartialDate:
        match = _ISO.match(value.strip())
        if match is None:
            raise ValueError(
                gettext("“%(value)s” is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD.")
                % {"value": value}
            )
        return cls(*(int(part) if part else None for part in match.groups()))

    @classmethod
    def coerce(cls, value: PartialDate | datetime.date | int | str) -> PartialDate:
        """Also takes what YAML makes of an unquoted 2009 or 2017-11-29."""
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, datetime.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and not isinstance(value, bool):
            return cls(value)
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD.")
        return cls.parse(value)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        # A less precise date sorts before the more precise dates it contains,
        # exactly as its ISO text does.
        return str(self) < str(other)

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> datetime.date:
        if self.day is not None:
            return self.first_day
        month = self.month or 12
        return datetime.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def may_follow(self, start: PartialDate) -> bool:
        """Whether an end of ``self`` is possible for a ``start``.

        "2018-01" may end something that started on "2018-01-25": only an end
        whose whole span lies before the whole span of the start is impossible.
        """
        return self.last_day >= start.first_day

    def display(self) -> str:
        if self.precision == "year":
            return str(self.year)
        if self.precision == "month":
            return f"{MONTHS[self.month]} {self.year}"
        return f"{day_of_month(self.day)} {MONTHS[self.month]} {self.year}"


def day_of_month(day: int) -> str:
    """The day as the active language writes it: French writes the first "1er"."""
    return pgettext("the first day of a month, as in 1 May 2018", "1") if day == 1 else str(day)


def format_range(start: PartialDate | None, end: PartialDate | None) -> str:
    """'24–25 January 2018', 'May–June 2017', '2009–2012', '3 May 2017 – 2018'."""
    if start is None:
        return end.display() if end else ""
    if end is None or end == start:
        return start.display()
    if start.precision == end.precision == "day" and start.year == end.year:
        if start.month == end.month:
            return f"{day_of_month(start.day)}–{end.display()}"
        return f"{day_of_month(start.day)} {MONTHS[start.month]} – {end.display()}"
    if start.precision == end.precision == "month" and start.year == end.year:
        return f"{MONTHS[start.month]}–{end.display()}"
    if start.precision == end.precision == "year":
        return f"{start.year}–{end.year}"
    return f"{start.display()} – {end.display()}"


def format_period(start: PartialDate | None, end: PartialDate | None) -> str:
    """A span that may be open: "2009–2012", "from October 2021", "until 2015".

    Unlike an event's `format_range`, a start alone is not a single day: the end
    is not known (a programme, a partnership, a role, a relation).
    """
    if start is not None and end is None:
        return gettext("from %(date)s") % {"date": start.display()}
    if start is None and end is not None:
        return gettext("until %(date)s") % {"date": end.display()}
    return format_range(start, end)


def last_day_text(expression) -> models.Func:
    """The text of a partial date's last possible day, as it sorts: "2017" gives "2017-99-99".

    The padding sorts after every real day of the span, so comparing it with
    another date's text compares the span's end with that date's first day.
    """
    if isinstance(expression, str):
        expression = models.F(expression)
    return Substr(Concat(expression, models.Value("-99-99")), 1, 10)


def last_day_of(value: PartialDate) -> str:
    """`last_day_text` of a date known here, for comparing with a column."""
    return (str(value) + "-99-99")[:10]


def end_not_before_start(
    name: str, start: str = "start", end: str = "end"
) -> models.CheckConstraint:
    """The database's half of `PartialDate.may_follow`: the one date-order constraint.

    Padding the end with "-99-99" gives a text that sorts after every day of
    its span, so comparing it with the start's text compares the end's last
    possible day with the start's first.
    """
    padded_end = last_day_text(end)
    return models.CheckConstraint(
        condition=models.Q(**{f"{start}__isnull": True})
        | models.Q(**{f"{end}__isnull": True})
        | models.lookups.GreaterThanOrEqual(padded_end, models.F(start)),
        name=name,
        violation_error_message="The end cannot be before the start.",
    )


class PartialDateFormField(forms.Field):
    widget = forms.TextInput
    default_error_messages = {"invalid": "%(reason)s"}

    def __init__(self, *, max_length: int | None = None, **kwargs) -> None:
        kwargs.setdefault("help_text", HELP)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"maxlength": "10", "size": "12", "placeholder": "YYYY-MM-DD", "spellcheck": "false"}
        )

    def prepare_value(self, value):
        return "" if value is None else str(value)

    def to_python(self, value) -> PartialDate | None:
        if isinstance(value, str):
            value = value.strip()
        if value in self.empty_values:
            return None
        try:
            return PartialDate.coerce(value)
        except ValueError as error:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"reason": error}
            ) from error


class PartialDateField(models.Field):
    """Stored as text of up to 10 characters, which sorts as the dates do."""

    description = "A date known to the year, the month or the day"

    def __init__(self, *args, **kwargs) -> None:
        kwargs["max_length"] = 10
        kwargs.setdefault("help_text", HELP)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        del kwargs["max_length"]
        return name, path, args, kwargs

    def get_internal_type(self) -> str:
        return "CharField"

    def from_db_value(self, value, expression, connection) -> PartialDate | None:
        return None if value is None else PartialDate.parse(value)

    def to_python(self, value) -> PartialDate | None:
        if value in (None, ""):
            return None
        try:
            return PartialDate.coerce(value)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from error

    def get_prep_value(self, value) -> str | None:
        value = self.to_python(value)
        return None if value is None else str(value)

    def value_to_string(self, obj) -> str:
        value = self.value_from_object(obj)
        return "" if value is None else str(value)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PartialDateFormField, **kwargs})


def validate_span(
    start: PartialDate | None, end: PartialDate | None, *, end_field: str = "end"
) -> None:
    """The form-level half of `ends_after_start`, naming the field to correct."""
    if start is not None and end is not None and not end.may_follow(start):
        raise ValidationError(
            {end_field: f"The end ({end}) cannot be before the start ({start})."},
            code="end_before_start",
        )
