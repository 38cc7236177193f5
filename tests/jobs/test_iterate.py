"""Iterating without paying again: an edited script re-plans into the same scenes, the user's
own places and first picture are used, and a plan-only run makes no media."""

from __future__ import annotations

import asyncio
import io
import json
from typing import TYPE_CHECKING, Any

import numpy as np
import pytest
from PIL import Image

from vidstudio.cli import main
from vidstudio.core.models import Settings
from vidstudio.core.vocabulary import SlotKind, Stage
from vidstudio.jobs.render import open_for_render
from vidstudio.jobs.retry import RetryPolicy
from vidstudio.providers.local.planner import LocalPlanner
from vidstudio.providers.registry import ProviderSet

from .fakes import Fake, Recorder

if TYPE_CHECKING:
    from pathlib import Path

FAST = RetryPolicy(attempts=2, base_delay=0.001, max_delay=0.01)


def _providers(rec: Recorder) -> ProviderSet:
    """The real offline planner (so re-planning is realistic) and counting fakes for media."""
    fake = Fake("fake", rec)
    return ProviderSet(names=dict.fromkeys(Stage, "fake"), planner=LocalPlanner(),
                       images=fake, keyframes=fake, style=fake, video=fake, sound=fake,
                       voice=fake)


async def _render(script: str, path: Path, rec: Recorder) -> Any:
    session, plan = await open_for_render(script, path, Settings(), _providers(rec), retry=FAST,
                                          save_delay=0.01)
    stats = await session.wait(session.generate_all())
    await session.close()
    return stats, plan


def test_editing_one_line_of_a_five_scene_script_regenerates_only_that_scene(
        samples: Path, tmp_path: Path) -> None:
    script = (samples / "lighthouse.txt").read_text()
    rec = Recorder()
    project = tmp_path / "p.vidstudio"
    full, _ = asyncio.run(_render(script, project, rec))
    assert full.generated > 20
    before = json.loads((project / "project.json").read_text())
    assert len(before["scenes"]) == 5

    paragraphs = script.split("\n\n")
    # A line of the third paragraph reworded: the same boat, sea and night, other words.
    target = next(i for i, p in enumerate(paragraphs) if "searching" in p)
    paragraphs[target] = paragraphs[target].replace(
        "its crew searching for any light at all", "its tired crew praying for any light")
    edited, plan_job = asyncio.run(_render("\n\n".join(paragraphs), project, rec))
    assert plan_job is not None, "the edited script was planned again"
    report = plan_job.result
    assert len(report.kept) + len(report.changed) == 5 and not report.added
    assert len(report.changed) <= 1
    after = json.loads((project / "project.json").read_text())
    assert [s["id"] for s in after["scenes"]] == [s["id"] for s in before["scenes"]]
    # At most one scene's steps ran again: the pipeline reused everything else.
    assert edited.generated <= 5, edited
    assert edited.generated <= 0.3 * full.generated
    assert edited.reused >= full.generated - edited.generated - 1


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


def test_plan_only_with_custom_environments_and_an_initial_image(samples: Path,
                                                                 tmp_path: Path) -> None:
    places = tmp_path / "places.json"
    places.write_text(json.dumps({"environments": [
        {"id": "tower", "name": "Lamp Tower", "setting": "lighthouse",
         "description": "a white tower with a lamp room", "time_of_day": "night",
         "weather": "storm", "key_objects": ["lamp", "stairs"]},
        {"id": "sea", "name": "Open Sea", "setting": "sea", "weather": "rain",
         "key_objects": ["fishing boat", "waves"]},
    ]}))
    picture = tmp_path / "start.png"
    Image.new("RGB", (320, 180), (200, 40, 40)).save(picture)
    code, out, err = _cli("render", str(samples / "lighthouse.txt"), "-o",
                          str(tmp_path / "film.mp4"), "--plan-only", "--environments",
                          str(places), "--initial-image", str(picture), "--planner", "local")
    assert code == 0, err
    assert "nothing was generated" in err
    data = json.loads((tmp_path / "film.vidstudio" / "project.json").read_text())
    assert [e["name"] for e in data["environments"]] == ["Lamp Tower", "Open Sea"]
    first = sorted(data["scenes"], key=lambda s: s["order"])[0]
    take = first["slots"]["first_frame"]["takes"][-1]
    assert take["provider"] == "import" and first["slots"]["first_frame"]["active"] == take["id"]
    assets = [p for p in (tmp_path / "film.vidstudio" / "assets").rglob("*") if p.is_file()]
    assert len(assets) == 1, "the plan only holds the user's picture: no media was made"
    assert all(not s["slots"][k]["takes"] for s in data["scenes"] for k in ("clip", "sfx"))
    assert not (tmp_path / "film.mp4").exists()

    bad = tmp_path / "bad.json"
    bad.write_text('[{"name": "Dock", "weather": "sunny"}]')
    code, _, err = _cli("render", str(samples / "lighthouse.txt"), "-o",
                        str(tmp_path / "x.mp4"), "--plan-only", "--environments", str(bad))
    assert code == 2 and "weather must be one of" in err


@pytest.mark.slow
def test_an_initial_image_is_the_first_frame_of_the_film(tmp_path: Path) -> None:
    """With the offline providers at a small size: the film opens on the user's picture."""
    import imageio_ffmpeg

    from vidstudio.core.deps import SlotRef
    from vidstudio.providers.keys import Credentials
    from vidstudio.providers.registry import build_providers

    picture = tmp_path / "start.png"
    gradient = np.zeros((144, 256, 3), np.uint8)
    gradient[..., 0] = np.linspace(30, 230, 256, dtype=np.uint8)[None, :]
    gradient[..., 2] = 180
    Image.fromarray(gradient).save(picture)
    film = tmp_path / "film.mp4"

    async def make() -> None:
        providers = build_providers({}, Credentials())
        session, _ = await open_for_render(
            "A violet morning over the quiet harbour.\n\nThe ferry leaves at noon.",
            tmp_path / "p.vidstudio", Settings(short_side=144, fps=12), providers)
        first = session.project.ordered_scenes[0]
        await session.wait(session.import_take(SlotRef(first.id, SlotKind.FIRST_FRAME),
                                               picture))
        await session.wait(session.render(film))
        kept = session.project.ordered_scenes[0].slots[SlotKind.FIRST_FRAME].active_take
        assert kept is not None and kept.provider == "import", "generate all kept the import"
        await session.close()

    asyncio.run(make())
    frame = tmp_path / "frame0.png"
    import subprocess

    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(film),
                    "-frames:v", "1", "-vf", "scale=256:144", str(frame)], check=True)
    shown = np.asarray(Image.open(frame).convert("RGB"), np.float32)
    wanted = gradient.astype(np.float32)
    # The opening frame is the picture (give or take a slight push-in and the fade from black).
    correlation = np.corrcoef(shown[..., 0].ravel(), wanted[..., 0].ravel())[0, 1]
    assert correlation > 0.9, correlation


@pytest.mark.slow
def test_a_continuous_shot_starts_on_the_previous_clips_last_frame(tmp_path: Path) -> None:
    import subprocess

    import imageio_ffmpeg

    from vidstudio.core.commands import EditScene
    from vidstudio.providers.keys import Credentials
    from vidstudio.providers.registry import build_providers

    async def make() -> tuple[Path, Path]:
        providers = build_providers({}, Credentials())
        session, _ = await open_for_render(
            "EXT. BEACH - DUSK\n\nA girl runs along the surf.\n\n"
            "EXT. BEACH - DUSK\n\nShe stops at the old pier and looks back.",
            tmp_path / "p.vidstudio", Settings(short_side=144, fps=12), providers)
        first, second = session.project.ordered_scenes
        session.execute(EditScene(second.id, "continue_previous", True))
        await session.wait(session.generate_all())
        start = second.slots[SlotKind.FIRST_FRAME].active_take
        clip = first.slots[SlotKind.CLIP].active_take
        assert start is not None and start.provider == "continuity"
        assert clip is not None and start.file and clip.file
        paths = (session.folder.assets.resolve(start.file),
                 session.folder.assets.resolve(clip.file))
        # Generate all is one undo step (its transaction); the one before it brings back the
        # independent first keyframe setting. The frame take stays.
        assert session.undo_label == "Generate all"
        session.undo()
        session.undo()
        assert not session.project.scene(second.id).continue_previous
        assert start in second.slots[SlotKind.FIRST_FRAME].takes
        await session.close()
        return paths

    start, clip = asyncio.run(make())
    last = tmp_path / "last.png"
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-sseof", "-0.2", "-i",
                    str(clip), "-update", "1", str(last)], check=True)
    a = np.asarray(Image.open(start).convert("RGB"), np.float32)
    b = np.asarray(Image.open(last).convert("RGB").resize(Image.open(start).size), np.float32)
    assert np.abs(a - b).mean() < 6.0, "the new shot opens where the last one ended"
