import os
from collections.abc import Iterator
from contextlib import ExitStack

import pytest

from tests.fuzz.live_stack import LiveStack, start_live_stack


@pytest.fixture(scope="session")
def live_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveStack]:
    if os.environ.get("MINIAPP_TEST_BACKEND", "sqlite") != "sqlite":
        pytest.skip("the live stack runs on the embedded default; one backend is enough for it")
    with ExitStack() as stack:
        yield start_live_stack(tmp_path_factory.mktemp("live"), stack)
