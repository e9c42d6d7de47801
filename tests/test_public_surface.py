"""The package's public names: all listed, all loadable, loaded only when first used."""

from __future__ import annotations

import ast
import importlib.metadata
import subprocess
import sys

import httpx
import pytest

import openrouter_ext
from openrouter_ext.testing import StandIn


def test_all_lists_exactly_the_lazily_loaded_names() -> None:
    lazily_loaded = {*openrouter_ext._HOMES, *openrouter_ext._SUBMODULES, "__version__"}
    assert sorted(openrouter_ext.__all__) == sorted(lazily_loaded)
    assert dir(openrouter_ext) == openrouter_ext.__all__


def test_every_public_name_loads_from_its_home() -> None:
    for name, home in openrouter_ext._HOMES.items():
        value = getattr(openrouter_ext, name)
        expected = importlib.import_module(home, "openrouter_ext")
        assert value is getattr(expected, name), name
    assert openrouter_ext.errors.OpenRouterError is openrouter_ext.OpenRouterError


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'Nonexistent'"):
        openrouter_ext.Nonexistent  # type: ignore[attr-defined]  # noqa: B018


def loaded_after(*statements: str, watched: tuple[str, ...]) -> list[list[str]]:
    """In a fresh interpreter: which ``watched`` modules are loaded after each statement."""
    probe = ["import sys"]
    for statement in statements:
        probe += [statement, f"print([m for m in {watched!r} if m in sys.modules])"]
    lines = subprocess.run(
        [sys.executable, "-c", "\n".join(probe)], capture_output=True, text=True, check=True, timeout=60
    ).stdout.splitlines()
    return [ast.literal_eval(line) for line in lines]


def test_importing_the_package_defers_httpx_and_the_generated_models() -> None:
    watched = ("httpx", "openrouter_ext_generated.models", "asyncio", "tenacity", "av", "numpy")
    assert loaded_after(
        "import openrouter_ext", "from openrouter_ext import OpenRouter", watched=watched
    ) == [
        [],
        ["httpx", "openrouter_ext_generated.models", "tenacity"],  # no asyncio for sync use
    ]


def test_the_command_lines_parser_loads_no_sdk() -> None:
    parse = "from openrouter_ext.cli import parser; parser().parse_args(['transcribe', 'x.wav', '--format', 'srt'])"
    watched = ("httpx", "openrouter_ext_generated", "openrouter_ext.testing._server")
    assert loaded_after(parse, watched=watched) == [[]]  # so --help and bad arguments answer at once


def test_the_pytest_plugin_loads_no_server_until_its_fixture_is_used() -> None:
    """pytest loads the plugin in every run of every project where the package is installed."""
    watched = ("httpx", "openapi_core", "openrouter_ext_generated", "openrouter_ext.testing._server")
    load = "import pytest; import openrouter_ext.testing.pytest_plugin"
    assert loaded_after(load, watched=watched) == [[]]  # benchmarks/bench_pytest_plugin.py times it


def test_the_fixture_gives_a_running_stand_in(openrouter_stand_in: StandIn) -> None:
    assert httpx.post(f"{openrouter_stand_in.base_url}/audio/transcriptions").status_code == 401


def test_the_version_is_the_installed_distributions() -> None:
    assert openrouter_ext.__version__ == importlib.metadata.version("openrouter-ext")
