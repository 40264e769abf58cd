"""Template tags for the public pages: JSON-LD blocks and text direction."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# Scripts in right-to-left writing systems, by the language subtag that names them.
RTL_LANGUAGES = frozenset(
    {"ar", "arc", "dv", "fa", "ha", "he", "khw", "ks", "ku", "ps", "sd", "ug", "ur", "yi"}
)


@register.filter
def text_direction(language: str) -> str:
    """ "rtl" for a right-to-left language tag (ar, he, ug-Arab ...), else "ltr"."""
    primary = (language or "").split("-")[0].lower()
    return "rtl" if primary in RTL_LANGUAGES else "ltr"


@register.simple_tag
def jsonld(data) -> str:
    """A schema.org JSON-LD script block; `<`, `>` and `&` are escaped so text cannot end it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
