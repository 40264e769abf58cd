"""Name folding: the form of a name used for matching, never for display.

Folding lowers case, strips accents (Erdoğan -> erdogan), unifies apostrophes and dashes,
drops punctuation and a leading "the", and maps known transliteration variants to one
spelling (Uighur -> uyghur). Two names that fold alike are candidates for the same entity;
the spelling a source printed is kept elsewhere, as evidence.
"""

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter and a combining mark.
_LETTERS = str.maketrans(
    {
        "ı": "i",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "`": "'",
        "´": "'",
    }
)

# Transliteration variants folded to one spelling, matched as whole words.
VARIANT_SPELLINGS: dict[str, str] = {
    "uighur": "uyghur",
    "uighurs": "uyghurs",
    "uigur": "uyghur",
    "uigurs": "uyghurs",
    "uygur": "uyghur",
    "uygurs": "uyghurs",
    "xinkiang": "xinjiang",
    "sinkiang": "xinjiang",
    "peking": "beijing",
}

_NON_WORD = re.compile(r"[^\w]+", flags=re.UNICODE)
_LEADING_ARTICLE = re.compile(r"^the\s+")


def fold(name: str) -> str:
    """The matching form of a name: "The Uighur World-Congress" -> "uyghur world congress"."""
    text = unicodedata.normalize("NFKC", name or "").casefold().translate(_LETTERS)
    text = "".join(
        char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
    )
    # Apostrophes join a word ("people's" -> "peoples"); other punctuation separates words.
    text = _NON_WORD.sub(" ", text.replace("'", "")).replace("_", " ")
    words = [VARIANT_SPELLINGS.get(word, word) for word in text.split()]
    return _LEADING_ARTICLE.sub("", " ".join(words))
