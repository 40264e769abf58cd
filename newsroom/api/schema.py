"""The OpenAPI schema with every error an operation can answer, in the one error shape.

drf-spectacular documents success responses only; clients (and the schema fuzzing in the tests)
need the refusals too: a bad filter, a missing sign-in, a role that may not, a stale version.
"""

from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiResponse

from newsroom.api.serializers import ErrorSerializer

ERRORS = {
    "400": "The request was not accepted: `errors` names the fields and what is wrong.",
    "401": "Sign in first: send `Authorization: Token <key>` or a session cookie.",
    "403": "Your role does not allow this, or a review rule (four eyes) refuses it.",
    "404": "No record with this id is visible to you (or no such page of the list).",
    "409": "The record changed since your copy (`stale`, with `current_version`), or the "
    "move is not possible from its current state.",
    "412": "The record's version is not the one named in If-Match.",
    "413": "The request body is larger than the server accepts.",
    "415": "Send the body as JSON (`Content-Type: application/json`).",
    "429": "Too many requests: wait the number of seconds in Retry-After.",
    "503": "The database is unavailable (down, locked or full): try again after Retry-After "
    "seconds. Nothing was saved.",
}

READ_ERRORS = ("400", "401", "404", "429", "503")
WRITE_ERRORS = ("400", "401", "403", "404", "409", "412", "413", "415", "429", "503")
DELETE_ERRORS = ("401", "403", "404", "409", "412", "429", "503")


class AutoSchema(openapi.AutoSchema):
    def get_error_codes(self) -> tuple[str, ...]:
        """The error statuses this operation may answer with (override per view if needed)."""
        if self.method in ("GET", "HEAD"):
            return READ_ERRORS
        if self.method == "DELETE":
            return DELETE_ERRORS
        return WRITE_ERRORS

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self.get_error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=ERRORS[code]),
                    code,
                    direction=direction,
                )
        return responses
