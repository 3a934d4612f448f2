"""Idempotency keys of write requests: a retried request gets the answer the first one got."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class IdempotencyRecord(Model):
    # Written in the transaction of the change it guards, so the change and its stored answer
    # commit together or not at all. The unique (caller, key) makes two concurrent retries wait
    # for each other instead of both running.

    id = fields.BigIntField(primary_key=True)
    caller = fields.CharField(max_length=40)  # "citizen:12", "staff:3"
    key = fields.CharField(max_length=100)
    operation = fields.CharField(max_length=64)  # operationId
    request_hash = fields.CharField(max_length=64)  # method, path, query and body
    status = fields.SmallIntField()
    body = fields.TextField()  # the JSON answer as sent ("" for 204)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "idempotency_key"
        unique_together = (("caller", "key"),)
