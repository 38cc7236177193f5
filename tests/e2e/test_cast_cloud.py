"""Issue 22's cloud proof: a film whose two scenes show the same character, rendered through the
real SDK clients against the emulators, sends every keyframe of those scenes the same reference
images (URLs) for that character, and pays for the character's sheet once, also when the render
is killed while a sheet image is being made and then run again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import TYPE_CHECKING, Any

import pytest

from tests.e2e.test_cloud_render import Cloud, cloud_servers, vidstudio
from vidstudio.core.cast_commands import AddCharacter
from vidstudio.core.models import Character, Garment, Look
from vidstudio.storage import ProjectFolder

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

pytestmark = pytest.mark.slow

SCRIPT = ("Ines walks along the harbour quay at dawn.\n\n"
          "Later Ines waves from the end of the pier as the boats come in.\n")
# Keyframes by Luma Photon (no fal style: its FLUX endpoint takes the cast in words only).
# A 144p draft: the sheet's requests and payments checked here do not depend on the frame's size.
FLAGS = ["--planner", "claude", "--max-scenes", "2", "--images", "luma", "--style", "local",
         "--video", "luma", "--sound", "local", "--voice", "local", "--music", "local",
         "--resolution", "144"]
SHEET_PROMPTS = ["Ines, front view", "Ines, walking, side view"]


@pytest.fixture
def cloud() -> Iterator[Cloud]:
    yield from cloud_servers()


def image_bodies(cloud: Cloud) -> list[dict[str, Any]]:
    return [r.json() for r in cloud.luma.requests_to(r"/generations/image$", "POST")]


def sheet_bodies(cloud: Cloud) -> list[dict[str, Any]]:
    return [b for b in image_bodies(cloud) if "character reference" in b["prompt"]]


@pytest.mark.timeout(600)
def test_every_keyframe_of_a_character_sends_its_sheet_which_is_paid_once(
        cloud: Cloud, tmp_path: Path) -> None:
    script = tmp_path / "harbour.txt"
    script.write_text(SCRIPT)
    out = tmp_path / "film.mp4"
    # One image of the place: the sheet's two requests then fit in Luma's four at a time.
    cloud.anthropic.image_prompts = 1
    planned = vidstudio("render", str(script), "-o", str(out), *FLAGS, "--plan-only",
                        env=cloud.env())
    assert planned.returncode == 0, planned.stderr

    # The cast: Ines, in frame in both scenes (as the editor or --cast would put her).
    project_dir = tmp_path / "film.vidstudio"
    folder, project = ProjectFolder.open(project_dir)
    ines = Character(name="Ines", look=Look(age="60s", hair="grey bun",
                                            wardrobe=(Garment(item="raincoat", colour="blue"),)),
                     sheet_prompts=SHEET_PROMPTS)
    assert len(project.scenes) == 2
    AddCharacter(ines, tuple(s.id for s in project.scenes)).apply(project)
    folder.save(project)

    # Killed while Luma is making the sheet (image generations stay "dreaming").
    cloud.luma.hold = "image"
    proc = subprocess.Popen([sys.executable, "-m", "vidstudio", "render", str(script), "-o",
                             str(out), *FLAGS], env=cloud.env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    # Generous: on a loaded two-core runner (another worker's model process at full speed) the
    # render's niced pool can take minutes before the sheet is asked for; the loop ends as soon
    # as it is.
    deadline = time.monotonic() + 240
    try:
        while time.monotonic() < deadline:
            created = len(cloud.luma.requests_to(r"/generations/image$", "POST"))
            held = [e for e in folder.journal.entries() if e.provider == "luma" and e.remote_id]
            if len(sheet_bodies(cloud)) == len(SHEET_PROMPTS) and len(held) == created:
                break
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            time.sleep(0.1)
        else:
            pytest.fail(f"the sheet was never requested: {len(sheet_bodies(cloud))} sheet "
                        f"requests, {len(cloud.luma.requests_to(r'/generations/image$', 'POST'))}"
                        f" image requests, journal {folder.journal.entries()}")
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    if proc.stderr is not None:
        proc.stderr.close()
    billed_at_kill = cloud.luma.billed

    cloud.luma.hold = False
    done = vidstudio("render", str(script), "-o", str(out), *FLAGS, env=cloud.env())
    assert done.returncode == 0, done.stderr
    assert out.is_file()

    # The sheet was bought once per prompt: the rerun resumed the held generations.
    sheets = sheet_bodies(cloud)
    assert sorted(b["prompt"].split(".")[0] for b in sheets) == sorted(SHEET_PROMPTS)
    assert all("blue raincoat" in b["prompt"] for b in sheets), "drawn from the look"
    assert cloud.luma.billed > billed_at_kill  # the keyframes and clips were bought after
    saved = ProjectFolder.open(project_dir)[1]
    sheet_takes = [t for s in saved.character(ines.id).sheet for t in s.takes]
    assert len(sheet_takes) == 2 and all(t.status == "ready" for t in sheet_takes)
    sheet_spend = [e for e in saved.ledger if e.stage == "character_image"]
    assert len(sheet_spend) == 2 and all(e.owner_name == "Ines" for e in sheet_spend)

    # Every keyframe (two per scene) sent Ines as the same identity with the same URLs.
    keyframes = [b for b in image_bodies(cloud) if "In frame" in b["prompt"]]
    assert len(keyframes) == 4
    identities = [b["character_ref"] for b in keyframes]
    assert all(i == identities[0] for i in identities)
    urls = identities[0]["identity0"]["images"]
    assert len(urls) == 2 and len(set(urls)) == 2
    assert all(u.startswith(cloud.fal.base_url + "/files/") for u in urls)

    # And no image was uploaded twice: one upload per distinct URL the requests used (the
    # images' references and the clips' keyframes).
    used: set[str] = set()
    for body in image_bodies(cloud):
        used.update(r["url"] for name in ("image_ref", "style_ref") for r in body.get(name, []))
        used.update(u for i in body.get("character_ref", {}).values() for u in i["images"])
    for body in (r.json() for r in cloud.luma.requests_to(r"/generations/video$", "POST")):
        used.update(f["url"] for f in body.get("keyframes", {}).values() if "url" in f)
    hosted = {u for u in used if u.startswith(cloud.fal.base_url)}
    assert len(cloud.fal.requests_to(r"/files/upload$", "POST")) == len(hosted)
