"""The offline planner finds who is in the story (issue 22).

The labelled scripts in tests/samples/cast/ were written before the cast finder was tuned (the
last third after its first version, kept unseen while tuning): each lists its characters and one
look attribute each. The plan must find at least 90 % of them with their attribute, and no
person's name may become a place.

Scores: the first version found 18 of the first 18; its one run on the unseen third found 3 of
its 8 (21 of 26 in all, 81 %). General fixes then (an apposition with a possessive, "NAME, who",
more animal nouns, a role's gender over pronoun votes, a look read past the character's own
pronouns, "the" after a cue of wearing) reach 26 of 26. Those 26 are tuned on now, not unseen.

Session 5 wrote four more scripts (UNSEEN_S5: a dialogue, a screenplay, a prose story and a
children's story, with new stories), labelled before anything ran on them, and measured them
once, untuned: dialogue_bakery 2 of 3, screenplay_lighthouse 1 of 3, prose_market 1 of 3,
children_owl 1 of 3 -- 5 of 12 (42 %), and 31 of 38 (82 %) over all scripts. That is the honest
measure against the 90 % target. The misses: looks left on a second character for the same person
("Florence ... a broad-shouldered woman in a green cardigan" becomes Florence and Woman; likewise
the landlord and "a thin man ... with a gold tooth", the pickpocket and "a wiry young man"), a
screenplay's look after the cue's parenthesis unread (Marguerite's yellow oilskin, Eli's bandaged
hand), and features not taken as marks (Oswald's tuft) or a garment after "who wore" (Nell's blue
scarf). The tuned 26 keep the 90 % floor; the four unseen scripts and the total have floors at
their measured scores (5 of 12, 31 of 38), so the suite notices losing ground; do not tune on
these four -- write new unseen ones to measure again.

Session 6 (brief C6) fixed the general causes of those misses, each a reading rule with its own
made-up test in test_cast_rules.py: a description later in a name's sentence ("NAME ran the
stall, a broad-shouldered woman in ...") or in the sentence before a name that opens the next one
is that person, unless the name's sentence looks at the described one as someone else; "NAME
was a rabbit" says who NAME is; kin seen from the other side ("her nephew Ivo" ... "his aunt")
is the same person; a name said to someone ("where is the car, Desmond?") takes no role; a
pronoun that is an object or owns a role ("Felix, her apprentice,") does not vote on the name's
gender; many more role, animal and garment nouns and trade words ("-keeper", "-monger"); compound
colours ("mustard-coloured", "sea-green", "pale blue"); marks said as nouns with their words ("a
scruffy tuft of feathers", "a scar across his chin"), as adjectives ("freckled", "bald") or on a
body part ("a bandaged hand"); a cue's parenthetical and a list after "had ... and a red hat" as
looks; and nobody invented: no capitalised sentence start, heading label ("GENRE:", "SUPER:"),
contraction ("Let's"), noun before a noun ("the fish hall"), remembered person ("her late
father") or person only talked about inside speech. The four session-5 scripts now score 12 of
12 and all 38 of 38 -- but they are tuned on now; only tests/samples/cast_s7/, written by another
engineer and measured once by the lead, says what an unseen script scores. C6 wrote two more
sets of eight scripts with labels (not committed): the first, before any fix, scored 10 of 21
and was the development set; the second, written after the first round of fixes and run once on
them, scored 15 of 21 (71 %; the code before session 6 scores it 12 of 21). Its misses gave a
second round of rules (a sentence opening on he/she goes on with the animal just described;
someone without a look is cast when they do something, not for being named twice; a
screenplay's capitals or an age in apposition bring someone in; "NAME the snail"; a lyric's
"NAME in her ..."; "as green as"; a described body part as a mark), after which both sets score
20 of 21, tuned on. A third set of five, written then and run once, scored 8 of 11 (73 %; the
code before session 6: 5 of 11): so on fresh scripts the finder sits near 70-75 %, short of the
90 % target. Its misses (a full name before a plain verb, "iron-grey hair", "he" reaching past
a woman to someone of unknown gender, a role as a screenplay cue being the role in the action,
an age said in apposition) were fixed as the third round of rules.

The honest measure, session 6: tests/samples/cast_s7/ (six scripts: prose, screenplay, trailer,
dialogue, children's story, advert; 19 characters, four of them with place-like names: Dakota,
Chelsea, Houston, Georgia) was written and committed (dc77f81) by an engineer who did not read
the finder, before the fixes above landed, and kept unseen while they were made; the lead ran it
once after them: 16 of 19 (84 %). All labelled scripts: 54 of 57 (95 %), a third of them
unseen. Its misses: a tortoise's "cracked shell" as a mark, a night watchman's navy cap (the
colour lost), a barber's glasses read as wardrobe where the label says mark. No person became a
place. It also invented a character from "condensation" and kept a passing "man". Floors at
those scores; do not tune on cast_s7 -- write new unseen scripts to measure again.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from vidstudio.core.models import Settings
from vidstudio.core.plan import Plan, PlanCharacter, project_from_plan
from vidstudio.core.vocabulary import CharacterKind
from vidstudio.providers.local.planner import build_plan

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "cast"
UNSEEN_DIR = SAMPLES.with_name("cast_s7")
LABELLED = sorted(SAMPLES.glob("*.labels.json")) + sorted(UNSEEN_DIR.glob("*.labels.json"))
# Written in session 6 by another engineer and measured once by the lead (see the docstring).
UNSEEN_S7 = frozenset(p.name.replace(".labels.json", "") for p in UNSEEN_DIR.glob("*.labels.json"))
# Written in session 5 and measured once untuned (see the docstring): floors at that score.
UNSEEN_S5 = frozenset({"dialogue_bakery", "screenplay_lighthouse", "prose_market", "children_owl"})


def _plan(text: str) -> Plan:
    return build_plan(text, max_scenes=5, max_environments=3)


@pytest.fixture(scope="module")
def plans() -> dict[str, tuple[dict[str, object], Plan]]:
    found: dict[str, tuple[dict[str, object], Plan]] = {}
    for labels in LABELLED:
        script = labels.with_name(labels.name.replace(".labels.json", ".txt"))
        found[script.stem] = (json.loads(labels.read_text()), _plan(script.read_text()))
    return found


def _names(label: dict[str, object]) -> list[str]:
    aliases = label.get("aliases", [])
    assert isinstance(aliases, list)
    return [str(label["name"]).lower(), *(str(a).lower() for a in aliases)]


def _matches(label: dict[str, object], character: PlanCharacter) -> bool:
    name = character.name.lower()
    return any(alias == name or re.search(rf"\b{re.escape(alias)}\b", name)
               or re.search(rf"\b{re.escape(name)}\b", alias) for alias in _names(label))


def _field(character: PlanCharacter, name: str) -> str:
    if name == "wardrobe":
        return "; ".join(f"{g.colour} {g.item}" for g in character.look.wardrobe)
    return str(getattr(character.look, name))


def _found_with_attribute(label: dict[str, object], plan: Plan) -> bool:
    attribute = label["attribute"]
    assert isinstance(attribute, dict)
    return any(_matches(label, c) and attribute["value"] in _field(c, attribute["field"])
               for c in plan.characters)


def test_the_labelled_cast_is_found_with_its_look(
        plans: dict[str, tuple[dict[str, object], Plan]]) -> None:
    assert len(plans) >= 9
    forms = {str(labels["form"]) for labels, _ in plans.values()}
    assert forms >= {"prose", "screenplay", "trailer", "lyrics", "advert", "children's story",
                     "dialogue"}
    assert set(plans) >= UNSEEN_S5
    missed: list[str] = []
    unseen_missed: list[str] = []
    total, unseen_total = 0, 0
    for stem, (labels, plan) in plans.items():
        cast = labels["characters"]
        assert isinstance(cast, list)
        for label in cast:
            total += 1
            unseen_total += stem in UNSEEN_S5
            if not _found_with_attribute(label, plan):
                miss = f"{stem}: {label['name']} ({label['attribute']})"
                (unseen_missed if stem in UNSEEN_S5 else missed).append(miss)
    tuned_total = total - unseen_total
    found_unseen = unseen_total - len(unseen_missed)
    found_all = total - len(missed) - len(unseen_missed)
    print(f"cast found with its attribute: all but s5 {tuned_total - len(missed)}/{tuned_total}, "
          f"unseen_s5 {found_unseen}/{unseen_total}, all {found_all}/{total}; "
          f"missed: {missed + unseen_missed}")
    assert 1 - len(missed) / tuned_total >= 0.9, missed  # cast_s7 included: still >= 90 %
    # The four session-5 scripts scored 5 of 12 on their one honest run (31 of 38 in all); the
    # general fixes of session 6 took them to 12 of 12 (38 of 38): floors at those scores.
    assert found_unseen >= 12, unseen_missed
    s7_total = sum(len(plans[stem][0]["characters"]) for stem in UNSEEN_S7)  # type: ignore[arg-type]
    s7_missed = [m for m in missed if m.split(":")[0] in UNSEEN_S7]
    print(f"cast_s7 (unseen, measured once): {s7_total - len(s7_missed)}/{s7_total}")
    assert len(UNSEEN_S7) == 6 and s7_total == 19
    assert s7_total - len(s7_missed) >= 16, s7_missed  # its one honest run: 16 of 19
    assert found_all >= 54 and found_all / total >= 0.9, missed + unseen_missed


def test_no_person_becomes_a_place(plans: dict[str, tuple[dict[str, object], Plan]]) -> None:
    for stem, (labels, plan) in plans.items():
        cast = labels["characters"]
        assert isinstance(cast, list)
        names = {word.lower() for label in cast if str(label["name"])[:1].isupper()
                 for word in str(label["name"]).split()}
        for env in plan.environments:
            words = set(re.findall(r"[a-z]+", f"{env.name} {env.setting}".lower()))
            assert not names & words, f"{stem}: a person became the place {env.name!r}"


def test_role_nouns_names_and_pronouns_make_one_character_each() -> None:
    plan = _plan(
        "The pilot, Ines, checks the gauges of the seaplane. She wears a red flight jacket.\n\n"
        "A one-eyed goat climbs onto the jetty. The goat chews a rope while Ines laughs.")
    by_name = {c.name: c for c in plan.characters}
    assert set(by_name) == {"Ines", "Goat"}
    ines, goat = by_name["Ines"], by_name["Goat"]
    assert ines.kind is CharacterKind.PERSON and "pilot" in ines.description
    assert [(g.item, g.colour) for g in ines.look.wardrobe] == [("flight jacket", "red")]
    assert goat.kind is CharacterKind.ANIMAL and goat.look.marks == "one eye"
    assert 2 <= len(goat.sheet_prompts) <= 4 and "one eye" in goat.sheet_prompts[0]
    # Every scene lists who is in frame, in the order the script names them, with the action.
    named = [[m.character_id for m in s.cast] for s in plan.scenes]
    flat = [cid for scene in named for cid in scene]
    assert goat.id in flat and ines.id in flat
    goat_scene = next(s for s in plan.scenes if goat.id in [m.character_id for m in s.cast])
    assert [m.character_id for m in goat_scene.cast][:1] == [goat.id]
    assert goat_scene.cast[0].action.startswith("climbs")


def test_names_that_are_also_places_stay_people() -> None:
    plan = _plan(
        "Sierra walks along the mountain road at dawn, her green scarf flying.\n\n"
        "In the city, Brooklyn waits for her at the station. Brooklyn waves.\n\n"
        "Jordan Hills, a tall man in a black coat, watches them from a bench.")
    names = {c.name for c in plan.characters}
    assert {"Sierra", "Brooklyn", "Jordan Hills"} <= names
    places = " ".join(e.name.lower() for e in plan.environments)
    assert "sierra" not in places and "brooklyn" not in places and "hills" not in places
    jordan = next(c for c in plan.characters if c.name == "Jordan Hills")
    assert jordan.look.build == "tall"
    # The cast goes into the project with the plan.
    project = project_from_plan(plan, "", Settings(), "local")
    assert [c.name for c in project.characters] == [c.name for c in plan.characters]
    assert any(scene.cast for scene in project.scenes)


def test_a_script_without_anyone_has_no_cast() -> None:
    plan = _plan("Fog rolls over the hills at dawn. The river shines under the old bridge.")
    assert plan.characters == []
    assert all(scene.cast == [] for scene in plan.scenes)
