"""Picks one provider per stage from the settings and the keys that are available.

A stage set to ``auto`` uses its cloud service when that service's key is present and the local
provider otherwise; a stage set to a cloud name without a key is an error, never a silent
fallback. Cloud modules are imported only when chosen, so an offline run loads no SDK.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from vidstudio.core.vocabulary import Stage
from vidstudio.providers.base import (
    ImageGenerator,
    Narrator,
    NotConfiguredError,
    Planner,
    SoundDesigner,
    StyleTrainer,
    UploadHost,
    VideoGenerator,
)

if TYPE_CHECKING:
    from collections.abc import Mapping
    from concurrent.futures import Executor

    from vidstudio.providers.keys import Credentials

# stage -> choice name -> the service whose key it needs (None: local, no key)
CHOICES: dict[Stage, dict[str, str | None]] = {
    Stage.PLANNER: {"local": None, "claude": "anthropic", "gemini": "gemini"},
    Stage.IMAGES: {"local": None, "luma": "luma", "local-ai": None},
    Stage.STYLE: {"local": None, "fal": "fal"},
    Stage.VIDEO: {"local": None, "luma": "luma", "local-ai": None},
    Stage.SOUND: {"local": None, "elevenlabs": "elevenlabs", "local-ai": None},
    Stage.VOICE: {"local": None, "elevenlabs": "elevenlabs"},
    Stage.MUSIC: {"local": None, "elevenlabs": "elevenlabs"},
}
# "local-ai" (open models on the user's GPU, providers/localai) is never chosen by "auto": only
# by name, and it fails at once, in one line, without its extra or a model of its kind.
# what "auto" prefers when keys are present, per stage
AUTO_ORDER: dict[Stage, tuple[str, ...]] = {
    Stage.PLANNER: ("claude", "gemini"),
    Stage.IMAGES: ("luma",),
    Stage.STYLE: ("fal",),
    Stage.VIDEO: ("luma",),
    Stage.SOUND: ("elevenlabs",),
    Stage.VOICE: ("elevenlabs",),
    Stage.MUSIC: ("elevenlabs",),
}


def resolve_choices(
    requested: Mapping[Stage, str], credentials: Credentials
) -> dict[Stage, str]:
    """Turn per-stage requests (a name or ``auto``) into concrete provider names.

    Raises:
        NotConfiguredError: an unknown name, or a cloud name whose key is missing.
    """
    chosen: dict[Stage, str] = {}
    for stage in Stage:
        name = (requested.get(stage) or "auto").lower()
        options = CHOICES[stage]
        if name == "auto":
            name = next(
                (n for n in AUTO_ORDER[stage] if credentials.has(options[n] or "")), "local"
            )
        if name not in options:
            raise NotConfiguredError(
                f"unknown {stage.value} provider {name!r} (choose from {', '.join(options)})"
            )
        service = options[name]
        if service is not None and not credentials.has(service):
            raise NotConfiguredError(
                f"the {stage.value} provider {name!r} needs a {service} API key "
                f"(set it in the environment or the keyring)"
            )
        chosen[stage] = name
    return chosen


@dataclass
class ProviderSet:
    """The providers of one run; ``names`` says which ran, for the user and the takes."""

    names: dict[Stage, str]
    planner: Planner
    images: ImageGenerator
    keyframes: ImageGenerator
    style: StyleTrainer
    video: VideoGenerator
    sound: SoundDesigner
    voice: Narrator
    music: Any = None  # the film's score (a composer: local or elevenlabs); None: no score

    def describe(self) -> str:
        return ", ".join(f"{stage.value}={name}" for stage, name in self.names.items())


def _cloud(module: str, cls: str, **kwargs: Any) -> Any:
    return getattr(importlib.import_module(f"vidstudio.providers.{module}"), cls)(**kwargs)


def _local_ai(capability: str, options: Mapping[str, Any]) -> Any:
    module = importlib.import_module("vidstudio.providers.localai.providers")
    return module.build(capability, options.get("local-ai"))


def build_providers(
    requested: Mapping[Stage, str],
    credentials: Credentials,
    *,
    executor: Executor | None = None,
    options: Mapping[str, Any] | None = None,
) -> ProviderSet:
    """Construct the providers for ``requested`` (see ``resolve_choices``).

    ``options`` carries per-service settings such as ``{"luma": {"poll_interval": 0.1}}``.
    """
    from vidstudio.providers.local.clips import LocalVideoGenerator
    from vidstudio.providers.local.images import LocalImageGenerator
    from vidstudio.providers.local.planner import LocalPlanner
    from vidstudio.providers.local.sfx import LocalSoundDesigner
    from vidstudio.providers.local.style import LocalStyleTrainer
    from vidstudio.providers.local.voice import LocalNarrator

    names = resolve_choices(requested, credentials)
    opts = dict(options or {})

    def cloud_args(service: str) -> dict[str, Any]:
        args: dict[str, Any] = {"api_key": credentials.key(service)}
        if credentials.base_url(service):
            args["base_url"] = credentials.base_url(service)
        args.update(opts.get(service, {}))
        return args

    upload_host: UploadHost | None = None
    if credentials.has("fal") and (names[Stage.VIDEO] == "luma" or names[Stage.IMAGES] == "luma"):
        upload_host = _cloud("fal", "FalUploadHost", **cloud_args("fal"))

    planner: Planner
    if names[Stage.PLANNER] == "claude":
        planner = _cloud("anthropic_planner", "ClaudePlanner", **cloud_args("anthropic"))
    elif names[Stage.PLANNER] == "gemini":
        planner = _cloud("gemini_planner", "GeminiPlanner", **cloud_args("gemini"))
    else:
        planner = LocalPlanner(executor=executor)

    local_images = LocalImageGenerator(executor=executor)
    images: ImageGenerator = (
        local_images
        if names[Stage.IMAGES] == "local"
        else _local_ai("image", opts) if names[Stage.IMAGES] == "local-ai"
        else _cloud("luma", "LumaImageGenerator", upload_host=upload_host, **cloud_args("luma"))
    )
    style: StyleTrainer
    keyframes: ImageGenerator
    if names[Stage.STYLE] == "fal":
        style = _cloud("fal", "FalStyleTrainer", **cloud_args("fal"))
        keyframes = _cloud("fal", "FalKeyframeGenerator", **cloud_args("fal"))
    else:
        style = LocalStyleTrainer(executor=executor)
        keyframes = images
    video: VideoGenerator = (
        LocalVideoGenerator(executor=executor)
        if names[Stage.VIDEO] == "local"
        else _local_ai("video", opts) if names[Stage.VIDEO] == "local-ai"
        else _cloud("luma", "LumaVideoGenerator", upload_host=upload_host, **cloud_args("luma"))
    )
    sound: SoundDesigner = (
        LocalSoundDesigner(executor=executor)
        if names[Stage.SOUND] == "local"
        else _local_ai("audio", opts) if names[Stage.SOUND] == "local-ai"
        else _cloud("elevenlabs", "ElevenLabsSoundDesigner", **cloud_args("elevenlabs"))
    )
    voice: Narrator = (
        LocalNarrator(executor=executor)
        if names[Stage.VOICE] == "local"
        else _cloud("elevenlabs", "ElevenLabsNarrator", **cloud_args("elevenlabs"))
    )
    if names.get(Stage.MUSIC, "local") == "local":
        from vidstudio.providers.local.music import LocalComposer

        music: Any = LocalComposer(executor=executor)
    else:
        music = _cloud("elevenlabs.music", "ElevenLabsComposer", **cloud_args("elevenlabs"))
    return ProviderSet(names, planner, images, keyframes, style, video, sound, voice,
                       music=music)
