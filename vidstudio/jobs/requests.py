"""Building provider requests from the domain model (pure functions, no I/O)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vidstudio.core.vocabulary import SlotKind
from vidstudio.providers.base import (
    CastInShot,
    CharacterSpec,
    ClipRequest,
    EnvironmentSpec,
    ImageRequest,
    Keyframe,
    NarrationRequest,
    SoundRequest,
    SpokenLine,
    StyleRequest,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path

    from vidstudio.core.models import Character, Environment, Project, Scene, Settings, Take
    from vidstudio.providers.base import Provider


def environment_spec(env: Environment, scene: Scene | None = None) -> EnvironmentSpec:
    """The place as providers see it; a scene's own hour or weather takes precedence."""
    return EnvironmentSpec(
        name=env.name,
        setting=env.setting,
        description=env.description,
        lighting=env.lighting,
        weather=(scene.weather if scene and scene.weather else env.weather),
        time_of_day=(scene.time_of_day if scene and scene.time_of_day else env.time_of_day),
        key_objects=tuple(env.key_objects),
    )


def character_spec(character: Character, references: Sequence[Path] = ()) -> CharacterSpec:
    """A character as providers see it; ``references`` are its sheet's images."""
    look = character.look
    return CharacterSpec(
        key=character.id,
        name=character.name,
        kind=character.kind,
        description=character.description,
        age=look.age,
        build=look.build,
        hair=look.hair,
        skin=look.skin,
        wardrobe=tuple((g.item, g.colour) for g in look.wardrobe),
        marks=look.marks,
        references=tuple(references),
        voice=character.voice,
    )


def sheet_references(character: Character, resolve: Callable[[str], Path]) -> list[Path]:
    """The character's reference images in use: each sheet slot's active, ready take."""
    return [resolve(take.file) for slot in character.sheet
            if (take := slot.active_take) is not None and take.status == "ready" and take.file]


def cast_in_shot(project: Project, scene: Scene, resolve: Callable[[str], Path]
                 ) -> tuple[CastInShot, ...]:
    """The scene's characters in frame order, each with its sheet as references."""
    found = []
    for member in scene.cast:
        character = project.character(member.character_id)
        found.append(CastInShot(character_spec(character, sheet_references(character, resolve)),
                                member.action))
    return tuple(found)


def draws_sheets(images: Provider, keyframes: Provider) -> bool:
    """Whether a run makes character sheet images.

    A paid sheet is bought only when the keyframe provider sends it with the keyframes (a true
    ``uses_cast_references`` attribute: Luma Photon's ``character_ref``); fal's FLUX LoRA path
    takes the cast in words, so no sheet is bought for it. A free images provider makes one
    when it says it can draw characters (a true ``draws_characters``: the local painter draws
    each character from its key, so a run without sheets still keeps everyone the same).
    """
    if images.capabilities.paid or images.info.kind == "cloud":
        return bool(getattr(keyframes, "uses_cast_references", False))
    return bool(getattr(images, "draws_characters", False))


def characters_to_sheet(project: Project, scenes: Sequence[Scene], *,
                        skip_locked: bool = False) -> list[Character]:
    """The characters whose sheets a run over ``scenes`` makes: those in frame in one of them
    (a character who only speaks needs no picture), in cast order; a locked character is left
    alone by 'generate all' (``skip_locked``)."""
    wanted = dict.fromkeys(m.character_id for s in scenes for m in s.cast)
    return [c for c in project.characters
            if c.id in wanted and c.sheet and not (skip_locked and c.locked)]


def character_image_request(settings: Settings, character: Character, index: int
                            ) -> ImageRequest:
    """One image of a character's sheet: the character alone, on a plain ground."""
    width, height = settings.frame_size
    prompt = (character.sheet_prompts[index] if index < len(character.sheet_prompts)
              else f"{character.name}, {character.look.summary()}")
    return ImageRequest(
        prompt=prompt,
        width=width,
        height=height,
        environment=EnvironmentSpec(name="character sheet", setting="studio"),
        purpose="character",
        variant=index,
        character=character_spec(character),
    )


def trigger_word(env: Environment) -> str:
    """A token unlikely to clash with real words, stable for the environment."""
    return "vs" + "".join(ch for ch in env.id.lower() if ch.isalnum())[-8:]


def image_request(settings: Settings, env: Environment, index: int) -> ImageRequest:
    width, height = settings.frame_size
    prompt = env.image_prompts[index] if index < len(env.image_prompts) else env.description
    return ImageRequest(
        prompt=prompt,
        width=width,
        height=height,
        environment=environment_spec(env),
        purpose="environment",
        variant=index,
    )


def style_request(env: Environment, images: Sequence[Path]) -> StyleRequest:
    return StyleRequest(
        environment=environment_spec(env), images=tuple(images), trigger_word=trigger_word(env)
    )


def keyframe_request(
    settings: Settings,
    scene: Scene,
    env: Environment,
    kind: SlotKind,
    style: Path | None,
    style_metadata: dict[str, Any],
    references: Sequence[Path],
    cast: tuple[CastInShot, ...] = (),
) -> ImageRequest:
    width, height = settings.frame_size
    first = kind is SlotKind.FIRST_FRAME
    prompt = (scene.first_frame_prompt if first else scene.last_frame_prompt) or scene.action
    return ImageRequest(
        prompt=prompt,
        width=width,
        height=height,
        environment=environment_spec(env, scene),
        purpose="keyframe",
        shot_type=scene.shot_type,
        camera=scene.camera,
        frame="first" if first else "last",
        action=scene.action,
        style=style,
        # Where the style came from is bookkeeping, not input: a style taken from the library
        # after a crash must not change the keyframes' cache keys (they would be bought again).
        style_metadata={k: v for k, v in style_metadata.items() if k != "reused_from_library"},
        references=tuple(references),
        cast=cast,
    )


def keyframe_of(take: Take, resolve: Callable[[str], Path]) -> Keyframe:
    return Keyframe(
        path=resolve(take.file or ""),
        extra_files={name: resolve(rel) for name, rel in take.extra_files.items()},
        remote_id=take.provider_job_id,
        metadata=dict(take.metadata),
    )


def clip_prompt(scene: Scene, env: Environment) -> str:
    spec = environment_spec(env, scene)
    mood = ", ".join(scene.emotions)
    parts = [
        scene.action or scene.title,
        f"{env.setting}, {spec.time_of_day.value}, {spec.weather.value}",
        f"camera: {scene.camera.value}, {scene.shot_type.value} shot",
        f"mood: {mood}" if mood else "",
    ]
    return ". ".join(p for p in parts if p)


def clip_request(
    settings: Settings, scene: Scene, env: Environment, first: Keyframe, last: Keyframe
) -> ClipRequest:
    width, height = settings.frame_size
    return ClipRequest(
        prompt=clip_prompt(scene, env),
        duration=scene.duration,
        width=width,
        height=height,
        fps=settings.fps,
        camera=scene.camera,
        environment=environment_spec(env, scene),
        first_frame=first,
        last_frame=last,
        emotions=tuple(scene.emotions),
        aspect_ratio=settings.aspect_ratio.value,
    )


def sound_request(scene: Scene, env: Environment) -> SoundRequest:
    weather = scene.weather or env.weather
    prompt = scene.sfx_prompt or f"ambience of {env.setting}, {weather.value}"
    return SoundRequest(prompt=prompt, duration=float(scene.duration),
                        environment=environment_spec(env, scene))


def narration_request(settings: Settings, scene: Scene, window: float,
                      characters: Sequence[Character] = ()) -> NarrationRequest:
    """The scene's voice track: its narration and, from ``characters`` (the project's cast, in
    its order), the lines of dialogue with their speakers' voices."""
    rank = {character.id: index for index, character in enumerate(characters)}
    by_id = {character.id: character for character in characters}
    lines = tuple(
        SpokenLine(speaker=line.character_id, name=who.name, text=line.text.strip(),
                   position=line.position, voice=who.voice, rank=rank[line.character_id],
                   hint=f"{who.kind.value}: {who.description}".strip(" :"))
        for line in scene.dialogue
        if (who := by_id.get(line.character_id)) is not None and line.text.strip()
    )
    return NarrationRequest(
        text=scene.narration.strip(),
        target_duration=window,
        voice=settings.voice,
        language=scene.language or settings.language,
        lines=lines,
    )
