"""The batch's local engine through the real CLI: three one-scene offline films in parallel, the
report, resuming, the batch budget (against the emulators), a bad manifest, and the usable
cores behind the engine's parallelism."""

from __future__ import annotations

import io
import json
import sys
from typing import TYPE_CHECKING, NamedTuple

import pytest

from tests.conftest import offline
from tests.e2e.test_cloud_render import cloud_servers, vidstudio
from tests.e2e.test_money_safety import made, nothing_made
from vidstudio.batch.manifest import ManifestError, read_manifest
from vidstudio.batch.workers import usable_cpus
from vidstudio.cli import main

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from tests.e2e.test_cloud_render import Cloud

pytestmark = pytest.mark.slow

OFFLINE = "planner,images,style,video,sound,voice,music"
LOCAL = "local,local,local,local,local,local"
# The films are drafts (the smallest frame the editor offers): what the batch proves does not
# depend on the frame's size, and a draft costs about half the CPU of a 720p film.
DRAFT = 144
SCRIPTS = ("A red kite rises over the quiet harbour at dawn.",
           "The baker lifts warm bread from the stone oven before sunrise.",
           "Snow settles on the empty station while the last train sighs away.",
           "Two children race paper boats down the rain-filled gutter.")


def frame_size(film: Path) -> tuple[int, int]:
    import av

    with av.open(str(film)) as container:
        video = container.streams.video[0].codec_context
        return video.width, video.height


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


# Three films, two at a time: the third waits for a free slot, and one film of the three is
# given as inline text, one left half made before the batch (batch_run).
FILMS = 3


def three_films(folder: Path) -> Path:
    """A CSV manifest of three one-scene offline draft films (the last given as inline text)."""
    rows = [f"script,text,output,resolution,max_scenes,{OFFLINE}"]
    for number, text in enumerate(SCRIPTS[:FILMS], 1):
        if number == FILMS:
            rows.append(f',"{text}",films/film{number}.mp4,{DRAFT},1,{LOCAL}')
        else:
            (folder / f"s{number}.txt").write_text(text + "\n")
            rows.append(f"s{number}.txt,,films/film{number}.mp4,{DRAFT},1,{LOCAL}")
    manifest = folder / "season.csv"
    manifest.write_text("\n".join(rows) + "\n")
    return manifest


class BatchRun(NamedTuple):
    manifest: Path
    code: int
    out: str
    err: str
    planned: list[str]  # the ids of film1's scenes, planned before the batch ran
    planned_side: int  # the resolution film1's project was planned at


@pytest.fixture(scope="module")
def batch_run(tmp_path_factory: pytest.TempPathFactory) -> BatchRun:
    """The three films made by one batch, two at a time. film1 was left half made before it: its
    project holds the plan only (nothing generated), as a render stopped after planning
    leaves it, and the batch finishes that project instead of starting another."""
    folder = tmp_path_factory.mktemp("batch")
    manifest = three_films(folder)
    (folder / "films").mkdir()
    with pytest.MonkeyPatch.context() as monkeypatch:
        offline(monkeypatch, tmp_path_factory)
        code, _, err = run_cli("render", str(folder / "s1.txt"), "-o",
                               str(folder / "films" / "film1.mp4"), "--max-scenes", "1",
                               "--plan-only", *[f"--{s}=local" for s in OFFLINE.split(",")])
        assert code == 0, err
        plan = json.loads((folder / "films" / "film1.vidstudio" / "project.json").read_text())
        assert not (folder / "films" / "film1.mp4").exists()
        code, out, err = run_cli("batch", str(manifest), "--jobs", "2")
    return BatchRun(manifest, code, out, err, [s["id"] for s in plan["scenes"]],
                    plan["settings"]["short_side"])


def test_films_in_parallel_with_a_report(batch_run: BatchRun) -> None:
    manifest, code, out, err, *_ = batch_run
    assert code == 0, err
    report = json.loads(manifest.with_name("season.report.json").read_text())
    assert report["engine"] == "local"
    assert (report["films"], report["finished"], report["failed"]) == (FILMS, FILMS, 0)
    assert [r["status"] for r in report["results"]] == ["done"] * FILMS
    for number in range(1, FILMS + 1):
        film = manifest.parent / "films" / f"film{number}.mp4"
        assert film.stat().st_size > 10_000
        assert frame_size(film) == (DRAFT * 16 // 9, DRAFT)  # the row's resolution, 16:9
        assert (manifest.parent / "films" / f"film{number}.vidstudio" / "project.json").is_file()
    assert out.splitlines()[0] == "film\tstatus\tseconds\tcost\toutput\terror"
    assert len(out.splitlines()) == FILMS + 1
    # Two at once: the second film started before the first one finished, the third only after.
    events = [ln.split("] ", 1)[1] for ln in err.splitlines() if ln.startswith("[")]
    first_done = min(i for i, e in enumerate(events) if "done (" in e)
    assert events.index("film2: started") < first_done < events.index("film3: started")
    assert f"{FILMS} of {FILMS} films finished" in err


def test_running_the_manifest_again_skips_finished_films(batch_run: BatchRun) -> None:
    manifest, code, *_ = batch_run
    assert code == 0
    films = sorted((manifest.parent / "films").glob("*.mp4"))
    before = {f: f.stat().st_mtime_ns for f in films}
    code, _, err = run_cli("batch", str(manifest), "--json-progress")
    assert code == 0, err
    events = [json.loads(line) for line in err.splitlines()]
    finished = [e for e in events if e["event"] == "film_finished"]
    assert sorted(e["film"] for e in finished) == [f"film{n}" for n in range(1, FILMS + 1)]
    assert {e["status"] for e in finished} == {"up to date"}
    assert events[-1]["done"] == FILMS and events[-1]["failed"] == 0
    assert {f: f.stat().st_mtime_ns for f in films} == before


def test_a_film_left_half_made_is_finished(batch_run: BatchRun) -> None:
    # film1's project held its plan only when the batch began (see batch_run), planned at the
    # default resolution: the row's resolution is the film's new frame.
    assert batch_run.code == 0, batch_run.err
    films = batch_run.manifest.parent / "films"
    assert any(line.startswith("film1\tdone\t") for line in batch_run.out.splitlines())
    assert (films / "film1.mp4").stat().st_size > 10_000
    after = json.loads((films / "film1.vidstudio" / "project.json").read_text())
    assert [s["id"] for s in after["scenes"]] == batch_run.planned  # kept, not planned again
    assert batch_run.planned_side == 720 and after["settings"]["short_side"] == DRAFT
    assert frame_size(films / "film1.mp4") == (DRAFT * 16 // 9, DRAFT)


@pytest.fixture
def cloud() -> Iterator[Cloud]:
    yield from cloud_servers()


def test_the_batch_budget_refuses_a_film_before_it_pays(cloud: Cloud, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SCRIPTS[0] + "\n")
    (tmp_path / "b.txt").write_text(SCRIPTS[1] + "\n")
    rows = ["script,output,resolution,max_scenes,planner,images,style,video,sound,voice,music",
            f"a.txt,a.mp4,{DRAFT},1,local,local,local,luma,local,local,local",
            f"b.txt,b.mp4,{DRAFT},1,local,local,local,local,local,local,local"]
    manifest = tmp_path / "m.csv"
    manifest.write_text("\n".join(rows) + "\n")
    done = vidstudio("batch", str(manifest), "--budget", "0.05", env=cloud.env())
    assert done.returncode == 1, done.stderr
    report = json.loads((tmp_path / "m.report.json").read_text())
    status = {r["name"]: r for r in report["results"]}
    assert status["a"]["status"] == "refused"
    assert "budget of $0.05" in status["a"]["error"]
    assert status["b"]["status"] == "done"  # a free film fits any budget
    assert nothing_made(cloud), made(cloud)
    assert not (tmp_path / "a.mp4").exists()


@pytest.mark.parametrize(("text", "says"), [
    ("script,output,colour\na.txt,a.mp4,red\n", "unknown column 'colour'"),
    ("script,output\na.txt,\n", "output (the film's .mp4) is missing"),
    ("script,output,budget\na.txt,a.mp4,lots\n", "budget must be a number"),
    ("script,output\na.txt,a.mp4\nb.txt,a.mp4\n", "the same output"),
    ("output\na.mp4\n", "give either script"),
    ("script,output,resolution\na.txt,a.mp4,1081\n", "an even number from 144 to 2160"),
])
def test_a_bad_manifest_is_one_line_and_nothing_runs(tmp_path: Path, text: str,
                                                     says: str) -> None:
    manifest = tmp_path / "m.csv"
    manifest.write_text(text)
    with pytest.raises(ManifestError, match=says.replace("(", r"\(").replace(")", r"\)")):
        read_manifest(manifest)
    code, out, err = run_cli("batch", str(manifest))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and says in err
    assert not any(tmp_path.glob("*.vidstudio"))


def test_ray_without_the_extra_says_how_to_install(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    manifest = tmp_path / "m.jsonl"
    manifest.write_text('{"text": "A kite.", "output": "a.mp4"}\n')
    monkeypatch.setitem(sys.modules, "ray", None)  # as if Ray were not installed
    code, _, err = run_cli("batch", str(manifest), "--ray", "127.0.0.1:1")
    assert code == 2
    assert "pip install 'vidstudio[cluster]'" in err


def test_usable_cores_follow_the_cgroup_quota(tmp_path: Path) -> None:
    affinity = usable_cpus(tmp_path / "no-cgroup")
    assert affinity >= 1
    root = tmp_path / "cgroup"
    root.mkdir()
    (root / "cpu.max").write_text("max 100000\n")
    assert usable_cpus(root) == affinity
    (root / "cpu.max").write_text("50000 100000\n")  # half a core still runs one worker
    assert usable_cpus(root) == 1
    (root / "cpu.max").write_text(f"{affinity * 300000} 100000\n")  # more than the affinity
    assert usable_cpus(root) == affinity
