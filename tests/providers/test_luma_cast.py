"""The cast on the wire: Luma Photon ``character_ref`` identities from the sheet, hosted once
(the upload memo), and the look in words for sheets and for fal's FLUX LoRA keyframes."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import pytest

pytest.register_assert_rewrite("tests.providers.conftest_media")

from tests.emulators import media  # noqa: E402
from tests.emulators.luma_emulator import PREFIX, LumaEmulator  # noqa: E402
from tests.providers.conftest_media import ENVIRONMENT, Recorder, run  # noqa: E402
from vidstudio.core.vocabulary import CharacterKind  # noqa: E402
from vidstudio.providers.base import CastInShot, CharacterSpec, ImageRequest  # noqa: E402
from vidstudio.providers.fal import FalUploadHost  # noqa: E402
from vidstudio.providers.fal.keyframes import keyframe_prompt  # noqa: E402
from vidstudio.providers.luma import LumaImageGenerator  # noqa: E402
from vidstudio.providers.uploads import UploadMemo  # noqa: E402

if TYPE_CHECKING:
    from pathlib import Path

    from tests.emulators.fal_emulator import FalEmulator

pytest_plugins = ["tests.providers.conftest_media"]

FAST = {"poll_interval": 0.01, "max_poll_interval": 0.02}


def sheet(tmp_path: Path, name: str, count: int, seed: int) -> tuple[Path, ...]:
    paths = []
    for index in range(count):
        path = tmp_path / f"{name}{index}.png"
        path.write_bytes(media.png(64, 64, seed=seed + index))
        paths.append(path)
    return tuple(paths)


def person(key: str, name: str, refs: tuple[Path, ...]) -> CharacterSpec:
    return CharacterSpec(key=key, name=name, kind=CharacterKind.PERSON, age="60s",
                         hair="grey bun", wardrobe=(("raincoat", "blue"),), references=refs)


def keyframe(cast: tuple[CastInShot, ...], frame: str = "first") -> ImageRequest:
    return ImageRequest(prompt="the quay at dawn", width=320, height=180,
                        environment=ENVIRONMENT, purpose="keyframe",
                        frame=frame,  # type: ignore[arg-type]
                        action="boats come in", cast=cast)


def generator(luma: LumaEmulator, fal: FalEmulator) -> LumaImageGenerator:
    return LumaImageGenerator(luma.api_key, luma.api_base_url,
                              upload_host=FalUploadHost(fal.api_key, fal.base_url), **FAST)


def bodies(luma: LumaEmulator) -> list[dict[str, object]]:
    return [r.json() for r in luma.requests_to(PREFIX + "/generations/image$", "POST")]


def test_characters_in_frame_are_photon_identities_uploaded_once(
        luma_emulator: LumaEmulator, fal_emulator: FalEmulator, calls: Recorder,
        tmp_path: Path) -> None:
    # Five sheet images: Photon takes four per identity, so the fifth stays home.
    ines = person("ch-ines", "Ines", sheet(tmp_path, "ines", 5, seed=1))
    dog = CharacterSpec(key="ch-dog", name="Pip", kind=CharacterKind.ANIMAL,
                        references=sheet(tmp_path, "pip", 2, seed=20))
    cast = (CastInShot(ines, "waves"), CastInShot(dog, "sleeps"))
    provider = generator(luma_emulator, fal_emulator)
    memo = tmp_path / "cache" / "uploads.json"

    def ctx() -> object:
        return dataclasses.replace(calls.ctx(), upload_memo=memo)

    run(provider.generate_image(keyframe(cast), ctx()))  # type: ignore[arg-type]
    uploads = len(fal_emulator.requests_to(r"/files/upload$", "POST"))
    assert uploads == 6  # 4 of Ines + 2 of Pip
    run(provider.generate_image(keyframe(cast, "last"), ctx()))  # type: ignore[arg-type]
    # Another generator (a rerun in a new process) finds the same URLs in the memo.
    run(generator(luma_emulator, fal_emulator).generate_image(
        keyframe(cast[:1]), ctx()))  # type: ignore[arg-type]
    assert len(fal_emulator.requests_to(r"/files/upload$", "POST")) == uploads

    first, last, alone = bodies(luma_emulator)
    refs = first["character_ref"]
    assert isinstance(refs, dict) and set(refs) == {"identity0", "identity1"}
    assert len(refs["identity0"]["images"]) == 4 and len(refs["identity1"]["images"]) == 2
    assert last["character_ref"] == refs, "the same images for the same people, shot to shot"
    assert alone["character_ref"] == {"identity0": refs["identity0"]}
    prompt = str(first["prompt"])
    assert prompt.index("Ines") < prompt.index("Pip"), "named in frame order"
    assert "blue raincoat" in prompt and "waves" in prompt

    # A changed sheet image is new bytes: that one is uploaded, the others are not.
    ines.references[0].write_bytes(media.png(64, 64, seed=99))
    run(provider.generate_image(keyframe(cast[:1]), ctx()))  # type: ignore[arg-type]
    assert len(fal_emulator.requests_to(r"/files/upload$", "POST")) == uploads + 1
    changed = bodies(luma_emulator)[-1]["character_ref"]
    assert isinstance(changed, dict)
    assert changed["identity0"]["images"][1:] == refs["identity0"]["images"][1:]
    assert changed["identity0"]["images"][0] != refs["identity0"]["images"][0]


def test_a_sheet_image_is_drawn_from_the_look(luma_emulator: LumaEmulator,
                                              fal_emulator: FalEmulator,
                                              calls: Recorder) -> None:
    request = ImageRequest(prompt="Ines, front view", width=320, height=180,
                           environment=ENVIRONMENT, purpose="character",
                           character=person("ch-ines", "Ines", ()))
    result = run(generator(luma_emulator, fal_emulator).generate_image(request, calls.ctx()))
    body = bodies(luma_emulator)[0]
    assert "blue raincoat" in str(body["prompt"]) and "grey bun" in str(body["prompt"])
    assert "character_ref" not in body and "image_ref" not in body
    assert result.path.is_file()


def test_fal_keyframes_carry_the_cast_in_words() -> None:
    ines = person("ch-ines", "Ines", ())
    text = keyframe_prompt(keyframe((CastInShot(ines, "rows"),)), "vsabc")
    assert text.startswith("vsabc style.")
    assert "Ines (60s, grey bun, blue raincoat) rows" in text


def test_an_expired_memo_entry_is_uploaded_again(fal_emulator: FalEmulator,
                                                 tmp_path: Path) -> None:
    now = [1000.0]
    memo = UploadMemo(tmp_path / "uploads.json", max_age=60, clock=lambda: now[0])
    host = FalUploadHost(fal_emulator.api_key, fal_emulator.base_url)
    picture = sheet(tmp_path, "p", 1, seed=3)[0]
    first = run(memo.url_for(picture, host, "image/png", provider="luma"))
    assert run(memo.url_for(picture, host, "image/png", provider="luma")) == first
    now[0] += 61
    assert run(memo.url_for(picture, host, "image/png", provider="luma")) != first
    assert len(fal_emulator.requests_to(r"/files/upload$", "POST")) == 2


def test_a_sheet_is_bought_only_for_keyframes_that_send_it(luma_emulator: LumaEmulator,
                                                           fal_emulator: FalEmulator) -> None:
    from vidstudio.jobs.requests import draws_sheets
    from vidstudio.providers.fal import FalKeyframeGenerator
    from vidstudio.providers.local.images import LocalImageGenerator

    luma = generator(luma_emulator, fal_emulator)
    assert draws_sheets(luma, luma), "Photon keyframes send the sheet as character_ref"
    fal_keyframes = FalKeyframeGenerator(fal_emulator.api_key, fal_emulator.base_url)
    assert not draws_sheets(luma, fal_keyframes), "the fal LoRA path takes words only"
    local = LocalImageGenerator()
    # The painter draws from the character's key; it makes sheets once it says it can.
    assert draws_sheets(local, local) is bool(getattr(local, "draws_characters", False))
