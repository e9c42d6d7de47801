"""Test OpenRouter STT code offline: a local stand-in server, and audio to send it.

    from openrouter_ext import OpenRouter
    from openrouter_ext.testing import StandIn, sine_wav

    with StandIn() as server, OpenRouter(api_key="test", server_url=server.base_url) as client:
        res = client.stt.create_transcription_multipart(
            model="openai/whisper-large-v3", file=("tone.wav", sine_wav(1.0)))
        assert "1.00 seconds" in res.text
        assert len(server.requests) == 1

In pytest, the ``openrouter_stand_in`` fixture gives a running ``StandIn``.
From a shell: ``python -m openrouter_ext.testing --port 8080``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openrouter_ext._lazy import attach

if TYPE_CHECKING:  # what type checkers see; at run time each name loads on first use
    from ._audio import (
        ENCODABLE_FORMATS,
        AudioFacts,
        Tone,
        audio_facts,
        encode_audio,
        sine_wav,
        tone_recording,
    )
    from ._faults import SCENARIO_HEADER, Scenario, ScenarioError
    from ._server import RecordedRequest, StandIn

# Loaded on first use: the pytest plugin and the command line's parser import parts of this package,
# and neither should pay for the server until a stand-in is started.
_HOMES = {
    "ENCODABLE_FORMATS": "._audio",
    "SCENARIO_HEADER": "._faults",
    "AudioFacts": "._audio",
    "RecordedRequest": "._server",
    "Scenario": "._faults",
    "ScenarioError": "._faults",
    "StandIn": "._server",
    "Tone": "._audio",
    "audio_facts": "._audio",
    "encode_audio": "._audio",
    "sine_wav": "._audio",
    "tone_recording": "._audio",
}

__all__ = [
    "ENCODABLE_FORMATS",
    "SCENARIO_HEADER",
    "AudioFacts",
    "RecordedRequest",
    "Scenario",
    "ScenarioError",
    "StandIn",
    "Tone",
    "audio_facts",
    "encode_audio",
    "sine_wav",
    "tone_recording",
]

if not TYPE_CHECKING:
    __getattr__, __dir__ = attach(__name__, globals(), _HOMES)
