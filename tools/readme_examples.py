"""The README's code examples, for running (tests/test_readme.py) and type-checking (make typecheck).

    python tools/readme_examples.py DIR    # writes each ```python block to DIR/readme_line_<N>.py

Every Python block is a whole program: it runs as it stands (the tests run each against the
stand-in) and passes ``mypy --strict``. Shell blocks' ``openrouter-stt`` lines run too.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
_BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.DOTALL | re.MULTILINE)


def examples(language: str, readme: Path = README) -> list[tuple[int, str]]:
    """(line number, code) of each block fenced as ``language``."""
    text = readme.read_text()
    return [
        (text.count("\n", 0, block.start()) + 2, block.group(2))
        for block in _BLOCK.finditer(text)
        if block.group(1) == language
    ]


def command_lines(readme: Path = README) -> list[tuple[int, str]]:
    """(line number, command) of each ``openrouter-stt`` line of the shell blocks, comment dropped."""
    found = []
    for start, code in examples("sh", readme):
        for offset, line in enumerate(code.splitlines()):
            if line.startswith("openrouter-stt "):
                found.append((start + offset, line.split("  #")[0].strip()))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", type=Path)
    folder = parser.parse_args().folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for line, code in examples("python"):
        (folder / f"readme_line_{line}.py").write_text(code)
    print(f"{len(examples('python'))} README examples in {folder}")


if __name__ == "__main__":
    main()
