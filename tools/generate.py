"""Regenerate ``generated/`` from ``openapi.yaml``, or check that it is up to date.

``make generate``, ``make check-generated`` and the wheel build hook all run this script, so the
generator always runs the same way: the pinned openapi-python-client, with the pinned ruff from the
same environment for its post hooks (the pins live in ``pyproject.toml``'s build requirements).

    python tools/generate.py            # write generated/
    python tools/generate.py --check    # generate into a temporary directory, diff, exit 1 if stale
"""

from __future__ import annotations

import argparse
import difflib
import importlib.resources
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi.yaml"
CONFIG = ROOT / "generator-config.yml"
# Our templates, each adding to the generator's own template of the same name, which is copied
# beside it as upstream_<name> (so nothing of the generator's is copied into the repository).
TEMPLATES = ROOT / "generator-templates"
PACKAGE = "openrouter_ext_generated"
GENERATED = ROOT / "generated"
PINNED_TOOLS = ("openapi-python-client", "ruff")


def _check_tool_versions() -> None:
    """Refuse to run with other versions than the pinned ones: their output differs."""
    build = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    pins = dict(req.split("==", 1) for req in build if "==" in req)
    for tool in PINNED_TOOLS:
        try:
            found = version(tool)
        except PackageNotFoundError:
            found = "not installed"
        if found != pins[tool]:
            sys.exit(
                f"generate: {tool} {pins[tool]} is required, found {found}. "
                "Run `make install` (or pip install -e '.[dev]') first."
            )


def _templates(dest: Path) -> Path:
    """Our templates, each with the pinned generator's original beside it as ``upstream_<name>``."""
    upstream = importlib.resources.files("openapi_python_client") / "templates"
    dest.mkdir()
    for template in sorted(TEMPLATES.glob("*.jinja")):
        shutil.copy(template, dest / template.name)
        (dest / f"upstream_{template.name}").write_text((upstream / template.name).read_text())
    return dest


def generate(dest: Path) -> Path:
    """Run the generator into ``dest/<package>`` and return that path."""
    out = dest / PACKAGE
    with tempfile.TemporaryDirectory() as scratch:
        return _run_generator(out, _templates(Path(scratch) / "templates"))


def _run_generator(out: Path, templates: Path) -> Path:
    # The post hooks call `ruff` by name: make it the one installed beside this interpreter.
    env = dict(
        os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    )
    command = [
        sys.executable,
        "-m",
        "openapi_python_client",
        "generate",
        "--path",
        str(SPEC),
        "--config",
        str(CONFIG),
        "--meta",
        "none",
        "--custom-template-path",
        str(templates),
        "--output-path",
        str(out),
        "--overwrite",
        "--fail-on-warning",
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603 - fixed argv
    if result.returncode != 0 or not (out / "py.typed").exists():
        sys.exit(f"generate: openapi-python-client failed\n{result.stdout}{result.stderr}")
    return out


def _tree(root: Path) -> dict[str, Path]:
    return {
        str(p.relative_to(root)): p
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def diff_trees(expected: Path, actual: Path) -> list[str]:
    """Unified diffs (and missing/extra files) that turn ``actual`` into ``expected``."""
    want, have = _tree(expected), _tree(actual)
    problems = [f"missing: {name}" for name in want.keys() - have.keys()]
    problems += [f"not generated (remove it): {name}" for name in have.keys() - want.keys()]
    for name in sorted(want.keys() & have.keys()):
        new, old = want[name].read_text().splitlines(), have[name].read_text().splitlines()
        if new != old:
            problems.append(
                "\n".join(difflib.unified_diff(old, new, f"generated/{name}", "fresh", lineterm=""))
            )
    return sorted(problems)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--check", action="store_true", help="fail if generated/ differs from a fresh generation"
    )
    args = parser.parse_args()
    _check_tool_versions()
    if not args.check:
        print(f"generated {generate(GENERATED).relative_to(ROOT)} from {SPEC.name}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        problems = diff_trees(generate(Path(tmp)), GENERATED / PACKAGE)
    if problems:
        print("\n".join(problems))
        sys.exit("check-generated: generated/ is stale; run `make generate` and commit the result")
    print("check-generated: generated/ matches a fresh generation of openapi.yaml")


if __name__ == "__main__":
    main()
