"""The worker process, composed: the outbox dispatcher and the periodic jobs."""

from __future__ import annotations

from notify.worker import run_worker

__all__ = ["run_worker"]
