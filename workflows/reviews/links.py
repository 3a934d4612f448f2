"""Rating links for walk-in applicants (seed 002 art. 35: every channel): by SMS when the case
closes, and as a QR code on the walk-in receipt.

A link is https://<rating_link_base>/<code>: the code is 12 characters drawn at random from 54
unambiguous letters and digits (about 69 bits), so it fits one plain Tencent SMS variable (12
characters) and cannot be guessed; only its SHA-256 digest is stored. It names one matter,
is used once (a conditional update claims it), and expires: SMS links after
[reviews] sms_link_valid_days, receipt QR codes after receipt_qr_valid_days (the receipt is
printed when the case is registered, weeks before it can be rated). A reprinted receipt
replaces the earlier QR code.

Why not a signed token (HMAC over id and expiry)? One use needs a stored row anyway, and 12
characters cannot carry an id, an expiry and a signature long enough to resist guessing; a
random code looked up by digest gives all three properties with the row as the authority.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from core.errors import Conflict, NotFound
from core.settings import ReviewSettings
from models.cases import Case, CaseChannel, CaseContactConsent, ConsentScope
from models.outbox import RecipientType
from models.review_channels import LinkVia, RatingLink
from models.reviews import RatedVia, Review, SubjectType
from workflows.audit import Actor, record_change
from workflows.authz import Principal
from workflows.calendar import WorkingCalendar
from workflows.cases.queries import case_for
from workflows.clock import as_utc
from workflows.outbox import by_sms, enqueue, notice_key
from workflows.reviews.channels import Rating, Source, save_review, window_case_matter
from workflows.reviews.subjects import require_rateable

ALPHABET = "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 12
# Tencent SMS: a plain template variable holds at most 12 characters (send error 1036).
SMS_VARIABLE_CHARS = 12
VIA = {LinkVia.SMS: RatedVia.SMS_LINK, LinkVia.RECEIPT_QR: RatedVia.RECEIPT_QR}


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def url_of(settings: ReviewSettings, code: str) -> str:
    return f"{settings.rating_link_base.rstrip('/')}/{code}"


def expires_at(link: RatingLink, settings: ReviewSettings) -> datetime:
    days = (
        settings.sms_link_valid_days if link.via == LinkVia.SMS else settings.receipt_qr_valid_days
    )
    return as_utc(link.issued_at) + timedelta(days=days)


def short(text: str, limit: int = SMS_VARIABLE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


async def offer_by_sms(case: Case, now: datetime) -> None:
    """Inside the transaction that closes a walk-in case: text the applicant a rating link, if
    they agreed at the window to texts about the case and have no account to rate in the app."""
    if case.channel != CaseChannel.WINDOW or case.citizen_id is not None:  # type: ignore[attr-defined]
        return
    consent = await CaseContactConsent.filter(
        case_id=case.id, scope=ConsentScope.CASE_NOTICES, withdrawn_at=None
    ).exists()
    if not consent:
        return
    subject = {"subject_type": SubjectType.CASE, "subject_id": case.id}
    if await RatingLink.exists(via=LinkVia.SMS, **subject) or await Review.exists(**subject):
        return
    code = new_code()
    link = await RatingLink.create(
        code_hash=digest(code), via=LinkVia.SMS, issued_at=as_utc(now), **subject
    )
    await enqueue(
        [
            by_sms(
                notice_key("rating_link", link.id, "sms", "applicant", case.id),
                RecipientType.CASE_APPLICANT,
                case.id,
                "review_rating_link",
                {"item_short": short(case.item_name), "code": code},
                subject_type="case",
                subject_id=case.id,
            )
        ]
    )
    await record_change(Actor.system(), "rating_link.sent", "case", case.id, after={"via": "sms"})


@dataclass(frozen=True)
class IssuedLink:
    code: str
    url: str
    expires_at: datetime


async def issue_receipt_qr(
    principal: Principal, case_id: int, settings: ReviewSettings, now: datetime
) -> IssuedLink:
    """The QR code the window prints on a walk-in receipt; a reprint replaces the earlier one."""
    now = as_utc(now)
    case = await case_for(principal, case_id)
    if case.channel != CaseChannel.WINDOW:
        raise Conflict("an online case is rated in the app", code="not_a_walk_in_case")
    subject = {"subject_type": SubjectType.CASE, "subject_id": case.id}
    if await Review.exists(**subject):
        raise Conflict("this matter was already rated (一事一评)", code="already_reviewed")
    code = new_code()
    async with in_transaction():
        await RatingLink.filter(
            via=LinkVia.RECEIPT_QR, used_at=None, revoked_at=None, **subject
        ).update(revoked_at=now)
        link = await RatingLink.create(
            code_hash=digest(code), via=LinkVia.RECEIPT_QR, issued_at=now, **subject
        )
        await record_change(
            principal.actor, "rating_link.issued", "case", case.id, after={"via": "receipt_qr"}
        )
    return IssuedLink(code, url_of(settings, code), expires_at(link, settings))


@dataclass(frozen=True)
class LinkedMatter:
    link: RatingLink
    case: Case
    expires_at: datetime


async def open_link(code: str, settings: ReviewSettings, now: datetime) -> LinkedMatter:
    """The matter a link rates, while the link is usable. Unknown or replaced: 404."""
    link = await RatingLink.get_or_none(code_hash=digest(code), revoked_at=None)
    case = await Case.get_or_none(id=link.subject_id) if link is not None else None
    if link is None or case is None:
        raise NotFound("no such rating link", code="rating_link_unknown")
    if link.used_at is not None:
        raise Conflict("this rating link was already used", code="rating_link_used")
    until = expires_at(link, settings)
    if as_utc(now) >= until:
        raise Conflict("this rating link has expired", code="rating_link_expired")
    return LinkedMatter(link, case, until)


async def rate_by_link(
    code: str, rating: Rating, settings: ReviewSettings, calendar: WorkingCalendar, now: datetime
) -> Review:
    now = as_utc(now)
    linked = await open_link(code, settings, now)
    matter = window_case_matter(linked.case)
    require_rateable(matter)
    async with in_transaction():
        claimed = await RatingLink.filter(id=linked.link.id, used_at=None).update(used_at=now)
        if not claimed:
            raise Conflict("this rating link was already used", code="rating_link_used")
        source = Source(
            VIA[linked.link.via],
            Actor.system(),
            staff_id=linked.case.registered_by_id,  # type: ignore[attr-defined]
            reviewer_id_hash=linked.case.applicant_id_hash,
        )
        return await save_review(matter, rating, source, settings, calendar, now)
