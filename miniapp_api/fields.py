"""Field types shared by request models."""

from typing import Annotated

from pydantic import Field, StringConstraints

# A database row id: positive and within BIGINT, so an absurd id is a 422, never a database error.
RowId = Annotated[int, Field(ge=1, le=2**63 - 1)]

# Required free text (a name, a title, a reason): stripped, and something must be left, so a
# reason of spaces is a 422 like an empty one. The pattern says so in the OpenAPI document too.
# Each field adds its own bound: `title: RequiredText = Field(max_length=100)`.
RequiredText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, pattern=r"\S")]
