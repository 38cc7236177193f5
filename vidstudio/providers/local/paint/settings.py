"""From an environment description to a World: which kind of place, composed how.

``archetype_of`` maps free setting words to one of the painted kinds of place (the nearest one
for words it does not know, else open landscape). ``build_world`` composes the place: the same
place (name, setting, description, key objects) and seed always give the same geometry and the
same planes (sky, far plane, ground), lit by the scene's hour, weather and lighting; ``variant``
and the scene's action change only what stands in it (subjects, people, props).
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from vidstudio.core.vocabulary import TimeOfDay, Weather
from vidstudio.providers.local.art import library
from vidstudio.providers.local.art.painted import THINGS
from vidstudio.providers.local.paint import (
    objects,
    scenes_inside,
    scenes_nature,
    scenes_open,
    scenes_station,
    scenes_urban,
)
from vidstudio.providers.local.paint.cast import with_cast
from vidstudio.providers.local.paint.noise import rng_for, stable_seed
from vidstudio.providers.local.paint.palette import make_palette
from vidstudio.providers.local.paint.stage import Grounds, Stage, place_objects
from vidstudio.providers.local.paint.subjects import art_subject, parse_subjects
from vidstudio.providers.local.paint.weather import static_weather, weather_spec
from vidstudio.providers.local.paint.world import LayerPlan, World

if TYPE_CHECKING:
    from collections.abc import Sequence

    from vidstudio.providers.base import CastInShot, EnvironmentSpec

Recipe = Callable[[Stage], Grounds]
Framing = Callable[[World, tuple[float, float]], tuple[float, float, float, float]]

RECIPES: dict[str, Recipe] = {
    "coast": scenes_nature.coast,
    "harbour": scenes_urban.harbour,
    "forest": scenes_nature.forest,
    "mountains": scenes_nature.mountains,
    "desert": scenes_nature.desert,
    "city": scenes_urban.city,
    "oldtown": scenes_urban.oldtown,
    "interior": scenes_inside.interior,
    "workshop": scenes_inside.workshop,
    "arctic": scenes_open.arctic,
    "space": scenes_inside.space,
    "river": scenes_open.river,
    "road": scenes_open.road,
    "rooftop": scenes_urban.rooftop,
    "landscape": scenes_open.landscape,
    "station": scenes_station.station,
}

INDOOR = frozenset({"interior", "workshop", "space"})
# Kinds that a parsed subject stands in for.
_ACTORS = frozenset({"figure", "walker", "keeper", "crowd", "dog", "boat", "car", "motorbike",
                     "bicycle", "birds"})

KEYWORDS: dict[str, tuple[str, ...]] = {
    "coast": (
        "coast", "coastal", "sea", "seaside", "ocean", "beach", "shore", "cliff", "bay", "cove",
        "island", "lighthouse", "headland", "wave", "surf", "seashore", "sand", "seafront",
        "promontory", "reef",
    ),
    "harbour": (
        "harbour", "harbor", "port", "quay", "dock", "pier", "marina", "wharf", "jetty",
        "boatyard", "waterfront", "seaport", "fishing village",
    ),
    "forest": (
        "forest", "wood", "woods", "woodland", "jungle", "grove", "glade", "tree", "rainforest",
        "thicket", "clearing", "taiga", "orchard", "copse",
    ),
    "mountains": (
        "mountain", "peak", "alps", "alpine", "valley", "highland", "ridge", "summit", "pass",
        "slope", "crag", "foothill", "volcano", "mountainside",
    ),
    "desert": (
        "desert", "canyon", "dune", "mesa", "badland", "sahara", "wasteland", "oasis", "savanna",
        "savannah", "steppe", "arid", "gorge", "outback",
    ),
    "city": (
        "city", "street", "downtown", "alley", "neon", "urban", "avenue", "metropolis",
        "boulevard", "crossing", "intersection", "nightclub", "subway", "sidewalk", "cyberpunk",
        "tokyo", "manhattan",
    ),
    "oldtown": (
        "old town", "old city", "market", "bazaar", "square", "village", "medina", "plaza", "souk",
        "town", "marketplace", "piazza", "courtyard", "cobbled", "high street",
    ),
    "interior": (
        "interior", "room", "kitchen", "bakery", "house", "home", "bedroom", "office", "library",
        "cafe", "bar", "tavern", "hall", "cabin", "inside", "shop", "apartment", "classroom",
        "restaurant", "study", "attic", "cellar", "living room", "int", "pub", "inn", "diner",
        "parlour", "parlor", "chamber",
    ),
    "workshop": (
        "workshop", "factory", "industrial", "warehouse", "garage", "forge", "mill", "plant",
        "foundry", "shipyard", "hangar", "lab", "laboratory", "engine room", "smithy", "studio",
        "workshed", "machine shop",
    ),
    "arctic": (
        "arctic", "snow", "tundra", "glacier", "ice", "polar", "antarctic", "snowfield", "frozen",
        "iceberg", "icefield", "winter", "antarctica", "snowy",
    ),
    "space": (
        "space", "orbit", "station", "planet", "galaxy", "spaceship", "cosmos", "asteroid",
        "spacewalk", "satellite", "lunar", "moonbase", "cupola", "airlock", "zero-g", "spacecraft",
        "orbital", "earth orbit",
    ),
    "river": (
        "river", "lake", "pond", "stream", "waterfall", "riverbank", "canal", "marsh", "swamp",
        "creek", "lagoon", "delta", "wetland", "estuary", "brook", "fjord",
    ),
    "road": (
        "highway", "road", "motorway", "freeway", "route", "roadside", "interstate", "lane",
        "track", "crossroads", "gas station", "petrol station", "parking lot",
    ),
    "rooftop": (
        "rooftop", "roof", "skyline", "terrace", "balcony", "penthouse", "tower top",
        "fire escape", "skyscraper",
    ),
    "landscape": (
        "landscape", "field", "meadow", "farmland", "countryside", "plain", "prairie", "farm",
        "hill", "moor", "heath", "pasture", "vineyard", "garden", "park", "grassland", "hillside",
    ),
}

# Settings films commonly use (from a list of film settings, not from any script), mapped to
# the painted place nearest to them: vehicle insides, shops, stages and halls are rooms; other
# planets are deserts under their own sky; a ship's deck looks out over the sea.
_FILM_SETTINGS: dict[str, str] = {
    "interior": "café coffee-shop carriage compartment cockpit backseat dashboard stage theatre "
    "theater auditorium cinema museum gallery exhibition staircase stairs stairwell corridor "
    "hallway lobby ward clinic chapel cathedral barn stable store supermarket boutique "
    "bookshop pharmacy salon motel courtroom prison cell basement loft dormitory gym "
    "locker-room changing-room dressing-room boardroom canteen",
    "workshop": "control-room server-room newsroom engine-room studio",
    "desert": "mars martian crater",
    "coast": "deck quarterdeck",
}
_FILM_PHRASES: dict[str, str] = {
    "red planet": "desert", "surface of mars": "desert", "on mars": "desert",
    "alien planet": "desert", "another planet": "desert",
    "planet surface": "desert", "moon surface": "desert", "surface of the moon": "desert",
    "train carriage": "interior", "dining car": "interior", "sleeper car": "interior",
    "plane cabin": "interior", "aircraft cabin": "interior", "inside the car": "interior",
    "coffee shop": "interior", "ship's deck": "coast", "on deck": "coast",
    "spaceship interior": "space", "space station": "space",
}
KEYWORDS = {
    arch: (*words, *_FILM_SETTINGS.get(arch, "").replace("-", " ").split(),
           *(p for p, a in _FILM_PHRASES.items() if a == arch))
    for arch, words in KEYWORDS.items()
}

_WORD = re.compile(r"[a-z][a-z-]*")
_ALL_WORDS = {w: arch for arch, words in KEYWORDS.items() for w in words if " " not in w}
_PHRASES = [(w, arch) for arch, words in KEYWORDS.items() for w in words if " " in w]


def _score_text(text: str, weight: float, scores: dict[str, float]) -> None:
    # Accents off, so "café" reads as "cafe".
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text.lower())
                   if not unicodedata.combining(ch))
    for phrase, arch in _PHRASES:
        if phrase in text:
            scores[arch] = scores.get(arch, 0.0) + weight * 1.5
    for word in _WORD.findall(text):
        hit = _word_kind(word)
        if hit is not None:
            scores[hit] = scores.get(hit, 0.0) + weight


@functools.lru_cache(maxsize=4096)
def _word_kind(word: str) -> str | None:
    """The kind of place one word names, if any. Kept per process: the ten pictures and the
    keyframes of a place ask for the same words, and a near-miss search costs milliseconds."""
    candidates = [word, objects.singular(word)]
    hit = next((_ALL_WORDS[c] for c in candidates if c in _ALL_WORDS), None)
    if hit is None and len(word) >= 5:
        # Compound words ("mountainside", "snowfield") and near misspellings.
        hit = next(
            (
                arch
                for key, arch in _ALL_WORDS.items()
                if len(key) >= 4 and (word.startswith(key) or word.endswith(key))
            ),
            None,
        )
        if hit is None:
            close = difflib.get_close_matches(word, list(_ALL_WORDS), n=1, cutoff=0.85)
            hit = _ALL_WORDS[close[0]] if close else None
    return hit


def archetype_of(env: EnvironmentSpec) -> str:
    """The kind of place to paint: the setting words count most, then name and description."""
    railway = scenes_station.is_railway(f"{env.name} {env.description}")
    if railway and env.setting.strip().lower() in ("city", "interior", "landscape"):
        return "station"  # a railway platform, not a street nor a room
    scores: dict[str, float] = {}
    _score_text(env.setting, 4.0, scores)
    _score_text(env.name, 2.0, scores)
    _score_text(env.description, 1.0, scores)
    _score_text(" ".join(env.key_objects), 0.5, scores)
    if not scores:
        return "landscape"
    return max(scores.items(), key=lambda kv: kv[1])[0]


def environment_seed(env: EnvironmentSpec, seed: int) -> int:
    """The identity of a place: its name, setting, description, key objects and the take's
    seed. Not its hour, weather or lighting: a storm at the lighthouse is the same lighthouse,
    lit otherwise."""
    return stable_seed(
        "place",
        env.name.strip().lower(),
        env.setting.strip().lower(),
        env.description.strip().lower(),
        "|".join(o.lower() for o in env.key_objects),
        seed,
    )


def _weather_seed(env: EnvironmentSpec, seed: int) -> int:
    """The weather's own seed (its rain, flashes and fog per scene): the place with its hour
    and weather, as the place's seed was before the place's planes were fixed by it alone."""
    return stable_seed(
        "env",
        env.name.strip().lower(),
        env.setting.strip().lower(),
        env.description.strip().lower(),
        env.time_of_day.value,
        env.weather.value,
        "|".join(o.lower() for o in env.key_objects),
        seed,
    )


def build_world(
    env: EnvironmentSpec,
    seed: int,
    variant: int,
    aspect: float,
    action: str = "",
    extra_text: str = "",
    subject: str = "",
    zoom: float = 1.0,
    framing: Framing | None = None,
    cast: Sequence[CastInShot] = (),
) -> World:
    """Compose the world for an environment.

    Args:
        env: the place.
        seed: the take's seed (a regenerate passes a new one: a new place and composition).
        variant: composition variant (environment images 0..9 differ by it).
        aspect: the frame's width / height.
        action: the scene's action; people and things it names join the key objects.
        extra_text: more words for object hints (an environment image's own prompt).
        subject: who or what the shot is about ("a woman in a red raincoat, walking; a cat"),
            the same words for both keyframes of a shot so both show the same subject.
        zoom: the shot's closest zoom, so library drawings are sized to fit its frame.
        framing: (world, focus) -> the mid-plane rectangle every pose of the shot shows, so
            the subjects are placed inside it (never cut by the frame's edge).
        cast: the characters in frame, in frame order: drawn first, each with its own look.
    """
    env_seed = environment_seed(env, seed)
    archetype = archetype_of(env)
    # The place fixes its geometry (horizon, side, sun) and its planes' layout; the scene's
    # action and the picture's variant and prompt choose only what stands in it.
    geometry = rng_for(env_seed, "geometry")
    side = 1.0 if geometry.random() < 0.5 else -1.0
    horizon = 0.5 + float(geometry.uniform(-0.06, 0.07))
    sun_x = aspect / 2 - side * aspect * float(geometry.uniform(0.12, 0.38))
    rng = rng_for(env_seed, "layout", variant, action.strip().lower(), extra_text.strip().lower())
    pal = make_palette(env.time_of_day, env.weather, env.lighting, sun_x, horizon)
    subjects = with_cast(parse_subjects(subject), cast)
    cast_action = action
    if archetype == "space":
        # In orbit people float in suits beside the station, drawn by the space recipe's rules.
        # People float in suits; drawings (a rocket, a ringed planet, a flying saucer) float
        # in the void too.
        # A member of the cast keeps their own figure and colours (their costume), floating.
        suited = art_subject("astronaut")
        subjects = [replace(suited if s.kind == "person" and suited and not s.character else s,
                            anchor="sky")
                    for s in subjects if s.kind in ("art", "person")]
    kinds = _cast(env, archetype, "" if subjects else cast_action, extra_text)
    if subjects:
        # The subjects replace the generic people, animals and vehicles of the place, and the
        # place's own props that show the same thing (a painted tent beside the drawn one).
        drawn = {s.art for s in subjects if s.art} | {s.noun for s in subjects} | {
            s.kind for s in subjects if s.kind in THINGS}
        kinds = [k for k in kinds if k not in _ACTORS and k not in drawn
                 and getattr(library.find(k), "name", None) not in drawn]
    kinds = _fit_kinds(archetype, kinds)[: 5 - min(len(subjects), 2)]
    # A drawing's size follows the shot's zoom (so it fits the frame): part of the layout.
    fitted = round(zoom, 2) if any(s.kind == "art" for s in subjects) else 1.0
    # The hour and weather are in the id as before (they were in the place's seed): a world id
    # names one stack, and the same place at another hour is painted in another light.
    layout_key = stable_seed(env_seed, env.time_of_day.value, env.weather.value, variant,
                             action.strip().lower(), extra_text.strip().lower(),
                             subject.strip().lower(), *([fitted] if fitted != 1.0 else []),
                             *(f"{m.character.key}:{m.action}" for m in cast))
    world_id = f"w{layout_key:016x}"
    world = World(
        world_id=world_id,
        seed=env_seed,
        aspect=aspect,
        archetype=archetype,
        palette=pal,
        horizon=horizon,
        focus=(aspect / 2, horizon),
        side=side,
        layers={},
        weather={},
        objects=kinds + [s.noun or s.kind for s in subjects],
    )
    words = set(_WORD.findall(" ".join([env.setting, env.name, env.description]).lower()))
    st = Stage(
        world=world,
        pal=pal,
        rng=rng,
        place_rng=rng_for(env_seed, "planes"),
        env_seed=env_seed,
        aspect=aspect,
        horizon=horizon,
        side=side,
        objects=kinds,
        words=words,
        place_kinds=frozenset(objects.kinds_in(env.key_objects)),
        subjects=subjects,
        zoom=zoom,
        framing=(lambda focus: framing(world, focus)) if framing is not None else None,
    )
    grounds = RECIPES[archetype](st)
    world.palette = st.pal
    # What the recipe painted is the place in this light (it reads only the place's text, seed
    # and geometry, ``place_rng`` and the palette): the same in every picture of it.
    for plan in world.layers.values():
        plan.place_count = len(plan.painters)
    fixed = stable_seed(env_seed, archetype, repr(aspect), repr(horizon), side)
    world.geometry_id = f"g{fixed:016x}"
    world.place_id = f"p{stable_seed(world.geometry_id, repr(st.pal)):016x}"
    world.light = (env.time_of_day.value, env.weather.value, env.lighting)

    def relit(light: tuple[str, ...]) -> World:
        lit = replace(env, time_of_day=TimeOfDay(light[0]), weather=Weather(light[1]),
                      lighting=light[2])
        return build_world(lit, seed, 0, aspect)

    world.relit = relit
    world.focus = place_objects(st, grounds)
    indoor = archetype in INDOOR
    spec = weather_spec(st.pal, horizon, _weather_seed(env, seed) % (1 << 31), indoor)
    world.weather = spec.to_dict()
    painters = static_weather(spec, aspect)
    if painters:
        world.layers["weather"] = LayerPlan("weather", painters, animated=True)
    return world


def _cast(env: EnvironmentSpec, archetype: str, action: str, extra_text: str) -> list[str]:
    """Which things appear, the subject first.

    A landmark the place is named after ("Old Lighthouse") leads, then the landmarks among the
    key objects, then people and things the scene's action names, then the other key objects
    and a hint from the description.
    """
    named = [k for k in objects.kinds_in_text(env.name, 2) if objects.KINDS[k].landmark]
    listed = objects.kinds_in(env.key_objects)
    acting = objects.kinds_in_text(action, limit=2) + objects.kinds_in_text(extra_text, 1)
    described = objects.kinds_in_text(env.description, 1)
    landmarks = [k for k in listed if objects.KINDS[k].landmark]
    ordered = named + landmarks + acting + listed + described
    kinds = list(dict.fromkeys(ordered))
    if "lighthouse" in kinds:
        # The lighthouse carries its own great lamp; a keeper carries the lantern.
        kinds = [k for k in kinds if k != "lamp"]
        if "keeper" in kinds:
            kinds = [k for k in kinds if k != "lantern"]
    return kinds


def _fit_kinds(archetype: str, kinds: list[str]) -> list[str]:
    """Drop things that cannot appear in this kind of place (a boat in a living room)."""
    if archetype == "space":
        allowed = {"station", "satellite", "astronaut", "figure", "keeper"}
        out = [
            "astronaut" if k in ("figure", "keeper", "walker") else k for k in kinds if k in allowed
        ]
        return list(dict.fromkeys(out))
    if archetype in ("interior", "workshop"):
        banned = {
            "lighthouse",
            "boat",
            "station",
            "satellite",
            "bridge",
            "crane",
            "windmill",
            "tower",
            "house",
            "tree",
            "palm",
            "birds",
            "car",
            "motorbike",
            "tent",
        }
        # Indoors a lamp stands on the floor rather than on a post.
        kinds = ["floorlamp" if k == "lamp" else k for k in kinds]
        return [k for k in dict.fromkeys(kinds) if k not in banned]
    # Signs hang on the buildings a recipe paints; a sign standing alone is a floating panel.
    kinds = [k for k in kinds if k != "sign"]
    seaside = archetype in ("coast", "harbour", "landscape", "river", "arctic")
    return [
        k
        for k in kinds
        if (k not in ("station", "satellite") or archetype == "space")
        and (k != "lighthouse" or seaside)
    ]
