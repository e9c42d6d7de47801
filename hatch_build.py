"""Wheel build hook: no wheel ships a generated client that disagrees with the spec.

A wheel build generates the client from openapi.yaml into a scratch folder and fails, naming the
difference, unless ``generated/`` is exactly that: the committed, reviewed code is what ships, and
it is what the spec generates. Nothing is written to the source tree. An editable install uses
``generated/`` as it is (``make generate`` needs the installed environment to run at all);
``make check-generated``, run by CI, says whether it is stale.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class GenerateClientHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":
            return
        subprocess.run([sys.executable, "tools/generate.py", "--check"], cwd=self.root, check=True)
