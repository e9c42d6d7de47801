"""The package's public names: all listed, all loadable, loaded only when first used."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys

import pytest

import openrouter_ext


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


def test_importing_the_package_defers_httpx_and_the_generated_models() -> None:
    probe = (
        "import sys, openrouter_ext\n"
        "heavy = ('httpx', 'openrouter_ext_generated.models', 'asyncio', 'tenacity')\n"
        "print([m for m in heavy if m in sys.modules])\n"
        "from openrouter_ext import OpenRouter\n"
        "print([m for m in heavy if m in sys.modules])\n"
    )
    lines = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    ).stdout.splitlines()
    assert lines == [
        "[]",
        "['httpx', 'openrouter_ext_generated.models', 'tenacity']",
    ]  # no asyncio for sync use


def test_the_command_lines_parser_loads_no_sdk() -> None:
    probe = (
        "import sys\n"
        "from openrouter_ext.cli import parser\n"
        "parser().parse_args(['transcribe', 'x.wav', '--format', 'srt'])\n"
        "print([m for m in ('httpx', 'openrouter_ext_generated', 'openrouter_ext.testing') if m in sys.modules])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"  # so --help and bad arguments answer at once


def test_the_version_is_the_installed_distributions() -> None:
    assert openrouter_ext.__version__ == importlib.metadata.version("openrouter-ext")
