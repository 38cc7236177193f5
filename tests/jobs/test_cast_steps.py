"""Character sheets in the pipeline: made once, before the keyframes that show the character,
sent with every such keyframe, reused, regenerable, priced; locked characters and the user's own
photos left alone by 'generate all'."""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, Any

from vidstudio.core.cast_commands import AddCharacter, EditCharacter
from vidstudio.core.commands import AddTake
from vidstudio.core.deps import SlotRef
from vidstudio.core.models import Character, Garment, Look, Settings, Take
from vidstudio.core.plan import Plan, PlanEnvironment, PlanScene
from vidstudio.core.vocabulary import CharacterKind, SlotKind, Stage
from vidstudio.jobs.estimate import estimate_run
from vidstudio.jobs.render import open_for_render
from vidstudio.jobs.retry import RetryPolicy
from vidstudio.jobs.session import ProjectSession, SessionError
from vidstudio.providers.base import MediaResult
from vidstudio.providers.registry import ProviderSet

from .fakes import Fake, Recorder

if TYPE_CHECKING:
    from pathlib import Path

    from vidstudio.providers.base import CallContext, ImageRequest, PlanRequest

SCRIPT = "Ines on the quay.\n\nPip asleep on the boat.\n\nInes waves."
FAST = RetryPolicy(attempts=1, base_delay=0.001, max_delay=0.01)


class CastFake(Fake):
    """The pipeline's fake providers, with a cast in the plan and a record of what each
    image request carried."""

    draws_characters = True

    def __init__(self, rec: Recorder) -> None:
        super().__init__("fake", rec)
        self.events: list[str] = []
        self.keyframe_refs: dict[tuple[str, str], dict[str, tuple[str, ...]]] = {}

    async def plan(self, request: PlanRequest, ctx: CallContext) -> Plan:
        self.rec.calls["plan"] += 1
        return Plan(
            environments=[PlanEnvironment(id="e1", name="Harbour", setting="coast",
                                          image_prompts=["quay"])],
            scenes=[PlanScene(title="Quay", environment_id="e1", action="Ines walks"),
                    PlanScene(title="Boat", environment_id="e1", action="Pip sleeps"),
                    PlanScene(title="Wave", environment_id="e1", action="Ines waves")],
        )

    async def generate_image(self, request: ImageRequest, ctx: CallContext) -> MediaResult:
        if request.purpose == "character":
            assert request.character is not None
            self.rec.calls["character"] += 1
            await asyncio.sleep(0.05)  # slower than a style: keyframes must wait for it
            self.events.append(f"sheet:{request.character.name}")
            self.rec.maybe_fail("character")
            return MediaResult(self._write(ctx, "sheet.png", f"{request.prompt}|{ctx.seed}"))
        if request.purpose == "keyframe":
            self.events.append(f"keyframe:{request.prompt}")
            self.keyframe_refs[(request.prompt, request.frame)] = {
                m.character.name: tuple(p.name for p in m.character.references)
                for m in request.cast}
        return await super().generate_image(request, ctx)


def providers(fake: CastFake) -> ProviderSet:
    return ProviderSet(names=dict.fromkeys(Stage, "fake"), planner=fake, images=fake,
                       keyframes=fake, style=fake, video=fake, sound=fake, voice=fake)


async def _open(path: Path, fake: CastFake) -> ProjectSession:
    """The planned project with its cast: Ines in the first and last scenes, Pip between."""
    session, _ = await open_for_render(SCRIPT, path, Settings(), providers(fake), retry=FAST,
                                       save_delay=0.01)
    ids = {s.title: s.id for s in session.project.scenes}
    ines = Character(name="Ines", look=Look(age="60s", wardrobe=(Garment(item="raincoat",
                                                                         colour="blue"),)),
                     sheet_prompts=["Ines, front", "Ines, side"])
    pip = Character(name="Pip", kind=CharacterKind.ANIMAL, sheet_prompts=["Pip the terrier"])
    session.apply(AddCharacter(ines, (ids["Quay"], ids["Wave"])), cause="user")
    session.apply(AddCharacter(pip, (ids["Boat"],)), cause="user")
    return session


async def _wait(session: ProjectSession, job: Any) -> None:
    with contextlib.suppress(SessionError):
        await session.wait(job)


def test_sheets_are_made_once_before_their_keyframes_and_sent_with_each(tmp_path: Path) -> None:
    rec = Recorder()
    fake = CastFake(rec)

    async def scenario() -> None:
        session = await _open(tmp_path / "p.vidstudio", fake)
        try:
            est = estimate_run(session.project, session.providers, session.prices,
                               include_plan=False, folder=session.folder)
            cast_items = [i for i in est.items if i.stage == "cast"]
            assert [i.label for i in cast_items] == ["Ines", "Ines", "Pip"]
            assert not any(i.reused for i in cast_items)
            job = session.generate_all()
            await _wait(session, job)
            assert job.stats.failures == []
            assert rec.calls["character"] == 3

            # Every keyframe of a scene that shows Ines carries the same two sheet images.
            ines = session.project.character(session.project.characters[0].id)
            files = tuple(sorted(t.file.rsplit("/", 1)[-1] for s in ines.sheet
                                 if (t := s.active_take) and t.file))
            assert len(files) == 2
            quay = [v for (prompt, _), v in fake.keyframe_refs.items() if prompt == "Ines walks"]
            wave = [v for (prompt, _), v in fake.keyframe_refs.items() if prompt == "Ines waves"]
            assert len(quay) == len(wave) == 2
            for refs in quay + wave:
                assert tuple(sorted(refs["Ines"])) == files and set(refs) == {"Ines"}
            boat = [v for (prompt, _), v in fake.keyframe_refs.items() if prompt == "Pip sleeps"]
            assert all(set(refs) == {"Pip"} and len(refs["Pip"]) == 1 for refs in boat)
            # A scene's keyframes wait for the sheets of its cast.
            assert fake.events.index("keyframe:Ines walks") > max(
                i for i, e in enumerate(fake.events) if e == "sheet:Ines")
            assert fake.events.index("keyframe:Pip sleeps") > fake.events.index("sheet:Pip")

            # Nothing is made again, and the estimate says so.
            calls = dict(rec.calls)
            await _wait(session, session.generate_all())
            assert dict(rec.calls) == calls
            est = estimate_run(session.project, session.providers, session.prices,
                               include_plan=False, folder=session.folder)
            assert all(i.reused for i in est.items if i.stage == "cast")
        finally:
            await session.close()

    asyncio.run(scenario())


def test_regenerating_a_sheet_image_redraws_the_keyframes_that_show_the_character(
        tmp_path: Path) -> None:
    rec = Recorder()
    fake = CastFake(rec)

    async def scenario() -> None:
        session = await _open(tmp_path / "p.vidstudio", fake)
        try:
            await _wait(session, session.generate_all())
            ines = session.project.characters[0]
            ref = SlotRef(ines.id, SlotKind.CHARACTER_IMAGE, 0)
            before = ines.sheet[0].active_take
            boat = next(s for s in session.project.scenes if s.title == "Boat")
            boat_first = boat.slots[SlotKind.FIRST_FRAME].active
            calls = dict(rec.calls)
            job = session.regenerate(ref)
            await session.wait(job)
            after = session.project.character(ines.id).sheet[0].active_take
            assert after is not None and before is not None and after.id != before.id
            assert len(session.project.character(ines.id).sheet[0].takes) == 2
            assert rec.calls["character"] == calls["character"] + 1
            # Both keyframes of both scenes with Ines, none of Pip's; no clip yet.
            assert rec.calls["first"] == calls["first"] + 2
            assert rec.calls["last"] == calls["last"] + 2
            assert rec.calls["clip"] == calls["clip"]
            assert boat.slots[SlotKind.FIRST_FRAME].active == boat_first
            new_name = (after.file or "").rsplit("/", 1)[-1]
            assert new_name in fake.keyframe_refs[("Ines waves", "last")]["Ines"]
        finally:
            await session.close()

    asyncio.run(scenario())


def test_locked_characters_and_own_photos_are_left_alone_by_generate_all(
        tmp_path: Path) -> None:
    rec = Recorder()
    fake = CastFake(rec)
    photo = tmp_path / "pip.png"
    photo.write_bytes(b"\x89PNG my own dog")

    async def scenario() -> None:
        session = await _open(tmp_path / "p.vidstudio", fake)
        try:
            await _wait(session, session.generate_all())
            ines, pip = session.project.characters
            ref = SlotRef(pip.id, SlotKind.CHARACTER_IMAGE, 0)
            own = Take(file=session.folder.assets.add(photo, move=False), provider="import")
            session.apply(AddTake(ref, own), cause="user")
            session.apply(EditCharacter(ines.id, "locked", True), cause="user")
            # Both looks change: every sheet image is stale now.
            for character in (ines, pip):
                look = character.look.model_copy(update={"marks": "a scar"})
                session.apply(EditCharacter(character.id, "look", look), cause="user")
            calls = rec.calls["character"]
            est = estimate_run(session.project, session.providers, session.prices,
                               include_plan=False, folder=session.folder, skip_locked=True)
            assert [i.label for i in est.items if i.stage == "cast"] == ["Pip"]
            assert not any(i.paid for i in est.items if i.stage == "cast")
            job = session.generate_all()
            await _wait(session, job)
            assert rec.calls["character"] == calls, "no sheet image was made"
            assert session.project.character(pip.id).sheet[0].active == own.id
            assert fake.keyframe_refs[("Pip sleeps", "first")]["Pip"] == (
                (own.file or "").rsplit("/", 1)[-1],)
        finally:
            await session.close()

    asyncio.run(scenario())
