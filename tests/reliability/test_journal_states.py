"""The journal's states (submitting, running, unknown outcome), possible costs and reply
folders: what ``vidstudio costs`` lists as "in flight, may be billed", and what a crash keeps."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from vidstudio.storage.journal import Journal

if TYPE_CHECKING:
    from pathlib import Path


def test_states_costs_and_unknown_outcomes_survive_a_reopen(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.jsonl")
    journal.remember("clip@a/0", "luma", "", "2026-12-06T01:00:00+00:00", 1.27, "the clip")
    journal.remember("sfx@b/0", "elevenlabs", "", "2026-12-06T01:00:01+00:00", 0.04)
    journal.remember("clip@a/0", "luma", "gen-1", "2026-12-06T01:00:00+00:00")
    journal.mark_unknown("sfx@b/0", 0.05, "the sound effect")
    journal.mark_unknown("never@x/0", 9.0)  # no such entry: nothing is recorded
    again = Journal(tmp_path / "journal.jsonl")
    flying = {e.key: e for e in again.in_flight()}
    assert set(flying) == {"clip@a/0", "sfx@b/0"}
    clip, sfx = flying["clip@a/0"], flying["sfx@b/0"]
    assert (clip.state, clip.remote_id, clip.possible_cost, clip.what) == (
        "running", "gen-1", 1.27, "the clip"), "the id keeps the cost journalled first"
    assert (sfx.state, sfx.possible_cost, sfx.what) == ("unknown", 0.05, "the sound effect")
    assert [e.key for e in again.unknown()] == ["sfx@b/0"]


def test_compaction_keeps_states_and_costs(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.jsonl")
    journal.remember("keep@a/0", "fal", "", "t0", 2.0)
    journal.mark_unknown("keep@a/0")
    for n in range(210):
        journal.remember(f"k{n}@b/0", "luma", f"g{n}", "t1")
        journal.forget(f"k{n}@b/0")
    lines = journal.path.read_text().splitlines()
    assert len(lines) < 210, "compacted"
    (entry,) = Journal(tmp_path / "journal.jsonl").entries()
    assert (entry.key, entry.state, entry.possible_cost) == ("keep@a/0", "unknown", 2.0)


def test_a_reply_folder_lives_until_its_entry_is_forgotten(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.jsonl")
    journal.remember("narration@s/0", "elevenlabs", "", "t0")
    folder = journal.reply_dir("narration@s/0")
    (folder / "speech-0.json").write_text("{}")
    assert Journal(tmp_path / "journal.jsonl").reply_dir("narration@s/0") == folder
    assert (folder / "speech-0.json").is_file(), "a reopen keeps what was paid for"
    journal.forget("narration@s/0")
    assert not folder.exists() and journal.entries() == []


@pytest.mark.parametrize("key", ["../escape", "a/../../b", "", "x" * 300, "a\nb"])
def test_a_reply_folder_stays_inside_the_journal_folder(tmp_path: Path, key: str) -> None:
    with pytest.raises(ValueError, match="not a journal key"):
        Journal(tmp_path / "journal.jsonl").reply_dir(key)


def test_slashes_in_a_key_name_one_folder(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.jsonl")
    folder = journal.reply_dir("/abs@x/1")
    assert folder.parent == journal.replies_root and folder.name == "_abs_x_1"
