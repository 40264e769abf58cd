"""Dated mentions in a text, proposed as candidate events with the precision they are given to.

"In 2019" is a year, "in May 2020" a month, "26 December 2020" a day. Relative mentions ("in
May", "at the weekend", "on Monday", "last year") are resolved against the article's date when
it is known (to the day for days, to the month for months); otherwise the date is left empty
and only the precision is proposed.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_YEAR_BEFORE = re.compile(
    r"\b(?:in|since|by|until|from|during|early|late|mid-|before|after|around|through|till|"
    r"between|spring\s+of|summer\s+of|autumn\s+of|winter\s+of|fall\s+of)\s+"
    r"(?:(?:early|late|mid-)\s*)?$",
    flags=re.IGNORECASE,
)
_ANY_MONTH = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")

PATTERNS = [
    (
        "day",
        re.compile(
            rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR})\b"
        ),
    ),
    (
        "day",
        re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>{_YEAR})\b"),
    ),
    ("day", re.compile(rf"\b(?P<y>{_YEAR})-(?P<mn>\d{{2}})-(?P<d>\d{{2}})\b")),
    ("day", re.compile(rf"\b(?P<d>\d{{1,2}})/(?P<mn>\d{{1,2}})/(?P<y>{_YEAR})\b")),
    ("month", re.compile(rf"\b(?P<m>{_MONTH})\s+(?:of\s+)?(?P<y>{_YEAR})\b")),
    # A year is found by its digits, then checked for the word before it (see _YEAR_BEFORE).
    ("year", re.compile(rf"(?<![\d,.$£€])(?P<y>{_YEAR})(?![\d,.]\d)\b")),
    (
        "day",
        re.compile(
            rf"\b(?:[Oo]n\s+)?(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s+{_YEAR})"
        ),
    ),
    (
        "day",
        re.compile(
            rf"\b(?:[Oo]n\s+)(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
            rf"(?P<m>{_MONTH})\b(?!,?\s+{_YEAR})"
        ),
    ),
    (
        "month",
        re.compile(
            rf"\b(?:[Ii]n|[Ss]ince|[Ee]arly|[Ll]ate|[Mm]id-|[Bb]y|[Uu]ntil|[Ll]ast)\s+(?P<m>{_MONTH})\b(?!\s+\d)"
        ),
    ),
    (
        "weekend",
        re.compile(r"\b(?:at|over|on)\s+the\s+weekend\b|\b(?:last|this)\s+weekend\b", re.I),
    ),
    (
        "weekday",
        re.compile(
            r"\b(?:on|last)\s+(?P<w>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
        ),
    ),
    ("relative-day", re.compile(r"\b(?P<r>yesterday)\b", re.I)),
    ("relative-year", re.compile(r"\b(?P<r>last|this|next)\s+year\b", re.I)),
    (
        "relative-month",
        re.compile(r"\b(?P<r>last|this|next)\s+month\b|\bearlier\s+this\s+month\b", re.I),
    ),
]


@dataclass(frozen=True)
class DatedMention:
    start: int
    end: int
    text: str
    date: str | None
    precision: str
    ends: str | None = None


def _iso(date: datetime.date, precision: str) -> str:
    if precision == "year":
        return f"{date.year:04d}"
    if precision == "month":
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


def parse_reference(value: str) -> tuple[datetime.date, str] | None:
    """The article's date ("2020-12-29", "2020-12", "2020") as (first day, precision)."""
    match = re.fullmatch(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*", value or "")
    if not match:
        return None
    year, month, day = match.groups()
    try:
        date = datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    return date, "day" if day else "month" if month else "year"


def _month(match: re.Match) -> int:
    if match.groupdict().get("mn"):
        return int(match.group("mn"))
    return MONTHS[match.group("m").lower().rstrip(".")]


def find_dates(
    text: str, *, published: str = "", skip: list[tuple[int, int]] = ()
) -> list[DatedMention]:
    """Dated mentions in `text`, earliest first, none inside the spans in `skip`."""
    reference = parse_reference(published)
    taken: list[tuple[int, int]] = list(skip)
    found = []
    # Most patterns need a digit, a month or a day's name: skip those that cannot match.
    lowered = text.lower()
    has_month = bool(_ANY_MONTH.search(text))
    has_digit = bool(re.search(r"\d", text))
    for kind, pattern in PATTERNS:
        if kind in ("day", "month") and not has_month and not has_digit:
            continue
        if kind == "month" and not has_month:
            continue
        if kind == "year" and not has_digit:
            continue
        if kind == "weekend" and "weekend" not in lowered:
            continue
        if kind == "weekday" and "day" not in lowered:
            continue
        if kind.startswith("relative") and not any(
            word in lowered for word in ("yesterday", "year", "month")
        ):
            continue
        for match in pattern.finditer(text):
            start, end = match.span()
            if kind == "year":
                before = _YEAR_BEFORE.search(text, max(0, start - 20), start)
                if before is None:
                    continue
                start = before.start()
            if any(start < b and a < end for a, b in taken):
                continue
            mention = _resolve(kind, match, reference, start, text[start:end])
            if mention is None:
                continue
            taken.append((start, end))
            found.append(mention)
    return sorted(found, key=lambda mention: mention.start)


def _resolve(kind: str, match: re.Match, reference, start: int, text: str) -> DatedMention | None:
    end = match.end()
    groups = match.groupdict()
    ref_date, ref_precision = reference if reference else (None, None)
    try:
        if kind in ("day", "month", "year") and groups.get("y"):
            year = int(groups["y"])
            if kind == "year":
                return DatedMention(start, end, text, f"{year:04d}", "year")
            month = _month(match)
            if kind == "month":
                return DatedMention(start, end, text, f"{year:04d}-{month:02d}", "month")
            day = int(groups["d"])
            if "/" in text and month > 12 and day <= 12:
                day, month = month, day  # a US-style date: 12/29/2020
            return DatedMention(
                start, end, text, datetime.date(year, month, day).isoformat(), "day"
            )
        if kind in ("day", "month"):
            month = _month(match)
            if kind == "day":
                day = int(groups["d"])
                if ref_date is None:
                    return DatedMention(start, end, text, None, "day")
                year = ref_date.year if month <= ref_date.month else ref_date.year - 1
                return DatedMention(
                    start, end, text, datetime.date(year, month, day).isoformat(), "day"
                )
            if ref_date is None or ref_precision == "year":
                return DatedMention(start, end, text, None, "month")
            # A month named without a year is the latest such month up to the article's date.
            year = ref_date.year if month <= ref_date.month else ref_date.year - 1
            return DatedMention(start, end, text, f"{year:04d}-{month:02d}", "month")
    except ValueError:
        return None
    if kind == "weekend":
        if ref_date is None or ref_precision != "day":
            return DatedMention(start, end, text, None, "day")
        # The weekend before the article's day (or the one it falls in).
        back = (ref_date.weekday() - 5) % 7
        saturday = ref_date - datetime.timedelta(days=back)
        if "this" in text.lower() and ref_date.weekday() < 5:
            saturday = ref_date + datetime.timedelta(days=5 - ref_date.weekday())
        sunday = saturday + datetime.timedelta(days=1)
        return DatedMention(start, end, text, saturday.isoformat(), "day", sunday.isoformat())
    if kind == "weekday":
        if ref_date is None or ref_precision != "day":
            return DatedMention(start, end, text, None, "day")
        wanted = _DAYS.index(groups["w"].lower())
        back = (ref_date.weekday() - wanted) % 7 or (7 if text.lower().startswith("last") else 0)
        return DatedMention(
            start, end, text, (ref_date - datetime.timedelta(days=back)).isoformat(), "day"
        )
    if kind == "relative-day":
        if ref_date is None or ref_precision != "day":
            return DatedMention(start, end, text, None, "day")
        shift = 1 if groups["r"].lower() == "yesterday" else 0
        return DatedMention(
            start, end, text, (ref_date - datetime.timedelta(days=shift)).isoformat(), "day"
        )
    if kind == "relative-year":
        if ref_date is None:
            return DatedMention(start, end, text, None, "year")
        shift = {"last": -1, "this": 0, "next": 1}[groups["r"].lower()]
        return DatedMention(start, end, text, f"{ref_date.year + shift:04d}", "year")
    if kind == "relative-month":
        if ref_date is None or ref_precision == "year":
            return DatedMention(start, end, text, None, "month")
        word = (groups.get("r") or "this").lower()
        shift = {"last": -1, "this": 0, "next": 1}[word]
        month_index = ref_date.year * 12 + ref_date.month - 1 + shift
        return DatedMention(
            start, end, text, f"{month_index // 12:04d}-{month_index % 12 + 1:02d}", "month"
        )
    return None
