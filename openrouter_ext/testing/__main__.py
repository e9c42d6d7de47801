"""``python -m openrouter_ext.testing``: run the stand-in until interrupted;
``python -m openrouter_ext.testing feed FILE --speed N``: write a recording to standard output at
N x real time (a live source for tests and the demo)."""

import sys

if sys.argv[1:2] == ["feed"]:
    from ._feeder import main as feed

    feed(sys.argv[2:])
else:
    from ._serve import main

    main()
