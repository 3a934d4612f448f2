"""A Playwright page that runs axe on every page it settles on, for the roles' step functions.

The steps (tests/console/day/<role>.py) take a plain `page`; handed this wrapper instead, each
document they open (goto, wait_for_url, wait_for_load_state, screenshot) is checked by axe
once per distinct content, and kept as artifacts/day-<nn>-<name>.png, numbered in order, so CI
keeps the whole day as pictures.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.console.axe import check_accessible, screenshot_path

# What a person sees (scripts excluded, so axe's own script tag does not count as a change).
VISIBLE_STATE = "() => document.title + '\\n' + (document.body ? document.body.innerText : '')"
_SLUG = re.compile(r"[^A-Za-z0-9]+")


class AxeCheckedPage:
    def __init__(self, page: Any, prefix: str = "day") -> None:
        self._page = page
        self._prefix = prefix
        self._seen: set[tuple[str, int]] = set()
        self.checked: list[str] = []  # "name url", in the order checked

    def __getattr__(self, name: str) -> Any:
        return getattr(self._page, name)

    @property
    def page(self) -> Any:
        return self._page

    async def check(self, name: str = "") -> None:
        """axe on the current document, unless this very content was checked already."""
        await self._page.wait_for_load_state()
        key = (self._page.url, hash(await self._page.evaluate(VISIBLE_STATE)))
        if key in self._seen:
            return
        self._seen.add(key)
        slug = name or _SLUG.sub("-", urlsplit(self._page.url).path.removeprefix("/console/"))
        label = f"{self._prefix}-{len(self.checked) + 1:02d}-{slug.strip('-') or 'page'}"
        await self._page.screenshot(path=str(screenshot_path(label)), full_page=True)
        await check_accessible(self._page, label)
        self.checked.append(f"{label} {self._page.url}")

    async def goto(self, *args: Any, **kwargs: Any) -> Any:
        response = await self._page.goto(*args, **kwargs)
        await self.check()
        return response

    async def wait_for_url(self, *args: Any, **kwargs: Any) -> None:
        await self._page.wait_for_url(*args, **kwargs)
        await self.check()

    async def wait_for_load_state(self, *args: Any, **kwargs: Any) -> None:
        await self._page.wait_for_load_state(*args, **kwargs)
        await self.check()

    async def screenshot(self, *args: Any, **kwargs: Any) -> bytes:
        path = kwargs.get("path")
        await self.check(Path(path).stem if path else "")
        return await self._page.screenshot(*args, **kwargs)
