"""Dates of stated precision: "2019", "May 2020", "26 December 2020".

A partial date is stored as two columns: a DateField holding the first day of the period and a
precision. Database constraints keep the two consistent (a year-precise date falls on 1 January,
a month-precise date on the 1st), so sorting and range filters work on the plain date column.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Cast, ExtractDay, ExtractMonth, TruncMonth, TruncYear
from django.db.models.lookups import Exact


class DatePrecision(models.TextChoices):
    YEAR = "year", "year"
    MONTH = "month", "month"
    DAY = "day", "day"


_ISO_PARTIAL = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to a year, a month or a day."""

    date: datetime.date
    precision: str

    def __post_init__(self):
        if self.precision not in DatePrecision.values:
            raise ValueError(f"unknown date precision {self.precision!r}")
        if self.precision == DatePrecision.YEAR and (self.date.month, self.date.day) != (1, 1):
            raise ValueError("a year-precise date must fall on 1 January")
        if self.precision == DatePrecision.MONTH and self.date.day != 1:
            raise ValueError("a month-precise date must fall on the 1st")

    @classmethod
    def parse(cls, value: str) -> "PartialDate":
        """Read a reduced-precision ISO 8601 date: "2019", "2020-05" or "2020-12-26"."""
        match = _ISO_PARTIAL.match(value or "")
        if not match:
            raise ValueError(f"{value!r} is not a date like 2019, 2020-05 or 2020-12-26")
        year, month, day = match.groups()
        try:
            if day:
                return cls(datetime.date(int(year), int(month), int(day)), DatePrecision.DAY)
            if month:
                return cls(datetime.date(int(year), int(month), 1), DatePrecision.MONTH)
            return cls(datetime.date(int(year), 1, 1), DatePrecision.YEAR)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a real date: {exc}") from exc

    def __str__(self) -> str:
        if self.precision == DatePrecision.YEAR:
            return str(self.date.year)
        if self.precision == DatePrecision.MONTH:
            return f"{calendar.month_name[self.date.month]} {self.date.year}"
        return f"{self.date.day} {calendar.month_name[self.date.month]} {self.date.year}"

    def isoformat(self) -> str:
        if self.precision == DatePrecision.YEAR:
            return f"{self.date.year:04d}"
        if self.precision == DatePrecision.MONTH:
            return f"{self.date.year:04d}-{self.date.month:02d}"
        return self.date.isoformat()

    @property
    def last_day(self) -> datetime.date:
        """The last day of the period, for range comparisons."""
        if self.precision == DatePrecision.YEAR:
            return self.date.replace(month=12, day=31)
        if self.precision == DatePrecision.MONTH:
            days = calendar.monthrange(self.date.year, self.date.month)[1]
            return self.date.replace(day=days)
        return self.date


def partial_date(instance: models.Model, field: str) -> PartialDate | None:
    """The PartialDate stored in `<field>` and `<field>_precision` of a model instance."""
    value = getattr(instance, field)
    precision = getattr(instance, f"{field}_precision")
    if value is None or not precision:
        return None
    return PartialDate(value, precision)


def _typed_date(field: str) -> Cast:
    """The date column, typed even when Django validates a constraint with a NULL in its place.

    Model validation puts the instance's values into a constraint's condition; an untyped NULL
    leaves PostgreSQL unable to choose between EXTRACT(date) and EXTRACT(timestamp).
    """
    return Cast(field, models.DateField())


def partial_date_constraints(field: str) -> list[models.CheckConstraint]:
    """Database constraints that keep `<field>` consistent with `<field>_precision`."""
    precision = f"{field}_precision"
    month = Exact(ExtractMonth(_typed_date(field)), 1)
    day = Exact(ExtractDay(_typed_date(field)), 1)
    return [
        models.CheckConstraint(
            condition=(
                Q(**{f"{field}__isnull": True, precision: ""})
                | Q(**{f"{field}__isnull": False, f"{precision}__in": DatePrecision.values})
            ),
            name=f"%(app_label)s_%(class)s_{field}_has_precision",
            violation_error_message="Give both the date and its precision, or neither.",
        ),
        models.CheckConstraint(
            condition=~Q(**{precision: DatePrecision.YEAR}) | Q(month, day),
            name=f"%(app_label)s_%(class)s_{field}_year_precise",
            violation_error_message="A date known only to the year is stored as 1 January.",
        ),
        models.CheckConstraint(
            condition=~Q(**{precision: DatePrecision.MONTH}) | Q(day),
            name=f"%(app_label)s_%(class)s_{field}_month_precise",
            violation_error_message="A date known only to the month is stored as its 1st.",
        ),
    ]


def ends_not_before_start(start: str, end: str) -> Q:
    """The condition that a range's end period does not lie wholly before its start.

    Dates are stored as the first day of their period, so an end known only to the month or the
    year is compared with the start cut to that precision: "26 December 2020 – December 2020"
    is a range, "26 December 2020 – November 2020" is not.
    """
    precision = f"{end}_precision"
    return (
        Q(**{f"{end}__gte": F(start)})
        | Q(**{precision: DatePrecision.MONTH, f"{end}__gte": TruncMonth(_typed_date(start))})
        | Q(**{precision: DatePrecision.YEAR, f"{end}__gte": TruncYear(_typed_date(start))})
    )


def clean_partial_date(instance: models.Model, field: str) -> dict[str, str]:
    """Validation errors, keyed by field, for a date that contradicts its precision."""
    value = getattr(instance, field)
    precision = getattr(instance, f"{field}_precision")
    label = instance._meta.get_field(field).verbose_name
    if value is None and not precision:
        return {}
    if value is None:
        return {field: f"Give the {label}, or clear its precision."}
    if not precision:
        return {
            f"{field}_precision": f"Say whether the {label} is known to the year, "
            "the month or the day."
        }
    try:
        PartialDate(value, precision)
    except ValueError:
        if precision == DatePrecision.YEAR:
            message = (
                f"{value.day} {value:%B %Y} is not a year: for a date known only to the year, "
                f"enter 1 January {value.year}."
            )
        else:
            message = (
                f"{value.day} {value:%B %Y} is not a month: for a date known only to the month, "
                f"enter the 1st ({value:%B %Y})."
            )
        return {field: message}
    return {}


def raise_for_errors(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)
