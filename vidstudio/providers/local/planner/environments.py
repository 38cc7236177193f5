"""Grouping scenes into environments: one per place, at most N, the rarest merged away.

Scenes naming the same place share an environment. When a script visits more places than the
project allows, the place used by the fewest scenes is folded into the one it most resembles
(same setting, both indoors or both out, the same hour and weather, shared props, next door in
the story), until the count fits.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vidstudio.core.vocabulary import TimeOfDay, Weather
from vidstudio.providers.local.planner.lexicon import (
    INDOOR_SETTINGS,
    INTERIOR_WORDS,
    WEATHER_SEVERITY,
    Place,
)
from vidstudio.providers.local.planner.text import title_case

if TYPE_CHECKING:
    from vidstudio.providers.local.planner.extract import SceneFacts

MAX_OBJECTS = 5


@dataclass
class EnvironmentDraft:
    """An environment being formed: its place and the scenes (by index) set in it."""

    place: Place
    name: str
    scenes: list[int] = field(default_factory=list)
    time: TimeOfDay = TimeOfDay.DAY
    weather: Weather = Weather.CLEAR
    objects: list[str] = field(default_factory=list)
    lights: list[str] = field(default_factory=list)

    @property
    def setting(self) -> str:
        return self.place.setting

    @property
    def indoor(self) -> bool:
        return self.place.setting in INDOOR_SETTINGS


def _fallback_place(facts: list[SceneFacts]) -> tuple[Place, str]:
    """Where a script that names no place happens: indoors if it says so, else open country."""
    votes = Counter(INTERIOR_WORDS.values(" ".join(f.words for f in facts)))
    if votes[True] > votes[False]:
        return Place("room", "interior", 1.0), "Room"
    return Place("landscape", "landscape", 1.0), "Open Landscape"


_FAMILY = {
    **dict.fromkeys(("city", "harbour", "market", "rooftop", "highway"), "town"),
    **dict.fromkeys(("coast", "forest", "mountains", "desert", "river", "landscape", "arctic"),
                    "wild"),
    **dict.fromkeys(("interior", "workshop"), "indoor"),
}


def _similarity(a: EnvironmentDraft, b: EnvironmentDraft) -> float:
    score = 3.0 if a.setting == b.setting else 0.0
    score += 1.0 if a.indoor == b.indoor else 0.0
    family_a, family_b = _FAMILY.get(a.setting, ""), _FAMILY.get(b.setting, "")
    if family_a and family_a == family_b:
        # Town places blend (a harbour street), so do wild ones; two rooms rarely look alike.
        score += 0.3 if family_a == "indoor" else 1.0
    score += 0.5 if a.time == b.time else 0.0
    score += 0.5 if a.weather == b.weather else 0.0
    shared = set(a.objects) & set(b.objects)
    union = set(a.objects) | set(b.objects)
    score += len(shared) / len(union) if union else 0.0
    if any(abs(i - j) == 1 for i in a.scenes for j in b.scenes):
        score += 0.3
    return score


def _summarise(env: EnvironmentDraft, facts: list[SceneFacts]) -> None:
    """The environment's hour, weather, props and lights, by majority of its scenes."""
    scenes = [facts[i] for i in env.scenes]
    times = Counter(s.time for s in scenes if s.time is not None)
    if times:
        top = max(times.values())
        env.time = next(s.time for s in scenes if s.time is not None and times[s.time] == top)
    weathers = Counter(s.weather for s in scenes if s.weather is not None)
    if weathers:
        top = max(weathers.values())
        env.weather = next(w for w in WEATHER_SEVERITY if weathers[w] == top)
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for order, scene in enumerate(scenes):
        for rank, item in enumerate(scene.objects):
            counts[item] += 1
            first.setdefault(item, order * 100 + rank)
    ranked = sorted(counts, key=lambda item: (-counts[item], first[item]))
    objects: list[str] = []
    for item in ranked:
        if not any(item.split()[-1] == other.split()[-1] for other in objects):
            objects.append(item)
    env.objects = objects[:MAX_OBJECTS]
    lights = dict.fromkeys(light for s in scenes for light in s.lights)
    if env.time in (TimeOfDay.DAWN, TimeOfDay.DAY):
        # Moon and stars named in a night scene do not light the place by day.
        lights = dict.fromkeys(x for x in lights if "moon" not in x and "star" not in x)
    env.lights = list(lights)[:3]


def build_environments(
    facts: list[SceneFacts], max_environments: int
) -> tuple[list[EnvironmentDraft], list[int], list[tuple[str, str]]]:
    """Environments for the scenes, the index of each scene's environment, and the places
    folded into another one (name, into name) to fit the limit.

    Args:
        facts: the scenes' facts, in order; a scene without a place joins a fallback place.
        max_environments: the most environments allowed (at least 1).
    """
    fallback: tuple[Place, str] | None = None
    merged: list[tuple[str, str]] = []
    envs: list[EnvironmentDraft] = []
    by_key: dict[tuple[str, bool], EnvironmentDraft] = {}
    for index, scene in enumerate(facts):
        if scene.place is None:
            fallback = fallback or _fallback_place(facts)
            scene.place, scene.place_name = fallback
            scene.interior = fallback[0].setting in INDOOR_SETTINGS
        # The inside of a place first seen from outside (EXT. then INT. DINER) is a room of
        # its own, not the street in front of it.
        indoor = scene.place.setting in INDOOR_SETTINGS
        key = (scene.place.key, indoor)
        if key not in by_key:
            name = scene.place_name or title_case(scene.place.key.upper())
            if (scene.place.key, not indoor) in by_key:
                name = f"{name} ({'inside' if indoor else 'outside'})"
            by_key[key] = EnvironmentDraft(place=scene.place, name=name)
            envs.append(by_key[key])
        by_key[key].scenes.append(index)
    for env in envs:
        _summarise(env, facts)
    while len(envs) > max(1, max_environments):
        words = {id(e): sum(len(facts[i].words) for i in e.scenes) for e in envs}
        # The two most alike places become one (two streets, not a casino and a savanna); among
        # equally alike pairs the least used place goes into the more used one.
        best: tuple[float, int, int, int] | None = None
        pair: tuple[EnvironmentDraft, EnvironmentDraft] | None = None
        for victim in envs:
            for target in envs:
                if target is victim:
                    continue
                rank = (_similarity(victim, target), -len(victim.scenes), -words[id(victim)],
                       len(target.scenes))
                if best is None or rank > best:
                    best, pair = rank, (victim, target)
        assert pair is not None
        victim, target = pair
        target.scenes = sorted(target.scenes + victim.scenes)
        envs.remove(victim)
        merged.append((victim.name, target.name))
        _summarise(target, facts)
    assignment = [0] * len(facts)
    for env_index, env in enumerate(envs):
        for scene_index in env.scenes:
            assignment[scene_index] = env_index
    return envs, assignment, merged
