"""Wheel build hook: regenerate the low-level client from openapi.yaml before every build.

No wheel (editable or not) can then ship a generated client that disagrees with the spec.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class GenerateClientHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        subprocess.run([sys.executable, "tools/generate.py"], cwd=self.root, check=True)
