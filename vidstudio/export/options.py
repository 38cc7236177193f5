"""Export options, the presets, and the concrete render target they resolve to."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from vidstudio.core.models import Project

WEB_LUFS = -14.0
BROADCAST_LUFS = -23.0
DEFAULT_CRF = 20
AUDIO_RATE = 48_000


class Transition(StrEnum):
    """How one scene gives way to the next."""

    CUT = "cut"
    CROSSFADE = "crossfade"
    DIP_TO_BLACK = "dip_to_black"


class Conform(StrEnum):
    """How a clip of another aspect ratio is fitted into the frame."""

    CROP = "crop"  # fill the frame, cut what overhangs
    PAD = "pad"  # fit inside, black bars
    BLUR = "blur"  # fit inside, over a blurred, zoomed copy of itself


class BedFit(StrEnum):
    """What a sound bed shorter than its scene does."""

    LOOP = "loop"
    PAD = "pad"  # silence after it ends


class Preset(BaseModel):
    """A named delivery format: frame, rate, quality and loudness target."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    label: str
    width: int
    height: int
    fps: int
    crf: int
    loudness_lufs: float


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(name="web-1080p", label="Web 1080p (16:9)", width=1920, height=1080, fps=24,
               crf=20, loudness_lufs=WEB_LUFS),
        Preset(name="web-720p", label="Web 720p (16:9)", width=1280, height=720, fps=24,
               crf=21, loudness_lufs=WEB_LUFS),
        Preset(name="vertical-1080", label="Vertical 1080×1920 (9:16)", width=1080, height=1920,
               fps=30, crf=21, loudness_lufs=WEB_LUFS),
        Preset(name="square-1080", label="Square 1080×1080 (1:1)", width=1080, height=1080,
               fps=30, crf=21, loudness_lufs=WEB_LUFS),
        Preset(name="broadcast-1080p", label="Broadcast 1080p25 (EBU R128)", width=1920,
               height=1080, fps=25, crf=18, loudness_lufs=BROADCAST_LUFS),
    )
}


class ExportOptions(BaseModel):
    """Everything the user can choose about an export; the defaults give a web-ready MP4 in the
    project's own frame size and rate.

    Explicit ``width``/``height``/``fps``/``crf``/``loudness_lufs`` override the preset's.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    preset: str | None = Field(default=None,
                               description="a key of PRESETS; None = the project's format")
    width: int | None = Field(default=None, ge=64, le=7680)
    height: int | None = Field(default=None, ge=64, le=7680)
    fps: int | None = Field(default=None, ge=1, le=120)
    crf: int | None = Field(default=None, ge=0, le=51)
    loudness_lufs: float | None = Field(default=None, ge=-40.0, le=-5.0)
    true_peak_dbtp: float = Field(default=-1.0, ge=-9.0, le=0.0)
    conform: Conform = Conform.BLUR
    transition: Transition | None = Field(
        default=None, description="None = the film's own transition and its length (its "
        "settings)")
    transition_seconds: float = Field(default=0.5, ge=0.04, le=2.0)
    burn_subtitles: bool = False
    sidecars: bool = Field(default=True, description="write .srt and .vtt beside the output")
    bed_fit: BedFit = BedFit.LOOP
    duck_amount_db: float = Field(default=12.0, ge=0.0, le=40.0,
                                  description="how far the beds drop under narration")
    duck_attack_ms: float = Field(default=30.0, ge=1.0, le=1000.0)
    duck_release_ms: float = Field(default=400.0, ge=10.0, le=5000.0)
    audio_bitrate_k: int = Field(default=192, ge=64, le=512)
    aac_coder: Literal["fast", "twoloop"] = Field(
        default="fast", description="ffmpeg's AAC coder: 'twoloop' is its default and slightly "
        "better at low bit rates, 'fast' takes half the time")
    x264_preset: str = Field(default="veryfast",
                             pattern=r"^(ultrafast|superfast|veryfast|faster|fast|"
                                     r"medium|slow|slower|veryslow)$")
    jobs: int | None = Field(default=None, ge=1, le=64,
                             description="parallel encoders; None = CPUs")


def with_film_transition(project: Project, options: ExportOptions) -> ExportOptions:
    """``options`` with the film's transition and its length when they leave it open."""
    if options.transition is not None:
        return options
    settings = project.settings
    return options.model_copy(update={"transition": Transition(settings.transition),
                                      "transition_seconds": settings.transition_seconds})


def default_timescale(fps: int) -> int:
    """The MP4 time scale ffmpeg's muxer picks for a ``fps`` stream: fps doubled to >= 10000.

    Normalised clips use it so that clips encoded elsewhere by ffmpeg at the same rate match.
    """
    scale = fps
    while scale < 10_000:
        scale *= 2
    return scale


@dataclass(frozen=True)
class VideoTarget:
    """The concrete format every scene of the export is brought to."""

    width: int
    height: int
    fps: int
    crf: int
    x264_preset: str
    loudness_lufs: float
    true_peak_dbtp: float

    @property
    def timescale(self) -> int:
        return default_timescale(self.fps)

    def key(self) -> str:
        """What a normalised clip depends on, for its cache key."""
        return f"{self.width}x{self.height}@{self.fps}:crf{self.crf}:{self.x264_preset}"


def resolve_target(project: Project, options: ExportOptions) -> VideoTarget:
    """Combine the preset (or the project's settings) with explicit overrides.

    Raises:
        ValueError: an unknown preset name, or an odd frame dimension.
    """
    settings = project.settings
    width, height = settings.frame_size
    fps, crf, lufs = settings.fps, DEFAULT_CRF, WEB_LUFS
    if options.preset is not None:
        preset = PRESETS.get(options.preset)
        if preset is None:
            raise ValueError(f"unknown preset {options.preset!r}; choose one of "
                             f"{', '.join(sorted(PRESETS))}")
        width, height, fps, crf, lufs = (preset.width, preset.height, preset.fps, preset.crf,
                                         preset.loudness_lufs)
    width = options.width or width
    height = options.height or height
    if width % 2 or height % 2:
        raise ValueError(f"H.264 in yuv420p needs even dimensions, not {width}x{height}")
    return VideoTarget(
        width=width,
        height=height,
        fps=options.fps or fps,
        crf=options.crf if options.crf is not None else crf,
        x264_preset=options.x264_preset,
        loudness_lufs=options.loudness_lufs if options.loudness_lufs is not None else lufs,
        true_peak_dbtp=options.true_peak_dbtp,
    )
