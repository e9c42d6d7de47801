"""Package attributes loaded on first use (PEP 562), so that importing a package costs nothing.

A package lists ``_HOMES = {public name: module}`` and calls ``attach``; type checkers see the names
through ``if TYPE_CHECKING:`` imports in the package itself.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def attach(
    package: str, namespace: dict[str, Any], homes: Mapping[str, str], submodules: tuple[str, ...] = ()
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``, whose globals are ``namespace`` (with its
    ``__all__``)."""

    def __getattr__(name: str) -> object:
        if name in submodules:
            return importlib.import_module(f".{name}", package)
        try:
            home = homes[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(home, package), name)
        namespace[name] = value  # found once; later look-ups never reach __getattr__
        return value

    def __dir__() -> list[str]:
        return list(namespace["__all__"])

    return __getattr__, __dir__
