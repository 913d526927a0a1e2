"""A short list of strings (acronyms) kept as JSON and edited as text."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models


class ListFormField(forms.CharField):
    """One item a line, or separated by commas where ``separator`` says so."""

    widget = forms.Textarea(attrs={"rows": 3, "cols": 60})

    def __init__(self, *, separator: str = "\n", item_validator=None, **kwargs) -> None:
        self.separator = separator
        self.item_validator = item_validator
        kwargs.pop("max_length", None)
        if separator == ",":
            kwargs.setdefault("widget", forms.TextInput(attrs={"size": 40}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return (", " if self.separator == "," else "\n").join(value)
        return value

    def to_python(self, value) -> list[str]:
        if isinstance(value, list):
            return value
        text = super().to_python(value) or ""
        items = [item.strip() for item in text.replace("\r", "").split(self.separator)]
        return list(dict.fromkeys(item for item in items if item))

    def validate(self, value: list[str]) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        errors = []
        for item in value:
            if self.item_validator is None:
                continue
            try:
                self.item_validator(item)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)


class ListField(models.JSONField):
    """A JSON list of short strings."""

    def __init__(self, *args, separator: str = "\n", item_validator=None, **kwargs) -> None:
        self.separator = separator
        self.item_validator = item_validator
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.separator != "\n":
            kwargs["separator"] = self.separator
        return name, path, args, kwargs

    def validate(self, value, model_instance) -> None:
        super().validate(value, model_instance)
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ValidationError("Give a list of texts.", code="invalid")
        if self.item_validator is not None:
            for item in value:
                self.item_validator(item)

    def formfield(self, **kwargs):
        return models.Field.formfield(
            self,
            form_class=ListFormField,
            separator=self.separator,
            item_validator=self.item_validator,
            **kwargs,
        )


def validate_acronym(value: str) -> None:
    if len(value) > 30:
        raise ValidationError(f"“{value[:30]}…” is longer than 30 characters.", code="max_length")
