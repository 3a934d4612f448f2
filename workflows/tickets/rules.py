"""The statutory numbers and texts of tickets (seed 002 arts. 31-33)."""

from __future__ import annotations

from datetime import UTC, datetime

from core.settings import TicketSettings
from models.tickets import RefusalReason, TicketColumn, Urgency
from workflows.calendar import WorkingCalendar

REFUSAL_TEXTS: dict[RefusalReason, str] = {
    RefusalReason.NOT_GOVERNMENT_SERVICE: "不涉及网上政务服务的",
    RefusalReason.ENDANGERS_SECURITY_OR_ORDER: (
        "危害国家安全、破坏民族团结、煽动非法集会、扰乱社会秩序、宣扬封建迷信的"
    ),
    RefusalReason.NO_CLEAR_RESPONDENT_OR_CONTENT: "没有明确被投诉人或者投诉请求，缺少具体内容的",
    RefusalReason.ALREADY_IN_HANDLING: "已经受理或者正在处理解决的",
    RefusalReason.REPEATED_WITHOUT_NEW_EVIDENCE: "已经办结，无新证明材料对同一事项重复投诉",
    RefusalReason.PESTERING_OR_ABUSE: "无理纠缠、侮辱谩骂，宣泄个人情绪的",
    RefusalReason.OTHER_STATUTORY_CHANNEL: (
        "涉及仲裁、信访、纪检监察、行政复议、法律诉讼、信息公开等的"
    ),
    RefusalReason.OTHERWISE_UNLAWFUL: "其他违反国家法律法规和有关规定的",
}


def limit_for(settings: TicketSettings, column: TicketColumn, urgency: Urgency | None) -> int:
    """Working days to close a ticket.

    Seed 002 art. 32 gives limits by urgency (items 1-3) and by column (item 4). Both bind: a
    complaint in 我要投诉 is due in 7 working days whatever urgency intake marks, so marking it
    普通 (15) cannot lengthen it, while 紧急 (3) shortens it. The shorter limit applies.
    """
    by_column = {
        TicketColumn.CONSULT: settings.consult_days,
        TicketColumn.COMPLAINT: settings.complaint_days,
        TicketColumn.SUGGESTION: settings.suggestion_days,
    }[column]
    if urgency is None:
        return by_column
    by_urgency = {
        Urgency.URGENT: settings.urgent_days,
        Urgency.FAIRLY_URGENT: settings.fairly_urgent_days,
        Urgency.ORDINARY: settings.ordinary_days,
    }[urgency]
    return min(by_column, by_urgency)


# Closed complaints and suggestions are called back (art. 34); an answered inquiry is not.
CALLBACK_COLUMNS = frozenset({TicketColumn.COMPLAINT, TicketColumn.SUGGESTION})


def utc(moment: datetime) -> datetime:
    """Every moment we store or query with is UTC: SQLite compares stored datetimes as text."""
    return moment.astimezone(UTC)


def working_due(calendar: WorkingCalendar, start: datetime, days: int) -> datetime:
    return utc(calendar.due_at(start, days))
