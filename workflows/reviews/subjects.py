"""Which matters can be rated, by whom, and who answers for them (谁办理、谁负责).

- A case (一事一评) once the department reached a result: not accepted, approved, denied or
  delivered. Its applicant rates it; its department rectifies.
- A hall visit (一次一评): a booking once checked in at the hall (it then has its queue number).
  The department that runs the hall rectifies: the window service is the hall's. Walk-in queue
  numbers carry no citizen, so nobody can be asked to rate them here.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import Conflict, NotFound
from models.booking import Booking, BookingStatus
from models.cases import Case, CaseChannel, CaseStatus
from models.people import Citizen
from models.reviews import ReviewChannel, SubjectType

RATEABLE_CASE = frozenset(
    {CaseStatus.NOT_ACCEPTED, CaseStatus.APPROVED, CaseStatus.DENIED, CaseStatus.DELIVERED}
)


@dataclass(frozen=True)
class Matter:
    subject_type: SubjectType
    subject_id: int
    citizen_id: int | None
    department_id: int
    item_id: int | None
    hall_id: int | None
    item_name: str
    channel: ReviewChannel
    rateable: bool
    contact_name: str
    contact_phone: str


async def load_matter(subject_type: SubjectType, subject_id: int, citizen_id: int) -> Matter:
    """The citizen's own matter; anything else is NotFound (a probe learns nothing)."""
    citizen = await Citizen.get_or_none(id=citizen_id)
    if citizen is None:
        raise NotFound("no such matter")
    if subject_type == SubjectType.CASE:
        case = await Case.get_or_none(id=subject_id, citizen_id=citizen_id)
        if case is None:
            raise NotFound("no such matter")
        return case_matter(case, citizen)
    if subject_type != SubjectType.BOOKING:  # a walk-in visit is rated at the hall device
        raise NotFound("no such matter")
    booking = await Booking.get_or_none(id=subject_id, citizen_id=citizen_id).prefetch_related(
        "hall", "item"
    )
    if booking is None:
        raise NotFound("no such matter")
    return booking_matter(booking, citizen)


def case_matter(case: Case, citizen: Citizen) -> Matter:
    return Matter(
        SubjectType.CASE,
        case.id,
        citizen.id,
        case.department_id,  # type: ignore[attr-defined]
        case.item_id,  # type: ignore[attr-defined]
        None,
        case.item_name,
        ReviewChannel.HALL if case.channel == CaseChannel.WINDOW else ReviewChannel.MOBILE,
        case.status in RATEABLE_CASE,
        case.applicant_name or citizen.real_name or "",
        case.applicant_phone or citizen.phone or "",
    )


def booking_matter(booking: Booking, citizen: Citizen) -> Matter:
    return Matter(
        SubjectType.BOOKING,
        booking.id,
        citizen.id,
        booking.hall.department_id,  # type: ignore[attr-defined]
        booking.item_id,  # type: ignore[attr-defined]
        booking.hall_id,  # type: ignore[attr-defined]
        booking.item.name,
        ReviewChannel.HALL,
        booking.status == BookingStatus.CHECKED_IN,
        citizen.real_name or "",
        citizen.phone or "",
    )


def require_rateable(matter: Matter) -> None:
    if not matter.rateable:
        raise Conflict("this matter cannot be rated yet", code="review_not_yet_possible")
