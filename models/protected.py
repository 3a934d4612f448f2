"""Personal data at rest: `EncryptedField`, a text column holding SM4-GCM ciphertext.

Apply it in one line, in place of a CharField/TextField that holds personal data:

    phone = EncryptedField(max_length=20, null=True)    # was fields.CharField(max_length=20, ...)

Python code sees the clear value; the column holds `sm4:<key id>:<...>`, bound to its table and
column. `""` and None are stored as they are. It cannot be searched (a filter on it raises):
store a blind index beside it (`core.crypto.blind_index`) and filter on that.
"""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.validators import MaxLengthValidator

from core.crypto import keyring


class UnsearchableField(TypeError):
    """A query filtered on an encrypted column: it would silently never match."""


class EncryptedField(fields.Field[str]):
    SQL_TYPE = "TEXT"
    field_type = str
    indexable = False

    def __init__(self, max_length: int | None = None, **kwargs: Any) -> None:
        self.max_length = max_length
        super().__init__(**kwargs)
        if max_length is not None:
            self.validators.append(MaxLengthValidator(max_length))

    @property
    def context(self) -> str:
        model = getattr(self, "model", None)
        table = model._meta.db_table if model is not None else "?"
        return f"{table}.{self.source_field or self.model_field_name}"

    def to_db_value(self, value: Any, instance: Any) -> str | None:
        if value is None or value == "":
            return value
        if isinstance(instance, type):
            raise UnsearchableField(
                f"{self.context} is encrypted and cannot be searched: filter on its blind index"
            )
        return keyring.current().encrypt(str(value), self.context)

    def to_python_value(self, value: Any) -> str | None:
        if keyring.is_sealed(value):
            return keyring.current().decrypt(value, self.context)
        return value
