"""Writing the plan's words: titles, image and frame prompts, sound-effect prompts.

Prompts are descriptions for image, video and sound generators, composed from the facts read out
of the script; narration is never composed here (it is the script's own words, see condense).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from vidstudio.core.plan import PlanEnvironment, PlanScene
from vidstudio.core.vocabulary import IMAGES_PER_ENVIRONMENT, CameraMove, ShotType, Weather
from vidstudio.providers.local.planner.keywords import keyphrases
from vidstudio.providers.local.planner.lexicon import (
    PLACES,
    SETTING_LOOKS,
    TIME_LIGHT,
    TIME_PHRASES,
    TIMES,
    WEATHER_LIGHT,
    WEATHER_PHRASES,
)
from vidstudio.providers.local.planner.lexicon_action import (
    NIGHT_AMBIENCE,
    SETTING_AMBIENCE,
)
from vidstudio.providers.local.planner.lexicon_objects import OBJECTS
from vidstudio.providers.local.planner.matcher import split_list
from vidstudio.providers.local.planner.text import words

if TYPE_CHECKING:
    from collections.abc import Iterable

    from vidstudio.providers.local.planner.condense import Draft
    from vidstudio.providers.local.planner.environments import EnvironmentDraft
    from vidstudio.providers.local.planner.extract import SceneFacts

# Things any place of a setting has, for framing image prompts when the script names few props.
_SETTING_PROPS: dict[str, tuple[str, ...]] = {
    "coast": ("weathered rocks", "breaking waves", "sea spray", "the horizon"),
    "harbour": ("moored boats", "coiled ropes", "stone bollards", "the harbour wall"),
    "forest": ("moss-covered trunks", "ferns", "a winding path", "dappled canopy"),
    "mountains": ("jagged peaks", "a rocky ridge", "scree slopes", "drifting cloud"),
    "desert": ("rippled sand", "a lone dune crest", "sun-bleached rocks", "heat haze"),
    "city": ("lit windows", "a street corner", "parked cars", "shop signs"),
    "market": ("striped awnings", "crates of produce", "hanging lamps", "stall counters"),
    "interior": ("a window", "a wooden table", "a doorway", "shelves"),
    "workshop": ("a workbench", "hanging tools", "a vice", "sawdust"),
    "arctic": ("ice ridges", "snow drifts", "a frozen horizon", "blue ice"),
    "space": ("the curve of the Earth", "solar panels", "a hatch", "star field"),
    "river": ("reeds", "smooth river stones", "the far bank", "ripples"),
    "highway": ("lane markings", "a guard rail", "road signs", "the vanishing point"),
    "rooftop": ("chimneys", "water tanks", "antennas", "the skyline"),
    "landscape": ("tall grass", "a lone tree", "rolling hills", "a wide sky"),
}

_WEATHER_SOUND: dict[Weather, str] = {
    Weather.STORM: "heavy rain and rolling thunder, howling wind",
    Weather.RAIN: "steady rain",
    Weather.SNOW: "muffled snowfall",
    Weather.FOG: "dripping mist",
    Weather.WIND: "gusting wind",
    Weather.CLOUDY: "",
    Weather.CLEAR: "",
}
_WEATHER_SOUND_INSIDE: dict[Weather, str] = {
    Weather.STORM: "a storm raging outside, rain lashing the windows",
    Weather.RAIN: "rain against the windows",
    Weather.WIND: "wind rattling the windows",
    Weather.SNOW: "hushed snowfall outside",
}

# How the end of a camera move changes the framing of the last frame.
_END_FRAMING: dict[CameraMove, str] = {
    CameraMove.PUSH_IN: "framed closer than at the start",
    CameraMove.ZOOM_IN: "framed much tighter than at the start",
    CameraMove.PULL_OUT: "framed wider, revealing more of the surroundings",
    CameraMove.ZOOM_OUT: "framed much wider than at the start",
    CameraMove.CRANE_UP: "seen from a higher vantage point",
    CameraMove.CRANE_DOWN: "seen from a lower vantage point",
    CameraMove.MOVE_UP: "seen from slightly higher",
    CameraMove.MOVE_DOWN: "seen from slightly lower",
    CameraMove.PAN_LEFT: "the view turned further to the left",
    CameraMove.PAN_RIGHT: "the view turned further to the right",
    CameraMove.ORBIT_LEFT: "seen from an angle further round to the left",
    CameraMove.ORBIT_RIGHT: "seen from an angle further round to the right",
    CameraMove.MOVE_LEFT: "the viewpoint moved along to the left",
    CameraMove.MOVE_RIGHT: "the viewpoint moved along to the right",
    CameraMove.STATIC: "the same framing as the start",
}


def _join(parts: Iterable[str], sep: str = ", ") -> str:
    return sep.join(dict.fromkeys(p.strip() for p in parts if p and p.strip()))


# Weather as seen from inside: through the windows, or not at all when it is fine.
WEATHER_PHRASES_INSIDE: dict[Weather, str] = {
    Weather.RAIN: "rain streaking the windows",
    Weather.STORM: "a storm raging outside the windows",
    Weather.SNOW: "snow falling past the windows",
    Weather.FOG: "fog pressing at the windows",
    Weather.WIND: "wind rattling the windows",
}


def the(name: str) -> str:
    """A place name as the object of a phrase: "the Old Lighthouse", "the Bakery"."""
    return name if name.lower().startswith("the ") else f"the {name}"


def lighting(env: EnvironmentDraft) -> str:
    """The light of an environment: its hour, its weather and the light sources named in it."""
    return _join([TIME_LIGHT[env.time], WEATHER_LIGHT[env.weather], *env.lights])


_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


# Places whose setting's look would mislead (a station is no street, a carriage no living room).
_PLACE_LOOKS: dict[str, str] = {
    "station": "a railway platform under an iron canopy, the tracks beside it",
    "train carriage": "the inside of a train carriage, rows of seats by the windows",
    "plane cabin": "the cabin of an airliner, rows of seats under the luggage bins",
    "car interior": "the inside of a car, the dashboard and the road through the windscreen",
    "ship's deck": "the deck of a ship, railings and the sea beyond",
    "theatre": "a stage under spotlights, the seats of the auditorium in shadow",
    "museum": "a museum gallery of exhibits and display cases",
    "lab": "a laboratory of benches, screens and instruments",
    "office": "an office of desks, screens and filing cabinets",
    "café": "a café with small tables, a counter and a coffee machine",
    "shop": "a shop with shelves of goods and a counter",
    "attic": "an attic under sloping rafters, old trunks and dust",
    "hallway": "a hallway with stairs and doors",
}


def place_look(env: EnvironmentDraft) -> str:
    """What the environment looks like, for image prompts: its place's own look if it has one,
    else its setting's."""
    return _PLACE_LOOKS.get(env.place.key) or SETTING_LOOKS.get(env.setting,
                                                                 SETTING_LOOKS["landscape"])


def _props(objects: list[str], setting: str, count: int) -> list[str]:
    props = list(objects)
    for extra in _SETTING_PROPS.get(setting, _SETTING_PROPS["landscape"]):
        if len(props) >= count:
            break
        props.append(extra)
    return props


def environment_description(env: EnvironmentDraft, facts: list[SceneFacts]) -> str:
    look = place_look(env)
    first = facts[env.scenes[0]]
    detail = f" Named in the script: {', '.join(env.objects)}." if env.objects else ""
    seen = f" First seen: {first.action}" if first.action else ""
    seen = seen if seen.endswith((".", "!", "?", "。")) or not seen else f"{seen}."
    weather = WEATHER_PHRASES_INSIDE.get(env.weather, "") if env.indoor \
        else WEATHER_PHRASES[env.weather]
    return f"{_join([env.name + ': ' + look, TIME_PHRASES[env.time], weather])}.{detail}{seen}"


def image_prompts(env: EnvironmentDraft) -> list[str]:
    """Ten prompts for the environment's reference images, each framed differently."""
    props = _props(env.objects, env.setting, 4)
    # "the {a}" below: the props are bare nouns, never "the a window".
    a, b, c, d = (_ARTICLE.sub("", p) for p in (props * 4)[:4])
    look = place_look(env)
    name = the(env.name)
    if env.indoor:
        framings = [
            f"Wide establishing shot of {name}, {look}",
            f"Low angle view across {name} toward the ceiling",
            f"Close-up detail of the {a} in {name}",
            f"High angle view looking down into {name}",
            f"Medium shot of {name} with the {b} in the foreground",
            f"View into {name} framed through an open doorway",
            f"Wide view of the whole of {name} from one corner",
            f"Textural detail of the {c}, shallow depth of field, {name} softly blurred behind",
            f"Symmetrical eye-level composition of {name}, centred",
            f"Over-the-shoulder view across {name} toward the {d}",
        ]
    else:
        framings = [
            f"Wide establishing shot of {name}, {look}",
            f"Low angle view of {name} rising against the sky",
            f"Close-up detail of the {a} at {name}",
            f"Aerial view over {name} and its surroundings",
            f"Medium shot of {name} with the {b} in the foreground",
            f"View of {name} framed by a dark foreground silhouette",
            f"Extreme wide panoramic view of {name}, small against the land around it",
            f"Textural detail of the {c}, shallow depth of field, {name} softly blurred behind",
            f"Symmetrical eye-level composition of {name}, centred on the horizon",
            f"Over-the-shoulder view across {name} toward the {d}",
        ]
    weather = WEATHER_PHRASES_INSIDE.get(env.weather, "") if env.indoor \
        else WEATHER_PHRASES[env.weather]
    tail = _join([TIME_PHRASES[env.time], weather, lighting(env)])
    return [f"{framing}, {tail}, cinematic, consistent art direction, no text"
            for framing in framings][:IMAGES_PER_ENVIRONMENT]


def sfx_prompt(scene: SceneFacts, env: EnvironmentDraft) -> str:
    """A sound-effect bed: weather first, then the place, then the sounds of what happens."""
    assert scene.weather is not None and scene.time is not None
    setting = env.setting
    inside = env.indoor or scene.interior
    weather = _WEATHER_SOUND_INSIDE.get(scene.weather, "") if inside \
        else _WEATHER_SOUND[scene.weather]
    if scene.weather == Weather.FOG and setting in ("coast", "harbour"):
        weather = "a distant foghorn"
    ambience = SETTING_AMBIENCE.get(setting, SETTING_AMBIENCE["landscape"])
    night = NIGHT_AMBIENCE.get(setting, "") if scene.time.value == "night" else ""
    actions = [_specific_sound(sound, scene) for sound in scene.sounds]
    parts = [weather, ambience, night, *actions]
    flat: list[str] = []
    for part in parts:
        flat += [p.strip() for p in part.split(",") if p.strip()]
    if scene.time.value == "night" or scene.weather in (Weather.STORM, Weather.RAIN):
        # Birds keep quiet in the dark and under heavy rain.
        flat = [p for p in flat if "gull" not in p and "birdsong" not in p]
    return _join(flat[:7])


def _specific_sound(sound: str, scene: SceneFacts) -> str:
    # Footsteps take the surface they fall on when the scene names one ("iron stairs").
    if sound == "footsteps":
        for item in scene.objects:
            if item.split()[-1] in ("stairs", "staircase", "ladder", "deck", "bridge", "floor"):
                return f"footsteps on {item}"
    return sound


def _shot_phrase(shot: ShotType) -> str:
    return {
        ShotType.OVER_THE_SHOULDER: "Over-the-shoulder shot",
        ShotType.AERIAL: "Aerial shot",
    }.get(shot, f"{shot.value[:1].upper()}{shot.value[1:]} shot")


def frame_prompts(scene: SceneFacts, env: EnvironmentDraft) -> tuple[str, str]:
    """Prompts for the first and the last frame of a scene."""
    assert scene.weather is not None and scene.time is not None
    look = place_look(env)
    weather = WEATHER_PHRASES_INSIDE.get(scene.weather, "") if env.indoor \
        else WEATHER_PHRASES[scene.weather]
    where = _join([the(env.name), look, TIME_PHRASES[scene.time], weather])
    props = _props(scene.objects or env.objects, env.setting, 3)[:5]
    with_props = f"Featuring {', '.join(props)}." if props else ""
    mood = f"Mood: {', '.join(scene.emotions)}." if scene.emotions else ""
    light = _join([TIME_LIGHT[scene.time], WEATHER_LIGHT[scene.weather], *scene.lights])
    action = scene.action.rstrip(".") + "." if scene.action else ""
    first = _join([f"{_shot_phrase(scene.shot)} of {where}.", action, scene.subject, with_props,
                   f"Lighting: {light}." if light else "", mood,
                   "Cinematic still, the opening frame of the shot."], " ")
    ending = scene.ending.rstrip(".") if scene.ending else ""
    state = f", {scene.end_state}" if scene.end_state else ""
    weather_now = "the weather clearing" if scene.clearing else ""
    last = _join([f"{_shot_phrase(scene.shot)} of {where}, {_END_FRAMING[scene.camera]}.",
                  f"End of the action: {ending}{state}." if ending or state else "",
                  f"{weather_now[:1].upper()}{weather_now[1:]}." if weather_now else "",
                  scene.subject, with_props, f"Lighting: {light}." if light else "",
                  "Cinematic still, the closing frame of the shot."], " ")
    return first, last


def _has_subject(text: str) -> bool:
    return bool(OBJECTS.find(text) or PLACES.find(text))


def _ending_on_the_thing(phrase: str) -> str:
    """A key phrase cut after the last thing or place it names when it runs on by one word
    (a verb: "fishing boat pitched", "sleepy cat lay") or into the next noun phrase ("waves
    the size" of houses): those read as broken titles. Longer tails ("city lights tonight")
    and a place or time after a preposition ("streets at night") stay."""
    ends = [hit.start + len(hit.phrase) for matcher in (OBJECTS, PLACES)
            for hit in matcher.finditer(phrase)]
    if not ends:
        return phrase
    end = max(ends)
    rest = [word.lower() for word in phrase[end:].split()]
    if rest and (rest[0] in _TITLE_DETERMINERS
                 or (len(rest) == 1 and rest[0] not in _TITLE_STOPWORDS)):
        return phrase[:end].rstrip()
    return phrase


_TITLE_DETERMINERS = frozenset(split_list("the a an this that these those his her its their"))
_UNSPACED_TITLE_CHARS = 12
_TITLE_STOPWORDS = frozenset(
    split_list(
        "the a an of to in on at and or since with by for from as into",
    )
)


def lead_phrase(text: str, max_words: int = 5) -> str | None:
    """The opening phrase of ``text`` (up to its first comma or stop) when it is short."""
    first = re.split(r"(?<=[.!?。！？؟])\s*", text.strip(), maxsplit=1)[0]
    phrase = re.split(r"[,;:—、，،]|\s[-–]\s", first, maxsplit=1)[0].strip(" .!?。！？؟\"'“”")
    if not phrase:
        return None
    if len(phrase.split()) == 1 and len(phrase) > 3 and not phrase.isascii():
        # Japanese or Chinese: no spaces, so keep the first dozen characters.
        return phrase[:_UNSPACED_TITLE_CHARS]
    count = len(words(phrase))
    return phrase if 2 <= count <= max_words else None


def scene_title(draft: Draft, scene: SceneFacts, language: str, taken: set[str]) -> str:
    """A short title from the scene's own words: its slugline, first phrase or main props."""
    candidates: list[str] = []
    heading = draft.heading
    if heading is not None and draft.segments[0].opens_heading:
        is_hour = bool(TIMES.find(heading.time)) or heading.time.lower() in ("day", "night")
        candidates.append(f"{heading.place}, {heading.time}" if is_hour else heading.place)
    text = draft.narration or scene.action
    if text:
        lead = lead_phrase(text)
        if lead and (_has_subject(lead) or language not in ("en", "auto")):
            candidates.append(lead)
        for phrase in keyphrases(text, language if language != "auto" else "en", size=3):
            if _has_subject(phrase):
                if language in ("en", "auto"):
                    phrase = _ending_on_the_thing(phrase)
                candidates.append(phrase[:1].upper() + phrase[1:])
    place = scene.place_name or env_default(scene)
    if heading is not None:
        candidates.append(heading.place)
    if scene.time is not None:
        candidates.append(f"{place} {TIME_PHRASES[scene.time]}")
    candidates.append(place)
    for candidate in candidates:
        candidate = candidate.strip()
        candidate = candidate[:1].upper() + candidate[1:]
        if candidate and candidate.lower() not in taken:
            taken.add(candidate.lower())
            return clip_at_word(candidate, 60)
    number = 2
    while f"{place} {number}".lower() in taken:
        number += 1
    taken.add(f"{place} {number}".lower())
    return f"{place} {number}"


def env_default(scene: SceneFacts) -> str:
    return scene.place.key.title() if scene.place else "Scene"


def plan_title(title: str | None, drafts: list[Draft]) -> str:
    """The film's title: the script's title line, its first slugline, or its first words."""
    if title:
        return clip_at_word(title, 80)
    first = drafts[0]
    if first.heading is not None:
        place = first.heading.place
        return clip_at_word(place[:1].upper() + place[1:], 80)
    text = first.narration or first.visual_text
    lead = lead_phrase(text, max_words=100) if text else None
    if not lead:
        return "Untitled"
    parts = lead.split()
    if len(parts) > 6:
        parts = parts[:6]
        while len(parts) > 1 and parts[-1].lower() in _TITLE_STOPWORDS:
            parts.pop()
    return clip_at_word(" ".join(parts), 80)


def clip_at_word(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters, cut between words (an unspaced script, such
    as Japanese, is cut between characters), without trailing punctuation."""
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    cut = head.rfind(" ")
    kept = head[:cut] if cut > 0 else text[:limit]
    return kept.rstrip(" ,;:.—–-") or text[:limit]


def plan_environment(
    env_id: str, env: EnvironmentDraft, facts: list[SceneFacts]
) -> PlanEnvironment:
    return PlanEnvironment(
        id=env_id,
        name=env.name,
        setting=env.setting,
        description=environment_description(env, facts),
        lighting=lighting(env),
        weather=env.weather,
        time_of_day=env.time,
        key_objects=list(env.objects),
        image_prompts=image_prompts(env),
    )


def plan_scene(title: str, env_id: str, draft: Draft, scene: SceneFacts,
               env: EnvironmentDraft) -> PlanScene:
    first, last = frame_prompts(scene, env)
    return PlanScene(
        title=title,
        action=scene.action,
        environment_id=env_id,
        emotions=list(scene.emotions),
        camera=scene.camera,
        shot_type=scene.shot,
        duration=draft.duration,
        time_of_day=scene.time if scene.time != env.time else None,
        weather=scene.weather if scene.weather != env.weather else None,
        sfx_prompt=sfx_prompt(scene, env),
        narration=draft.narration,
        first_frame_prompt=first,
        last_frame_prompt=last,
    )
