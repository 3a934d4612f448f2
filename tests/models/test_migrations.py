"""The committed migrations describe the models exactly: nothing is left to makemigrations."""

from tortoise.context import TortoiseContext
from tortoise.migrations.autodetector import MigrationAutodetector

from core.db import tortoise_config
from core.settings import DatabaseSettings


async def test_models_and_migrations_agree(database_url: str) -> None:
    config = tortoise_config(DatabaseSettings(url=database_url))
    async with TortoiseContext() as context:
        await context.init(config=config)
        writers = await MigrationAutodetector(context.apps, config["apps"]).changes()
    pending = [op for writer in writers for op in writer.operations]
    assert pending == [], "run `python -m miniapp_api makemigrations` and commit the result"
