"""The current time, in one place, so tests can move it (monkeypatch `utc_now`)."""

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """Store and compare datetimes in UTC: SQLite keeps the offset as written and compares text."""
    return moment.astimezone(UTC)
