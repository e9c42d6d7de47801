"""pytest plugin (registered on install): the ``openrouter_stand_in`` fixture.

pytest loads this module in every run of every project where the package is installed, so it
imports nothing but pytest: the server loads when a test first asks for the fixture.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ._server import StandIn


@pytest.fixture
def openrouter_stand_in() -> Iterator[StandIn]:
    """A running ``StandIn`` on 127.0.0.1 at a free port, stopped after the test."""
    from ._server import StandIn  # here: only the runs that use the fixture pay for the server

    with StandIn() as server:
        yield server
