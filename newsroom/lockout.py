"""What a client locked out for too many failed logins sees: a page, or JSON under /api/."""

from axes.helpers import get_cool_off
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render

LOCKED_OUT_MESSAGE = (
    "Too many failed sign-in attempts for this account from this address. "
    "Signing in is blocked for {minutes} minutes; ask an administrator if you need in sooner."
)


def cool_off_minutes(request) -> int:
    cool_off = get_cool_off(request)
    return max(1, round(cool_off.total_seconds() / 60)) if cool_off else 0


def locked_out_message(request) -> str:
    return LOCKED_OUT_MESSAGE.format(minutes=cool_off_minutes(request))


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout response (AXES_LOCKOUT_CALLABLE): 429, with Retry-After."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    minutes = cool_off_minutes(request)
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"code": "locked_out", "message": locked_out_message(request)}, status=status
        )
    else:
        response = render(
            request,
            "axes/locked_out.html",
            {"message": locked_out_message(request), "minutes": minutes},
            status=status,
        )
    if minutes:
        response["Retry-After"] = str(minutes * 60)
    return response
