"""Transcribing datasets of files on Ray Data: ``pip install "openrouter-ext[ray]"``.

    import ray
    from openrouter_ext.ray import transcribe_dataset, transcribe_files

    ds = ray.data.from_items([{"path": p} for p in paths])
    out = transcribe_dataset(ds, model="openai/whisper-large-v3", concurrency=8, rps=20)
    transcribe_files("recordings/", "results/", model="openai/whisper-large-v3", rps=20, resume=True)

One result row per input (``COLUMNS``); a file that fails is a row with ``status="failed"``, never
an exception that would make Ray re-run its block. ``rps`` is the whole job's budget. The key
reaches workers through the environment of the nodes they run on (``OPENROUTER_API_KEY``, which a
local cluster inherits from the process that starts it) or a key file on each node, never as an
argument. Not through a ``runtime_env``: Ray writes its ``env_vars`` into its logs.
"""

from ._jobs import read_results, transcribe_dataset, transcribe_files
from ._worker import COLUMNS, Transcriber, WorkerSettings

__all__ = [
    "COLUMNS",
    "Transcriber",
    "WorkerSettings",
    "read_results",
    "transcribe_dataset",
    "transcribe_files",
]
