"""ElevenLabs: sound-effect beds, timed narration and the film's score through the official
``elevenlabs`` SDK."""

from __future__ import annotations

from vidstudio.providers.elevenlabs._common import (
    CREDIT_PRICE,
    CREDITS_PER_CHARACTER,
    CREDITS_PER_SOUND_SECOND,
    PRICES_AS_OF,
)
from vidstudio.providers.elevenlabs.music import ElevenLabsComposer
from vidstudio.providers.elevenlabs.narration import DEFAULT_VOICE_ID, ElevenLabsNarrator
from vidstudio.providers.elevenlabs.sound import ElevenLabsSoundDesigner

__all__ = [
    "CREDITS_PER_CHARACTER",
    "CREDITS_PER_SOUND_SECOND",
    "CREDIT_PRICE",
    "DEFAULT_VOICE_ID",
    "PRICES_AS_OF",
    "ElevenLabsComposer",
    "ElevenLabsNarrator",
    "ElevenLabsSoundDesigner",
]
