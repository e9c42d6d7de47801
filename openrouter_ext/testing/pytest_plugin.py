"""pytest plugin (registered on install): the ``openrouter_stand_in`` fixture."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ._server import StandIn


@pytest.fixture
def openrouter_stand_in() -> Iterator[StandIn]:
    """A running ``StandIn`` on 127.0.0.1 at a free port, stopped after the test."""
    with StandIn() as server:
        yield server
