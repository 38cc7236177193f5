"""ElevenLabs voices for the cast (issue 22): each character's lines are spoken in a voice of
the account, the character's own or one chosen for them (never the narrator's), at their place
in the scene, checked against the account before anything is paid."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

pytest.register_assert_rewrite("tests.providers.conftest_media")

from tests.providers.conftest_media import Recorder, run  # noqa: E402
from vidstudio.providers.base import (  # noqa: E402
    NarrationRequest,
    NotConfiguredError,
    SpokenLine,
)
from vidstudio.providers.elevenlabs import DEFAULT_VOICE_ID, ElevenLabsNarrator  # noqa: E402
from vidstudio.providers.pricing import units_of  # noqa: E402

if TYPE_CHECKING:
    from tests.emulators.elevenlabs_emulator import ElevenLabsEmulator

pytest_plugins = ["tests.providers.conftest_media"]

RACHEL, DOMI = "21m00Tcm4TlvDq8ikWAM", "AZnzlk1XvdvUeBnXmlld"
NARRATION = "Night falls on the cliff. The sea is dark."
LINES = (SpokenLine("ch-mara", "Mara", "Light the lamp.", position=len("Night falls on the cliff."),
                    rank=0),
         SpokenLine("ch-tom", "Tom", "The oil is gone.", position=-1, rank=1))


@pytest.fixture
def emulator(elevenlabs_emulator: ElevenLabsEmulator) -> ElevenLabsEmulator:
    elevenlabs_emulator.voices = [(DEFAULT_VOICE_ID, "George"), (RACHEL, "Rachel"),
                                  (DOMI, "Domi")]
    return elevenlabs_emulator


def _narrator(emu: ElevenLabsEmulator) -> ElevenLabsNarrator:
    return ElevenLabsNarrator(emu.api_key, emu.base_url)


def test_each_character_speaks_in_their_own_voice_at_their_place(
        emulator: ElevenLabsEmulator, calls: Recorder) -> None:
    request = NarrationRequest(NARRATION, 9.0, lines=LINES)
    result = run(_narrator(emulator).narrate(request, calls.ctx()))
    sent = [(c.path.split("/")[3], c.json()["text"])
            for c in emulator.requests_to("/with-timestamps$", "POST")]
    assert sent == [(DEFAULT_VOICE_ID, "Night falls on the cliff."), (RACHEL, "Light the lamp."),
                    (DEFAULT_VOICE_ID, "The sea is dark."), (DOMI, "The oil is gone.")]
    assert result.metadata["voice"] == DEFAULT_VOICE_ID
    assert result.metadata["voices"] == {"ch-mara": RACHEL, "ch-tom": DOMI}
    tagged = [(s["text"], s.get("speaker", "")) for s in result.metadata["sentences"]]
    assert ("Light the lamp.", "ch-mara") in tagged and ("The oil is gone.", "ch-tom") in tagged
    assert ("The sea is dark.", "") in tagged
    # Every spoken character is paid, the narrator's and the characters'.
    spoken = NARRATION + " " + " ".join(line.text for line in LINES)
    assert result.cost == pytest.approx(len(spoken) * 0.00022)
    narrator = _narrator(emulator)
    assert narrator.billed_units(request, "credit") == pytest.approx(len(spoken))
    assert units_of(request, "character") == len(NARRATION) + sum(len(ln.text) for ln in LINES)


def test_a_characters_voice_is_checked_before_anything_is_paid(
        emulator: ElevenLabsEmulator, calls: Recorder) -> None:
    missing = "Zz9Zz9Zz9Zz9Zz9Zz9Zz"
    lines = (SpokenLine("ch-mara", "Mara", "Light the lamp.", voice=missing),)
    with pytest.raises(NotConfiguredError) as info:
        run(_narrator(emulator).narrate(NarrationRequest(NARRATION, 9.0, lines=lines),
                                        calls.ctx()))
    message = str(info.value)
    assert "Mara" in message and missing in message and "nothing was paid" in message
    assert not emulator.requests_to("/text-to-speech/", "POST")
    by_name = (SpokenLine("ch-mara", "Mara", "Light the lamp.", voice="domi"),
               SpokenLine("ch-tom", "Tom", "Go.", voice="espeak-ng:en-us+f3", rank=0))
    result = run(_narrator(emulator).narrate(NarrationRequest("", 5.0, lines=by_name),
                                             calls.ctx()))
    assert result.metadata["voices"] == {"ch-mara": DOMI, "ch-tom": RACHEL}
    assert "Tom's voice 'espeak-ng:en-us+f3' is not an ElevenLabs voice" in \
        result.metadata["notice"]
