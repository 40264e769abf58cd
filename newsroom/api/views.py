"""Views of the API that are not about one kind of record: signing in for a token."""

from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.throttling import AnonRateThrottle

from newsroom.api.parsers import FormParser, JSONParser, MultiPartParser


class TokenView(ObtainAuthToken):
    """Trade a username and password for the API token of that account.

    Throttled like any anonymous request: DRF's own view is not, which would let a client try
    passwords as fast as the server answers.
    """

    throttle_classes = [AnonRateThrottle]
    parser_classes = [JSONParser, FormParser, MultiPartParser]
