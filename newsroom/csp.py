"""The Content Security Policy middleware, with inline styles only where DRF's pages need them."""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware as BaseCSPMiddleware


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp's middleware, adding 'unsafe-inline' to style-src for the browsable API.

    Only styles, and only there: DRF's templates carry style attributes and a <style> element.
    Scripts stay 'self' plus nonce everywhere; the public site (TimelineJS included, which sets
    its styles through the DOM), the admin and the API docs run without inline styles.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if needs_inline_styles(response):
            parts.update = {**(parts.update or {}), "style-src": [UNSAFE_INLINE]}
        return parts


def needs_inline_styles(response) -> bool:
    renderer = getattr(response, "accepted_renderer", None)
    return getattr(renderer, "format", None) == "api"
