"""``generated/`` is what openapi.yaml generates, and nothing else: the check catches a spec changed
without regenerating, a generated file edited by hand or added, and no wheel builds from such a tree.

Each test works on a copy of the files generation reads, in a scratch folder: the real tree is
never touched.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from _documented import DOCUMENTED

ROOT = Path(__file__).resolve().parent.parent
GENERATED = Path("generated/openrouter_ext_generated")


def copy_of_project(dest: Path, *, whole: bool = False) -> Path:
    """The files generation reads (``whole``: every file git tracks, to build a wheel from)."""
    if whole:
        git = shutil.which("git") or "git"
        tracked = subprocess.run(
            [git, "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.splitlines()
    else:
        tracked = ["openapi.yaml", "generator-config.yml", "pyproject.toml", "tools/generate.py"]
        tracked += [str(p.relative_to(ROOT)) for p in (ROOT / "generator-templates").iterdir()]
        tracked += [str(p.relative_to(ROOT)) for p in (ROOT / GENERATED).rglob("*.py")]
        tracked.append(str(GENERATED / "py.typed"))
    for name in tracked:
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, dest / name)
    return dest


def run_generate(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(root / "tools/generate.py"), *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def edit_spec(root: Path, change: Any) -> None:
    path = root / "openapi.yaml"
    spec = yaml.safe_load(path.read_text())
    change(spec)
    path.write_text(yaml.safe_dump(spec, sort_keys=False))


def stt_request(spec: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = spec["components"]["schemas"]["STTRequest"]
    return schema


def schema_limits(module: Path) -> Any:
    """The generated ``SCHEMA_LIMITS``, read as a literal (a template bug cannot run code here)."""
    for node in ast.parse(module.read_text()).body:
        if isinstance(node, ast.AnnAssign) and ast.unparse(node.target) == "SCHEMA_LIMITS":
            assert node.value is not None
            return ast.literal_eval(node.value)
    raise AssertionError(f"no SCHEMA_LIMITS in {module}")


def test_a_faithful_copy_passes_the_check(tmp_path: Path) -> None:
    result = run_generate(copy_of_project(tmp_path), "--check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "matches a fresh generation" in result.stdout


def test_a_spec_changed_without_regenerating_fails_the_check(tmp_path: Path) -> None:
    root = copy_of_project(tmp_path)
    edit_spec(root, lambda spec: stt_request(spec)["properties"].update(prompt={"type": "string"}))
    result = run_generate(root, "--check")
    assert result.returncode == 1
    assert "generated/models/stt_request.py" in result.stdout and "+    prompt: str | Unset" in result.stdout
    assert "generated/ is stale" in result.stderr
    # Regenerating makes it pass again.
    assert run_generate(root).returncode == 0
    assert run_generate(root, "--check").returncode == 0


def test_a_generated_file_edited_by_hand_fails_the_check(tmp_path: Path) -> None:
    root = copy_of_project(tmp_path)
    edited = root / GENERATED / "models/stt_response.py"
    edited.write_text(edited.read_text().replace("text: str", "text: str  # edited by hand", 1))
    result = run_generate(root, "--check")
    assert result.returncode == 1
    assert "models/stt_response.py" in result.stdout and "edited by hand" in result.stdout


def test_a_file_added_by_hand_fails_the_check(tmp_path: Path) -> None:
    root = copy_of_project(tmp_path)
    (root / GENERATED / "models/helpers.py").write_text("X = 1\n")
    result = run_generate(root, "--check")
    assert result.returncode == 1
    assert "not generated (remove it): models/helpers.py" in result.stdout


def test_every_limit_the_spec_sets_reaches_the_generated_model(tmp_path: Path) -> None:
    root = copy_of_project(tmp_path)

    def limit(spec: dict[str, Any]) -> None:
        properties = stt_request(spec)["properties"]
        properties["language"] |= {"minLength": 2, "maxLength": 35, "pattern": "^[a-z]{2}(-[A-Z]{2})?$"}
        properties["temperature"] |= {"minimum": 0, "maximum": 2.5, "multipleOf": 0.1}
        properties["keyterms"] |= {"minItems": 1, "maxItems": 100}

    edit_spec(root, limit)
    assert run_generate(root).returncode == 0
    assert schema_limits(root / GENERATED / "models/stt_request.py") == {
        "keyterms": {"minItems": 1, "maxItems": 100},
        "language": {"minLength": 2, "maxLength": 35, "pattern": "^[a-z]{2}(-[A-Z]{2})?$"},
        "session_id": {"maxLength": 256},
        "temperature": {"minimum": 0, "maximum": 2.5, "multipleOf": 0.1},
    }


def test_spec_text_never_becomes_code(tmp_path: Path) -> None:
    """A pattern is the vendor's text: it lands in a string literal, escaped, whatever it holds."""
    root = copy_of_project(tmp_path)
    hostile = '"}; import os; os.system("echo pwned"); x = {"'
    edit_spec(root, lambda spec: stt_request(spec)["properties"]["user"].update(pattern=hostile))
    assert run_generate(root).returncode == 0
    assert schema_limits(root / GENERATED / "models/stt_request.py")["user"] == {"pattern": hostile}


@pytest.fixture(scope="module")
def wheel_builder() -> list[str]:
    """pip building a wheel with the hatchling the dev extra installed (no network needed)."""
    return [sys.executable, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "--quiet"]


def test_a_wheel_ships_the_generated_client_and_leaves_the_tree_alone(
    tmp_path: Path, wheel_builder: list[str]
) -> None:
    root = copy_of_project(tmp_path / "project", whole=True)
    before = {p: p.read_bytes() for p in (root / "generated").rglob("*") if p.is_file()}
    subprocess.run([*wheel_builder, "-w", str(tmp_path / "dist"), str(root)], check=True, timeout=300)
    (wheel,) = (tmp_path / "dist").glob("openrouter_ext-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = archive.read("openrouter_ext_generated/models/stt_request.py")
    assert shipped == (root / GENERATED / "models/stt_request.py").read_bytes()
    assert {p: p.read_bytes() for p in (root / "generated").rglob("*") if p.is_file()} == before


def test_no_wheel_builds_from_a_stale_tree(tmp_path: Path, wheel_builder: list[str]) -> None:
    root = copy_of_project(tmp_path / "project", whole=True)
    edit_spec(root, lambda spec: stt_request(spec)["properties"].update(prompt={"type": "string"}))
    result = subprocess.run(
        [*wheel_builder, "-w", str(tmp_path / "dist"), str(root)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode != 0
    assert "generated/ is stale" in result.stdout + result.stderr
    assert not list((tmp_path / "dist").glob("*.whl"))


def test_the_lazy_packages_give_every_name_they_list() -> None:
    """Our templates load the models and the client classes on first use: every name listed loads,
    from the module the generator wrote it in, and a name not listed is an AttributeError."""
    import importlib

    import openrouter_ext_generated
    from openrouter_ext_generated import models

    files = {p.stem for p in (ROOT / GENERATED / "models").glob("*.py")} - {"__init__"}
    assert {module.lstrip(".") for module in models._MODULES.values()} == files
    assert sorted(models.__all__) == sorted(models._MODULES) == dir(models)
    for name, module in models._MODULES.items():
        model = getattr(models, name)
        assert model is getattr(importlib.import_module(module, models.__name__), name)
        assert model.__name__ == name
    for package in (models, openrouter_ext_generated):
        with pytest.raises(AttributeError, match="has no attribute 'Nonexistent'"):
            package.Nonexistent  # noqa: B018
    assert openrouter_ext_generated.Client.__module__ == "openrouter_ext_generated.client"
    assert openrouter_ext_generated.AuthenticatedClient.__module__ == "openrouter_ext_generated.client"


def test_an_error_body_model_is_imported_only_where_it_is_parsed() -> None:
    """The endpoint module names the error bodies' models in annotations (under TYPE_CHECKING) and
    imports them in ``_parse_response``, which still parses every documented status."""
    from openrouter_ext_generated.api.stt import create_audio_transcriptions as endpoint
    from openrouter_ext_generated.client import Client

    source = ast.parse((ROOT / GENERATED / "api/stt/create_audio_transcriptions.py").read_text())
    top_level = {
        alias.name for node in source.body if isinstance(node, ast.ImportFrom) for alias in node.names
    }
    assert top_level.isdisjoint({"BadRequestResponse", "ServiceUnavailableResponse", "Client"})
    body = {"error": {"code": 1, "message": "m"}}
    for status, (_, model) in DOCUMENTED.items():
        response = httpx.Response(status, json=body)
        assert type(endpoint._parse_response(client=Client(base_url=""), response=response)) is model
