"""Reading each scene's picture from its text: place, hour, weather, light, props, camera, mood.

Scenes are read in order and inherit what their text leaves unsaid from the scene before (a
paragraph that says nothing of the weather is still in the storm of the last one), which is how
a reader fills the same gaps.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vidstudio.core.vocabulary import CameraMove, ShotType, TimeOfDay, Weather
from vidstudio.providers.local.art.roles import is_role
from vidstudio.providers.local.planner.keywords import key_objects
from vidstudio.providers.local.planner.language import detect_language
from vidstudio.providers.local.planner.lexicon import (
    CALMING,
    INDOOR_SETTINGS,
    LIGHTS,
    PLACES,
    SETTINGS,
    SPACE_CUES,
    SPACE_ONLY_PLACES,
    TIMES,
    WEATHER,
    WEATHER_SEVERITY,
    Place,
)
from vidstudio.providers.local.planner.lexicon_action import (
    CAMERA_WORDS,
    END_STATES,
    EXPLICIT_CAMERA,
    LEFT_RIGHT,
    MOODS,
    SHOT_WORDS,
    SOUNDS,
)
from vidstudio.providers.local.planner.lexicon_objects import MODIFIERS
from vidstudio.providers.local.planner.matcher import Matcher
from vidstudio.providers.local.planner.people import Gender, find_people, is_person
from vidstudio.providers.local.planner.segment import Heading, is_unspoken
from vidstudio.providers.local.planner.subjects import animal_pronouns, describe_subjects
from vidstudio.providers.local.planner.text import (
    WORD_RE,
    as_sentence,
    clauses,
    shorten,
    split_sentences,
    title_case,
)

if TYPE_CHECKING:
    from vidstudio.providers.local.planner.condense import Draft

_SIDED: dict[str, tuple[CameraMove, CameraMove]] = {
    "pan": (CameraMove.PAN_LEFT, CameraMove.PAN_RIGHT),
    "orbit": (CameraMove.ORBIT_LEFT, CameraMove.ORBIT_RIGHT),
    "track": (CameraMove.MOVE_LEFT, CameraMove.MOVE_RIGHT),
}
_UNSIDED: dict[str, CameraMove] = {
    "crane_up": CameraMove.CRANE_UP,
    "crane_down": CameraMove.CRANE_DOWN,
    "push_in": CameraMove.PUSH_IN,
    "pull_out": CameraMove.PULL_OUT,
    "zoom_in": CameraMove.ZOOM_IN,
    "static": CameraMove.STATIC,
}
# How a scene's mood leans the camera when its verbs leave the choice open.
_MOOD_CAMERA = {
    "tension": "push_in", "fear": "push_in", "awe": "pull_out", "loneliness": "pull_out",
    "calm": "static", "wonder": "orbit", "joy": "track", "excitement": "track",
    "determination": "push_in", "sadness": "pull_out", "mystery": "push_in",
}
_FALLBACK_MOODS: dict[Weather | TimeOfDay, str] = {
    Weather.STORM: "tension", Weather.FOG: "mystery", Weather.SNOW: "calm",
    Weather.RAIN: "melancholy", TimeOfDay.NIGHT: "mystery", TimeOfDay.DAWN: "hope",
    TimeOfDay.DUSK: "nostalgia", TimeOfDay.DAY: "calm",
}
_SHORT_WORDS = 22
INSIDE_CUE: Matcher[bool] = Matcher(
    (w, True) for w in ["back inside", "inside", "indoors", "back in the", "back indoors"]
)
_NATURAL = frozenset({"coast", "forest", "mountains", "desert", "arctic", "river", "landscape"})


@dataclass
class SceneFacts:
    """What one scene shows, read from its text (and its neighbours' where it is silent)."""

    place: Place | None
    place_name: str
    explicit_place: bool
    interior: bool
    time: TimeOfDay | None
    weather: Weather | None
    clearing: bool = False
    lights: list[str] = field(default_factory=list)
    objects: list[str] = field(default_factory=list)
    camera: CameraMove = CameraMove.STATIC
    shot: ShotType = ShotType.MEDIUM
    emotions: list[str] = field(default_factory=list)
    action: str = ""
    ending: str = ""
    end_state: str = ""
    sounds: list[str] = field(default_factory=list)
    words: str = ""  # the scene's text, kept for the environment's keyphrases
    subject: str = ""  # "Subject: a woman in a red raincoat, walking." for the frame prompts


def is_space_story(sample: str) -> bool:
    """Whether the script happens in space (then "station" and "Earth" are places up there)."""
    return len({hit.phrase.lower() for hit in SPACE_CUES.finditer(sample)}) >= 2


def _best_setting(hits: list[tuple[Place, float]]) -> Place | None:
    if not hits:
        return None
    totals: defaultdict[str, float] = defaultdict(float)
    places: dict[str, Place] = {}
    for place, weight in hits:
        totals[place.key] += weight
        places.setdefault(place.key, place)
    key = max(totals, key=lambda k: (totals[k], -SETTINGS.index(places[k].setting)))
    return places[key]


# A place said as a wish or a plan, not where the scene is ("we'll be home by nightfall",
# "she wants to go to the beach").
_WISHED = re.compile(r"(?:['’]ll|\b(?:will|shall|would|going to|gonna|wants? to|hopes? to|"
                     r"longs? to))\s+(?:be|go|get|head|come|run|sail|fly)\s+(?:back\s+)?"
                     r"(?:(?:to|at|in|into|inside)\s+)?(?:(?:the|a|an|my|our|his|her|their)\s+)?"
                     r"(?:[a-z-]+\s+)?$", re.IGNORECASE)


def _place_hits(text: str, space: bool, people: dict[str, Gender] | None = None
                ) -> list[tuple[Place, float, int, str]]:
    found: list[tuple[Place, float, int, str]] = []
    for hit in PLACES.finditer(text):
        if people and is_person(text, hit.start, hit.end, people):
            continue  # "Marina walks": a woman, not a harbour
        if _WISHED.search(text[max(0, hit.start - 40):hit.start]):
            continue  # "we'll be home by the turn of the day": where they are not yet
        if re.match(r"['’]s\s", text[hit.end:hit.end + 3]):
            continue  # "the lab's blue curtain round his neck": whose, not where
        place = hit.value
        if space and place.key == "station":
            place = Place("space station", "space", 2.0)
        found.append((place, place.weight, hit.start, hit.phrase))
    if space:
        found += [(h.value, h.value.weight, h.start, h.phrase)
                  for h in SPACE_ONLY_PLACES.finditer(text)]
    return found


def _place_name(text: str, start: int, phrase: str, place: Place) -> str:
    if not all(ch.isascii() or (ch.isalpha() and ord(ch) < 0x250) for ch in phrase):
        return title_case(place.key.upper())
    before = text[max(0, start - 20) : start].split()
    name = phrase.lower()
    if before and before[-1].lower() in MODIFIERS:
        name = f"{before[-1].lower()} {name}"
    if place.key == "space station" and "station" in name and "space" not in name:
        name = "space station"
    return title_case(name.upper())


def _sources(draft: Draft) -> list[str]:
    """Texts to read the picture from, most trusted first.

    A scene told from one passage is read from all of it (the narration may have left out the
    line that says it is night); one told from several is read from what is said first, so the
    picture matches the words.
    """
    if len(draft.focus) > 1 and draft.narration:
        return [draft.narration, draft.visual_text]
    return [draft.visual_text]


def _is_indoor(place: Place) -> bool:
    return place.setting in INDOOR_SETTINGS or place.key == "space station"


def _read_place(draft: Draft, heading: Heading | None, history: list[Place], space: bool,
                people: dict[str, Gender]) -> tuple[Place | None, str, bool | None]:
    """The scene's place, its display name, and whether it is inside, when the text says so."""
    text = draft.visual_text
    previous = history[-1] if history else None
    if heading is not None and heading.interior is not None:
        hits = _place_hits(heading.place, space)
        found = _best_setting([(p, w) for p, w, _, _ in hits])
        if found is None:
            body = _best_setting([(p, w) for p, w, _, _ in _place_hits(text, space, people)])
            setting = body.setting if body else ("interior" if heading.interior else "landscape")
        else:
            setting = found.setting
        if heading.interior and setting not in INDOOR_SETTINGS | {"space"}:
            setting = "interior"
        elif not heading.interior and setting in INDOOR_SETTINGS:
            setting = "city"
        key = " ".join(w for w in heading.place.lower().split() if w not in ("the", "a", "an"))
        return Place(key, setting, 3.0), heading.place, heading.interior
    sources = _sources(draft)
    if heading is not None and _place_hits(heading.place, space, people):
        sources = [heading.place]
    source, hits = sources[-1], []
    for candidate in sources:
        hits = _place_hits(candidate, space, people)
        if hits:
            source = candidate
            break
    goes_inside = INSIDE_CUE.first(source[:60]) is not None
    indoors = [p for p in reversed(history) if _is_indoor(p)]
    if goes_inside and indoors and not any(_is_indoor(p) for p, _, _, _ in hits):
        # "Back inside, ..." returns to the last indoor place even when a window shows a planet.
        return indoors[0], "", True
    if goes_inside and not hits and previous is not None and previous.key.startswith("outside "):
        # "Come inside": into the building the scene before stood outside of.
        return Place(previous.key.removeprefix("outside "), "interior", previous.weight), "", True
    if not hits:
        return None, "", None
    first_sentence_end = source.find(". ")
    weighted: list[tuple[Place, float]] = []
    for place, weight, start, _ in hits:
        early = 1.3 if first_sentence_end < 0 or start < first_sentence_end else 1.0
        weighted.append((place, weight * early))
    if previous is not None and any(p.key == previous.key for p, _ in weighted):
        weighted.append((previous, 1.0))  # continuity: a place still named is still the place
    chosen = _best_setting(weighted)
    assert chosen is not None  # hits is not empty
    own = [h for h in hits if h[0].key == chosen.key]
    place, weight, start, phrase = max(own, key=lambda h: h[1]) if own else (chosen, 0, 0, "")
    if weight < 1.0:
        # A hint such as "swells" says where we are but is no name for the place.
        return chosen, title_case(chosen.key.upper()), None
    if chosen.setting in INDOOR_SETTINGS and (_OUTSIDE_OF.search(source[max(0, start - 40):start])
                                              or _OPENS_OUTSIDE.match(source)):
        # "paces outside the little stone church": the scene is in front of the building,
        # which it shows, in the open air of the last outdoor place (else the countryside);
        # so is "Outside there is a barn with a workshop": the workshop is in what is seen.
        outdoor = next((p.setting for p in reversed(history) if not _is_indoor(p)), "landscape")
        return Place(f"outside {chosen.key}", outdoor, chosen.weight), \
            _place_name(source, start, phrase, place), False
    return chosen, _place_name(source, start, phrase, place), None


# A scene that opens on going in ("Come inside, quietly now.", "We step inside.").
_GOES_IN = re.compile(r"\W*(?:(?:come|go|step|we go|we step|let's go|they go)\s+)?"
                      r"(?:back\s+)?(?:inside|indoors|in)\b(?!\s+(?:the|a|an|his|her)\b)",
                      re.IGNORECASE)
# A scene that opens on being out of doors ("Outside, ...", "Out in the yard there is ...").
_OPENS_OUTSIDE = re.compile(r"\s*(?:outside|outdoors|out of doors|out in the (?:yard|garden))\b",
                            re.IGNORECASE)
# "outside the little stone church", "outside St Mary's church", "in front of Gran's cottage".
_OUTSIDE_OF = re.compile(r"\b(?:outside|in front of|before|facing)\s+(?:(?:the|a|an|his|her|their|"
                         r"our|my)\s+|(?:[\w.]+\s+)?\w+['’]s\s+)(?:[a-z-]+\s+){0,2}$",
                         re.IGNORECASE)


def _read_time(draft: Draft, heading: Heading | None) -> TimeOfDay | None:
    if heading is not None and heading.time:
        found = TIMES.values(heading.time)
        if found:
            return found[-1]
        if "day" in heading.time.lower().split():
            return TimeOfDay.DAY
    if heading is not None and heading.interior is None:
        found = TIMES.values(heading.place)
        if found:
            return found[-1]
    # The last hour named wins: "The storm had built since noon. By nightfall, ..." is night.
    for source in _sources(draft):
        found = TIMES.values(source)
        if found:
            return found[-1]
    return None


def _read_weather(text: str) -> tuple[Weather | None, bool]:
    """The weather named in ``text``, and whether it is clearing ("the wind fell away")."""
    active: Counter[Weather] = Counter()
    calmed = False
    for hit in WEATHER.finditer(text):
        after = text[hit.end : hit.end + 40]
        calming = CALMING.first(after)
        if calming is not None and len(WORD_RE.findall(after[: calming.start])) <= 3:
            calmed = True
        else:
            active[hit.value] += 1
    if active:
        top = max(active.values())
        return next(w for w in WEATHER_SEVERITY if active[w] == top), False
    return (Weather.CLEAR, True) if calmed else (None, False)


def _camera(draft: Draft, moods: list[str], index: int, count: int, previous: CameraMove | None
            ) -> CameraMove:
    text = draft.visual_text
    explicit = EXPLICIT_CAMERA.values(text)
    if explicit:
        return explicit[0]
    scores: defaultdict[str, float] = defaultdict(float)
    for hit in CAMERA_WORDS.finditer(draft.narration):
        scores[hit.value] += 1.5
    for hit in CAMERA_WORDS.finditer(text):
        scores[hit.value] += 1.0
    for mood in moods[:2]:
        if mood in _MOOD_CAMERA:
            scores[_MOOD_CAMERA[mood]] += 0.5
    if index == 0:
        scores["push_in"] += 0.4  # an opening draws the viewer in
    if index == count - 1 and count > 1:
        scores["pull_out"] += 0.8  # an ending lets go
    if not scores:
        scores["push_in" if index % 2 == 0 else "track"] += 0.1
    best = max(scores.values())
    tied = [intent for intent, score in scores.items() if score >= best - 1e-9]
    intent = tied[0]
    if len(tied) > 1 and previous is not None:
        for option in tied:
            if _resolve(option, text, index) != previous:
                intent = option
                break
    return _resolve(intent, text, index)


def _resolve(intent: str, text: str, index: int) -> CameraMove:
    if intent in _UNSIDED:
        return _UNSIDED[intent]
    sides = LEFT_RIGHT.values(text)
    # Without a side in the text, alternate between scenes so consecutive moves do not repeat.
    side = sides[0] if sides else ("right" if index % 2 == 0 else "left")
    left, right = _SIDED[intent]
    return left if side == "left" else right


def _shot(draft: Draft, place: Place | None, index: int, previous: ShotType | None) -> ShotType:
    scores: defaultdict[ShotType, float] = defaultdict(float)
    for hit in SHOT_WORDS.finditer(draft.narration):
        scores[hit.value] += 1.0
    for hit in SHOT_WORDS.finditer(draft.visual_text):
        scores[hit.value] += 0.5
    if any(p.kind == "dialogue" for s in draft.focus for p in s.passages):
        scores[ShotType.OVER_THE_SHOULDER] += 1.0
    if place is not None and place.key == "orbit":
        scores[ShotType.AERIAL] += 1.0
    if index == 0:
        natural = place is not None and place.setting in _NATURAL
        scores[ShotType.EXTREME_WIDE if natural else ShotType.WIDE] += 1.2
    scores[ShotType.MEDIUM] += 0.6  # people doing things: the default framing
    best = max(scores.values())
    tied = [shot for shot, score in sorted(scores.items(), key=lambda item: -item[1])
            if score >= best - 1e-9]
    if len(tied) > 1 and previous in tied:
        tied.remove(previous)
    return tied[0]


def _moods(text: str) -> list[str]:
    counts = Counter(MOODS.values(text))
    return [mood for mood, _ in counts.most_common(3)]


def _sentences(draft: Draft, language: str) -> list[str]:
    return [s for seg in draft.focus for p in seg.passages
            for s in split_sentences(p.text, language)]


def _shown(draft: Draft, language: str) -> list[str]:
    """Sentences of the scene's written directions ("[A lion walks onto the road.]"): what the
    script asks to see, the best source for the picture when it has them."""
    out: list[str] = []
    for segment in draft.segments:
        for kind, text in segment.directions:
            if kind == "visual":
                out += [s for s in split_sentences(text, language) if len(s.split()) >= 3]
    return out


def _busy(text: str) -> float:
    return len(CAMERA_WORDS.find(text)) + 0.5 * len(SOUNDS.find(text))


def _place_sentence(sentences: list[str], name: str, heading: Heading | None) -> str:
    """The sentence of the scene's body that names its place (not a heading's), or ""."""
    if not name or (heading is not None and heading.interior is not None):
        return ""
    words = [re.compile(rf"\b{re.escape(w)}", re.IGNORECASE) for w in name.split()]
    return next((s for s in sentences if all(w.search(s) for w in words)), "")


def _action(sentences: list[str]) -> str:
    """The sentence (or, in a long one, the clause) where most happens, in the script's words."""
    if not sentences:
        return ""
    best = max(sentences, key=_busy)
    if len(best.split()) > _SHORT_WORDS:
        best = max(clauses(best), key=_busy)
    return as_sentence(shorten(best, 35)).rstrip(".")


def _ending(sentences: list[str]) -> str:
    """How the scene ends: its last sentence, or the last clauses of a long one."""
    if not sentences:
        return ""
    last = sentences[-1]
    if len(last.split()) > _SHORT_WORDS:
        kept: list[str] = []
        for piece in reversed(clauses(last)):
            if kept and len(" ".join([piece, *kept]).split()) > _SHORT_WORDS:
                break
            kept.insert(0, piece)
        last = " ".join(kept)
    return as_sentence(shorten(last, 35)).rstrip(".")


def read_scenes(drafts: list[Draft], language: str, sample: str) -> list[SceneFacts]:
    """Facts for each draft, in order, gaps filled from the neighbouring scenes."""
    space = is_space_story(sample)
    people = find_people(sample)
    pronouns = animal_pronouns(sample)
    facts: list[SceneFacts] = []
    previous: SceneFacts | None = None
    history: list[Place] = []
    for index, draft in enumerate(drafts):
        heading = draft.heading
        text = draft.visual_text
        place, name, interior = _read_place(draft, heading, history, space, people)
        if place is not None and heading is None and interior is None and _is_indoor(place) \
                and index + 1 < len(drafts) and _GOES_IN.match(drafts[index + 1].visual_text):
            # The next scene opens "Come inside": this one is outside the building, which
            # it shows, in the open air of the last outdoor place (else the countryside).
            outdoor = next((p.setting for p in reversed(history) if not _is_indoor(p)),
                           "landscape")
            place, interior = Place(f"outside {place.key}", outdoor, place.weight), False
        if place is not None and not name:
            name = next((f.place_name for f in reversed(facts) if f.place == place), "")
        if place is not None:
            history.append(place)
        time = _read_time(draft, heading)
        weather, clearing = _read_weather(text)
        if place is not None and place.setting == "space":
            weather, clearing = Weather.CLEAR, False  # no weather in orbit
        emotions = _moods(text)
        shown = _shown(draft, language)
        told = _sentences(draft, language)
        # "Quick cuts between ..." says how to cut, a plain description says what is seen.
        described = [x for x in shown if not is_unspoken(x)]
        sentences = described or shown or told
        exclude = frozenset({place.key} if place else set())
        text_language = detect_language(text) if language == "auto" else language
        scene = SceneFacts(
            place=place,
            place_name=name,
            explicit_place=place is not None,
            interior=bool(interior) if interior is not None else (
                place is not None and place.setting in INDOOR_SETTINGS),
            time=time,
            weather=weather,
            clearing=clearing,
            lights=list(dict.fromkeys(LIGHTS.values(text)))[:3],
            objects=key_objects(text, text_language, exclude=exclude),
            emotions=emotions,
            action=_action(sentences),
            ending=_ending(sentences),
            end_state=(END_STATES.values(text) or [""])[-1],
            sounds=list(dict.fromkeys([*draft.sound_notes, *SOUNDS.values(text)])),
            words=text,
        )
        # Someone who speaks in the scene by their role ("WAITER: Your wine, madame.") is there,
        # named right after the scene's action; what a sound direction says is heard, not seen.
        speakers = [f"The {name} speaks." for name in dict.fromkeys(
            p.speaker.lower() for seg in draft.focus for p in seg.passages
            if p.kind == "dialogue" and p.speaker) if is_role(name)]
        action_first = [scene.action, *speakers, *[
            s for s in shown + told if s.rstrip(".") != scene.action
            and not s.lower().startswith(("sound:", "sfx:", "sound effect"))]]
        where = _place_sentence(sentences, name, heading) if place is not None else ""
        if where and where.rstrip(".") != scene.action:
            # The sentence that says where the scene is shows it ("Two policemen and I arrested
            # him at the fish market ..."), before the busiest one, which may tell of elsewhere.
            action_first = [where, *[s for s in action_first if s != where]]
        scene.subject = describe_subjects(action_first, people,
                                          setting=place.setting if place else "",
                                          pronouns=pronouns)
        scene.camera = _camera(draft, emotions, index, len(drafts),
                               previous.camera if previous else None)
        scene.shot = _shot(draft, place, index, previous.shot if previous else None)
        facts.append(scene)
        previous = scene if place is not None or previous is None else _carry(scene, previous)
    _fill_gaps(facts)
    for before, scene in itertools.pairwise(facts):
        # A line of dialogue in the same place keeps the speaker on screen.
        if not scene.subject and before.subject and before.place == scene.place:
            scene.subject = before.subject
    for scene in facts:
        # A scene whose words carry no mood takes one from its weather and hour.
        for fallback in (scene.weather, scene.time):
            mood = _FALLBACK_MOODS.get(fallback) if fallback is not None else None
            if len(scene.emotions) < 2 and mood is not None and mood not in scene.emotions:
                scene.emotions.append(mood)
    return facts


def _carry(scene: SceneFacts, previous: SceneFacts) -> SceneFacts:
    """A scene that names no place is taken to stay where the last one was."""
    scene.place, scene.place_name, scene.interior = previous.place, previous.place_name, \
        previous.interior
    return scene


def _opens_with_time(text: str) -> bool:
    """Whether the text starts on an hour ("That night, ...", "At dawn ...")."""
    hit = TIMES.first(text[:60])
    return hit is not None and len(text[: hit.start].split()) <= 2


def _fill_gaps(facts: list[SceneFacts]) -> None:
    """Fill unnamed places, hours and weather from the nearest scene that names them."""
    for attribute in ("place", "time", "weather"):
        known = [i for i, f in enumerate(facts) if getattr(f, attribute) is not None]
        for index, scene in enumerate(facts):
            if getattr(scene, attribute) is not None:
                continue
            if not known:
                continue
            # The scene before wins (the story carries on); an opening scene may take a later
            # one's, but only of the same place and not across a time cue ("That night, ...").
            earlier = [i for i in known if i < index]
            source = facts[earlier[-1] if earlier else min(known, key=lambda i: abs(i - index))]
            if not earlier and attribute != "place" and (
                source.place != scene.place or _opens_with_time(source.words)
            ):
                continue
            if attribute == "weather" and source.place != scene.place and source.time != scene.time:
                continue  # a new place at another hour need not share the old weather
            setattr(scene, attribute, getattr(source, attribute))
            if attribute == "place":
                scene.place_name, scene.interior = source.place_name, source.interior
            if attribute == "weather" and source.clearing:
                scene.weather = Weather.CLEAR
    for scene in facts:
        if scene.time is None:
            scene.time = TimeOfDay.DAY
        if scene.weather is None:
            scene.weather = Weather.CLEAR
