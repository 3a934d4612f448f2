"""Field types shared by request models."""

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, StringConstraints

# A database row id: positive and within BIGINT, so an absurd id is a 422, never a database error.
RowId = Annotated[int, Field(ge=1, le=2**63 - 1)]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?"
)


def _iso(pattern: re.Pattern[str], what: str) -> Any:
    # Query strings reach pydantic as text, and its lax parsing reads "0" as 1970-01-01 and
    # "0.5" as a timestamp: a query date is the ISO form the document promises, nothing else.
    def check(value: Any) -> Any:
        if isinstance(value, str) and not pattern.fullmatch(value):
            raise ValueError(f"expected an ISO 8601 {what}")
        return value

    return BeforeValidator(check)


def _query_bool(value: Any) -> Any:
    if isinstance(value, str):
        if value not in ("true", "false"):
            raise ValueError("expected true or false")
        return value == "true"
    return value


QueryDate = Annotated[date, _iso(_ISO_DATE, "date (YYYY-MM-DD)")]
QueryDateTime = Annotated[datetime, _iso(_ISO_DATETIME, "date-time")]
QueryBool = Annotated[bool, BeforeValidator(_query_bool)]

# Required free text (a name, a title, a reason): stripped, and something must be left, so a
# reason of spaces is a 422 like an empty one. The pattern says so in the OpenAPI document too.
# Each field adds its own bound: `title: RequiredText = Field(max_length=100)`.
RequiredText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, pattern=r"\S")]
