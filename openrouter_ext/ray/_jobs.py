"""Jobs on Ray Data: a Dataset of paths to a Dataset of results, and a folder to written results.

Everything the workers will need is checked here, on the driver, before any request: the key is
there (read as the workers will read it), every argument is one ``transcribe()`` takes, the
client's options are valid, Ray is installed, a cluster address answers.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import attrs

from openrouter_ext import _validation as check
from openrouter_ext._config import KEY_VARIABLE, ClientOptions, read_api_key
from openrouter_ext._recording._service import check_arguments as check_recording_arguments
from openrouter_ext._spend import usd
from openrouter_ext.errors import InvalidInputError

from ._job_actor import JobActor
from ._storage import is_uri, list_files
from ._worker import COLUMNS, OVER_BUDGET, Transcriber, WorkerSettings

if TYPE_CHECKING:
    import pandas as pd
    import ray.data

FORMATS = ("parquet", "json")
# transcribe_dataset's arguments that are transcribe()'s own: what an estimate of the job plans by.
_TRANSCRIBE_FIELDS = frozenset({"language", "response_format", "timestamp_granularities", "timed", "profile",
                                "max_chunk_seconds", "max_chunk_bytes", "diarize", "audio_format"})  # fmt: skip
# Workers wait on the network, not the CPU: a quarter CPU each lets many share a machine.
DEFAULT_WORKER_CPUS = 0.25


def _ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError:
        raise InvalidInputError(
            "engine", "needs Ray Data, which is not installed", 'pip install "openrouter-ext[ray]"'
        ) from None
    return ray


def worker_settings(
    *,
    model: str,
    max_in_flight: int = 4,
    api_key_file: str | None = None,
    path_column: str = "path",
    rps: float | None = None,
    fields: Mapping[str, Any] | None = None,
    options: ClientOptions | None = None,
    **client_options: Any,
) -> WorkerSettings:
    """The settings every worker gets, checked as the workers will use them: the key read as they
    will read it, ``fields`` as ``transcribe()`` checks them. ``options`` and ``client_options``
    (``ClientOptions``' fields: ``server_url``, ``timeout_ms``, ``retries``, ``http2``, the app
    headers, over ``options``): the client's."""
    read_api_key(api_key_file)
    if fields and "spend_cap" in fields:
        raise InvalidInputError(
            "spend_cap",
            "is one process's ledger",
            "Give the job max_cost=: its actor keeps one for every worker",
        )
    request = {"model": model, **(fields or {})}
    check_recording_arguments(request)
    check.check_number("max_in_flight", max_in_flight, 1, whole=True)
    if rps is not None:
        check.check_number("rps", rps, 0, above=True)
    _unknown(client_options)
    return WorkerSettings(
        request=request, client_options=ClientOptions.of(options, **client_options),
        api_key_file=api_key_file, max_in_flight=max_in_flight, rps=rps, path_column=path_column,
    )  # fmt: skip


def _unknown(client_options: Mapping[str, Any]) -> None:
    for name in client_options.keys() - ClientOptions.names():
        raise InvalidInputError(name, "is not an option of the client (ClientOptions)")


def transcribe_dataset(
    ds: ray.data.Dataset,
    *,
    model: str,
    concurrency: int = 2,
    max_in_flight: int = 4,
    rps: float | None = None,
    shared_budget: bool = True,
    num_cpus: float = DEFAULT_WORKER_CPUS,
    options: ClientOptions | None = None,
    api_key_file: str | None = None,
    path_column: str = "path",
    skip: Mapping[str, str] | None = None,
    max_cost: Any = None,
    price_per_second: Any = None,
    price_per_request: Any = None,
    reuse: Mapping[str, tuple[str, list[dict[str, Any]]]] | None = None,
    **fields: Any,
) -> ray.data.Dataset:
    """A Dataset of result rows (``COLUMNS``), one per row of ``ds``, whose ``path_column`` holds
    local paths every node sees or URIs pyarrow reads (``s3://``, ``gs://``, ...); made by
    ``concurrency`` workers with at most ``max_in_flight`` files each.

    ``rps``: the job's request budget, held by one actor all workers ask (``shared_budget``, the
    default: a 429's ``Retry-After`` slows every worker), or divided over the workers.
    ``options``: the client's ``ClientOptions``; its fields may also be given one by one
    (``server_url=``, ``timeout_ms=``, ``retries=``, ``http2=``, the app headers), over it.
    ``fields``: the rest, ``transcribe()``'s arguments (``language``, ``response_format``,
    ``max_chunk_seconds``, ...). ``skip``: path → content id of results already written; those
    rows come out ``skipped``.

    ``max_cost``: USD the whole job may spend, one ledger in the job's actor for every worker's
    requests (each reserved before it is sent, settled by its ``usage.cost``), priced at
    ``price_per_second`` (and ``price_per_request``) or the catalog's (one ``GET /models``, on the
    driver); a key whose limit leaves less than ``max_cost`` is refused first. Files it stops are
    rows with ``status="stopped-by-budget"`` whose ``response`` holds their answered chunks;
    ``reuse``: path → (content id, those chunks) of an earlier job: those parts are not sent again.
    """
    ray = _ray()
    check.check_number("concurrency", concurrency, 1, whole=True)
    if rps is not None:  # checked here: a shared budget never reaches worker_settings' own check
        check.check_number("rps", rps, 0, above=True)
    shared = rps is not None and shared_budget
    names = ClientOptions.names()
    client_fields = {name: value for name, value in fields.items() if name in names}
    prices = _prices(
        model, max_cost, (price_per_second, price_per_request), api_key_file,
        ClientOptions.of(options, **client_fields),
    )  # fmt: skip
    if max_cost is not None:
        _check_key_limit(None, model, {"options": options, "api_key_file": api_key_file, "max_cost": max_cost,
                                       **client_fields})  # fmt: skip
    settings = worker_settings(
        model=model, max_in_flight=max_in_flight, api_key_file=api_key_file, path_column=path_column,
        rps=None if rps is None or shared else rps / concurrency, options=options,
        fields={name: value for name, value in fields.items() if name not in names}, **client_fields,
    )  # fmt: skip
    settings = attrs.evolve(settings, spend=prices)
    check_nodes_have_the_key(ray, api_key_file)
    cap = () if prices is None else (str(max_cost), *prices)
    actor = ray.remote(JobActor).options(num_cpus=0).remote(rps if shared else None, *cap)
    return ds.map_batches(
        Transcriber,
        fn_constructor_kwargs={
            "settings": settings,
            "job_actor": actor,
            "shared_budget": shared,
            "skip": dict(skip or {}),
            "reuse": dict(reuse or {}),
        },
        concurrency=concurrency,
        batch_size=max_in_flight * 2,
        num_cpus=num_cpus,
        batch_format="pyarrow",
        zero_copy_batch=True,
    )


def _prices(
    model: str, max_cost: Any, given: tuple[Any, Any], api_key_file: str | None, options: ClientOptions
) -> tuple[str, str] | None:
    """The job's prices for its cap (USD an audio second, a request: ``given``, else the catalog's),
    checked; None without a cap."""
    price_per_second, price_per_request = given
    if max_cost is None:
        if price_per_second is not None or price_per_request is not None:
            raise InvalidInputError("price_per_second", "goes with max_cost (it prices the cap's estimates)")
        return None
    usd("max_cost", max_cost, above_zero=True)
    if price_per_second is not None:
        per_request = usd("price_per_request", 0 if price_per_request is None else price_per_request)
        return str(usd("price_per_second", price_per_second)), str(per_request)
    from openrouter_ext import OpenRouter
    from openrouter_ext._catalog import listed

    with OpenRouter(api_key=read_api_key(api_key_file), options=options) as client:
        entry = listed(client.stt.models(), model)
    if entry is None or entry.price_per_second is None:
        raise InvalidInputError(
            "price_per_second",
            f"is not known for {model!r} (priced by tokens, or not in the catalog), and max_cost needs it",
            "Pass price_per_second= (USD an audio second) with max_cost",
        )
    return str(entry.price_per_second), str(entry.prices.request or 0)


def _key_problem(api_key_file: str | None) -> str | None:
    """On a node: what stops its workers from reading the key (they read it so), or None."""
    try:
        read_api_key(api_key_file)
    except InvalidInputError as error:
        return error.problem  # never the key itself: the checks word what is wrong without it
    return None


# Seconds the probe of the nodes may take: a task per node, each starting a worker process.
PROBE_SECONDS = 120.0


def check_nodes_have_the_key(ray: Any, api_key_file: str | None) -> None:
    """Refuse a job whose workers would find no key, before it starts: one small task on every
    node of the cluster reads the key as the workers will (a cluster started with ``ray start``
    gives its workers the environment of the shell that started it, not the driver's)."""
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

    probe = ray.remote(num_cpus=0, max_retries=0)(_key_problem)
    nodes = [node for node in ray.nodes() if node.get("Alive")]
    answers = [
        probe.options(scheduling_strategy=NodeAffinitySchedulingStrategy(node["NodeID"], soft=False)).remote(
            api_key_file
        )
        for node in nodes
    ]
    try:
        problems = ray.get(answers, timeout=PROBE_SECONDS)
    except ray.exceptions.GetTimeoutError:
        raise InvalidInputError(
            "ray_address", f"the cluster's nodes did not answer a probe within {PROBE_SECONDS:g} s"
        ) from None
    lacking = [
        (node["NodeManagerAddress"], problem)
        for node, problem in zip(nodes, problems, strict=True)
        if problem
    ]
    if lacking:
        where = "; ".join(f"node {address}: {problem}" for address, problem in lacking)
        raise InvalidInputError(
            "api_key",
            f"the Ray workers cannot read the API key ({where})",
            f"Set {KEY_VARIABLE} in the environment of the shell (or service) that starts Ray on those "
            f"nodes and restart Ray there ({KEY_VARIABLE}=... ray start ...): the workers never take the "
            "driver's environment. Or name a key file every node has (--api-key-file FILE, api_key_file=...)",
        )


def connect(address: str | None = None) -> Any:
    """Ray, connected: to the cluster at ``address`` ("auto", "ray://head:10001", ...), or to a
    new local one when None; as it is if the program connected already."""
    ray = _ray()
    if not ray.is_initialized():
        if address not in (None, "auto", "local"):
            _answers(address)
        try:
            ray.init(address=address, log_to_driver=False, include_dashboard=False)
        except (ConnectionError, ValueError, RuntimeError) as error:
            if _refused_for_its_token(error):
                raise InvalidInputError(
                    "ray_address",
                    f"the Ray cluster at {address!r} asks for its authentication token",
                    "Set RAY_AUTH_MODE=token where this program runs: Ray then reads the token from "
                    "~/.ray/auth_token (where `ray start` wrote it, on the head node), or from "
                    "RAY_AUTH_TOKEN_PATH or RAY_AUTH_TOKEN (`ray get-auth-token` on the head prints it)",
                ) from None
            raise InvalidInputError(
                "ray_address", f"no Ray cluster answers at {address!r}: {error}"
            ) from None
    return ray


def _refused_for_its_token(error: BaseException | None) -> bool:
    """Whether Ray's connection error (or one it was raised from) is a refused token."""
    while error is not None:
        if type(error).__name__ == "AuthenticationError" or "InvalidAuthToken" in str(error):
            return True
        error = error.__cause__ or error.__context__
    return False


def _answers(address: str, seconds: float = 5.0) -> None:
    """Refuse an address where nothing listens, at once: Ray itself would wait for minutes."""
    where = urlsplit(address if "://" in address else f"ray://{address}")
    try:
        port = where.port
    except ValueError:
        port = None
    if where.hostname is None or port is None:
        raise InvalidInputError("ray_address", f"must be host:port, ray://host:port or auto, got {address!r}")
    try:
        socket.create_connection((where.hostname, port), timeout=seconds).close()
    except OSError as error:
        raise InvalidInputError(
            "ray_address", f"no Ray cluster answers at {address!r}: {error.strerror or error}"
        ) from None


def _check_key_limit(paths: list[str] | None, model: str, options: Mapping[str, Any]) -> None:
    """Refuse a job the key's limit cannot pay for, before it starts: ``GET /key`` (a key without a
    limit passes at once), then what the job will spend: its ``max_cost``, or the estimate of the
    files' headers (``paths``) when they are local (object-store inputs are not read on the
    driver: give ``max_cost`` to have them checked)."""
    from openrouter_ext import OpenRouter

    names = ClientOptions.names()
    client_options = ClientOptions.of(
        options.get("options"), **{k: v for k, v in options.items() if k in names}
    )
    with OpenRouter(api_key=read_api_key(options.get("api_key_file")), options=client_options) as client:
        key = client.key()
        if key.limit_remaining is None or paths == []:
            return
        max_cost = options.get("max_cost")
        needed = None if max_cost is None else usd("max_cost", max_cost)
        if needed is None and paths and not any(is_uri(path) for path in paths):
            fields = {k: v for k, v in options.items() if k in _TRANSCRIBE_FIELDS}
            estimate = client.stt.estimate(
                input_audio=paths, model=model, price_per_second=options.get("price_per_second"), **fields
            )
            needed = estimate.cost
    if needed is not None and needed > key.limit_remaining:
        raise InvalidInputError(
            "max_cost",
            f"the key has ${key.limit_remaining} left of its ${key.limit} limit, and this job would spend "
            f"about ${needed.quantize(Decimal('1e-6'))}"
            + ("" if paths is None else f" on {len(paths)} files"),
            f"Lower max_cost (to at most {key.limit_remaining}), or raise the key's limit",
        )


def _files(source: str | os.PathLike[str]) -> list[str]:
    if is_uri(str(source)):
        try:
            return list_files(str(source))
        except (OSError, ValueError) as error:
            raise InvalidInputError("source", f"{str(source)!r} cannot be listed: {error}") from None
    root = Path(source)
    if root.is_file():
        return [str(root.resolve())]
    if not root.is_dir():
        raise InvalidInputError("source", f"{str(root)!r} is neither a file nor a folder")
    return sorted(
        str(path.resolve()) for path in root.rglob("*") if path.is_file() and not path.name.startswith(".")
    )


def read_results(destination: str | os.PathLike[str], *, output_format: str = "parquet") -> pd.DataFrame:
    """The results written to ``destination`` by every run, one row per input: a row written twice
    (a task Ray re-ran, a file redone) counts once, a ``done`` row before a ``failed`` or
    ``stopped-by-budget`` one."""
    import pandas as pd

    ray = _ray()
    folder = Path(destination)
    if not folder.is_dir() or not any(folder.iterdir()):
        return pd.DataFrame(columns=list(COLUMNS))
    read = ray.data.read_parquet if output_format == "parquet" else ray.data.read_json
    table = read(str(folder)).to_pandas()
    # done first; then a stopped file's row with the most answered parts (the longest response).
    table["_rank"] = (table["status"] != "done").astype(int)
    table["_kept"] = -table["response"].fillna("").str.len()
    table = table.sort_values(["path", "_rank", "_kept"], kind="stable")
    kept = table.drop_duplicates(subset=["path", "id"]).drop(columns=["_rank", "_kept"])
    return kept.reset_index(drop=True)


def transcribe_files(
    source: str | os.PathLike[str],
    destination: str | os.PathLike[str],
    *,
    model: str,
    output_format: str = "parquet",
    resume: bool = True,
    ray_address: str | None = None,
    **options: Any,
) -> dict[str, int]:
    """Transcribe every file under ``source`` (a folder, recursively, or one file: a local path every
    node sees, or a URI pyarrow reads, such as ``s3://bucket/recordings/``) into result
    files in ``destination`` (Parquet, or JSON lines with ``output_format="json"``), written by Ray's
    own writers. With ``resume``, an input whose result is already there with the same content id
    is not sent again (a changed file is). ``options``: ``transcribe_dataset``'s. Returns the count
    of rows written by status, and of inputs skipped."""
    _ray()  # Ray missing: said before anything else
    check.check_choice("output_format", output_format, FORMATS)
    files = _files(source)
    ray = connect(ray_address)
    done: dict[str, str] = {}
    reuse: dict[str, tuple[str, list[dict[str, Any]]]] = {}
    if resume:
        earlier = read_results(destination, output_format=output_format)
        finished = earlier[earlier["status"] == "done"]
        done = dict(zip(finished["path"], finished["id"], strict=True))
        stopped = earlier[(earlier["status"] == OVER_BUDGET) & ~earlier["path"].isin(done)]
        for path, identity, response in zip(stopped["path"], stopped["id"], stopped["response"], strict=True):
            if isinstance(response, str):  # the parts the cap stopped it after: not paid again
                reuse[path] = (identity, json.loads(response)["chunks"])
    if options.get("max_cost") is None:  # with one, transcribe_dataset checks it against the limit
        _check_key_limit([path for path in files if path not in done], model, options)
    ds = ray.data.from_items([{"path": path} for path in files])
    results = transcribe_dataset(ds, model=model, skip=done, reuse=reuse, **options).materialize()
    counts = dict.fromkeys(("done", "failed", OVER_BUDGET, "skipped"), 0)
    for row in results.select_columns(["status"]).iter_rows():
        counts[row["status"]] += 1
    from ray.data.expressions import col

    written = results.filter(expr=col("status") != "skipped")
    if counts["done"] + counts["failed"] + counts[OVER_BUDGET]:
        Path(destination).mkdir(parents=True, exist_ok=True)
        if output_format == "parquet":
            written.write_parquet(str(destination))
        else:
            written.write_json(str(destination))
    return counts
