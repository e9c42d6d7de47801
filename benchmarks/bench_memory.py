"""Peak RSS over the process's baseline for one 25 MB file upload, each way in a fresh process.

    python benchmarks/bench_memory.py

Baseline: raw httpx reading the file and posting base64 JSON. Peak RSS is the kernel's VmHWM,
measured after the imports (the baseline) and after the upload.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from common import HEADER, row, sink

SIZE = 25_000_000
CHILD = r"""
import base64, sys
from pathlib import Path
import httpx
from openrouter_ext import OpenRouter, RetryConfig

def hwm():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
mode, url, path = sys.argv[1:]
before = hwm()
if mode == "raw":
    body = {"input_audio": {"data": base64.b64encode(Path(path).read_bytes()).decode(), "format": "wav"},
            "model": "openai/whisper-large-v3"}
    httpx.post(url + "/audio/transcriptions", json=body, headers={"Authorization": "Bearer k"}, timeout=600).raise_for_status()
else:
    with OpenRouter(api_key="k", server_url=url, retries=RetryConfig("none")) as client:
        client.stt.create_transcription(input_audio=path, model="openai/whisper-large-v3", send_as=mode)
print(hwm() - before)
"""


def peak(mode: str, url: str, path: Path) -> int:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, mode, url, str(path)], check=True, capture_output=True, text=True
    )
    return int(out.stdout.strip())


def main() -> None:
    from openrouter_ext.testing import sine_wav

    with tempfile.TemporaryDirectory() as folder, sink() as url:
        path = Path(folder) / "long.wav"
        header = sine_wav(0.01)
        path.write_bytes(header + bytes(SIZE - len(header)))
        raw = [peak("raw", url, path) for _ in range(3)]
        lines = []
        for mode, name in (
            ("json", "streamed base64 JSON"),
            ("multipart", "multipart from disk (the default)"),
        ):
            ours = [peak(mode, url, path) for _ in range(3)]
            lines.append(row(f"peak RSS over baseline, 25 MB file, {name}", sorted(ours)[1] / 1e6,
                             sorted(raw)[1] / 1e6, "MB", "0.5"))  # fmt: skip
    print("median of 3 fresh processes each; baseline: raw httpx, file read whole, base64 JSON")
    print(HEADER)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
