"""Hand-off to an editor: the film as an OpenTimelineIO timeline referencing the media files.

One video track of the clips, one audio track of the sound beds and one of the narration (each
placed where the MP4 export would play it), media referenced by absolute path. Crossfades
become dissolves centred on the cuts; other options (dip to black, ducking, loudness) are an
editor's job and are recorded in the timeline's metadata only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import opentimelineio as otio  # type: ignore[import-untyped]

from vidstudio.core.timeline import NARRATION_LEAD
from vidstudio.export.options import Transition

if TYPE_CHECKING:
    from collections.abc import Mapping

    from vidstudio.export.plan import RenderPlan


def _time(seconds: float, rate: float) -> otio.opentime.RationalTime:
    return otio.opentime.RationalTime(round(seconds * rate), rate)


def _range(start: float, duration: float, rate: float) -> otio.opentime.TimeRange:
    return otio.opentime.TimeRange(_time(start, rate), _time(duration, rate))


def _reference(path: Path, seconds: float | None, rate: float) -> otio.schema.ExternalReference:
    available = _range(0.0, seconds, rate) if seconds else None
    return otio.schema.ExternalReference(target_url=str(Path(path).resolve()),
                                         available_range=available)


def _gap(seconds: float, rate: float) -> otio.schema.Gap:
    return otio.schema.Gap(source_range=_range(0.0, seconds, rate))


def build_timeline(plan: RenderPlan, media_seconds: Mapping[Path, float]) -> otio.schema.Timeline:
    """The OTIO timeline of ``plan``.

    Args:
        plan: the render plan.
        media_seconds: length of the media files that are known (clips, beds, narration);
            a bed or narration shorter than its place gets a gap after it.
    """
    fps = float(plan.target.fps)
    audio_rate = 48000.0
    timeline = otio.schema.Timeline(name=plan.title)
    timeline.global_start_time = otio.opentime.RationalTime(0, fps)
    options = plan.options
    timeline.metadata["vidstudio"] = {
        "width": plan.target.width,
        "height": plan.target.height,
        "fps": plan.target.fps,
        "loudness_lufs": plan.target.loudness_lufs,
        "true_peak_dbtp": plan.target.true_peak_dbtp,
        "volumes": {"narration": plan.mix.narration, "beds": plan.mix.beds,
                    "clip_audio": plan.mix.clip_audio},
        "ducking": {"amount_db": options.duck_amount_db, "release_ms": options.duck_release_ms},
        "transition": (options.transition or Transition.CUT).value,
    }
    video = otio.schema.Track(name="Video", kind=otio.schema.TrackKind.Video)
    beds = otio.schema.Track(name="Sound beds", kind=otio.schema.TrackKind.Audio)
    narration = otio.schema.Track(name="Narration", kind=otio.schema.TrackKind.Audio)
    half = options.transition_seconds / 2
    for scene in plan.scenes:
        meta: dict[str, Any] = {"vidstudio": {"scene_id": scene.scene_id}}
        if scene.index > 0 and options.transition is Transition.CROSSFADE:
            video.append(otio.schema.Transition(
                name="Dissolve", transition_type=otio.schema.TransitionTypes.SMPTE_Dissolve,
                in_offset=_time(half, fps), out_offset=_time(half, fps)))
        clip = otio.schema.Clip(
            name=scene.title,
            media_reference=_reference(scene.clip, media_seconds.get(scene.clip), fps),
            source_range=otio.opentime.TimeRange(otio.opentime.RationalTime(0, fps),
                                                 otio.opentime.RationalTime(scene.frames, fps)),
        )
        clip.metadata.update(meta)
        video.append(clip)

        if scene.bed is not None:
            length = min(scene.duration, media_seconds.get(scene.bed, scene.duration))
            bed = otio.schema.Clip(name=f"{scene.title} (sound)",
                                   media_reference=_reference(scene.bed,
                                                              media_seconds.get(scene.bed),
                                                              audio_rate),
                                   source_range=_range(0.0, length, audio_rate))
            bed.metadata.update(meta)
            beds.append(bed)
            if scene.duration - length > 1e-6:
                beds.append(_gap(scene.duration - length, audio_rate))
        else:
            beds.append(_gap(scene.duration, audio_rate))

        room = scene.duration - NARRATION_LEAD
        if scene.narration is not None:
            length = min(room, media_seconds.get(scene.narration, room))
            narration.append(_gap(NARRATION_LEAD, audio_rate))
            speech = otio.schema.Clip(
                name=f"{scene.title} (narration)",
                media_reference=_reference(scene.narration, media_seconds.get(scene.narration),
                                           audio_rate),
                source_range=_range(0.0, length, audio_rate))
            speech.metadata.update(meta)
            narration.append(speech)
            if room - length > 1e-6:
                narration.append(_gap(room - length, audio_rate))
        else:
            narration.append(_gap(scene.duration, audio_rate))
    timeline.tracks.extend([video, beds, narration])
    return timeline


def write_timeline(timeline: otio.schema.Timeline, path: Path) -> None:
    """Write ``timeline`` as native ``.otio`` JSON (blocking)."""
    otio.adapters.write_to_file(timeline, str(path), adapter_name="otio_json")
