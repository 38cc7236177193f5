"""Original short scripts for trying the studio: a character, a place, weather, a storyline.

Every element is drawn from lists written here with a seeded generator, so the same seed always
gives the same script. Scripts are about 100 words: a title line with the style, then five
paragraphs, one beat each, short enough that each beat is narrated whole.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from vidstudio.providers.local.planner.text import words


@dataclass(frozen=True)
class _Character:
    name: str
    description: str
    he: str
    his: str
    him: str


@dataclass(frozen=True)
class _Setting:
    place_a: str  # where the story starts
    place_b: str  # where it goes
    world: str  # what surrounds both, for the closing line
    objects: tuple[str, ...]


@dataclass(frozen=True)
class _Atmosphere:
    opening: str  # a time cue that opens the first beat
    later: str  # a time cue that opens the fourth beat, later the same day or the next
    weather: str  # one sentence of weather


def _she(name: str, description: str) -> _Character:
    return _Character(name, description, "she", "her", "her")


def _he(name: str, description: str) -> _Character:
    return _Character(name, description, "he", "his", "him")


_CHARACTERS: tuple[_Character, ...] = (
    _she("Mara", "a lighthouse keeper"),
    _he("Tomas", "a retired ferryman"),
    _she("Aiko", "a night-shift baker"),
    _he("Idris", "a young cartographer"),
    _she("Lena", "a clockmaker's apprentice"),
    _he("Kofi", "a travelling musician"),
    _she("Noor", "a beekeeper with muddy boots"),
    _he("Mateo", "a radio operator"),
    _she("Sofia", "an astronaut on her first mission"),
    _he("Arvid", "an old mountain guide"),
    _she("Priya", "a botanist who talks to her plants"),
    _he("Emil", "a boy with a borrowed bicycle"),
    _she("Yara", "a market spice seller"),
    _he("Felix", "a tired night-train conductor"),
    _she("Ingrid", "a polar researcher"),
    _he("Samuel", "a carpenter who never finishes anything"),
)

_SETTINGS: tuple[_Setting, ...] = (
    _Setting("the old lighthouse above the bay", "the harbour below", "coast",
             ("brass lantern", "coil of rope", "logbook", "fishing boat")),
    _Setting("a cabin at the edge of the pine forest", "a glade deep in the forest", "forest",
             ("oil lamp", "wooden box", "map", "kettle")),
    _Setting("a narrow street of the old city", "a rooftop above the tram lines", "city",
             ("umbrella", "paper lantern", "postcard", "bicycle")),
    _Setting("a caravan camp among the dunes", "the dry well at the oasis", "desert",
             ("water jar", "compass", "woven rug", "camel bell")),
    _Setting("a stone hut below the summit", "the ridge above the clouds", "mountains",
             ("rope", "tin cup", "flag", "lantern")),
    _Setting("the cupola of the space station", "the open dark outside the airlock", "sky",
             ("tether", "helmet", "photograph", "solar panel")),
    _Setting("a ferry landing on the wide river", "the reeds of the far bank", "river",
             ("wooden oar", "lantern", "basket", "bell")),
    _Setting("the bakery behind the market square", "the crowded night market", "market",
             ("bread basket", "copper scale", "paper cone", "lantern")),
    _Setting("a research hut on the ice field", "the blue edge of the glacier", "ice",
             ("radio", "thermos", "sled", "flare")),
    _Setting("a clockmaker's workshop", "the bell tower across the square", "town",
             ("pocket watch", "brass gear", "ladder", "bell")),
)

_ATMOSPHERES: tuple[_Atmosphere, ...] = (
    _Atmosphere("At dawn", "That night", "Rain drums softly on every roof."),
    _Atmosphere("Late one evening", "The next morning", "Snow falls without a sound."),
    _Atmosphere("At noon", "At dusk", "A cold wind pulls at everything loose."),
    _Atmosphere("Before sunrise", "Later", "Fog hides everything beyond a few steps."),
    _Atmosphere("On a bright morning", "At sunset", "The sky is clear and enormous."),
    _Atmosphere("At midnight", "At first light", "Thunder rolls somewhere far away."),
)

_STYLES: tuple[str, ...] = (
    "a watercolour fable", "a quiet documentary", "a noir short", "a folk tale",
    "a silent-film homage", "a cosy animation", "a melancholy postcard", "a dream in pastel",
)

_TITLES: tuple[str, ...] = (
    "The {Obj}", "Under the {Weather}", "{Name} and the {Obj}", "The Last {Obj}",
    "Where the {Obj} Waits", "A {Obj} for {Name}",
)

# Storylines: five beats each; {A}, {B}, {a}, {b} are the two objects (capitalised or not).
_STORIES: tuple[tuple[str, ...], ...] = (
    (
        "{opening}, {name}, {desc}, climbs up to {place_a} with {an_a} in {his} hand.",
        "{weather} Far away, a faint light blinks back, as if someone were answering {him}.",
        "{He_} searches through old notes and a dusty {b} for the meaning of the signal.",
        "{later}, {he} walks down to {place_b}, where the light waits, brighter than before.",
        "{He_} reaches toward it, and for a moment the whole {world} is warm and quiet.",
    ),
    (
        "{opening}, {name}, {desc}, finds the {a} broken at {place_a}.",
        "{weather} Without it, nobody out there will find the way home tonight.",
        "{He_} works with cold fingers, borrowing a part from the old {b}, testing, failing, "
        "trying again.",
        "{later}, the {a} finally catches, and its glow spreads slowly toward {place_b}.",
        "{He_} sits down at last, watching the {world} wake up around {him}.",
    ),
    (
        "{opening}, {name}, {desc}, is handed {an_a} wrapped in string at {place_a}.",
        "{weather} The note on it says only: bring this to {place_b}.",
        "{He_} walks for hours, following the {b}, crossing paths nobody uses any more.",
        "{later}, {he} arrives at {place_b} and opens the {a}; inside is a photograph of {him}.",
        "{He_} turns around slowly, and the whole {world} seems to be smiling back.",
    ),
    (
        "{opening}, {name}, {desc}, notices that the {a} is missing from {place_a}.",
        "{weather} {He_} searches everywhere, under the {b}, behind every door.",
        "The trail of small footprints leads away across the {world}, toward {place_b}.",
        "{later}, {he} finds the {a} there, guarded by a sleeping fox.",
        "{He_} leaves the {b} beside it as a gift, and walks home smiling.",
    ),
    (
        "{opening}, a stranger arrives at {place_a}, where {name}, {desc}, is alone.",
        "{weather} The stranger carries nothing but {an_a} and a story.",
        "They share bread by the {b} while the story fills the room with far-away places.",
        "{later}, {name} walks the stranger to {place_b} and waves until the figure is gone.",
        "The {a} is left on the table, still warm, and {name} keeps it forever.",
    ),
    (
        "{opening}, {name}, {desc}, looks at the sky above {place_a} and frowns.",
        "{weather} There are only a few hours to bring the {a} to {place_b}.",
        "{He_} runs, the {b} bouncing on {his} back, the {world} blurring past.",
        "{later}, {he} reaches {place_b}, breathless, as the first drops fall.",
        "Everyone gathers around the {a}, and {name} laughs for the first time in days.",
    ),
    (
        "{opening}, {name}, {desc}, opens {place_a} for the very last time.",
        "{weather} Every shelf and every {b} holds a memory {he} is not ready to leave.",
        "{He_} packs slowly, wrapping the {a} in an old scarf.",
        "{later}, {he} carries the last box down to {place_b} and looks back once.",
        "Behind {him}, a light stays on in the window, and the {world} keeps it company.",
    ),
    (
        "{opening}, {name}, {desc}, digs beside {place_a} and strikes something hard.",
        "{weather} It is an iron {a}, older than anyone living nearby.",
        "{He_} cleans it with care; beneath the rust, a tiny {b} is engraved on the lid.",
        "{later}, {he} follows the engraving to {place_b}, where the same mark waits in the stone.",
        "The lid clicks open, and a vast sky of paper stars unfolds above {him}.",
    ),
)

_CODAS: tuple[str, ...] = (
    "Nobody else will ever know.",
    "It was enough.",
    "Somewhere, a bell rings once.",
    "The {a} hums quietly.",
)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _article(noun: str) -> str:
    return f"an {noun}" if noun[:1].lower() in "aeiou" else f"a {noun}"


def random_script(seed: int) -> str:
    """An original script of about 100 words, always the same for the same ``seed``."""
    rng = random.Random(seed)
    character = rng.choice(_CHARACTERS)
    setting = rng.choice(_SETTINGS)
    atmosphere = rng.choice(_ATMOSPHERES)
    story = rng.choice(_STORIES)
    style = rng.choice(_STYLES)
    a, b = rng.sample(setting.objects, 2)
    values = {
        "opening": atmosphere.opening,
        "later": atmosphere.later,
        "weather": atmosphere.weather,
        "name": character.name,
        "desc": character.description,
        "he": character.he,
        "He_": _capital(character.he),
        "his": character.his,
        "him": character.him,
        "place_a": setting.place_a,
        "place_b": setting.place_b,
        "world": setting.world,
        "a": a,
        "b": b,
    }
    values["an_a"] = _article(a)
    beats = [_capital(template.format(**values)) for template in story]
    codas = list(_CODAS)
    rng.shuffle(codas)
    # Round a short story up towards 100 words with a closing line or two.
    while codas and sum(len(words(beat)) for beat in beats) < 92:
        beats[-1] = f"{beats[-1]} {_capital(codas.pop().format(**values))}"
    weather_word = atmosphere.weather.split()[0].lower()
    title = rng.choice(_TITLES).format(
        Obj=" ".join(w.capitalize() for w in a.split()),
        Name=character.name,
        Weather={"rain": "Rain", "snow": "Snow", "a": "Wind", "fog": "Fog", "the": "Open Sky",
                 "thunder": "Thunder"}.get(weather_word, "Sky"),
    )
    return f"{title} — {style}\n\n" + "\n\n".join(beats) + "\n"
