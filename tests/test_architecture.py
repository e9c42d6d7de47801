"""The package's imports point one way: no cycles, and no layer imports a layer above it.

Every import statement counts, wherever it stands (module level or inside a function), except those
under ``if TYPE_CHECKING:``, which never run. So do the names a package ``__init__`` loads lazily
(its ``_HOMES`` table) and ``importlib.import_module("...")`` calls with a literal name: they are
imports made later, and a cycle through them is still a cycle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = "openrouter_ext"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE


def _module_name(path: Path) -> str:
    parts = [PACKAGE, *path.relative_to(ROOT).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def _resolve(module: str, is_package: bool, target: str | None, level: int) -> str:
    if level == 0:
        return target or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, target] if target else base)


def _named(module: str, is_package: bool, name: object) -> str:
    """The module a literal name such as ``".errors"`` or ``"openrouter_ext.cli"`` means."""
    assert isinstance(name, str), name
    level = len(name) - len(name.lstrip("."))
    return _resolve(module, is_package, name.lstrip(".") or None, level)


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node but those under ``if TYPE_CHECKING:``."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from (child for orelse in node.orelse for child in [orelse, *_runtime_nodes(orelse)])
            continue
        yield node
        yield from _runtime_nodes(node)


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The modules of this package that ``path`` imports, at any time."""
    module, package = _module_name(path), _is_package(path)
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, package, node.module, node.level)
            # `from pkg import sub` imports the submodule when there is one, `from pkg import name`
            # the package's own code.
            subs = {f"{base}.{alias.name}" for alias in node.names} & known
            found |= subs if len(subs) == len(node.names) else {base, *subs}
        elif isinstance(node, ast.Call) and ast.unparse(node.func).endswith("import_module"):
            if node.args and isinstance(node.args[0], ast.Constant):
                found.add(_named(module, package, node.args[0].value))
        elif isinstance(node, ast.Assign) and any(ast.unparse(t) == "_HOMES" for t in node.targets):
            assert isinstance(node.value, ast.Dict)
            for home in node.value.values:
                assert isinstance(home, ast.Constant)
                found.add(_named(module, package, home.value))
    # Importing a.b.c runs a/__init__ and a/b/__init__ first: they are imported too, except the
    # importer's own parents (already loaded before it, whatever it imports).
    own_parents = {module.rsplit(".", depth)[0] for depth in range(1, module.count(".") + 1)}
    with_parents = {name.rsplit(".", depth)[0] for name in found for depth in range(name.count(".") + 1)}
    return {name for name in with_parents if name in known and name != module} - (own_parents - found)


def import_graph() -> dict[str, set[str]]:
    paths = sorted(ROOT.rglob("*.py"))
    known = {_module_name(path) for path in paths}
    return {_module_name(path): imports_of(path, known) for path in paths}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module, or a module importing itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph[node]:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_package_has_no_import_cycle() -> None:
    assert cycles(import_graph()) == []


def _layer(module: str) -> int:
    """Higher layers may import lower ones, never the reverse."""
    if module.startswith(f"{PACKAGE}.cli"):
        return 2  # the command line: an application of the library
    if module.startswith(f"{PACKAGE}.testing"):
        return 1  # the stand-in and its pytest plugin: a user of the client's vocabulary
    return 0  # the SDK itself


def test_no_layer_imports_a_layer_above_it() -> None:
    upward = [
        f"{module} -> {target}"
        for module, targets in import_graph().items()
        for target in targets
        if target != PACKAGE and _layer(target) > _layer(module)
    ]
    assert upward == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import openrouter_ext.a\n", {"openrouter_ext.a"}),
        ("def f():\n    from .a import x\n", {"openrouter_ext.a"}),
        ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import x\n", set()),
        ("import importlib\nimportlib.import_module('.a', __name__)\n", {"openrouter_ext.a"}),
        ("_HOMES = {'x': '.a'}\n", {"openrouter_ext.a"}),
        ("from . import a\n", {"openrouter_ext.a"}),
        ("from . import a, NAME\n", {"openrouter_ext", "openrouter_ext.a"}),
    ],
)
def test_the_walker_sees_every_kind_of_import(tmp_path: Path, source: str, expected: set[str]) -> None:
    """The checker itself: each way of importing is found (else a cycle through it would hide)."""
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        module = tmp_path / "b.py"
        module.write_text(source)
        known = {"openrouter_ext", "openrouter_ext.a", "openrouter_ext.b"}
        assert imports_of(module, known) == expected
    finally:
        ROOT = saved


def test_a_cycle_is_reported() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
