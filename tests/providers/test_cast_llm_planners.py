"""Claude and Gemini return the cast in the structured plan (issue 22), through the real SDK
clients against the local emulators: the schema asks for it, the instructions say what
narration and dialogue are, and a scene naming someone missing from the cast is repaired
without another paid round (said in the plan's notes)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vidstudio.core.models import Settings
from vidstudio.core.plan import Plan, project_from_plan
from vidstudio.providers.anthropic_planner import ClaudePlanner
from vidstudio.providers.base import CallContext, PlanRequest
from vidstudio.providers.gemini_planner import GeminiPlanner

if TYPE_CHECKING:
    from tests.emulators.anthropic_emulator import AnthropicEmulator
    from tests.emulators.gemini_emulator import GeminiEmulator

SCRIPT = (
    "The storm had been building since noon, and the keeper, Mara, climbed the stairs.\n\n"
    "At the top, Mara found the lamp dark and replaced the mantle.\n\n"
    "At dawn the boat tied up at the quay, and Mara watched it from the gallery."
)


def _plan(planner: ClaudePlanner | GeminiPlanner) -> Plan:
    async def go() -> Plan:
        try:
            return await planner.plan(PlanRequest(SCRIPT, max_scenes=3),
                                      CallContext(work_dir=Path(".")))
        finally:
            await planner.aclose()

    return asyncio.run(go())


def _claude(emulator: AnthropicEmulator) -> Plan:
    return _plan(ClaudePlanner(emulator.api_key, base_url=emulator.base_url, timeout=5.0))


def _gemini(emulator: GeminiEmulator) -> Plan:
    return _plan(GeminiPlanner(emulator.api_key, base_url=emulator.base_url, timeout=5.0))


def _check_cast_schema(schema: dict[str, Any]) -> None:
    character = schema["properties"]["characters"]["items"]
    assert set(character["required"]) >= {"id", "name", "kind", "look", "sheet_prompts"}
    assert character["additionalProperties"] is False
    assert character["properties"]["kind"]["enum"] == [
        "person", "animal", "creature", "robot", "vehicle"]
    assert character["properties"]["sheet_prompts"]["maxItems"] == 4
    wardrobe = character["properties"]["look"]["properties"]["wardrobe"]["items"]
    assert wardrobe["required"] == ["item", "colour"]
    scene = schema["properties"]["scenes"]["items"]["properties"]
    assert scene["cast"]["items"]["required"] == ["character_id", "action"]
    assert "character_id" in scene["dialogue"]["items"]["properties"]


def _check_instructions(system: str) -> None:
    assert "verbatim" not in system
    assert "Never sluglines" in system and "speaker cues" in system
    assert "parentheticals" in system
    assert "dialogue: a line a character speaks belongs to that character" in system


def _check_plan(plan: Plan) -> None:
    [mara] = plan.characters
    assert mara.name == "Mara" and mara.look.wardrobe[0].colour == "blue"
    assert all([m.character_id for m in scene.cast] == [mara.id] for scene in plan.scenes)
    project = project_from_plan(plan, SCRIPT, Settings(), "cloud")
    [character] = project.characters
    assert len(character.sheet) == len(mara.sheet_prompts) == 2
    assert all(scene.cast[0].character_id == character.id for scene in project.scenes)


def test_claude_returns_the_cast(anthropic_emulator: AnthropicEmulator) -> None:
    anthropic_emulator.cast = True
    plan = _claude(anthropic_emulator)
    _check_plan(plan)
    [sent] = anthropic_emulator.requests_to(r"/v1/messages")
    body = sent.json()
    _check_cast_schema(body["tools"][0]["input_schema"])
    _check_instructions(body["system"])


def test_gemini_returns_the_cast(gemini_emulator: GeminiEmulator) -> None:
    gemini_emulator.cast = True
    plan = _gemini(gemini_emulator)
    _check_plan(plan)
    [sent] = gemini_emulator.requests_to(r":generateContent$")
    body = sent.json()
    _check_cast_schema(body["generationConfig"]["responseJsonSchema"])
    _check_instructions(body["systemInstruction"]["parts"][0]["text"])


def _check_repaired(plan: Plan) -> None:
    names = [c.name for c in plan.characters]
    assert names == ["Mara", "Tomas"]
    tomas = plan.characters[1]
    assert [m.character_id for m in plan.scenes[0].cast][-1] == tomas.id
    assert len(tomas.sheet_prompts) == 2
    assert any("'Tomas', who was not in the cast" in note for note in plan.notes)


def test_a_scene_naming_someone_missing_is_repaired_without_paying_again(
        anthropic_emulator: AnthropicEmulator, gemini_emulator: GeminiEmulator) -> None:
    anthropic_emulator.cast = gemini_emulator.cast = "stray"
    _check_repaired(_claude(anthropic_emulator))
    assert len(anthropic_emulator.requests_to(r"/v1/messages")) == 1
    _check_repaired(_gemini(gemini_emulator))
    assert len(gemini_emulator.requests_to(r":generateContent$")) == 1
