"""Cue timing, line wrapping for each frame shape, and the subtitle formats."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from vidstudio.export import subtitles
from vidstudio.export.plan import SceneRender, Sentence
from vidstudio.export.subtitles import (
    Cue,
    cues_for_sentences,
    estimate_sentences,
    layout_for,
    scene_sentences,
    to_ass,
    to_srt,
    to_vtt,
    wrap_text,
)

LONG = ("Across the bay the old keeper climbs the spiral stairs once more, counting every "
        "step as his father did, and lights the lamp that guides the boats home.")


def test_characters_per_line_follow_the_frame_width() -> None:
    wide, tall, square = layout_for(1920, 1080), layout_for(1080, 1920), layout_for(1080, 1080)
    assert wide.chars_per_line == 42
    assert tall.chars_per_line < 30 and square.chars_per_line < 30
    assert tall.chars_per_line >= 16
    # Same frame shape, any resolution: same line length.
    assert layout_for(1280, 720).chars_per_line == wide.chars_per_line
    assert layout_for(720, 1280).chars_per_line == tall.chars_per_line


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1080, 1080)])
def test_wrapped_lines_fit_the_safe_area(size: tuple[int, int]) -> None:
    cpl = layout_for(*size).chars_per_line
    screens = wrap_text(LONG, cpl)
    assert " ".join(" ".join(s) for s in screens).split() == LONG.split()
    for screen in screens:
        assert 1 <= len(screen) <= 2
        assert all(len(line) <= cpl for line in screen)


def test_two_lines_are_balanced() -> None:
    (screen,) = wrap_text("The lighthouse wakes before the town does.", 30)
    assert len(screen) == 2
    assert abs(len(screen[0]) - len(screen[1])) <= 8
    assert len(screen[0]) <= len(screen[1])


def test_a_long_sentence_shares_its_time_between_screens() -> None:
    cues = cues_for_sentences([Sentence(LONG, 10.0, 18.0)], 24)
    assert len(cues) > 1
    assert cues[0].start == 10.0
    assert cues[-1].end == pytest.approx(18.0)
    for a, b in itertools.pairwise(cues):
        assert a.end == pytest.approx(b.start)


def test_sentences_are_estimated_from_text_when_untimed() -> None:
    found = estimate_sentences("Short one. A much longer second sentence follows here!", 6.0)
    assert [s.text for s in found] == ["Short one.", "A much longer second sentence follows here!"]
    assert found[0].start == 0.0
    assert found[0].end < found[1].start < found[1].end <= 6.0
    assert (found[1].end - found[1].start) > 2 * (found[0].end - found[0].start)


def _scene(sentences: tuple[Sentence, ...] | None, text: str = "") -> SceneRender:
    return SceneRender(index=1, scene_id="s", title="T", start=5.0, duration=5.0, frames=120,
                       clip=Path("c.mp4"), clip_take_id="t", bed=None,
                       narration=Path("n.wav"), narration_text=text, sentences=sentences)


def test_cues_are_in_film_time_and_clipped_to_the_scene() -> None:
    timed = scene_sentences(_scene((Sentence("A.", 0.0, 1.0), Sentence("B.", 4.0, 6.0))), None)
    assert [(s.start, s.end) for s in timed] == [(5.3, 6.3), (9.3, 10.0)]
    estimated = scene_sentences(_scene(None, "One. Two."), 2.0)
    assert estimated[0].start == pytest.approx(5.3)
    assert estimated[-1].end <= 7.3 + 1e-9


def test_formats() -> None:
    cues = [Cue(0.3, 1.9, ("Hello <world> & co",)), Cue(3661.5, 3662.25, ("a", "b"))]
    srt = to_srt(cues)
    assert srt.startswith("1\n00:00:00,300 --> 00:00:01,900\nHello <world> & co\n")
    assert "2\n01:01:01,500 --> 01:01:02,250\na\nb\n" in srt
    vtt = to_vtt(cues)
    assert vtt.startswith("WEBVTT\n\n1\n00:00:00.300 --> 00:00:01.900\n")
    assert "Hello &lt;world&gt; &amp; co" in vtt
    ass = to_ass(cues, 1280, 720, "DejaVu Sans", offset=0.3)
    assert "PlayResX: 1280\nPlayResY: 720" in ass
    assert "Dialogue: 0,0:00:00.00,0:00:01.60,Default,,0,0,0,,Hello <world> & co" in ass
    assert "a\\Nb" in ass


def test_font_fallback_is_pillows_embedded_font(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(subtitles, "_SYSTEM_FONTS", ())
    monkeypatch.delenv("VIDSTUDIO_SUBTITLE_FONT", raising=False)
    font = subtitles.find_font(tmp_path)
    assert font is not None
    assert font.path.is_file() and font.path.parent == tmp_path
    assert font.family and font.note


def test_burned_in_subtitles_get_a_font_with_the_texts_letters(tmp_path: Path) -> None:
    from PIL import ImageFont

    from vidstudio.export.subtitles import find_font

    text = "Café au lait — 東京の夜 — ليلة"
    font = find_font(tmp_path, text)
    if font is None:
        pytest.skip("no font at all on this machine")
    face = ImageFont.truetype(str(font.path), 24)
    missing = face.getmask("\U0010fffd").getbbox()  # a code point no font has: its box
    for ch in "é東夜":
        glyph = face.getmask(ch).getbbox()
        assert glyph is not None and (glyph != missing or ch == "é"), (ch, font.path)
