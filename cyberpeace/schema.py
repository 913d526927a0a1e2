"""The API's OpenAPI description: every operation names the errors it may answer."""

from __future__ import annotations

from drf_spectacular import openapi
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse

READ_ERRORS = {
    "304": "Not modified: the answer is the one named by If-None-Match or If-Modified-Since.",
    "429": "Too many requests: wait the number of seconds Retry-After gives.",
}
LIST_ERRORS = {
    "400": "A filter or parameter is wrong: the body names each and says why.",
    "404": "No such page of the list.",
}
DETAIL_ERRORS = {"404": "No record by that slug that you may see."}
WRITE_ERRORS = {
    "400": "The record is not valid: the body names each field and says why.",
    "401": "Writing needs a token (Authorization: Token <key>).",
    "403": "Your account may not make this change.",
    "429": "Too many requests: wait the number of seconds Retry-After gives.",
}
CHANGE_ERRORS = {
    "404": "No record by that slug that you may see.",
    "412": "The record changed since the version If-Match names: read it again.",
}
BODY_ERRORS = {"413": "The request body is too large."}


class AutoSchema(openapi.AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, description in self.error_responses().items():
            if code in responses:
                continue
            if code == "304":
                responses[code] = {"description": description}
                continue
            responses[code] = self._get_response_for_code(
                OpenApiResponse(OpenApiTypes.OBJECT, description=description), code
            )
        return responses

    def get_auth(self):
        # Reading is open to all: a token or a session only widens what one sees.
        auth = super().get_auth()
        if self.method in ("GET", "HEAD") and auth and {} not in auth:
            auth.append({})
        return auth

    def error_responses(self) -> dict[str, str]:
        if self.method in ("GET", "HEAD"):
            return READ_ERRORS | (LIST_ERRORS if self._is_list_view() else DETAIL_ERRORS)
        errors = dict(WRITE_ERRORS)
        if self.method in ("PUT", "PATCH", "DELETE"):
            errors |= CHANGE_ERRORS
        if self.method in ("POST", "PUT", "PATCH"):
            errors |= BODY_ERRORS
        return errors


def allow_empty_filters(result, generator, request, public):
    """A parameter given empty ("?topic=", a form's "any" option) is as if not given: say so."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    parameter["allowEmptyValue"] = True
    return result
