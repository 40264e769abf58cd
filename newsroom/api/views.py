"""Views of the API that are not about one kind of record: signing in for a token."""

from django.contrib.auth import get_user_model
from rest_framework import exceptions, serializers, status
from rest_framework.authtoken import serializers as authtoken
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.throttling import AnonRateThrottle

from newsroom.api.parsers import FormParser, JSONParser, MultiPartParser
from newsroom.lockout import cool_off_minutes, locked_out_message


class LockedOut(exceptions.APIException):
    """Too many failed sign-ins for this username from this address (django-axes)."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"

    def __init__(self, request):
        super().__init__(detail=locked_out_message(request))
        # DRF's exception handler turns `wait` into a Retry-After header.
        self.wait = cool_off_minutes(request) * 60 or None


# DRF's serializer of a username and password, with a username longer than any account's refused
# before it is tried: it would reach django-axes' record of failed sign-ins, whose column is
# shorter than a request can be (PostgreSQL refuses the row, and the request failed with a 500).
# No docstring: it would become the schema's description of the request.
class AuthTokenSerializer(authtoken.AuthTokenSerializer):
    username = serializers.CharField(
        label="Username",
        write_only=True,
        max_length=get_user_model()._meta.get_field(get_user_model().USERNAME_FIELD).max_length,
    )


class TokenView(ObtainAuthToken):
    """Trade a username and password for the API token of that account.

    Throttled like any anonymous request: DRF's own view is not, which would let a client try
    passwords as fast as the server answers.
    """

    # Beyond the throttle, django-axes locks one username from one address out after repeated
    # failures (settings.AXES_FAILURE_LIMIT); this docstring is the API schema's description.
    throttle_classes = [AnonRateThrottle]
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    serializer_class = AuthTokenSerializer

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except exceptions.ValidationError:
            # Axes flags the request it was given, DRF's wrapper: its middleware never sees the
            # flag, so the lockout is answered here, in the API's own error shape.
            if getattr(request, "axes_locked_out", False):
                raise LockedOut(request) from None
            raise
