"""The planning pipeline: script text in, a validated ``core.plan.Plan`` out.

``build_plan`` is a plain top-level function of plain arguments, so it can run in a thread or a
process pool. It is deterministic: the same script and limits always give the same plan.
"""

from __future__ import annotations

from collections import Counter

from vidstudio.core.models import Settings
from vidstudio.core.plan import Plan
from vidstudio.providers.base import InvalidRequestError
from vidstudio.providers.local.planner.cast import find_cast
from vidstudio.providers.local.planner.compose import (
    plan_environment,
    plan_scene,
    plan_title,
    scene_title,
)
from vidstudio.providers.local.planner.condense import (
    Draft,
    choose_focus,
    dominant_places,
    fit_narration,
    group_segments,
    place_key,
    refine,
)
from vidstudio.providers.local.planner.dialogue import apply_voice_tracks
from vidstudio.providers.local.planner.environments import build_environments
from vidstudio.providers.local.planner.extract import read_scenes
from vidstudio.providers.local.planner.language import KNOWN_LANGUAGES, detect_language
from vidstudio.providers.local.planner.segment import Segment, parse_script
from vidstudio.providers.local.planner.text import clean_script, has_letters

PROVIDER_NAME = "local"

# Characters of the script read for whole-script guesses (language, space story).
_SAMPLE = 20000


def condensing_notes(segments: list[Segment], drafts: list[Draft],
                     merged: list[tuple[str, str]], max_scenes: int) -> list[str]:
    """What the plan leaves out of the script or folds together, said plainly."""
    notes: list[str] = []
    told = {id(s) for draft in drafts for s in draft.focus}
    spoken = [s for s in segments if s.units > 0]
    untold = [s for s in spoken if id(s) not in told]
    script_words = round(sum(s.units for s in spoken))
    kept_words = round(sum(d.units for d in drafts))
    if untold:
        notes.append(
            f"Condensed: the script's {len(spoken)} passages ({script_words} words) became "
            f"{len(drafts)} scenes (the limit is {max_scenes}); the narration tells "
            f"{len(spoken) - len(untold)} of them and leaves out {len(untold)}."
        )
    elif script_words > kept_words + 2:
        notes.append(
            f"Shortened: the narration keeps about {kept_words} of the script's "
            f"{script_words} spoken words, so each scene's words fit its 5 or 9 seconds."
        )
    for victim, target in merged:
        notes.append(f"Merged: \"{victim}\" is shown in the environment \"{target}\" "
                     "(too many places for the environment limit).")
    return notes


def build_plan(
    script: str,
    max_scenes: int = 5,
    max_environments: int = 3,
    language_hint: str | None = None,
) -> Plan:
    """Plan a film from ``script`` within the given limits.

    Args:
        script: the script as the user wrote it (prose, screenplay, lyrics, one line...).
        max_scenes: the most scenes the plan may have (at least 1).
        max_environments: the most environments the plan may have (at least 1).
        language_hint: an ISO 639-1 code to use instead of detecting the language.

    Returns:
        A plan that validates and fits the limits.

    Raises:
        InvalidRequestError: the script has no words, or the limits are not positive.
    """
    if max_scenes < 1 or max_environments < 1:
        raise InvalidRequestError(
            "a plan needs room for at least one scene and one environment", provider=PROVIDER_NAME
        )
    text = clean_script(script or "")
    if not has_letters(text):
        raise InvalidRequestError("the script is empty", provider=PROVIDER_NAME)
    parsed = parse_script(text)
    if not parsed.segments:
        raise InvalidRequestError(
            "the script has headings but no story text to plan", provider=PROVIDER_NAME
        )
    hint = (language_hint or "").lower().split("-")[0].split("_")[0]
    language = hint if hint in KNOWN_LANGUAGES else detect_language(text)
    # Sentences are split in each passage's own language, so a script mixing languages works.
    split_language = hint if hint in KNOWN_LANGUAGES else "auto"

    segments = refine(parsed.segments, max_scenes, split_language)
    groups = group_segments(segments, max_scenes)
    # Choosing beats by the main places only matters (and only pays) for long scripts.
    dominant = dominant_places(segments, max_environments) if len(segments) > 3 * max_scenes \
        else set()
    count = len(groups)
    drafts: list[Draft] = []
    used: Counter[str] = Counter()
    for index, group in enumerate(groups):
        focus = choose_focus(group, index / max(count - 1, 1), dominant, used)
        used.update(key for key in map(place_key, focus) if key is not None)
        drafts.append(
            fit_narration(group, focus, split_language, first=index == 0, last=index == count - 1)
        )
    facts = read_scenes(drafts, split_language, text[:_SAMPLE])
    envs, assignment, merged = build_environments(facts, max_environments)
    env_ids = [f"env{i + 1}" for i in range(len(envs))]
    taken: set[str] = set()
    plan = Plan(
        title=plan_title(parsed.title, drafts),
        language=language,
        environments=[plan_environment(env_ids[i], env, facts) for i, env in enumerate(envs)],
        scenes=[
            plan_scene(
                scene_title(draft, scene, language, taken),
                env_ids[assignment[index]],
                draft,
                scene,
                envs[assignment[index]],
            )
            for index, (draft, scene) in enumerate(zip(drafts, facts, strict=True))
        ],
    )
    plan.notes = condensing_notes(segments, drafts, merged, max_scenes)
    cast = find_cast(text, [draft.visual_text for draft in drafts])
    plan.characters = cast.characters
    for pscene, members in zip(plan.scenes, cast.scenes, strict=True):
        pscene.cast = members
    # The characters' lines leave the narration for their own voices; the rest is cleaned.
    dropped = apply_voice_tracks(plan, drafts, language)
    if dropped:
        plan.notes.append(f"Narration: {dropped} line(s) a narrator would not read (speaker "
                          "cues, headings, labels, shot lists, fragments) were left out.")
    for pscene in plan.scenes:
        # A script may switch language from scene to scene; each is read in its own.
        spoken = detect_language(pscene.narration) if pscene.narration.strip() else language
        pscene.language = spoken if spoken != language else None
    limits = Settings.model_construct(max_scenes=max_scenes, max_environments=max_environments)
    problems = plan.problems(limits)
    if problems:  # grouping guarantees the limits; this guards that promise
        raise AssertionError(f"the local planner broke its limits: {problems}")
    return plan
