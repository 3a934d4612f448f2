"""An item's guide as the console's form shows it, and the form back as upsertItem's body.

Lists are one entry per line with "｜" between the parts, because a page without scripts cannot
add rows; the body is then checked by the API's own model (ItemIn), so both say the same.
What a line cannot carry (a material's seal, sample link and upload rule) is kept from the
material of the same name in the current guide.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from core.errors import ValidationFailed
from miniapp_api.catalog.schemas import ItemIn
from miniapp_api.parsing import parse_model

SEPARATOR = re.compile(r"\s*[|｜]\s*")
THEME_SEPARATOR = re.compile(r"\s*[,，、]\s*")
TEXT_FIELDS = (
    "name", "item_type", "legal_basis", "online_depth", "offline_reason", "fees",
    "certificate_name", "conditions", "notes", "min_assurance",
)  # fmt: skip
KEPT_MATERIAL_PARTS = ("seal", "sample_url", "upload")
MAX_LINES = 100
MAX_YUAN = Decimal(1_000_000)  # ItemIn's fee_cents limit


def form_values(guide: dict[str, Any]) -> dict[str, str]:
    """The guide (an item's snapshot or a change's proposal) as the form's text fields."""
    values = {name: str(guide.get(name) or "") for name in TEXT_FIELDS}
    level = guide.get("min_assurance", "L0")
    values["min_assurance"] = level if isinstance(level, str) else f"L{int(level)}"
    for name in ("legal_limit_days", "promised_limit_days"):
        values[name] = str(guide.get(name, 0))
    valid = guide.get("certificate_valid_days")
    values["certificate_valid_days"] = "" if valid is None else str(valid)
    values["fee_yuan"] = _yuan(int(guide.get("fee_cents") or 0))
    values["materials"] = "\n".join(
        "｜".join((m["name"], m.get("format", ""), str(m.get("copies", 1)), m.get("basis", "")))
        for m in guide.get("materials") or []
    )
    values["process"] = "\n".join(
        "｜".join((s["step"], s.get("description", ""))) for s in guide.get("process") or []
    )
    values["faq"] = "\n".join(
        "｜".join((f["question"], f["answer"])) for f in guide.get("faq") or []
    )
    values["themes"] = "，".join(guide.get("themes") or [])
    return values


def guide_body(
    form: dict[str, str], department_code: str, current_materials: list[dict[str, Any]]
) -> ItemIn:
    """The posted form as upsertItem's body, validated by the same model."""
    kept = {m["name"]: m for m in current_materials}
    body: dict[str, Any] = {name: form.get(name, "").strip() for name in TEXT_FIELDS}
    body |= {
        "department_code": department_code,
        "legal_limit_days": form.get("legal_limit_days", "").strip(),
        "promised_limit_days": form.get("promised_limit_days", "").strip(),
        "certificate_valid_days": form.get("certificate_valid_days", "").strip() or None,
        "fee_cents": _cents(form.get("fee_yuan", "")),
        "materials": [
            _material(parts, kept) for parts in _lines(form.get("materials", ""), "materials")
        ],
        "process": [
            {"step": parts[0], "description": "｜".join(parts[1:])}
            for parts in _lines(form.get("process", ""), "process")
        ],
        "faq": [
            {"question": parts[0], "answer": "｜".join(parts[1:])}
            for parts in _lines(form.get("faq", ""), "faq")
        ],
        "themes": [t for t in THEME_SEPARATOR.split(form.get("themes", "").strip()) if t],
    }
    return parse_model(ItemIn, body, "guide")


def _lines(text: str, field: str) -> list[list[str]]:
    lines = [SEPARATOR.split(line.strip()) for line in text.splitlines() if line.strip()]
    if len(lines) > MAX_LINES:
        raise ValidationFailed(f"at most {MAX_LINES} lines", fields={field: f"最多 {MAX_LINES} 行"})
    return lines


def _material(parts: list[str], kept: dict[str, dict[str, Any]]) -> dict[str, Any]:
    name, kind, copies, basis = [*parts, "", "", "", ""][:4]
    material: dict[str, Any] = {
        "name": name,
        "format": kind,
        "copies": copies or 1,
        "basis": "｜".join([basis, *parts[4:]]).strip("｜"),
    }
    for part in KEPT_MATERIAL_PARTS:
        if kept.get(name, {}).get(part):
            material[part] = kept[name][part]
    return material


def _cents(text: str) -> int:
    text = text.strip() or "0"
    try:
        amount = Decimal(text)
        exact = amount.is_finite() and 0 <= amount <= MAX_YUAN
        exact = exact and amount == amount.quantize(Decimal("0.01"))
    except InvalidOperation:
        exact = False
    if not exact:
        raise ValidationFailed(
            "the fee is an amount in yuan, at most two decimals",
            fields={"fee_yuan": "填写金额（元），最多两位小数，不收费填 0"},
        )
    return int(amount * 100)


def _yuan(cents: int) -> str:
    return f"{cents // 100}" if cents % 100 == 0 else f"{cents / 100:.2f}"
