"""The package's imports point one way: no cycles, and no layer imports a layer above it.

Every import statement counts, wherever it stands (module level or inside a function), except those
under ``if TYPE_CHECKING:``, which never run. So do the names a package ``__init__`` loads lazily
(its ``_HOMES`` table) and ``importlib.import_module("...")`` calls with a literal name: they are
imports made later, and a cycle through them is still a cycle.
"""

from __future__ import annotations

import ast
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = "openrouter_ext"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE


def _module_name(path: Path, root: Path = ROOT) -> str:
    parts = [PACKAGE, *path.relative_to(root).with_suffix("").parts]
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


def imports_of(path: Path, known: set[str], root: Path = ROOT) -> set[str]:
    """The modules of this package that ``path`` imports, at any time."""
    module, package = _module_name(path, root), _is_package(path)
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


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    paths = sorted(root.rglob("*.py"))
    known = {_module_name(path, root) for path in paths}
    return {_module_name(path, root): imports_of(path, known, root) for path in paths}


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


# The layers, top to bottom: the README's list ("How it is built"). A module may import the modules
# of its own layer and of the layers below it, never one above. The modules of a subpackage share its
# layer (the cycle test above keeps them in order among themselves). A new module gets a line here.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("cli",),  # openrouter-stt: a user of everything below
    ("testing",),  # the stand-in: judges by openapi.yaml, never by the SDK's own code
    ("ray",),  # datasets on Ray Data: many recordings
    ("",),  # the package's __init__: the public names, loaded on first use
    ("_client", "utils"),  # OpenRouter and client.stt; the retry settings under the official name
    ("_recording",),  # one recording of any length: many calls
    ("subtitles",),  # SRT and WebVTT from segments
    ("_stt", "_catalog"),  # the call: its methods, its arguments checked, its request chosen; the catalog
    ("_profiles", "_spend"),  # what each model takes in one request; the spend cap's ledger
    ("_request",),  # the generated request builder's output, adapted
    ("_multipart", "_json_body"),  # the two bodies
    ("_wire",),  # arguments in wire form, checked
    ("_params",),  # the public parameter types
    ("_audio_input",),  # paths, bytes, file objects -> audio with a format, size and reader
    ("_transport",),  # the one place requests are sent
    ("_response",),  # status -> exception, 2XX -> APIResponse
    ("_config",),  # the key, the client's options, per-call options
    ("_retry",),  # RetryConfig, and a call's first attempt
    ("_retrying",),  # the retrier on tenacity, loaded at a first retry
    ("_retry_after", "_validation", "_content"),  # leaves: Retry-After, the wire checks, content ids
    ("errors", "_lazy", "_version"),  # the exception hierarchy; lazy attributes; the version
)


def rank(module: str, layers: tuple[tuple[str, ...], ...] = LAYERS) -> int:
    """The layer of ``module`` counted from the bottom (higher imports lower)."""
    inside = module.removeprefix(PACKAGE).lstrip(".").split(".")[0]
    for height, names in enumerate(reversed(layers)):
        if inside in names:
            return height
    raise LookupError(f"{module} has no layer: give it a line in LAYERS (and in the README's list)")


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{module} -> {target}"
        for module, targets in graph.items()
        for target in targets
        if rank(target) > rank(module)
    )


def test_every_module_has_a_layer() -> None:
    for module in import_graph():
        rank(module)


def test_no_module_imports_a_layer_above_it() -> None:
    assert upward_imports(import_graph()) == []


def test_the_readme_lists_the_layers_in_this_order() -> None:
    """The README's picture of the architecture is the one this test enforces."""
    readme = (ROOT.parent / "README.md").read_text()
    listing = readme[readme.index("openrouter_ext/ ") : readme.index("```", readme.index("openrouter_ext/ "))]
    named = [
        line.split()[0].removesuffix(".py").rstrip("/")
        for line in listing.splitlines()[1:]
        if line.startswith("  ") and line[2] != " "
    ]
    order = [name if name != "__init__" else "" for name in named]
    assert sorted(order) == sorted(name for names in LAYERS for name in names)
    heights = [rank(f"{PACKAGE}.{name}" if name else PACKAGE) for name in order]
    assert heights == sorted(heights, reverse=True), list(zip(order, heights, strict=True))


@pytest.mark.parametrize(
    ("importer", "statement", "upward"),
    [
        ("_transport.py", "def later():\n    from ._stt import Stt\n", "_transport -> openrouter_ext._stt"),
        (
            "_recording/_service.py",
            "import openrouter_ext.ray\n",
            "_recording._service -> openrouter_ext.ray",
        ),
        ("errors.py", "def later():\n    from . import _client\n", "errors -> openrouter_ext._client"),
    ],
)
def test_an_upward_import_injected_into_a_copy_is_refused(
    tmp_path: Path, importer: str, statement: str, upward: str
) -> None:
    """The check can fail: a copy of the package with one upward import added (at module level or
    inside a function) is refused, naming the import; the copy as it is passes."""
    copy = tmp_path / PACKAGE
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert upward_imports(import_graph(copy)) == []
    with (copy / importer).open("a") as module:
        module.write("\n" + statement)
    assert upward_imports(import_graph(copy)) == [f"{PACKAGE}.{upward}"]


def test_an_import_under_type_checking_is_not_an_upward_import(tmp_path: Path) -> None:
    copy = tmp_path / PACKAGE
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    with (copy / "_transport.py").open("a") as module:
        module.write("\nif TYPE_CHECKING:\n    from ._stt import Stt\n")
    assert upward_imports(import_graph(copy)) == []


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
    module = tmp_path / "b.py"
    module.write_text(source)
    known = {"openrouter_ext", "openrouter_ext.a", "openrouter_ext.b"}
    assert imports_of(module, known, tmp_path) == expected


def test_a_cycle_is_reported() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
