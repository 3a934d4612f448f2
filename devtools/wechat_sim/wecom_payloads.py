"""Content checks for app messages (message/send), with the code WeCom gives each mistake."""

from __future__ import annotations

import re
from typing import Any

from devtools.wechat_sim.errors import ApiError
from devtools.wechat_sim.wire import object_field, text_field

APP_MSGTYPES = frozenset(
    {
        "text",
        "image",
        "voice",
        "video",
        "file",
        "textcard",
        "news",
        "mpnews",
        "markdown",
        "miniprogram_notice",
        "template_card",
    }
)
CARD_TYPES = frozenset(
    {
        "text_notice",
        "news_notice",
        "button_interaction",
        "vote_interaction",
        "multiple_interaction",
    }
)
NOTICE_CARDS = frozenset({"text_notice", "news_notice"})
INTERACTIVE_CARDS = frozenset({"button_interaction", "vote_interaction", "multiple_interaction"})
TASK_ID = re.compile(r"[A-Za-z0-9_\-@]{1,128}")


def invalid_parameter(detail: str) -> ApiError:
    return ApiError(40058, f"{detail}. invalid Request Parameter")


def validate_app_message(body: dict[str, Any]) -> str:
    """Check the msgtype and its content; return the msgtype."""
    msgtype = text_field(body, "msgtype")
    if msgtype not in APP_MSGTYPES:
        raise ApiError(40008)
    content = object_field(body, msgtype) or {}
    if msgtype in ("text", "markdown") and not text_field(content, "content"):
        raise ApiError(44004)
    if msgtype == "textcard":
        _validate_textcard(content)
    if msgtype == "template_card":
        validate_card(content)
    return msgtype


def _validate_textcard(card: dict[str, Any]) -> None:
    if not text_field(card, "title"):
        raise ApiError(41016)
    if not text_field(card, "description"):
        raise ApiError(41033)
    if not text_field(card, "url"):
        raise ApiError(41010)


def needs_response_code(card: dict[str, Any]) -> bool:
    """Interactive cards, and notices with an action menu, can be updated later."""
    return card.get("card_type") in INTERACTIVE_CARDS or "action_menu" in card


def validate_card(card: dict[str, Any]) -> None:
    card_type = text_field(card, "card_type")
    if card_type not in CARD_TYPES:
        raise invalid_parameter("template_card.card_type invalid")
    main_title = object_field(card, "main_title") or {}
    if needs_response_code(card):
        task_id = text_field(card, "task_id")
        if not task_id:
            raise invalid_parameter("template_card.task_id missing")
        if not TASK_ID.fullmatch(task_id):
            raise invalid_parameter("template_card.task_id invalid")
    if card_type == "text_notice":
        if not text_field(main_title, "title") and not text_field(card, "sub_title_text"):
            raise ApiError(41016)
    elif not text_field(main_title, "title"):
        raise ApiError(41016)
    if card_type in NOTICE_CARDS and object_field(card, "card_action") is None:
        raise invalid_parameter("template_card.card_action missing")
    if card_type == "button_interaction":
        buttons = card.get("button_list")
        if not isinstance(buttons, list) or not 1 <= len(buttons) <= 6:
            raise invalid_parameter("template_card.button_list invalid")
