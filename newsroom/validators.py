"""Validators for identifiers an editor types: language tags, Wikidata QIDs, country codes; and
the test for text no database can store."""

import re

from django.core.validators import RegexValidator

validate_language = RegexValidator(
    r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*\Z",
    message="Enter a language tag such as en, ar, tr or zh-Hant (BCP 47).",
    code="invalid_language",
)

validate_wikidata_qid = RegexValidator(
    r"^Q[1-9][0-9]*\Z",
    message="Enter a Wikidata item identifier: Q followed by digits, such as Q39259.",
    code="invalid_qid",
)

validate_country = RegexValidator(
    r"^[A-Z]{2}\Z",
    message="Enter a two-letter ISO 3166 country code in capitals, such as TR or CN.",
    code="invalid_country",
)

# A surrogate code point left in a str: what JSON's escapes allow ("\ud800") and what Python makes
# of bytes that were not UTF-8 (a command's arguments, a file name); it stands for no character,
# and no UTF-8 text, so no database, can hold one.
_SURROGATE = re.compile("[\ud800-\udfff]")


def holds_lone_surrogate(text: str) -> bool:
    """Whether a text holds a surrogate code point that is no character."""
    return _SURROGATE.search(text) is not None
