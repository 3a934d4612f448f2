"""Settings: defaults from config.toml, single overrides from the environment, clear failures."""

from pathlib import Path

import pytest

from core.config import ConfigError, load_settings


def test_defaults_are_the_embedded_setup() -> None:
    settings = load_settings(environ={})
    assert settings.database.url.startswith("sqlite://data/")
    assert settings.redis.url == ""
    assert settings.wechat.api_base == "https://api.weixin.qq.com"
    assert settings.wecom.api_base == "https://qyapi.weixin.qq.com"
    assert settings.wechat.secret == ""  # secrets never come from the repo


def test_environment_overrides_single_settings() -> None:
    settings = load_settings(
        environ={
            "MINIAPP_DATABASE_URL": "postgres://u:p@db:5432/office",
            "MINIAPP_REDIS_URL": "redis://cache:6379/2",
            "MINIAPP_WECHAT_API_BASE": "http://127.0.0.1:9100/",
            "MINIAPP_WECHAT_APPID": "wx123",
            "MINIAPP_WECHAT_SECRET": "s3cret",
            "MINIAPP_SERVER_PORT": "9000",
            "MINIAPP_CALENDAR_LOCAL_CLOSURES": "2026-12-01, 2026-12-02",
        }
    )
    assert settings.database.url == "postgres://u:p@db:5432/office"
    assert settings.redis.url == "redis://cache:6379/2"
    assert settings.wechat.api_base == "http://127.0.0.1:9100"
    assert (settings.wechat.appid, settings.wechat.secret) == ("wx123", "s3cret")
    assert settings.server.port == 9000
    assert [d.isoformat() for d in settings.calendar.local_closures] == ["2026-12-01", "2026-12-02"]
    # What was not overridden keeps its default.
    assert settings.wecom.api_base == "https://qyapi.weixin.qq.com"


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("MINIAPP_DATABASE_URL", "mysql://x", "database.url (from MINIAPP_DATABASE_URL)"),
        ("MINIAPP_REDIS_URL", "http://cache", "redis.url"),
        ("MINIAPP_SERVER_PORT", "eighty", "server.port"),
        ("MINIAPP_WECHAT_API_BASE", "api.weixin.qq.com", "wechat.api_base"),
        ("MINIAPP_CALENDAR_TIMEZONE", "Mars/Olympus", "calendar.timezone"),
        ("MINIAPP_CALENDAR_LOCAL_CLOSURES", "2026-13-45", "calendar.local_closures"),
    ],
)
def test_bad_setting_fails_naming_it(variable: str, value: str, named: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(environ={variable: value})
    assert named.split(" ")[0] in str(caught.value)
    assert variable in str(caught.value)


def test_unknown_environment_setting_is_refused() -> None:
    with pytest.raises(ConfigError, match="MINIAPP_DATABSE_URL names no setting"):
        load_settings(environ={"MINIAPP_DATABSE_URL": "sqlite://x"})


def test_config_file_is_chosen_and_checked(tmp_path: Path, project_root: Path) -> None:
    custom = tmp_path / "county.toml"
    text = (project_root / "config.toml").read_text(encoding="utf-8")
    custom.write_text(text.replace("port = 8080", "port = 8181"), encoding="utf-8")
    assert load_settings(custom, environ={}).server.port == 8181

    custom.write_text(text.replace("port = 8080", "port = 8080\nwrong_key = 1"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"server\.wrong_key"):
        load_settings(custom, environ={})

    custom.write_text("[server\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(custom, environ={})

    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "missing.toml", environ={})


def test_config_file_can_be_named_in_the_environment(tmp_path: Path, project_root: Path) -> None:
    custom = tmp_path / "other.toml"
    text = (project_root / "config.toml").read_text(encoding="utf-8")
    custom.write_text(text.replace('level = "INFO"', 'level = "debug"'), encoding="utf-8")
    assert load_settings(environ={"MINIAPP_CONFIG": str(custom)}).logging.level == "DEBUG"
