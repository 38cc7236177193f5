"""Fitting the score to the film's length, inside the mix graph.

A score composed for the film (offline or by ElevenLabs) is the film's length and plays as it
is, cut to the sample at every scene. Music of another length, the user's own file or a score
left behind by a change of the scenes, is fitted at export, never by changing the take:

* **longer** than the film: it is cut at the film's end and fades out over its last
  ``FADE_OUT`` seconds (a quarter of the film at most);
* **shorter**: it loops. Each repeat starts ``crossfade`` seconds before the previous one
  ends, and the two overlap with an equal-power crossfade (constant loudness for music, so the
  join neither dips nor swells); the first pass starts at the music's own beginning, with no
  fade-in. The film then ends with the same fade-out. Short music always loops, however
  short: a fade to silence in the middle of the film would leave a gap.

Every scene's segment of the music stem computes the same fitted signal and keeps only its
own stretch of it, so the joins between scenes stay seamless (no gap, no dip at a cut). The
fit's numbers are part of the filter graph, and so of the mix cache's key.
"""

from __future__ import annotations

from dataclasses import dataclass

from vidstudio.export.options import AUDIO_RATE

#: Seconds over which a fitted score fades out at the end of the film.
FADE_OUT = 3.0
#: Seconds of overlap where looped music joins its own beginning (a quarter of it at most).
LOOP_CROSSFADE = 2.0
#: Music within this many seconds of the film's length plays as it is.
TOLERANCE = 0.1


@dataclass(frozen=True)
class MusicFit:
    """How the score becomes exactly the film's length.

    Attributes:
        mode: ``as_is``, ``trim`` (longer, cut with a fade-out) or ``loop`` (shorter).
        music_samples: the music's length at the mix's rate.
        film_samples: the film's length at the mix's rate.
        crossfade_samples: the overlap of a loop's joins (0 unless looping).
        fade_out: seconds of the fade-out at the film's end (0 for ``as_is``).
    """

    mode: str
    music_samples: int
    film_samples: int
    crossfade_samples: int = 0
    fade_out: float = 0.0

    @property
    def period(self) -> int:
        """Samples between the starts of two passes of looped music."""
        return self.music_samples - self.crossfade_samples


def plan_fit(music_seconds: float | None, film_seconds: float) -> MusicFit:
    """The fit of music lasting ``music_seconds`` (None: unknown, taken as the film's length)
    to a film of ``film_seconds``."""
    film = max(1, round(film_seconds * AUDIO_RATE))
    if music_seconds is None or abs(music_seconds - film_seconds) <= TOLERANCE:
        return MusicFit("as_is", film, film)
    music = max(2, round(music_seconds * AUDIO_RATE))
    fade = min(FADE_OUT, film_seconds / 4)
    if music > film:
        return MusicFit("trim", music, film, fade_out=fade)
    crossfade = max(1, round(min(LOOP_CROSSFADE, music_seconds / 4) * AUDIO_RATE))
    return MusicFit("loop", music, film, crossfade, fade)


def music_segment(source: str, fit: MusicFit, start: int, samples: int, pad: str) -> str:
    """Graph of one scene's stretch of the fitted score: ``samples`` from ``start`` (both in
    samples on the film's clock), out at ``[pad]``. ``source`` is the decoded input
    (``[k:a]aformat=…``); labels are prefixed with ``pad`` so segments never collide."""
    window = (f"atrim=start_sample={start}:end_sample={start + samples},asetpts=N/SR/TB,"
              f"apad=whole_len={samples},atrim=end_sample={samples}[{pad}]")
    fade = ""
    if fit.fade_out > 0:
        film = fit.film_samples / AUDIO_RATE
        fade = f"afade=t=out:st={film - fit.fade_out:.6f}:d={fit.fade_out:.6f},"
    if fit.mode != "loop":
        return f"{source},{fade}{window}"
    p, x, n = pad, fit.crossfade_samples, fit.music_samples
    period = fit.period
    return ";".join([
        f"{source},atrim=end_sample={n},asplit=4[{p}f][{p}t][{p}h][{p}r]",
        f"[{p}f]atrim=end_sample={period},asetpts=N/SR/TB[{p}first]",
        f"[{p}t]atrim=start_sample={period},asetpts=N/SR/TB[{p}tail]",
        f"[{p}h]atrim=end_sample={x},asetpts=N/SR/TB[{p}head]",
        f"[{p}r]atrim=start_sample={x}:end_sample={period},asetpts=N/SR/TB[{p}rest]",
        # One pass of the loop: the end of the music crossfading into its beginning, then the
        # rest of it up to where the next pass starts.
        f"[{p}tail][{p}head]acrossfade=ns={x}:c1=qsin:c2=qsin[{p}seam]",
        f"[{p}seam][{p}rest]concat=n=2:v=0:a=1,aloop=loop=-1:size={period}[{p}loops]",
        f"[{p}first][{p}loops]concat=n=2:v=0:a=1,{fade}{window}",
    ])
