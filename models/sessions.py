"""Login sessions, kept for good in the database; Redis holds a copy of the live ones."""

from tortoise import fields
from tortoise.models import Model


class UserSession(Model):
    # sha256 of the token: the token itself is never stored, so a dump yields nothing to replay.
    token_hash = fields.CharField(max_length=64, primary_key=True)
    kind = fields.CharField(max_length=8, description="citizen or staff")
    subject_id = fields.BigIntField()
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField(db_index=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "user_session"
        indexes = (("kind", "subject_id"),)
