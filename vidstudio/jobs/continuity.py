"""A continuous shot's first keyframe: the last frame of the previous scene's clip."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vidstudio.providers.base import CallContext, MediaResult

if TYPE_CHECKING:
    from pathlib import Path


@dataclass(frozen=True)
class ContinuityRequest:
    """The clip whose last frame starts the next shot."""

    clip: Path
    prompt: str = "the previous shot's last frame"


class ContinuityFrames:
    """Makes a keyframe from the last frame of the previous scene's clip (ffmpeg, off the loop).

    Not a provider of any service: the pipeline's own step, so the frame is a take like any
    other (cached by the clip's content, shown in the strip, undoable).
    """

    def __init__(self) -> None:
        from vidstudio.providers.base import Capabilities, ProviderInfo

        self.info = ProviderInfo("continuity", "last-frame", "local")
        self.capabilities = Capabilities()

    async def generate_image(self, request: ContinuityRequest, ctx: CallContext) -> MediaResult:
        from vidstudio.media.ffmpeg import FFmpegError, ffmpeg_exe
        from vidstudio.providers.base import GenerationFailedError

        out = ctx.work_dir / "continuity.png"
        try:
            exe = ffmpeg_exe()
        except FFmpegError as exc:
            raise GenerationFailedError(str(exc), provider="continuity") from None
        from vidstudio.lifetime import guarded

        # The image muxer overwrites one file with every frame of the last half second,
        # leaving the very last frame.
        command, preexec = guarded([exe, "-v", "error", "-y", "-sseof", "-0.5", "-i",
                                    str(request.clip), "-update", "1", str(out)])
        process = await asyncio.create_subprocess_exec(
            *command, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
            preexec_fn=preexec)
        _, err = await process.communicate()
        if process.returncode != 0 or not out.is_file():
            raise GenerationFailedError(
                f"could not take the last frame of the previous clip: "
                f"{err.decode(errors='replace').strip()[-200:]}", provider="continuity")
        return MediaResult(out, model="last-frame", metadata={"continues": request.clip.name})
