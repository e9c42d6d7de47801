"""OpenRouter's spec, cut and compared: the first steps of taking a new vendor document.

    python tools/spec.py update VENDOR.yaml [--date YYYY-MM-DD]   # cut, write the new reference, report
    python tools/spec.py cut VENDOR.yaml OUT.yaml                  # only the cut
    python tools/spec.py diff OLD.yaml NEW.yaml                    # the contract change, in words

``cut`` keeps of a whole vendor document (JSON or YAML, every endpoint) the operations the SDK calls
(``OPERATIONS``: ``POST /audio/transcriptions``, ``GET /models``, ``GET /key``) and every component
they reference, transitively, plus the document's own ``openapi``, ``info``, ``servers`` and
``security`` (and the security schemes that names).
``update`` writes the cut as ``tests/contract/openrouter-stt.reference.yaml``, keeping the local
additions of the previous reference (``LOCAL_ADDITIONS``), and prints what changed for users
against the previous reference, then what ``openapi.yaml`` does not have yet (``drift``, which
the drift test asserts is empty). ``openapi.yaml`` is left for a person to edit; ``make generate`` follows.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import yaml

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "contract" / "openrouter-stt.reference.yaml"
OURS = ROOT / "openapi.yaml"
PATH, METHOD = "/audio/transcriptions", "post"
# The operations the SDK calls, as the reference keeps them: speech to text, and the catalog of
# models (their prices and parameters) and the key's limits, which the layers above plan with.
OPERATIONS = ((PATH, METHOD), ("/models", "get"), ("/key", "get"))
# Kept from the previous reference though the vendor's document lacks them: the app-identification
# headers OpenRouter's own SDKs send from their configuration (the document declares them for no
# operation). Path-level parameters of the operation, defined under components/parameters.
LOCAL_ADDITIONS = ("AppIdentifier", "AppDisplayName", "AppCategories")


class SpecError(Exception):
    """The document cannot be cut or compared: the message says where and why."""


def load(path: str | Path) -> dict[str, Any]:
    text = Path(path).read_text(encoding="utf-8")
    try:
        document = json.loads(text) if text.lstrip().startswith("{") else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as error:
        raise SpecError(f"{path}: neither JSON nor YAML: {error}") from None
    if not isinstance(document, dict) or "paths" not in document:
        raise SpecError(f"{path}: not an OpenAPI document (no paths)")
    return document


# -- cutting ---------------------------------------------------------------------------------------


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _target(document: Mapping[str, Any], ref: str, where: str) -> tuple[str, str, Any]:
    """(kind, name, definition) of a local ``#/components/<kind>/<name>`` reference."""
    parts = ref.removeprefix("#/").split("/")
    if not ref.startswith("#/components/") or len(parts) != 3:
        raise SpecError(f"{where}: $ref {ref!r} is not a local component (#/components/<kind>/<name>)")
    kind, name = parts[1], parts[2].replace("~1", "/").replace("~0", "~")
    found = document.get("components", {}).get(kind, {}).get(name)
    if found is None:
        raise SpecError(
            f"{where}: $ref {ref!r} points at nothing: the document has no components.{kind}.{name}"
        )
    return kind, name, found


def cut(document: Mapping[str, Any], operations: tuple[tuple[str, str], ...] = OPERATIONS) -> dict[str, Any]:
    """The document reduced to ``operations`` ((path, method) pairs) and everything they reference."""
    paths: dict[str, dict[str, Any]] = {}
    pending: list[tuple[str, str]] = []
    security = list(document.get("security", []))
    for path, method in operations:
        operation = document.get("paths", {}).get(path, {}).get(method)
        if operation is None:
            raise SpecError(f"the document has no {method.upper()} {path}")
        item = paths.setdefault(path, {k: v for k, v in document["paths"][path].items() if k == "parameters"})
        item[method] = operation
        pending += [(ref, f"paths.{path}.{method}") for ref in _refs(item)]
        security += operation.get("security", [])
    kept: dict[str, dict[str, Any]] = {}
    while pending:  # each component once: a $ref cycle ends here, as a recursive schema should
        ref, where = pending.pop()
        kind, name, found = _target(document, ref, where)
        if name in kept.get(kind, {}):
            continue
        kept.setdefault(kind, {})[name] = found
        pending += [(inner, f"components.{kind}.{name}") for inner in _refs(found)]
    schemes = document.get("components", {}).get("securitySchemes", {})
    for requirement in security:
        for name in requirement:
            if name not in schemes:
                raise SpecError(f"security names {name!r}, which components.securitySchemes lacks")
            kept.setdefault("securitySchemes", {})[name] = schemes[name]
    order = list(document.get("components", {}))
    components = {  # kinds in the document's order, names sorted: small diffs between snapshots
        kind: {name: kept[kind][name] for name in sorted(kept[kind])}
        for kind in sorted(kept, key=lambda kind: order.index(kind) if kind in order else len(order))
    }
    result = {key: document[key] for key in ("openapi", "info", "servers", "security") if key in document}
    return {**result, "paths": paths, "components": components}


def keep_local_additions(new: dict[str, Any], previous: Mapping[str, Any]) -> list[str]:
    """Carry ``LOCAL_ADDITIONS`` over from the previous reference where the new cut lacks them;
    returns what was kept, in words."""
    kept = []
    old_parameters = previous.get("components", {}).get("parameters", {})
    old_refs = previous.get("paths", {}).get(PATH, {}).get("parameters", [])
    for name in LOCAL_ADDITIONS:
        ref = {"$ref": f"#/components/parameters/{name}"}
        if name not in old_parameters or name in new.get("components", {}).get("parameters", {}):
            continue
        new["components"].setdefault("parameters", {})[name] = old_parameters[name]
        parameters = new["paths"][PATH].setdefault("parameters", [])
        if ref in old_refs and ref not in parameters:
            parameters.append(ref)
        definition = old_parameters[name]
        kept.append(f"{definition.get('in', '?')} parameter {definition.get('name', name)} ({name})")
    return kept


# -- comparing -------------------------------------------------------------------------------------


@attrs.frozen
class Field:
    """One named thing of a contract: its type and whether it is required, and its enum values."""

    type: str
    required: bool = False
    enum: frozenset[str] = frozenset()


def _resolved(document: Mapping[str, Any], node: Any, seen: tuple[str, ...]) -> tuple[Any, tuple[str, ...]]:
    while isinstance(node, dict) and "$ref" in node:
        if node["$ref"] in seen:
            return {"type": f"(recursive: {node['$ref'].rsplit('/', 1)[-1]})"}, seen
        seen = (*seen, node["$ref"])
        node = _target(document, node["$ref"], "comparing")[2]
    return node, seen


def _type(schema: Mapping[str, Any]) -> str:
    if "type" in schema:
        kind = schema["type"]
        text = " | ".join(map(str, kind)) if isinstance(kind, list) else str(kind)
        return text + (f" ({schema['format']})" if "format" in schema else "")
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return key
    return "any"


def _fields(
    document: Mapping[str, Any], schema: Any, name: str, required: bool, seen: tuple[str, ...] = ()
) -> Iterator[tuple[str, Field]]:
    schema, seen = _resolved(document, schema, seen)
    if not isinstance(schema, dict):
        return
    enum = frozenset(map(str, schema.get("enum", [])))
    yield name, Field(_type(schema), required, enum)
    for index, branch in enumerate(schema.get("anyOf", schema.get("oneOf", []))):
        yield from _fields(document, branch, f"{name}<{index + 1}>", False, seen)
    for branch in schema.get("allOf", []):
        branch, branch_seen = _resolved(document, branch, seen)
        yield from _properties(document, branch, name, branch_seen)
    if "items" in schema:
        yield from _fields(document, schema["items"], f"{name}[]", False, seen)
    yield from _properties(document, schema, name, seen)


def _properties(
    document: Mapping[str, Any], schema: Any, name: str, seen: tuple[str, ...]
) -> Iterator[tuple[str, Field]]:
    if not isinstance(schema, dict):
        return
    wanted = set(schema.get("required", []))
    for prop, inner in schema.get("properties", {}).items():
        yield from _fields(document, inner, f"{name}.{prop}" if name else prop, prop in wanted, seen)


# What a user of the operations sees, by kind, in the order reports list them.
KINDS = ("operations", "parameters", "request fields", "statuses", "response fields", "response headers")


def contract(document: Mapping[str, Any]) -> dict[str, dict[str, Field]]:
    """Everything a user of the operations sees, by kind, each named."""
    kinds: dict[str, dict[str, Field]] = {kind: {} for kind in KINDS}
    for path, item in document.get("paths", {}).items():
        shared = item.get("parameters", [])
        for method, operation in item.items():
            if method == "parameters" or not isinstance(operation, dict):
                continue
            operation_name = f"{method.upper()} {path}"
            kinds["operations"][operation_name] = Field("operation")
            for parameter in [*shared, *operation.get("parameters", [])]:
                parameter, _ = _resolved(document, parameter, ())
                schema, _ = _resolved(document, parameter.get("schema", {}), ())
                key = f"{operation_name}: {parameter.get('in')} {parameter.get('name')}"
                kinds["parameters"][key] = Field(_type(schema), bool(parameter.get("required")))
            body, _ = _resolved(document, operation.get("requestBody", {}), ())
            for media, content in body.get("content", {}).items():
                for name, field in _fields(document, content.get("schema", {}), "", True):
                    if name:
                        kinds["request fields"][f"{operation_name}: ({media}) {name}"] = field
            for status, response in operation.get("responses", {}).items():
                response, _ = _resolved(document, response, ())
                kinds["statuses"][f"{operation_name}: {status}"] = Field("status")
                for header, definition in response.get("headers", {}).items():
                    definition, _ = _resolved(document, definition, ())
                    schema, _ = _resolved(document, definition.get("schema", {}), ())
                    kinds["response headers"][f"{operation_name}: {status} {header}"] = Field(
                        _type(schema), bool(definition.get("required"))
                    )
                for media, content in response.get("content", {}).items():
                    for name, field in _fields(document, content.get("schema", {}), "", True):
                        if name:
                            kinds["response fields"][f"{operation_name}: {status} ({media}) {name}"] = field
    return kinds


@attrs.frozen
class Change:
    kind: str  # "operations", "parameters", ...
    name: str
    what: str  # added, removed, retyped, now required, no longer required, enum values added/removed
    detail: str = ""

    @property
    def breaking(self) -> bool:
        """What can break a user's code or requests: something removed or retyped, a request
        field or parameter newly required, an enum value gone from a request."""
        if self.what in ("removed", "retyped") or self.what == "enum values removed":
            return True
        return self.what == "now required" and self.kind in ("parameters", "request fields")

    def __str__(self) -> str:
        return f"{self.what}: {self.name}" + (f": {self.detail}" if self.detail else "")


def changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Every difference a user of the contract sees between two documents, each once."""
    before, after = contract(old), contract(new)
    found = []
    for kind in before:
        a, b = before[kind], after[kind]
        found += [Change(kind, name, "added", _describe(b[name])) for name in sorted(b.keys() - a.keys())]
        found += [Change(kind, name, "removed", _describe(a[name])) for name in sorted(a.keys() - b.keys())]
        for name in sorted(a.keys() & b.keys()):
            was, now = a[name], b[name]
            if was.type != now.type:
                found.append(Change(kind, name, "retyped", f"{was.type} -> {now.type}"))
            if was.required != now.required:
                found.append(Change(kind, name, "now required" if now.required else "no longer required"))
            if now.enum - was.enum:
                found.append(Change(kind, name, "enum values added", ", ".join(sorted(now.enum - was.enum))))
            if was.enum - now.enum:
                found.append(
                    Change(kind, name, "enum values removed", ", ".join(sorted(was.enum - now.enum)))
                )
    return found


def _describe(field: Field) -> str:
    if field.type in ("operation", "status"):
        return ""
    return field.type + (", required" if field.required else "")


def report(found: list[Change], title: str) -> str:
    lines = [title]
    if not found:
        return "\n".join([*lines, "  no change to the contract"])
    for kind in KINDS:
        of_kind = [change for change in found if change.kind == kind]
        if of_kind:
            lines.append(f"  {kind}:")
            lines += [
                f"    {'!' if change.breaking else '+' if change.what == 'added' else '~'} {change}"
                for change in of_kind
            ]
    breaking = sum(change.breaking for change in found)
    lines.append(
        f"  {len(found)} changes, {breaking} breaking (!: removed, retyped, newly required or an enum "
        f"value gone: a major version; else a minor one; see CHANGELOG.md)"
    )
    return "\n".join(lines)


# -- drift: what openapi.yaml does not keep of the reference ------------------------------------

# Where openapi.yaml deliberately differs from the reference, and why (see the spec's descriptions).
DELIBERATE = {
    # A map keyed by provider slug instead of ~150 named properties: the same JSON on the wire.
    "STTRequest.provider.options": "additionalProperties",
    # Widened to anyOf inline | URL, as the live API accepts both; the inline shape is unchanged.
    "STTRequest.input_audio": "anyOf",
    # The live API takes source_url instead of file: file is no longer required.
    "multipart.required": "file",
    # allOf [a $ref, a description] as the $ref with the description beside it (OpenAPI 3.1): the
    # same schema, in the one form the generator takes for a non-object.
    "ModelsListResponse.data[].reasoning.default_effort": "allOf",
}
# Enums of answers that the live API extends without notice (the catalog lists transcription
# parameters, modalities and model groups the document's enums lack): openapi.yaml types them as
# plain strings, so that a parser never refuses a real answer; the documented values stay in their
# descriptions.
OPEN_ENUMS = frozenset(
    {"InputModality", "InstructType", "ModelGroup", "OutputModality", "Parameter", "ReasoningEffort"}
)
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _deref(document: Mapping[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        node = _target(document, node["$ref"], "drift")[2]
    return node


def _types(schema: Mapping[str, Any]) -> set[str]:
    kind = schema.get("type", [])
    return set(kind) if isinstance(kind, list) else {kind}


def _schema_gaps(
    reference: Mapping[str, Any], ours: Mapping[str, Any], ref: Any, mine: Any, where: str
) -> Iterator[str]:
    """Every way ``mine`` (a schema of ``ours``) fails to keep what ``ref`` (of ``reference``) says."""
    if DELIBERATE.get(where) == "allOf" and isinstance(ref, dict) and "allOf" in ref:
        ref = next((branch for branch in ref["allOf"] if "$ref" in branch), ref)
    opened = isinstance(ref, dict) and str(ref.get("$ref", "")).rsplit("/", 1)[-1] in OPEN_ENUMS
    ref, mine = _deref(reference, ref), _deref(ours, mine)
    if "anyOf" in mine and "anyOf" not in ref:
        if DELIBERATE.get(where) != "anyOf":
            yield f"{where}: became anyOf"
            return
        branches = [
            list(_schema_gaps(reference, ours, ref, branch, where + "|branch")) for branch in mine["anyOf"]
        ]
        if all(branches):
            yield f"{where}: no anyOf branch keeps the reference shape: {branches}"
        return
    if _types(ref) != _types(mine):
        yield f"{where}: type {_types(ref)} became {_types(mine)}"
    for key in ("format", "maxLength", "minimum", "maximum"):
        if ref.get(key) != mine.get(key):
            yield f"{where}: {key} {ref.get(key)!r} became {mine.get(key)!r}"
    if opened and "enum" not in mine and "string" in _types(mine):
        pass  # widened to any string on purpose (OPEN_ENUMS)
    elif set(ref.get("enum", [])) - set(mine.get("enum", [])):
        yield f"{where}: enum values {set(ref['enum']) - set(mine.get('enum', []))} are missing"
    if set(ref.get("required", [])) != set(mine.get("required", [])):
        dropped = set(ref.get("required", [])) - set(mine.get("required", []))
        added = set(mine.get("required", [])) - set(ref.get("required", []))
        if added or any(DELIBERATE.get(f"{where}.required") != name for name in dropped):
            yield f"{where}: required {sorted(ref.get('required', []))} became {sorted(mine.get('required', []))}"
    if "items" in ref:
        yield from _schema_gaps(reference, ours, ref["items"], mine.get("items", {}), f"{where}[]")
    for name, prop in ref.get("properties", {}).items():
        if name in mine.get("properties", {}):
            yield from _schema_gaps(reference, ours, prop, mine["properties"][name], f"{where}.{name}")
        elif DELIBERATE.get(where) == "additionalProperties" and isinstance(
            mine.get("additionalProperties"), dict
        ):
            yield from _schema_gaps(reference, ours, prop, mine["additionalProperties"], f"{where}.*")
        else:
            yield f"{where}.{name}: property is missing"
    if isinstance(ref.get("additionalProperties"), dict):
        yield from _schema_gaps(
            reference, ours, ref["additionalProperties"], mine.get("additionalProperties", {}), f"{where}.*"
        )


def _body_name(content: Mapping[str, Any], media: str, inline: str) -> str:
    """How a body's schema is named in the findings (and in ``DELIBERATE``): its component's name,
    else "multipart" for an inline form, else ``inline``."""
    ref = content.get("schema", {}).get("$ref")
    if isinstance(ref, str):
        return ref.rsplit("/", 1)[-1]
    return "multipart" if media == "multipart/form-data" else inline


def drift(reference: Mapping[str, Any], ours: Mapping[str, Any]) -> list[str]:
    """Every server, security scheme, path, operation, parameter, body field, status and response
    field of ``reference`` that ``ours`` lacks or types differently (but the ``DELIBERATE``
    differences), in words; empty when ``ours`` keeps all of it."""
    return list(_drift(reference, ours))


def _drift(reference: Mapping[str, Any], ours: Mapping[str, Any]) -> Iterator[str]:
    yield from (
        f"server {s['url']} is missing"
        for s in reference.get("servers", [])
        if s not in ours.get("servers", [])
    )
    if reference.get("components", {}).get("securitySchemes") != ours.get("components", {}).get(
        "securitySchemes"
    ):
        yield "securitySchemes differ"
    for path, item in reference["paths"].items():
        our_item = ours.get("paths", {}).get(path)
        if our_item is None:
            yield f"path {path} is missing"
            continue
        for method in (name for name in _METHODS if name in item):
            operation, our_operation = item[method], our_item.get(method)
            if our_operation is None:
                yield f"operation {method.upper()} {path} is missing"
                continue
            yield from _operation_gaps(reference, ours, item, operation, our_item, our_operation)


def _operation_gaps(
    reference: Mapping[str, Any], ours: Mapping[str, Any], item: Mapping[str, Any], operation: Mapping[str, Any],
    our_item: Mapping[str, Any], our_operation: Mapping[str, Any],
) -> Iterator[str]:  # fmt: skip
    our_parameters = [
        _deref(ours, p) for p in [*our_item.get("parameters", []), *our_operation.get("parameters", [])]
    ]
    for parameter in [*item.get("parameters", []), *operation.get("parameters", [])]:
        wanted = _deref(reference, parameter)
        match = [p for p in our_parameters if (p["name"], p["in"]) == (wanted["name"], wanted["in"])]
        if not match:
            yield f"parameter {wanted['in']} {wanted['name']} is missing"
        else:
            yield from _schema_gaps(
                reference, ours, wanted["schema"], match[0]["schema"], f"parameter {wanted['name']}"
            )
    if operation.get("operationId") != our_operation.get("operationId"):
        yield f"operationId {operation.get('operationId')} differs"
    body = _deref(reference, operation.get("requestBody", {}))
    our_body = _deref(ours, our_operation.get("requestBody", {}))
    for media, content in body.get("content", {}).items():
        our_content = our_body.get("content", {}).get(media)
        if our_content is None:
            yield f"request body {media} is missing"
            continue
        name = _body_name(content, media, f"{operation.get('operationId', '?')} {media}")
        yield from _schema_gaps(reference, ours, content["schema"], our_content["schema"], name)
    for status, response in operation.get("responses", {}).items():
        our_response = _deref(ours, our_operation.get("responses", {}).get(status))
        if our_response is None:
            yield f"{operation.get('operationId', '?')}: response {status} is missing"
            continue
        for media, content in _deref(reference, response).get("content", {}).items():
            our_content = our_response.get("content", {}).get(media)
            if our_content is None:
                yield f"{operation.get('operationId', '?')}: response {status} {media} is missing"
                continue
            name = _body_name(content, media, f"{operation.get('operationId', '?')} {status}")
            yield from _schema_gaps(reference, ours, content["schema"], our_content["schema"], name)


# -- the command -----------------------------------------------------------------------------------


def write_reference(document: Mapping[str, Any], where: Path, date: str, kept: list[str]) -> None:
    header = [
        f"# OpenRouter's published OpenAPI document (snapshot of {date}), cut to "
        + ", ".join(f"{method.upper()} {path}" for path, method in OPERATIONS)
        + ".",
        "# The vendor's contract, kept verbatim: tests/test_spec.py checks openapi.yaml against it.",
    ]
    if kept:
        header.append("# Kept from the previous reference, though not in the vendor's document:")
        header += [f"#   {addition}" for addition in kept]
    body = yaml.safe_dump(dict(document), sort_keys=False, allow_unicode=True, width=100)
    where.write_text("\n".join(header) + "\n" + body, encoding="utf-8")


def _date_of(path: str) -> str:
    found = re.search(r"\d{4}-\d{2}-\d{2}", Path(path).name)
    return found.group(0) if found else datetime.date.today().isoformat()


def update(vendor: str, date: str | None, reference: Path = REFERENCE) -> int:
    previous = load(reference)
    new = cut(load(vendor))
    kept = keep_local_additions(new, previous)
    write_reference(new, reference, date or _date_of(vendor), kept)
    print(f"wrote {reference.relative_to(ROOT) if reference.is_relative_to(ROOT) else reference}")
    if kept:
        print("kept local additions the vendor's document lacks: " + "; ".join(kept))
    print(report(changes(previous, new), "\nthe contract, previous reference -> new reference:"))
    print("\nwhat openapi.yaml does not have yet (the drift test, tests/test_spec.py, checks the same):")
    gaps = drift(new, load(OURS))
    print("\n".join(f"  {gap}" for gap in gaps) or "  nothing: it keeps all of it")
    print("\nnext: edit openapi.yaml (keep the deliberate differences), then make generate and make ci")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools/spec.py", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("update", help="cut VENDOR, write it as the new reference, report")
    run.add_argument("vendor")
    run.add_argument("--date", help="the vendor document's date (default: from its file name, else today)")
    only_cut = commands.add_parser("cut", help="cut VENDOR to the SDK's operations, into OUT")
    only_cut.add_argument("vendor")
    only_cut.add_argument("out")
    diff = commands.add_parser("diff", help="the contract change from OLD to NEW, in words")
    diff.add_argument("old")
    diff.add_argument("new")
    args = parser.parse_args(argv)
    try:
        if args.command == "update":
            return update(args.vendor, args.date)
        if args.command == "cut":
            write_reference(cut(load(args.vendor)), Path(args.out), _date_of(args.vendor), [])
            return 0
        print(report(changes(load(args.old), load(args.new)), f"the contract, {args.old} -> {args.new}:"))
        return 0
    except SpecError as error:
        print(f"tools/spec.py: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
