"""What several features show alike."""

from __future__ import annotations

from pydantic import BaseModel


class DepartmentRef(BaseModel):
    code: str
    name: str
