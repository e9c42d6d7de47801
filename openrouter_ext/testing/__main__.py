"""``python -m openrouter_ext.testing``: run the stand-in until interrupted."""

from ._serve import main

main()
