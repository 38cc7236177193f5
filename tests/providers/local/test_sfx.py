"""The offline sound designer: every library sound, layer choice from prompts and environments,
exact length, loudness, seamless loops, determinism and the executor contract."""

from __future__ import annotations

import asyncio
import math
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

import numpy as np
import pyloudnorm
import pytest

from vidstudio.core.vocabulary import TimeOfDay, Weather
from vidstudio.media import audio
from vidstudio.providers.base import (
    CallContext,
    EnvironmentSpec,
    GenerationFailedError,
    InvalidRequestError,
    MediaResult,
    SoundDesigner,
    SoundRequest,
)
from vidstudio.providers.local.sfx import LIBRARY, LayerSpec, LocalSoundDesigner, choose_layers
from vidstudio.providers.local.sfx.render import SAMPLE_RATE, render_bed

if TYPE_CHECKING:
    from pathlib import Path

RATE = SAMPLE_RATE


def _generate(tmp_path: Path, request: SoundRequest, seed: int = 0,
              designer: LocalSoundDesigner | None = None) -> MediaResult:
    work = tmp_path / f"work-{seed}-{len(list(tmp_path.iterdir()))}"
    work.mkdir()
    provider = designer or LocalSoundDesigner()
    return asyncio.run(provider.generate_sound(request, CallContext(work_dir=work, seed=seed)))


def _low_share(stereo: np.ndarray, cutoff: float = 200.0) -> float:
    power = np.abs(np.fft.rfft(stereo.mean(axis=1))) ** 2
    freqs = np.fft.rfftfreq(stereo.shape[0], 1 / RATE)
    return float(power[freqs < cutoff].sum() / power.sum())


def _env(setting: str, weather: Weather = Weather.CLEAR,
         time: TimeOfDay = TimeOfDay.DAY) -> EnvironmentSpec:
    return EnvironmentSpec(name=setting, setting=setting, weather=weather, time_of_day=time)


def test_it_is_a_sound_designer() -> None:
    designer = LocalSoundDesigner()
    assert isinstance(designer, SoundDesigner)
    assert designer.info.name == "local"
    assert designer.info.model == "synth-1"
    assert designer.info.kind == "local"


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_every_library_sound_is_audible_and_finite(name: str) -> None:
    bed = render_bed((LayerSpec(name),), 1.5, seed=7)
    assert bed.shape == (int(1.5 * RATE), 2)
    assert np.all(np.isfinite(bed))
    assert audio.integrated_loudness(bed, RATE) == pytest.approx(-20.0, abs=1.0)
    assert all(audio.rms_dbfs(bed[:, ch]) > -45.0 for ch in range(2))
    if LIBRARY[name].continuous:
        # A continuous sound fills the whole bed, not just a moment of it.
        assert all(audio.rms_dbfs(q) > -50.0 for q in np.array_split(bed, 4))


def test_wav_is_48k_stereo_and_exactly_the_requested_length(tmp_path: Path) -> None:
    result = _generate(tmp_path, SoundRequest(prompt="wind over the dunes", duration=2.37))
    data, rate = audio.read_audio(result.path)
    assert result.path.parent.name.startswith("work-")
    assert (rate, data.shape[1]) == (48_000, 2)
    assert data.shape[0] == round(2.37 * 48_000)
    assert result.metadata["duration"] == 2.37
    assert result.metadata["layers"] == ["wind"]
    assert result.model == "synth-1"


def test_bed_is_levelled_to_about_minus_20_lufs_with_headroom(tmp_path: Path) -> None:
    result = _generate(tmp_path, SoundRequest(prompt="a storm at sea with bells", duration=3.0))
    data, rate = audio.read_audio(result.path)
    assert pyloudnorm.Meter(rate).integrated_loudness(data) == pytest.approx(-20.0, abs=1.0)
    assert audio.peak_dbfs(data) <= -0.9
    assert result.metadata["loudness_lufs"] == pytest.approx(-20.0, abs=1.0)


def test_storm_has_more_low_end_than_birdsong() -> None:
    storm = render_bed((LayerSpec("storm"),), 3.0, seed=1)
    birds = render_bed((LayerSpec("birds"),), 3.0, seed=1)
    assert _low_share(storm) > 0.1
    assert _low_share(storm) > 5 * _low_share(birds)


def test_rain_on_the_harbour_picks_rain_and_waves(tmp_path: Path) -> None:
    result = _generate(tmp_path, SoundRequest(prompt="rain on the harbour", duration=1.0))
    assert sorted(result.metadata["layers"]) == ["rain", "waves"]
    assert result.metadata["matched"]["waves"] == ["harbour"]


@pytest.mark.parametrize(("prompt", "expected"), [
    ("waves crash on the harbor", "waves"),
    ("the open sea at noon", "waves"),
    ("a babbling brook in the hills", "river"),
    ("crickets in the grass", "insects"),
    ("logs crackling in the fireplace", "fire"),
    ("rush hour on a downtown avenue", "traffic"),
    ("the murmur of a crowded café", "crowd"),
    ("vendors haggling in the bazaar", "market"),
    ("inside the orbital space station", "space_hum"),
    ("the diesel engine idling", "engine"),
    ("the factory machines", "machinery"),
    ("church bells toll", "bells"),
    ("thunder and lightning", "thunder"),
    ("a gale tears at the shutters", "storm"),
])
def test_synonyms_choose_the_right_sound(prompt: str, expected: str) -> None:
    assert expected in choose_layers(prompt).names


def test_climbing_iron_stairs_is_metal_footsteps_over_a_bed() -> None:
    choice = choose_layers("The keeper climbs iron stairs")
    assert choice.names[0] == "footsteps"
    assert choice.layers[0].variant == "metal stairs"
    # Footsteps alone would leave silence between steps, so a continuous bed joins them.
    assert any(LIBRARY[name].continuous for name in choice.names)


@pytest.mark.parametrize("prompt", ["", "   ", "she waited", "footsteps", "bells and thunder"])
def test_there_is_always_a_continuous_bed_and_never_more_than_three_layers(prompt: str) -> None:
    choice = choose_layers(prompt)
    assert 1 <= len(choice.layers) <= 3
    assert any(LIBRARY[name].continuous for name in choice.names)


def test_the_bed_is_wind_outdoors_and_room_tone_indoors() -> None:
    assert "wind" in choose_layers("footsteps outside in the yard").names
    assert "room_tone" in choose_layers("footsteps in the hall").names
    assert "wind" in choose_layers("EXT. HILLTOP - NIGHT. She waits.").names
    assert "room_tone" in choose_layers("INT. BAKERY - DAWN. He waits.").names


def test_room_tone_only_ever_sits_under_a_more_specific_sound() -> None:
    choice = choose_layers("inside the space station cupola")
    assert choice.names == ["space_hum", "room_tone"]
    assert choice.layers[1].gain_db < choice.layers[0].gain_db - 6


@pytest.mark.parametrize(("prompt", "absent"), [
    ("the engineer checks the panel", "engine"),
    ("a rainbow over the town", "rain"),
    ("the marketing officer", "market"),
    ("in March they approached", "footsteps"),
    ("the cared-for car park", "birds"),
])
def test_look_alike_words_do_not_trigger_sounds(prompt: str, absent: str) -> None:
    assert absent not in choose_layers(prompt).names


def test_a_storm_absorbs_rain_wind_and_thunder() -> None:
    names = choose_layers("storm: rain, wind and thunder, church bells").names
    assert "storm" in names
    assert not {"rain", "wind", "thunder"} & set(names)
    assert "bells" in names


def test_negated_sounds_are_left_out() -> None:
    names = choose_layers("no rain tonight, only the campfire").names
    assert "rain" not in names
    assert "fire" in names


def test_environment_weather_and_time_of_day_shape_the_choice() -> None:
    assert "storm" in choose_layers("", _env("cliff top", Weather.STORM)).names
    assert "rain" in choose_layers("a quiet moment", _env("kitchen", Weather.RAIN)).names
    assert "insects" in choose_layers("", _env("forest", time=TimeOfDay.NIGHT)).names
    dawn = choose_layers("", _env("forest", time=TimeOfDay.DAWN)).names
    assert "birds" in dawn
    assert "insects" not in dawn
    # Birds keep out of the rain.
    assert "birds" not in choose_layers("", _env("forest", Weather.RAIN)).names


def test_variants_follow_the_prompt() -> None:
    assert choose_layers("a light drizzle").layers[0].variant == "light"
    assert choose_layers("rain hammered the glass").layers[0].variant == "heavy"
    assert choose_layers("a gentle breeze").layers[0].variant == "gentle"


@pytest.mark.parametrize("name", ["room_tone", "wind", "space_hum", "waves", "rain", "engine"])
def test_no_click_at_the_loop_seam(name: str) -> None:
    bed = render_bed((LayerSpec(name),), 2.0, seed=3)
    inner = np.abs(np.diff(bed, axis=0)).max(axis=1)
    seam = float(np.abs(bed[-1] - bed[0]).max())
    # Looping the bed end-to-start is no rougher than its ordinary sample-to-sample motion.
    assert seam <= np.percentile(inner, 99.5)
    # And the first and last frames are not faded to silence (which would dip on every loop).
    assert audio.rms_dbfs(bed[:480]) > audio.rms_dbfs(bed) - 12


def test_same_seed_same_bed_new_seed_new_bed(tmp_path: Path) -> None:
    request = SoundRequest(prompt="rain on the harbour", duration=1.0)
    first = _generate(tmp_path, request, seed=5)
    again = _generate(tmp_path, request, seed=5)
    other = _generate(tmp_path, request, seed=6)
    assert first.path.read_bytes() == again.path.read_bytes()
    assert first.path.read_bytes() != other.path.read_bytes()
    assert first.metadata["seed"] == 5


@pytest.mark.parametrize("duration", [0.0, -1.0, math.nan, math.inf, 601.0])
def test_nonsense_durations_are_invalid_requests(tmp_path: Path, duration: float) -> None:
    with pytest.raises(InvalidRequestError, match="duration"):
        _generate(tmp_path, SoundRequest(prompt="rain", duration=duration))


def test_an_unwritable_work_dir_is_a_generation_failure(tmp_path: Path) -> None:
    ctx = CallContext(work_dir=tmp_path / "missing")
    with pytest.raises(GenerationFailedError, match="write"):
        asyncio.run(LocalSoundDesigner().generate_sound(SoundRequest("rain", 0.2), ctx))


def test_a_very_short_bed_still_works(tmp_path: Path) -> None:
    result = _generate(tmp_path, SoundRequest(prompt="thunder", duration=0.05))
    data, _ = audio.read_audio(result.path)
    assert data.shape == (2400, 2)
    assert np.all(np.isfinite(data))


def test_progress_is_reported(tmp_path: Path) -> None:
    seen: list[tuple[float, str]] = []
    ctx = CallContext(work_dir=tmp_path, progress=lambda f, m: seen.append((f, m)))
    asyncio.run(LocalSoundDesigner().generate_sound(SoundRequest("birds", 0.5), ctx))
    assert seen[0][0] < 0.5 and "birds" in seen[0][1]
    assert seen[-1][0] == 1.0


def test_runs_in_a_process_pool(tmp_path: Path) -> None:
    # The work function and its arguments must pickle, so a ProcessPoolExecutor can serve it.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        in_pool = _generate(tmp_path, SoundRequest("fire", 0.5), seed=2,
                            designer=LocalSoundDesigner(executor=pool))
    in_thread = _generate(tmp_path, SoundRequest("fire", 0.5), seed=2)
    assert in_pool.path.read_bytes() == in_thread.path.read_bytes()
