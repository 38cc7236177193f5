"""The sound library and the choice of layers for a prompt.

Every sound has a name, the generator that synthesises it, the words (with synonyms) that ask for
it, and whether it fills time on its own (a *continuous* sound) or happens now and then (thunder,
footsteps, bells). :func:`choose_layers` scores the prompt and the environment against the
keywords and returns one to three layers, always including something continuous, so a bed is
never silence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from vidstudio.core.vocabulary import TimeOfDay, Weather
from vidstudio.providers.local.sfx import mechanical, nature, urban
from vidstudio.providers.local.sfx.dsp import Signal

if TYPE_CHECKING:
    from vidstudio.providers.base import EnvironmentSpec

Generator = Callable[[np.random.Generator, int, int, str], Signal]

MAX_LAYERS = 3


@dataclass(frozen=True)
class SoundDef:
    """One sound of the library.

    Attributes:
        keywords: words that ask for it. A plain word also matches its simple inflections
            (``wave`` -> ``waves``); ``stem*`` matches any word starting with ``stem``; words
            separated by spaces match that phrase.
        continuous: it fills time on its own and can carry a scene alone.
        supersedes: sounds it already contains (a storm has rain, wind and thunder in it).
    """

    name: str
    generator: Generator
    keywords: tuple[str, ...]
    continuous: bool = True
    supersedes: tuple[str, ...] = ()


LIBRARY: dict[str, SoundDef] = {
    s.name: s
    for s in (
        SoundDef("storm", nature.storm,
                 ("storm*", "tempest", "gale", "hurricane", "typhoon", "squall*", "cyclone",
                  "thunderstorm*"), supersedes=("rain", "wind", "thunder")),
        SoundDef("rain", nature.rain,
                 ("rain", "rainy", "rainfall", "rainstorm", "rainwater", "drizzl*", "downpour",
                  "shower", "raindrop*", "monsoon", "wet", "puddle", "umbrella", "pouring")),
        SoundDef("thunder", nature.thunder,
                 ("thunder*", "lightning", "thunderclap*"), continuous=False),
        SoundDef("waves", nature.waves,
                 ("wave", "ocean*", "sea", "seas", "seaside", "surf", "shore*", "beach*", "coast*",
                  "harbor*", "harbour*", "quay*", "pier", "dock*", "port", "tide*", "swell",
                  "swells", "breakers", "lighthouse", "cliff*", "bay", "seafront", "boat",
                  "fishing boat", "ship", "sailing", "surfer")),
        SoundDef("river", nature.river,
                 ("river*", "stream", "brook", "brooks", "creek*", "waterfall*", "rapids", "canal*",
                  "fountain*", "trickl*", "babbling", "running water", "flowing water")),
        SoundDef("wind", nature.wind,
                 ("wind", "windy", "breeze*", "gust*", "blustery", "howling", "blizzard",
                  "desert*", "dune*", "mountain*", "summit", "ridge", "peak", "tundra", "moor",
                  "moors", "moorland", "plains", "prairie", "steppe", "windswept", "draught",
                  "draft")),
        SoundDef("birds", nature.birds,
                 ("bird*", "songbird*", "chirp*", "tweet*", "robin*", "sparrow*", "finch*",
                  "forest*", "wood", "woods", "woodland*", "garden*", "park", "meadow*",
                  "orchard*", "grove", "jungle", "spring morning", "dawn chorus")),
        SoundDef("insects", nature.insects,
                 ("insect*", "cricket*", "cicada*", "katydid*", "grasshopper*", "bug", "bugs",
                  "swamp*", "marsh", "marshes", "marshland", "bayou", "summer night", "firefl*")),
        SoundDef("fire", nature.fire,
                 ("fire", "fires", "campfire*", "fireplace*", "hearth", "flame*", "burning",
                  "blaze", "bonfire*", "crackl*", "embers", "forge", "torch*", "wood stove")),
        SoundDef("market", urban.market,
                 ("market", "markets", "bazaar*", "vendor*", "stall", "stalls", "merchant*",
                  "haggl*", "souk*", "fair", "fairground", "trader*", "seller*", "marketplace*",
                  "shoppers"),
                 supersedes=("crowd",)),
        SoundDef("crowd", urban.crowd,
                 ("crowd*", "people", "audience", "murmur*", "chatter*", "cafe*", "café*",
                  "restaurant*", "bar", "pub", "party", "plaza", "square", "gathering",
                  "festival*", "train station", "railway station", "bus station", "concourse",
                  "terminal", "lobby", "tavern*", "conversation*", "spectators")),
        SoundDef("traffic", urban.traffic,
                 ("traffic", "car", "cars", "street*", "road*", "highway*", "avenue*",
                  "intersection*", "taxi*", "downtown", "boulevard*", "city", "cities",
                  "urban", "rush hour", "bus", "buses", "motorway")),
        SoundDef("space_hum", mechanical.space_hum,
                 ("space station", "space", "spaceship*", "spacecraft", "starship*", "orbit*",
                  "astronaut*", "airlock*", "cockpit", "satellite*", "zero g", "module",
                  "capsule", "rocket*", "bridge of the ship", "cupola", "tether*",
                  "spacewalk*", "spacesuit*", "space suit", "solar array", "planet*",
                  "weightless*", "mission control")),
        SoundDef("engine", mechanical.engine,
                 ("engine", "motor", "motors", "truck*", "tractor*", "idling", "locomotive*",
                  "train", "trains", "motorbike*", "motorcycle*", "generator*", "propeller*",
                  "outboard", "diesel", "chugging")),
        SoundDef("footsteps", mechanical.footsteps,
                 ("footstep*", "walk", "walked", "walking", "walks", "climb*", "stair*",
                  "staircase*", "ladder*", "pace", "paced", "pacing", "marched", "marching",
                  "stride*", "tread*", "tiptoe*", "steps", "strode", "stepped"),
                 continuous=False),
        SoundDef("machinery", mechanical.machinery,
                 ("machine*", "machinery", "factory", "factories", "workshop*", "mill",
                  "gear", "gears", "piston*", "conveyor*", "industrial", "clockwork",
                  "printing press", "pump", "pumps", "mechanism*", "assembly line", "lathe*",
                  "foundry", "engine room"), continuous=False),
        SoundDef("bells", mechanical.bells,
                 ("bell", "bells", "church*", "chime*", "toll*", "cathedral*", "belfry",
                  "carillon", "temple*", "gong*", "clock tower", "buoy", "buoys", "monastery"),
                 continuous=False),
        SoundDef("room_tone", urban.room_tone,
                 ("room", "indoors", "inside", "interior", "office", "library", "libraries",
                  "kitchen*", "bedroom*", "hallway*", "corridor*", "study", "apartment*",
                  "cabin", "laboratory", "lab", "cellar*", "attic*", "museum*", "classroom*")),
    )
}

# Bed sounds: the quiet continuous layer added when nothing chosen fills time by itself.
BED_INDOOR = "room_tone"
BED_OUTDOOR = "wind"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_OUTDOOR_WORDS = _words(
    "outside outdoors outdoor street streets forest woods field fields meadow sea ocean beach "
    "shore coast harbor harbour quay pier mountain mountains desert sky hill hills valley garden "
    "park road river lake cliff cliffs deck gallery rooftop roof yard farm countryside pass "
    "jungle island dunes plain plains ext"  # "EXT." opens an outdoor screenplay scene
)
_INDOOR_WORDS = _words(
    "inside indoors interior room rooms hall kitchen library office house home cabin bedroom "
    "corridor hallway lab laboratory church cathedral shop store cafe restaurant bar pub "
    "museum cellar attic basement stairwell staircase tower lamp lantern station cockpit "
    "classroom studio apartment bakery int"  # "INT." opens an indoor screenplay scene
)
_NATURE_WORDS = _words(
    "forest woods woodland field fields meadow garden park jungle swamp marsh countryside farm "
    "valley hill hills grass orchard grove lake riverbank clearing prairie"
)
_NEGATIONS = _words("no without not never nor")
# Inflected look-alikes that mean something else ("marketing" is no market, "waving" no wave).
_FALSE_FRIENDS = _words(
    "marketing parking training trained waved waving fired firing streaming streamed "
    "barred barring ported porting"
)
# Phrases whose words would otherwise ask for the wrong sound.
_REWRITES = {"car park": "car lot", "ball park": "stadium", "theme park": "funfair"}

# Variant hints: the first matching word of each group picks that variant of the sound.
_VARIANTS: dict[str, tuple[tuple[str, frozenset[str]], ...]] = {
    "rain": (("light", _words("light drizzle drizzling gentle soft misty spitting")),
             ("heavy", _words("heavy downpour pouring torrential hammered hammering lashing "
                              "pelting hammers driving"))),
    "wind": (("gentle", _words("gentle light soft breeze breezy calm")),
             ("strong", _words("strong howling gale fierce blustery roaring gusting blizzard"))),
    "thunder": (("near", _words("near close crack clap overhead deafening")),),
    "crowd": (("small", _words("small few couple quiet handful")),),
    "bells": (("chime", _words("chime chimes chiming small tinkling sleigh handbell")),),
    "river": (("trickle", _words("trickle trickling brook creek rivulet")),),
}
_METAL = _words("iron metal steel gangway catwalk grate grating spiral")
_GRAVEL = _words("gravel snow pebbles shingle crunching")
_WOOD = _words("wood wooden floorboards boards deck pier dock planks")
_STAIRS = _words("stairs stair staircase stairway climb climbs climbed climbing ladder")


@dataclass(frozen=True)
class LayerSpec:
    """One layer to render: which sound, its level relative to the mix target, its variant."""

    name: str
    gain_db: float = 0.0
    variant: str = ""


@dataclass(frozen=True)
class LayerChoice:
    """The layers chosen for a request and the words that chose them (for the user to see)."""

    layers: tuple[LayerSpec, ...]
    reasons: dict[str, list[str]] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return [layer.name for layer in self.layers]


def tokenize(text: str) -> list[str]:
    """Lower-case words (letters, digits, apostrophes dropped), accents kept."""
    return re.findall(r"[^\W\d_]+", text.lower().replace("'", ""))


def _inflections(word: str) -> set[str]:
    forms = {word, word + "s", word + "es"}
    if word.endswith("y"):
        forms.add(word[:-1] + "ies")
    # Verb endings only on longer words: "car" must not match "cared" nor "card".
    if len(word) >= 4:
        if word.endswith("e"):
            forms |= {word + "d", word[:-1] + "ing"}
        else:
            forms |= {word + "ed", word + "ing"}
    return forms


def _matches(keyword: str, tokens: list[str], joined: str) -> list[int]:
    """Token indices where ``keyword`` matches (the first word's index for a phrase)."""
    if " " in keyword:
        words = keyword.split()
        return [i for i in range(len(tokens) - len(words) + 1)
                if tokens[i:i + len(words)] == words] if f" {keyword} " in joined else []
    if keyword.endswith("*"):
        stem = keyword[:-1]
        return [i for i, tok in enumerate(tokens) if tok.startswith(stem)]
    forms = _inflections(keyword)
    return [i for i, tok in enumerate(tokens) if tok in forms]


def _negated(tokens: list[str], index: int) -> bool:
    return any(tok in _NEGATIONS for tok in tokens[max(0, index - 2):index])


def score_text(text: str, weight: float, scores: dict[str, float],
               reasons: dict[str, list[str]]) -> None:
    """Add ``weight`` to a sound's score for each non-negated keyword found in ``text``."""
    lowered = text.lower()
    for phrase, replacement in _REWRITES.items():
        lowered = lowered.replace(phrase, replacement)
    tokens = [tok for tok in tokenize(lowered) if tok not in _FALSE_FRIENDS]
    if not tokens:
        return
    joined = f" {' '.join(tokens)} "
    for sound in LIBRARY.values():
        for keyword in sound.keywords:
            hits = [i for i in _matches(keyword, tokens, joined) if not _negated(tokens, i)]
            if hits:
                # Repeats count, but less: "rain, rain, rain" is rain, not three sounds' worth.
                scores[sound.name] = scores.get(sound.name, 0.0) + weight * min(len(hits), 2)
                found = reasons.setdefault(sound.name, [])
                if tokens[hits[0]] not in found:
                    found.append(tokens[hits[0]])


def _variant(name: str, words: set[str]) -> str:
    if name == "footsteps":
        surface = ("metal" if words & _METAL else "gravel" if words & _GRAVEL
                   else "wood" if words & _WOOD else "")
        return " ".join(part for part in (surface, "stairs" if words & _STAIRS else "") if part)
    for variant, triggers in _VARIANTS.get(name, ()):
        if words & triggers:
            return variant
    return ""


def _score_environment(env: EnvironmentSpec, scores: dict[str, float],
                       reasons: dict[str, list[str]]) -> set[str]:
    text = " ".join([env.name, env.setting, env.description, *env.key_objects])
    env_scores: dict[str, float] = {}
    env_reasons: dict[str, list[str]] = {}
    score_text(text, 1.0, env_scores, env_reasons)
    if env.weather in (Weather.RAIN, Weather.STORM):
        # A forest in the rain has no birdsong unless the prompt itself asks for it.
        env_scores.pop("birds", None)
    for name, value in env_scores.items():
        scores[name] = scores.get(name, 0.0) + value
        found = reasons.setdefault(name, [])
        found.extend(w for w in env_reasons[name] if w not in found)
    words = set(tokenize(text))
    weather_sound = {Weather.RAIN: ("rain", 2.0), Weather.STORM: ("storm", 3.0),
                     Weather.WIND: ("wind", 2.0), Weather.SNOW: ("wind", 1.5)}.get(env.weather)
    if weather_sound:
        name, bonus = weather_sound
        scores[name] = scores.get(name, 0.0) + bonus
        reasons.setdefault(name, []).append(f"weather: {env.weather.value}")
    if words & _NATURE_WORDS and env.weather not in (Weather.RAIN, Weather.STORM):
        # Birds sing by day and fall quiet at night, when the insects take over.
        wildlife = "insects" if env.time_of_day is TimeOfDay.NIGHT else "birds"
        scores[wildlife] = scores.get(wildlife, 0.0) + 1.5
        reasons.setdefault(wildlife, []).append(f"{env.time_of_day.value} outdoors")
    return words


_SPACE_WORDS = _words(
    "space spaceship spacecraft starship orbit orbital astronaut airlock satellite spacewalk "
    "spacesuit weightless zero-g cosmos galaxy nebula asteroid"
)
# Sounds that need air, weather or a city: none of them in the vacuum of space.
_NOT_IN_SPACE = frozenset({"traffic", "market", "crowd", "birds", "insects", "waves", "river",
                           "wind", "rain", "storm", "thunder", "bells"})
_ROWED = _words("rowing row rows rowed rowboat canoe canoes kayak kayaks raft paddle paddles "
                "paddling sail sails sailing sailboat sailboats yacht dinghy oars oar punt")
_MOTORED = _words("motor motorboat outboard engine engines speedboat diesel ferry steamer "
                  "trawler tug")
_FRESH_WATER = _words("river lake pond stream canal creek brook loch reservoir")
_SEA = _words("sea ocean seaside beach shore coast harbour harbor bay surf tide cliff")
_CITY = _words("city street streets road roads highway traffic car cars taxi bus town downtown "
               "avenue boulevard intersection urban motorway")


_FROZEN = _words("frozen ice icy iced icebound")
_EMPTY = _words("empty deserted abandoned nobody noone alone silent")
_WILDLIFE_SAID = _words("bird birds birdsong songbird chirp chirping tweet owl owls crow crows "
                        "insect insects cricket crickets cicada cicadas bee bees buzzing fly "
                        "flies mosquito gull gulls seagull seagulls")


def _drop_conflicts(scores: dict[str, float], reasons: dict[str, list[str]],
                    words: set[str], weather: Weather | None,
                    said: set[str] | None = None) -> None:
    """Take out sounds that contradict the place or the weather.

    No city, wind or birds in space; no engine under a rowing or sailing boat unless a motor is
    named; no sea (and its gulls) on a lake or river far from any sea; no birdsong or insects,
    nothing calm, in a storm or the rain; no birds, insects or wind inside a room unless the
    shot names them; no running water where it is frozen; no crowd where the shot (``said``,
    its own words) says the place is empty.
    """
    said = said if said is not None else set()

    def drop(name: str, why: str) -> None:
        if name in scores:
            scores.pop(name)
            reasons.setdefault("dropped", []).append(f"{name}: {why}")

    if words & _SPACE_WORDS or ("space_hum" in scores and not words & (_SEA | _CITY)):
        for name in _NOT_IN_SPACE:
            drop(name, "no air in space")
    if words & _ROWED and not words & _MOTORED:
        drop("engine", "the boat is rowed or sailed")
    if "waves" in scores and words & _FRESH_WATER and not words & _SEA:
        drop("waves", "fresh water, far from the sea")
        scores["river"] = max(scores.get("river", 0.0), 1.0)
        reasons.setdefault("river", []).append("fresh water")
    if weather in (Weather.STORM, Weather.RAIN):
        drop("birds", f"{weather.value}")
        drop("insects", f"{weather.value}")
    if words & {"interior", "workshop", "int"} and not said & _WILDLIFE_SAID:
        for name in ("birds", "insects"):
            drop(name, "indoors")
        if weather not in (Weather.STORM, Weather.WIND):
            drop("wind", "indoors")
    if words & _FROZEN and not words & _words("thaw thaws thawing melt melting"):
        drop("river", "the water is frozen")
    if said & _EMPTY:
        for name in ("crowd", "market"):
            drop(name, "the place is empty")
    if weather is Weather.STORM and "storm" not in scores and words & _OUTDOOR_WORDS:
        scores["storm"] = 3.0
        reasons.setdefault("storm", []).append("weather: storm")


def choose_layers(prompt: str, environment: EnvironmentSpec | None = None, *,
                  prompt_weight: float = 1.6) -> LayerChoice:
    """Pick 1-3 library sounds for a prompt and an optional environment.

    The prompt counts ``prompt_weight`` per keyword, the environment's text 1. Sounds contained
    in a chosen sound (rain inside a storm) are merged into it. If nothing chosen is continuous,
    a quiet bed joins: wind outdoors, room tone indoors.
    """
    scores: dict[str, float] = {}
    reasons: dict[str, list[str]] = {}
    score_text(prompt, prompt_weight, scores, reasons)
    words = set(tokenize(prompt))
    weather: Weather | None = None
    if environment is not None:
        words |= _score_environment(environment, scores, reasons)
        weather = environment.weather

    for name in list(scores):
        for inner in LIBRARY[name].supersedes:
            if inner in scores:
                scores[name] += scores.pop(inner)
                reasons[name] = reasons.get(name, []) + reasons.pop(inner, [])

    _drop_conflicts(scores, reasons, words, weather, set(tokenize(prompt)))
    order = list(LIBRARY)
    # Room tone is only ever a bed: anything more specific leads, and it is the first to go.
    ranked = sorted((n for n, s in scores.items() if s >= 1.0),
                    key=lambda n: (n == BED_INDOOR, -scores[n], order.index(n)))[:MAX_LAYERS]
    if not any(LIBRARY[n].continuous for n in ranked):
        outdoor = len(words & _OUTDOOR_WORDS) > len(words & _INDOOR_WORDS) or weather in (
            Weather.WIND, Weather.SNOW)
        bed = BED_OUTDOOR if outdoor else BED_INDOOR
        ranked = [*ranked[: MAX_LAYERS - 1], bed]
        reasons.setdefault(bed, []).append("bed")

    layers: list[LayerSpec] = []
    for rank, name in enumerate(ranked):
        is_bed = name == BED_INDOOR or reasons.get(name) == ["bed"]
        # The strongest match leads; others sit under it, a plain bed lowest of all.
        gain = -9.0 if is_bed and rank > 0 else -3.5 * rank
        layers.append(LayerSpec(name, gain, _variant(name, words)))
    return LayerChoice(tuple(layers), {n: reasons.get(n, []) for n in ranked})
