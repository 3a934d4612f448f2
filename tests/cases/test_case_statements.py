"""The explicit statements of the hot case reads give the very models the ORM gives: the case
with its department (getCase), the citizen's page (listMyCases), the delivery,
running procedure, fee and certificate beside a case, and a case's file materials."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp.test_utils import TestClient
from tortoise.models import Model

from miniapp_api.files.present import origin
from models.case_lifecycle import (
    CaseDelivery,
    CaseFee,
    DeliveryMethod,
    FeeState,
    ProcedureKind,
    SpecialProcedure,
)
from models.cases import Case, CaseStatus
from models.certificates import Certificate
from models.files import CaseMaterial, LibraryEntry, LibraryKind, MaterialSource
from models.people import Citizen, Department, StaffAccount
from workflows.accounts import citizen_exists
from workflows.authz import Principal
from workflows.cases.queries import (
    MY_CASE_COLUMNS,
    CaseFilter,
    case_with_department,
    citizen_cases,
    lifecycle_records,
)
from workflows.files.case_materials import case_materials

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


def stored(instance: Model | None) -> dict[str, Any] | None:
    """Every field as the model holds it (foreign keys as their ids)."""
    if instance is None:
        return None
    names = instance._meta.fields_db_projection
    return {name: getattr(instance, name) for name in names}


async def test_a_case_read_by_id_or_number_is_the_orms_case_with_its_department(
    login_citizen: Callable[[str], Awaitable[dict[str, Any]]],
    apply: Callable[..., Awaitable[dict[str, Any]]],
) -> None:
    submitted = await apply(await login_citizen("openid-a"))
    case_id = submitted["case"]["id"]
    orm = await Case.get(id=case_id).select_related("department")
    assert orm.applicant_phone == "13812345678"  # opened from its sealed column
    for by, value in (("id", case_id), ("case_no", orm.case_no)):
        fast = await case_with_department(by=by, value=value)
        assert fast is not None
        assert stored(fast) == stored(orm)
        assert stored(fast.department) == stored(orm.department)
    assert await case_with_department(by="id", value=case_id + 1000) is None
    assert await case_with_department(by="case_no", value="NO-SUCH") is None


async def test_the_citizens_page_is_the_orms_page_filtered_and_paged(
    login_citizen: Callable[[str], Awaitable[dict[str, Any]]],
    make_staff: Callable[..., Awaitable[dict[str, Any]]],
    apply: Callable[..., Awaitable[dict[str, Any]]],
    act: Callable[..., Awaitable[Any]],
) -> None:
    citizen = await login_citizen("openid-a")
    ids = [(await apply(citizen, code))["case"]["id"] for code in ("ITEM-A", "ITEM-B", "ITEM-A")]
    await apply(await login_citizen("openid-b"), "ITEM-B")
    clerk = await make_staff("clerk-a", ["clerk"], "DEPT-A")
    assert (await act(clerk, ids[0], "pre_review")).status == 200
    owner = await Citizen.get(openid="openid-a")
    principal = Principal(kind="citizen", id=owner.id)
    for status in (None, CaseStatus.SUBMITTED, CaseStatus.WITHDRAWN):
        for limit, offset in ((20, 0), (1, 1), (2, 5)):
            rows = Case.filter(citizen_id=owner.id)
            if status is not None:
                rows = rows.filter(status=status)
            expected = (
                await rows.order_by("-submitted_at", "-id")
                .offset(offset)
                .limit(limit)
                .select_related("department")
            )
            query = CaseFilter(status=status, limit=limit, offset=offset)
            page, total = await citizen_cases(principal, query)
            assert total == await rows.count()
            assert [_listed(row) for row in page] == [_shown(c) for c in expected]
    first = (await citizen_cases(principal, CaseFilter()))[0][0]
    assert first["applicant_name"] == "张三丰"  # opened from its sealed column
    assert isinstance(first["status"], CaseStatus) and first["submitted_at"].utcoffset() is not None
    assert (await citizen_cases(principal, CaseFilter()))[1] == 3


def _listed(row: Any) -> dict[str, Any]:
    """A row of the citizen's page, with the type of each value."""
    names = (*MY_CASE_COLUMNS, "department_code", "department_name")
    return {name: (row[name], type(row[name])) for name in names}


def _shown(case: Case) -> dict[str, Any]:
    """What the page shows of a case the ORM read, with the type of each value."""
    values = {name: getattr(case, name) for name in MY_CASE_COLUMNS}
    values["department_code"] = case.department.code
    values["department_name"] = case.department.name
    return {name: (value, type(value)) for name, value in values.items()}


async def _orm_records(case_id: int) -> dict[str, Any]:
    certificate = await Certificate.get_or_none(case_id=case_id)
    return {
        "delivery": stored(await CaseDelivery.get_or_none(case_id=case_id)),
        "procedure": stored(await SpecialProcedure.get_or_none(case_id=case_id, ended_at=None)),
        "fee": stored(await CaseFee.get_or_none(case_id=case_id)),
        "certificate_number": certificate.number if certificate else None,
    }


async def _fast_records(case_id: int) -> dict[str, Any]:
    records = await lifecycle_records(case_id)
    return {
        "delivery": stored(records.delivery),
        "procedure": stored(records.procedure),
        "fee": stored(records.fee),
        "certificate_number": records.certificate_number,
    }


async def test_delivery_procedure_fee_and_certificate_are_what_the_orm_reads(
    client: TestClient,
    login_citizen: Callable[[str], Awaitable[dict[str, Any]]],
    apply: Callable[..., Awaitable[dict[str, Any]]],
) -> None:
    citizen = await login_citizen("openid-a")
    bare, full = [(await apply(citizen))["case"]["id"] for _ in range(2)]
    assert await _fast_records(bare) == await _orm_records(bare)
    assert (await _fast_records(bare))["delivery"] is None

    await CaseDelivery.create(
        case_id=full, method=DeliveryMethod.POST, address="浙江省杭州市西湖区文三路 1 号",
        recipient_name="张三丰", recipient_phone="13812345678", pickup_code="123456",
        proof={"by": "ems"},
    )  # fmt: skip
    await CaseFee.create(case_id=full, amount_cents=5000, state=FeeState.DUE)
    for ended in (NOW - timedelta(days=3), None):  # an ended one, then the one running
        await SpecialProcedure.create(
            case_id=full, kind=ProcedureKind.HEARING, reason="听证", limit_working_days=10,
            started_at=NOW - timedelta(days=5), due_at=NOW + timedelta(days=9), ended_at=ended,
        )  # fmt: skip
    case = await Case.get(id=full)
    await Certificate.create(
        number="CERT-0001", case_id=full, citizen_id=case.citizen_id, item_id=case.item_id,
        department_id=case.department_id, verification_code="ABCD1234", holder_name="张三丰",
        item_name=case.item_name, name="营业执照", issued_at=NOW, valid_from=NOW.date(),
    )  # fmt: skip
    fast = await _fast_records(full)
    assert fast == await _orm_records(full)
    assert fast["delivery"]["recipient_phone"] == "13812345678"  # opened, as the ORM opens it
    assert fast["procedure"]["ended_at"] is None and fast["certificate_number"] == "CERT-0001"

    # Two procedures running (which the workflow never lets happen): the ORM answers, as before.
    await SpecialProcedure.create(
        case_id=full, kind=ProcedureKind.HEARING, reason="再次", limit_working_days=10,
        started_at=NOW, due_at=NOW + timedelta(days=9),
    )  # fmt: skip
    try:
        await lifecycle_records(full)
    except Exception as failure:  # what get_or_none raises for two rows
        assert type(failure).__name__ == "MultipleObjectsReturned"
    else:
        raise AssertionError("two running procedures read as one")


async def test_a_cases_files_are_what_the_orm_reads_with_their_verifier_and_origin(
    login_citizen: Callable[[str], Awaitable[dict[str, Any]]],
    make_staff: Callable[..., Awaitable[dict[str, Any]]],
    apply: Callable[..., Awaitable[dict[str, Any]]],
) -> None:
    citizen = await login_citizen("openid-a")
    earlier, case_id = [(await apply(citizen))["case"]["id"] for _ in range(2)]
    await make_staff("handler-a", ["handler"], "DEPT-A")
    handler = await StaffAccount.get(username="handler-a")
    owner = await Case.get(id=case_id)
    entry = await LibraryEntry.create(
        citizen_id=owner.citizen_id, kind=LibraryKind.VERIFIED_MATERIAL,
        material_name="营业执照副本",
        title="营业执照", file_name="执照.pdf", origin_case_id=earlier,
        origin_department_id=owner.department_id, verified_by=handler, verified_at=NOW,
    )  # fmt: skip
    await CaseMaterial.create(
        case_id=case_id, material_name="申请书", source=MaterialSource.UPLOAD,
        file_name="申请书.pdf", size=10, verified_at=NOW, verified_by=handler,
    )  # fmt: skip
    await CaseMaterial.create(
        case_id=case_id, material_name="营业执照副本", source=MaterialSource.LIBRARY,
        library_entry=entry, file_name="执照.pdf",
    )  # fmt: skip
    await CaseMaterial.create(case_id=earlier, material_name="别的", source=MaterialSource.UPLOAD)
    orm = await CaseMaterial.filter(case_id=case_id).order_by("id").select_related(
        "verified_by", "library_entry__origin_case", "library_entry__origin_department",
        "library_entry__verified_by",
    )  # fmt: skip
    fast = await case_materials(case_id)
    assert [stored(m) for m in fast] == [stored(m) for m in orm]
    assert [m.file_name for m in fast] == ["申请书.pdf", "执照.pdf"]
    assert [stored(m.verified_by) for m in fast] == [stored(m.verified_by) for m in orm]
    assert fast[0].verified_by.name == "handler-a" and fast[1].verified_by is None
    assert fast[0].library_entry is None
    got, want = fast[1].library_entry, orm[1].library_entry
    assert stored(got) == stored(want)
    # The entry's own relations, each as a plain read of its row says (the ORM's three-level
    # select_related leaves some of the verifier's columns out on PostgreSQL: names past 63).
    for related, model in (
        ("origin_case", Case), ("origin_department", Department), ("verified_by", StaffAccount),
    ):  # fmt: skip
        row = await model.get(id=getattr(want, f"{related}_id"))
        assert stored(getattr(got, related)) == stored(row)
        assert getattr(got, related).pk == getattr(want, related).pk
    for for_staff in (True, False):
        assert origin(got, for_staff=for_staff) == origin(want, for_staff=for_staff)
    assert origin(got, for_staff=True).verified_by == "handler-a"
    assert await case_materials(earlier + 1000) == []


async def test_a_session_of_a_deleted_citizen_no_longer_authenticates(
    client: TestClient,
    login_citizen: Callable[[str], Awaitable[dict[str, Any]]],
) -> None:
    headers = await login_citizen("openid-gone")
    citizen = await Citizen.get(openid="openid-gone")
    assert await citizen_exists(citizen.id) and not await citizen_exists(citizen.id + 1000)
    assert (await client.get("/api/cases", headers=headers)).status == 200
    await citizen.delete()
    assert not await citizen_exists(citizen.id)
    answer = await client.get("/api/cases", headers=headers)
    assert answer.status == 401
    assert (await answer.json())["code"] == "account_inactive"
