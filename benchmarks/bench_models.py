"""Requests and cost per audio hour, per model profile: what each model's limits, and timing by
cuts (``transcribe(timed=True)`` of a model that gives no timestamps), cost.

    python benchmarks/bench_models.py        (needs the audio and testing extras)

One recording, 10 minutes of tones at known times (2-4 s each, one every 9 s, a floor of noise),
through the stand-in, whose providers refuse as reported and bill as the catalog prices them
(per audio second, or per token for the gpt-4o family). For each model: requests and cost scaled to
an hour, plain (text only) and timed (subtitles), and the timed run's ratio to the plain one
measured in the same run. Counts and the stand-in's nominal prices, not time: nothing here is noisy.
"""

from __future__ import annotations

from openrouter_ext import OpenRouter
from openrouter_ext.testing import StandIn, Tone, tone_recording
from openrouter_ext.testing._catalog import SERVED

SECONDS = 600.0
TONES = [Tone(2.0 + 9 * n, 4.0 + 9 * n + (n % 3), 300 + 30 * n) for n in range(66)]
HOUR = 3600 / SECONDS


def main() -> None:
    wav = tone_recording(TONES, SECONDS)
    print(
        f"{'model':32} {'plain req/h':>11} {'timed req/h':>11} {'ratio':>6} {'plain $/h':>10} {'timed $/h':>10}"
    )
    with StandIn() as server, OpenRouter(api_key="bench", server_url=server.base_url) as client:
        for model in SERVED:
            measured = []
            for timed in (False, True):
                server.reset()
                transcript = client.stt.transcribe(input_audio=wav, model=model.id, timed=timed)
                measured.append((len(server.requests) * HOUR, float(transcript.usage.cost or 0) * HOUR))
            (plain, plain_cost), (timed_requests, timed_cost) = measured
            print(f"{model.id:32} {plain:11.0f} {timed_requests:11.0f} {timed_requests / plain:6.1f} "
                  f"{plain_cost:10.4f} {timed_cost:10.4f}")  # fmt: skip


if __name__ == "__main__":
    main()
