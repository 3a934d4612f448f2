"""Tortoise ORM models, one module per domain. No HTTP and no WeChat here."""
