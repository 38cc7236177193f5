"""The open-licensed works vidstudio ships or installs, credited in the About box and README.

One list, so the window and the documentation name the same works; each entry says what the
work is used for, who made it and under which licence it reaches the user.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Credit:
    work: str
    use: str
    author: str
    licence: str


CREDITS: tuple[Credit, ...] = (
    Credit("Fluent Emoji (flat)", "the offline painter's illustrations", "Microsoft Corporation",
           "MIT"),
    Credit("Unicode CLDR annotations", "the illustrations' names and keywords",
           "Unicode, Inc.", "Unicode License v3"),
    Credit("Piper voice en_US-joe-medium", "the offline narrator's voice",
           "Rhasspy / Nabu Casa (dataset CC0)", "MIT"),
    Credit("piper and espeak-ng", "offline speech synthesis and phonemes",
           "Rhasspy; the eSpeak NG authors", "MIT; GPL-3.0-or-later"),
    Credit("FFmpeg with x264", "encoding, mixing and export", "the FFmpeg and x264 developers",
           "GPL"),
    Credit("DejaVu fonts", "titles and subtitles in the exported film",
           "the DejaVu authors (from Bitstream Vera)", "Bitstream Vera licence"),
)


def credits_text() -> str:
    """The credits as lines of plain text: "work (use): author, licence"."""
    return "\n".join(f"{c.work} ({c.use}): {c.author}, {c.licence}." for c in CREDITS)
