"""axe-core (Deque's accessibility engine, pinned in package.json / package-lock.json and
installed by `make` with `npm ci`) run inside the page Chromium shows.

The console's Content-Security-Policy forbids scripts, so the page must come from a browser
context created with `bypass_csp=True` (see `new_console_context`); that changes nothing the
page itself does, it only lets the test add axe's script tag.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = PROJECT_ROOT / "artifacts"
# What fails the test; "moderate" and "minor" findings are printed, not failed.
FAILING_IMPACTS = frozenset({"serious", "critical"})
# WCAG 2.1 A/AA plus Deque's best practices (landmarks, one h1, ...).
RUN_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
_SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")


def axe_source() -> str:
    """The pinned axe.min.js; skips (fails under CI) when `npm ci` has not installed it."""
    if not AXE_SCRIPT.exists():
        message = f"{AXE_SCRIPT} is absent: run `make test` (it runs `npm ci`)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE_SCRIPT.read_text(encoding="utf-8")


async def new_console_context(browser: Any) -> Any:
    """A 1280-px, zh-CN browser context that lets the test inject axe despite the CSP."""
    return await browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN", bypass_csp=True
    )


def screenshot_path(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / f"{_SAFE_NAME.sub('-', name).strip('-')}.png"


async def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Every violation axe finds on the page as it is now."""
    for attempt in range(3):
        try:
            if not await page.evaluate("() => typeof window.axe === 'object'"):
                await page.add_script_tag(content=axe_source())
            result = await page.evaluate(
                "options => window.axe.run(document, options)", RUN_OPTIONS
            )
            return list(result["violations"])
        except Exception as error:  # a click's navigation may still replace the document
            if "context was destroyed" not in str(error) or attempt == 2:
                raise
            await page.wait_for_load_state()
    raise AssertionError("unreachable")


def describe(violations: list[dict[str, Any]]) -> str:
    """One paragraph per rule: impact, rule, help text and the offending elements."""
    lines: list[str] = []
    for violation in violations:
        rule, impact = violation["id"], violation["impact"]
        lines.append(f"[{impact}] {rule}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:10]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " / ")
            if summary:
                lines.append(f"       {summary[:300]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    ... and {len(violation['nodes']) - 10} more elements")
    return "\n".join(lines)


async def check_accessible(page: Any, name: str) -> None:
    """Run axe on the page as it is; fail on serious/critical findings, print the lesser ones
    (pytest shows them with -s or on failure) so they stay visible."""
    await page.wait_for_load_state()
    violations = await axe_violations(page)
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    lesser = [v for v in violations if v["impact"] not in FAILING_IMPACTS]
    if lesser:
        print(f"axe, {name} ({page.url}), not failing:\n{describe(lesser)}")
    assert not failing, (
        f"axe found {len(failing)} serious/critical accessibility problem(s) on {name} "
        f"({page.url}):\n{describe(failing)}"
    )


async def assert_accessible(page: Any, name: str) -> None:
    """Screenshot the page to artifacts/<name>.png, then `check_accessible`."""
    await page.wait_for_load_state()
    await page.screenshot(path=str(screenshot_path(name)), full_page=True)
    await check_accessible(page, name)
