"""Field types shared by request models."""

from typing import Annotated

from pydantic import Field

# A database row id: positive and within BIGINT, so an absurd id is a 422, never a database error.
RowId = Annotated[int, Field(ge=1, le=2**63 - 1)]
