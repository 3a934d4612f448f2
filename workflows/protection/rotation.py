"""Re-encrypt every personal value under the current key, in batches, while the service runs.

Each value is rewritten only if it is still the one read (compare-and-swap on the sealed
text): a concurrent write, which is under the current key already, wins and is not touched.
"""

from __future__ import annotations

import importlib
import inspect
import logging
from dataclasses import dataclass

from tortoise import connections
from tortoise.models import Model

from core.crypto import keyring
from core.db import MODEL_MODULES
from models.protected import EncryptedField
from models.protection import KeyCanary

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Column:
    table: str
    column: str

    @property
    def context(self) -> str:
        return f"{self.table}.{self.column}"


def encrypted_columns() -> list[Column]:
    """Every EncryptedField of every registered model (new ones are found without a list)."""
    found: dict[tuple[str, str], Column] = {}
    for module_name in MODEL_MODULES:
        module = importlib.import_module(module_name)
        for _, model in inspect.getmembers(module, inspect.isclass):
            if not issubclass(model, Model) or model._meta.abstract:
                continue
            for name, field in model._meta.fields_map.items():
                if isinstance(field, EncryptedField):
                    column = field.source_field or name
                    found[(model._meta.db_table, column)] = Column(model._meta.db_table, column)
    return sorted(found.values(), key=lambda c: (c.table, c.column))


def _marks(dialect: str) -> tuple[str, str, str]:
    return ("?", "?", "?") if dialect == "sqlite" else ("$1", "$2", "$3")


async def rotate(batch: int) -> dict[str, int]:
    """Re-encrypt what is not under the current key; {table.column: rows rewritten}."""
    ring = keyring.current()
    db = connections.get("default")
    one, two, three = _marks(db.capabilities.dialect)
    current = f"sm4:{ring.current_id}:%"
    done: dict[str, int] = {}
    for col in encrypted_columns():
        rewritten, last_id = 0, 0
        while True:
            _, rows = await db.execute_query(
                f'SELECT id, "{col.column}" AS v FROM "{col.table}" WHERE id > {one}'
                f' AND "{col.column}" LIKE \'sm4:%\' AND "{col.column}" NOT LIKE {two}'
                f" ORDER BY id LIMIT {int(batch)}",
                [last_id, current],
            )
            if not rows:
                break
            for row in rows:
                fresh = ring.encrypt(ring.decrypt(row["v"], col.context), col.context)
                changed, _ = await db.execute_query(
                    f'UPDATE "{col.table}" SET "{col.column}" = {one}'
                    f' WHERE id = {two} AND "{col.column}" = {three}',
                    [fresh, row["id"], row["v"]],
                )
                rewritten += changed
            last_id = rows[-1]["id"]
        if rewritten:
            log.info("re-encrypted %s values of %s", rewritten, col.context)
            done[col.context] = rewritten
    await _forget_unused_keys(ring.current_id)
    return done


async def keys_in_use() -> dict[str, int]:
    """How many stored values each key id holds."""
    db = connections.get("default")
    counts: dict[str, int] = {}
    for col in encrypted_columns():
        _, rows = await db.execute_query(
            f'SELECT "{col.column}" AS v FROM "{col.table}" WHERE "{col.column}" LIKE \'sm4:%\''
        )
        for row in rows:
            key_id = keyring.key_id_of(row["v"]) or "?"
            counts[key_id] = counts.get(key_id, 0) + 1
    return counts


async def _forget_unused_keys(current_id: str) -> None:
    """A key no value is under any more loses its canary: it may then leave the configuration."""
    in_use = await keys_in_use()
    for canary in await KeyCanary.exclude(key_id=current_id):
        if canary.key_id not in in_use:
            await canary.delete()
            log.info("no value is under key %r any more: it may be removed", canary.key_id)
