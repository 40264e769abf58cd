"""Every API error as JSON: a `message` for people, a `code` for programs, `errors` for fields.

Workflow refusals keep their named codes (`four_eyes`, `stale`, ...) so a client can tell a
stale copy (409) from a missing permission (403) without reading the message.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, JsonResponse
from rest_framework import exceptions

from newsroom import middleware, workflow
from newsroom.api.exceptions import RefusedByWorkflow, RequestTooLarge, StillReferenced


class DatabaseUnavailable(exceptions.APIException):
    """The database is down, locked or full: 503, and DRF sends `wait` as Retry-After."""

    status_code = 503
    default_code = "unavailable"

    def __init__(self):
        super().__init__(middleware.unavailable_message())
        self.wait = middleware.retry_after()


def _django_validation(error: DjangoValidationError) -> exceptions.ValidationError:
    """A model's full_clean() refusal, in the shape of a serializer's."""
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(
            {
                ("non_field_errors" if field == "__all__" else field): [
                    message for item in items for message in item.messages
                ]
                for field, items in error.error_dict.items()
            }
        )
    return exceptions.ValidationError({"non_field_errors": error.messages})


def _first_message(errors) -> str:
    if isinstance(errors, dict):
        for field, value in errors.items():
            message = _first_message(value)
            if message:
                return message if field == "non_field_errors" else f"{field}: {message}"
        return ""
    if isinstance(errors, list):
        return next((m for m in map(_first_message, errors) if m), "")
    return str(errors)


def error_body(exc: exceptions.APIException) -> dict:
    """The JSON body of an error: a message, a code, and the fields' errors for invalid input."""
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        return {
            "code": "invalid",
            "message": "The request was not accepted: " + _first_message(errors),
            "errors": errors,
        }
    codes = exc.get_codes()
    code = codes if isinstance(codes, str) else "error"
    body = {"code": code, "message": str(exc.detail)}
    if isinstance(exc, RefusedByWorkflow) and isinstance(exc.error, workflow.StaleRecord):
        current = exc.error.current
        body["current_version"] = current.version if current is not None else None
    return body


def exception_handler(exc, context):
    """DRF's handler, with workflow and model errors translated and one body shape for all."""
    unavailable = middleware.is_database_unavailable(exc)
    if unavailable:
        # A view's own handler sees the error before any middleware: the same rule, as JSON.
        middleware.log_fault(context["request"], exc)
        exc = DatabaseUnavailable()
    elif isinstance(exc, workflow.WorkflowError):
        exc = RefusedByWorkflow(exc)
    elif isinstance(exc, DjangoValidationError):
        exc = _django_validation(exc)
    elif isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge(
            f"The request body is larger than the limit of "
            f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes."
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, ProtectedError | RestrictedError):
        exc = StillReferenced(exc)
    # Imported here: DRF's views module reads the API settings, which name this module.
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = error_body(exc)
    if unavailable:
        response["Cache-Control"] = "no-store"
        # Logged once on newsroom.faults; django.request would log it again.
        response._has_been_logged = True
    return response


def not_found(request, *args, **kwargs):
    """The answer to any address under /api/ that names no endpoint."""
    return JsonResponse(
        {"code": "not_found", "message": f"There is no API endpoint at {request.path}."},
        status=404,
    )


def bad_request(message: str):
    """A request refused before the API read it (an upload cut short, say), as JSON."""
    return JsonResponse({"code": "bad_request", "message": message}, status=400)


def server_error(request, *args, **kwargs):
    """A failure inside the API, as JSON: no traceback, a message a client can show."""
    return JsonResponse(
        {
            "code": "server_error",
            "message": "The server failed to answer this request; the error has been logged.",
        },
        status=500,
    )
