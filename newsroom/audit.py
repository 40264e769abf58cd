"""The audit log: every change, sign-in, failed sign-in and refused action, one line each.

Lines go to the `newsroom.audit` logger (standard error, and the file named by
`DJANGO_AUDIT_LOG` when set), in the form

    2026-11-21T20:11:33Z audit change user="alice" model="sources.quote" id="…" type="changed"

with the time in UTC. Every value is quoted, and control characters in it (newlines, escape
sequences, bidirectional overrides) are written as escapes, so that a username or a path sent by
an attacker cannot forge a line or hide one.
"""

import logging
import re
import time

logger = logging.getLogger("newsroom.audit")

# C0 and C1 controls, DEL, line and paragraph separators, and the bidirectional controls that
# can make a line read differently from what it holds.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_control(text: str) -> str:
    """`text` with every control character written as an escape (`\\n` becomes `\\x0a`)."""
    return _CONTROL.sub(_escape, text)


def quoted(value) -> str:
    """A value as the log writes it: in double quotes, escaped."""
    text = "" if value is None else str(value)
    return '"' + escape_control(text.replace("\\", "\\\\").replace('"', '\\"')) + '"'


def username(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return user.get_username()


def log_event(event: str, *, user=None, **fields) -> None:
    """Write one audit line: what happened, who did it (empty for nobody signed in), details."""
    parts = [event, f"user={quoted(username(user))}"]
    parts += [f"{name}={quoted(value)}" for name, value in fields.items()]
    logger.info(" ".join(parts))


HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


def log_change(record, history_type: str, *, user=None, reason: str = "") -> None:
    log_event(
        "change",
        user=user,
        model=record._meta.label_lower,
        id=record.pk,
        type=HISTORY_TYPES.get(history_type, history_type),
        reason=reason or "",
    )


def log_refusal(refusal, *, user, action: str, record=None) -> None:
    """A refused move or edit: the rule that refused it and its message."""
    fields = {"action": action, "code": getattr(refusal, "code", type(refusal).__name__)}
    if record is not None:
        fields.update(model=record._meta.label_lower, id=record.pk)
    fields["message"] = getattr(refusal, "message", str(refusal))
    log_event("refused", user=user, **fields)


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


class AuditFormatter(logging.Formatter):
    """`<UTC time> audit <message>`, with any control character left in the message escaped."""

    converter = time.gmtime

    def __init__(self):
        super().__init__("%(asctime)s audit %(message)s", datefmt="%Y-%m-%dT%H:%M:%SZ")

    def format(self, record: logging.LogRecord) -> str:
        return escape_control(super().format(record))


# Signal receivers, connected in NewsroomConfig.ready().


def on_historical_record(sender, instance, history_instance, **kwargs) -> None:
    log_change(
        instance,
        history_instance.history_type,
        user=history_instance.history_user,
        reason=history_instance.history_change_reason or "",
    )


def on_logged_in(sender, request, user, **kwargs) -> None:
    log_event("login", user=user, ip=client_address(request))


def on_logged_out(sender, request, user, **kwargs) -> None:
    log_event("logout", user=user, ip=client_address(request))


def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    log_event(
        "login_failed",
        username=credentials.get("username", ""),
        ip=client_address(request),
    )


def on_locked_out(sender, request, username, ip_address, **kwargs) -> None:
    log_event("locked_out", username=username, ip=ip_address)


class RefusedRequestMiddleware:
    """Log every request refused as forbidden (403): a permission the user lacks, a bad CSRF
    token, a locked-out sign-in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            log_event(
                "refused",
                user=getattr(request, "user", None),
                action=f"{request.method} {request.path}",
                code="forbidden",
                ip=client_address(request),
            )
        return response
