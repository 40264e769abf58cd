"""The API's own errors, and the status each workflow refusal answers with."""

from rest_framework import exceptions, status

from newsroom import workflow

WORKFLOW_STATUS = {
    workflow.IllegalTransition: status.HTTP_409_CONFLICT,
    workflow.StaleRecord: status.HTTP_409_CONFLICT,
    workflow.NotPermitted: status.HTTP_403_FORBIDDEN,
    workflow.FourEyesViolation: status.HTTP_403_FORBIDDEN,
    workflow.EvidenceRequired: status.HTTP_400_BAD_REQUEST,
    workflow.NoteRequired: status.HTTP_400_BAD_REQUEST,
    workflow.CorrectionRequired: status.HTTP_400_BAD_REQUEST,
}


class RefusedByWorkflow(exceptions.APIException):
    """A workflow rule refused the request; the status depends on the rule."""

    def __init__(self, error: workflow.WorkflowError):
        self.status_code = next(
            (code for kind, code in WORKFLOW_STATUS.items() if isinstance(error, kind)),
            status.HTTP_400_BAD_REQUEST,
        )
        super().__init__(detail=error.message, code=error.code)
        self.error = error


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The record has changed since the version named in If-Match."
    default_code = "precondition_failed"


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "too_large"


class StillReferenced(exceptions.APIException):
    """A delete refused because other records still point at this one."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "still_referenced"

    def __init__(self, error):
        blocking = list(getattr(error, "protected_objects", None) or [])
        blocking += list(getattr(error, "restricted_objects", None) or [])
        kinds = sorted({str(type(row)._meta.verbose_name_plural) for row in blocking})
        super().__init__(
            "Other records still refer to this one ("
            + (", ".join(kinds) or "linked records")
            + "): change or delete them first. Nothing was deleted."
        )
