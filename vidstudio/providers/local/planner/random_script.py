"""Original short stories for trying the studio, written by a small generative grammar.

A story is drawn from one *world* (a coast, a forest, an orbital station, ...) so that its two or
three places, its things, its weather (or, in orbit, its conditions) and its sounds belong
together: no fog on a space station. Two named characters, a goal, a turn and an ending make the
story; it comes as a title line and three to five paragraphs of 120-250 words. Every choice is
made by one ``random.Random(seed)``, so the same seed always gives the same story.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from vidstudio.providers.local.planner.text import words


@dataclass(frozen=True)
class World:
    """Everything a story set in one kind of place may draw from.

    ``places`` are phrases with their article ("the old lighthouse on the cliff"); the text of
    ``conditions``, ``details`` and ``troubles`` belongs to this world only.
    """

    key: str
    places: tuple[str, ...]
    things: tuple[str, ...]
    roles: tuple[str, ...]
    openings: tuple[str, ...]  # time cues that open a story ("At dawn")
    laters: tuple[str, ...]  # time cues for the ending ("That night")
    conditions: tuple[str, ...]  # weather, or what passes for it
    details: tuple[str, ...]  # one sentence of sound or texture
    troubles: tuple[str, ...]  # what goes wrong, one sentence
    traces: tuple[str, ...]  # what a lost thing leaves behind (plural)
    deadlines: tuple[str, ...]
    people: str  # who gathers at the end ("the whole harbour")
    go: str  # how one moves here, third person ("walks", "floats")


@dataclass(frozen=True)
class Character:
    name: str
    he: str
    his: str
    him: str


@dataclass(frozen=True)
class RandomStory:
    """A generated story and what it was made of (for tests and for showing the user)."""

    text: str
    world: str
    places: tuple[str, ...]
    characters: tuple[str, ...]
    thing: str


WORLDS: tuple[World, ...] = (
    World(
        "coast",
        ("the old lighthouse on the cliff", "the harbour below the town", "the shingle beach",
         "the fish market on the quay"),
        ("brass lantern", "ship's bell", "fishing net", "logbook", "glass float"),
        ("lighthouse keeper", "harbour pilot", "net mender", "lifeboat volunteer"),
        ("At dawn", "Before the tide turns", "Late one stormy evening", "On a grey morning"),
        ("That night", "When the tide comes back", "At sunset", "By morning"),
        ("Rain drums on the harbour roofs.", "Fog rolls in from the sea and swallows the quay.",
         "A cold wind whips the waves white.", "The sea lies flat and silver under a clear sky."),
        ("Gulls scream above the masts.", "Far out, the bell of a buoy clangs.",
         "Waves hiss over the pebbles.", "The smell of salt and tar hangs in the air."),
        ("A wave breaks over the quay and tears the {thing2} from {his} hands.",
         "The tide comes in faster than anyone expected.",
         "The old mooring rope snaps with a crack."),
        ("wet footprints", "drops of tar", "scraps of torn net"),
        ("the tide turns", "the fishing boats come home", "the lamp must be lit"),
        "harbour", "walks",
    ),
    World(
        "forest",
        ("a cabin at the edge of the pine forest", "a glade deep in the woods",
         "the old stone bridge over the stream", "the hollow oak on the hill"),
        ("oil lamp", "wooden flute", "carved box", "hand-drawn map", "basket of mushrooms"),
        ("forester", "woodcarver", "mushroom picker", "charcoal burner"),
        ("At first light", "On a misty autumn morning", "Early one spring day", "At noon"),
        ("At dusk", "That night", "When the owls begin to call", "Before the snow comes"),
        ("Rain patters through the leaves.", "Mist drifts between the trunks.",
         "Snow settles softly on the branches.", "Sunlight falls through the pines in long beams."),
        ("A woodpecker knocks somewhere above.", "The stream chatters over the stones.",
         "Pine needles crunch underfoot.", "An owl calls once, far away."),
        ("A branch cracks and the path behind them disappears under a fallen pine.",
         "The stream has flooded the path.", "The {thing2} slips from {his} hands and breaks."),
        ("small muddy footprints", "broken twigs", "tufts of red fur"),
        ("the first snow", "the moon rises", "the fair in the village"),
        "village", "walks",
    ),
    World(
        "city",
        ("a narrow street of the old city", "a rooftop above the tram lines",
         "the night café on the corner", "the central station"),
        ("umbrella", "old camera", "postcard", "borrowed bicycle", "ring of keys"),
        ("taxi driver", "street musician", "night-shift nurse", "bicycle courier"),
        ("Early on a Monday", "At rush hour", "Late one rainy evening", "At midnight"),
        ("Hours later", "When the street lamps come on", "By the last tram", "At daybreak"),
        ("Rain shines on the cobblestones.", "Neon signs flicker in the puddles.",
         "Snow muffles the traffic.", "The summer heat rises from the pavement."),
        ("A tram bell rings below.", "Somewhere a saxophone is playing.",
         "Pigeons burst up from the gutter.", "Car horns echo between the buildings."),
        ("The last tram pulls away without them.", "A crowd surges out of the station.",
         "The {thing2} is snatched from {his} hands by a passing cyclist."),
        ("coffee-stained receipts", "dropped tickets", "chalk arrows on the walls"),
        ("the last tram", "the café closes", "the clock strikes twelve"),
        "street", "walks",
    ),
    World(
        "desert",
        ("a caravan camp among the dunes", "the dry well at the oasis",
         "the ruined fort on the ridge", "the salt flats"),
        ("water jar", "brass compass", "woven rug", "camel bell", "leather satchel"),
        ("camel driver", "well digger", "desert guide", "salt trader"),
        ("Before sunrise", "In the white heat of noon", "At the end of a long day",
         "Under the last stars"),
        ("When the sun sets", "That cold night", "At first light", "When the wind drops"),
        ("A hot wind lifts the sand into the air.", "The heat shimmers over the dunes.",
         "The night sky is clear and enormous.", "A sandstorm gathers on the horizon."),
        ("A camel groans and shifts its weight.", "Sand hisses down the slope of a dune.",
         "The tent flaps crack in the wind.", "Somewhere, a drum beats slowly."),
        ("The sandstorm arrives and erases the track.", "The last water skin is empty.",
         "The {thing2} slips from {his} hands and vanishes in the sand."),
        ("hoof prints", "footprints in the sand", "scraps of blue cloth"),
        ("the water runs out", "the caravan leaves", "the sandstorm arrives"),
        "camp", "walks",
    ),
    World(
        "mountains",
        ("a stone hut below the summit", "the ridge above the clouds",
         "the frozen lake in the valley", "the monastery on the pass"),
        ("ice axe", "coil of rope", "tin cup", "prayer flag", "old radio"),
        ("mountain guide", "shepherd", "hut warden", "avalanche watcher"),
        ("At dawn", "Before the sun reaches the valley", "On a bright winter morning",
         "In the blue hour"),
        ("At dusk", "That night", "When the stars come out", "The next morning"),
        ("Snow swirls off the ridge.", "Clouds fill the valley below like milk.",
         "A bitter wind howls across the pass.", "The sky is clear and hard as glass."),
        ("Ice creaks on the lake.", "A goat bell clinks somewhere below.",
         "Boots crunch in the snow.", "Prayer flags snap in the wind."),
        ("A slab of snow breaks loose and thunders down the slope.",
         "The path along the ridge has crumbled away.",
         "The {thing2} slips from {his} hands and skids over the edge."),
        ("footprints in the snow", "scratches on the rock", "a trail of red thread"),
        ("the weather turns", "the pass closes for winter", "night falls"),
        "valley", "climbs",
    ),
    World(
        "space",
        ("the cupola of the orbital station", "the cramped airlock",
         "the hydroponics garden on deck two", "the control room"),
        ("toolkit", "photograph", "seed packet", "helmet lamp", "spare circuit board"),
        ("flight engineer", "station botanist", "mission commander", "radio operator"),
        ("During the night shift", "At the start of a new orbit", "Ninety minutes before docking",
         "While the station sleeps"),
        ("One orbit later", "When the sun rises over the curve of the Earth",
         "After the next docking", "At the end of the shift"),
        ("A red warning light blinks on the panel.", "Outside, the Earth turns slowly, blue "
         "and white.", "The station falls into the planet's shadow.",
         "Sunlight floods the windows, sudden and blinding."),
        ("The air scrubbers hum.", "A loose screw drifts past the window.",
         "The hull ticks as it cools.", "The radio crackles with a voice from the ground."),
        ("The power fails and the corridor goes dark.", "An alarm starts to wail.",
         "The {thing2} floats away from {his} hands toward an open vent."),
        ("floating drops of water", "scraps of silver foil", "smudged fingerprints"),
        ("the next docking", "the supply ship arrives", "the orbit ends"),
        "crew", "floats",
    ),
    World(
        "river",
        ("a ferry landing on the wide river", "the reeds of the far bank",
         "the old water mill", "the island in the middle of the river"),
        ("wooden oar", "paper lantern", "fishing line", "wicker basket", "tin whistle"),
        ("ferry keeper", "miller", "eel fisher", "boat builder"),
        ("At dawn", "On a hot summer afternoon", "Early one misty morning", "At noon"),
        ("At dusk", "When the frogs start singing", "That night", "The next morning"),
        ("Rain rings the surface of the water.", "Mist lies low over the river.",
         "The wind ripples the reeds.", "The sun glitters on the slow brown water."),
        ("A heron lifts off from the shallows.", "The mill wheel creaks and splashes.",
         "Frogs croak in the reeds.", "Water laps against the landing."),
        ("The current grabs the boat and spins it around.", "The river has risen in the night.",
         "The {thing2} slips from {his} hands and sinks."),
        ("wet footprints", "broken reeds", "feathers"),
        ("the river floods", "the ferry stops running", "the lanterns are lit"),
        "riverside", "walks",
    ),
    World(
        "town",
        ("the bakery behind the market square", "the crowded night market",
         "the clock tower", "the town fountain"),
        ("pocket watch", "copper scale", "paper lantern", "bread basket", "brass key"),
        ("baker", "clockmaker", "spice seller", "postman"),
        ("Before dawn", "On market day", "Early on a festival morning", "At noon"),
        ("That evening", "When the lanterns are lit", "At midnight", "The next morning"),
        ("Rain drips from the awnings.", "Snow falls softly on the rooftops.",
         "A warm wind carries the smell of spices.", "The sky over the square is clear and blue."),
        ("The clock strikes the hour.", "Market sellers shout their prices.",
         "Pigeons coo under the arches.", "The fountain splashes quietly."),
        ("The clock stops, and the whole square falls silent.",
         "A cart overturns and blocks the lane.",
         "The {thing2} slips from {his} hands and rolls under the stalls."),
        ("flour footprints", "spilled spices", "trampled petals"),
        ("the festival begins", "the market closes", "the clock strikes twelve"),
        "town", "walks",
    ),
    World(
        "polar",
        ("a research hut on the ice field", "the blue edge of the glacier",
         "the frozen harbour", "the weather station on the ridge"),
        ("radio", "thermos", "sled", "signal flare", "ice core"),
        ("polar researcher", "dog musher", "weather observer", "expedition cook"),
        ("In the grey polar morning", "At the start of the long night", "At midday",
         "When the storm eases"),
        ("Hours later", "Under the northern lights", "When the wind falls silent",
         "The next day"),
        ("Snow blows sideways across the ice.", "The northern lights ripple green overhead.",
         "A blizzard hides the horizon.", "The air is still and brutally cold."),
        ("The ice groans and cracks far away.", "The sled dogs howl together.",
         "The wind moans around the hut.", "Snow squeaks underfoot."),
        ("A crack opens in the ice between them.", "The blizzard swallows the trail flags.",
         "The {thing2} slips from {his} hands and skids into a crevasse."),
        ("paw prints", "sled tracks", "scraps of orange tape"),
        ("the supply plane lands", "the long night begins", "the storm returns"),
        "station", "trudges",
    ),
)

_SHE = ("Mara", "Aiko", "Lena", "Noor", "Sofia", "Priya", "Yara", "Ingrid", "Amara", "Chiara",
        "Elif", "Rosa", "Zofia", "Hana", "Leila", "Mei")
_HE = ("Tomas", "Idris", "Kofi", "Mateo", "Arvid", "Emil", "Felix", "Samuel", "Kenji", "Omar",
       "Luca", "Nikolai", "Ravi", "Jonah", "Tariq", "Bruno")
_BONDS = ("old friend", "younger brother", "neighbour", "apprentice", "rival", "grandmother",
          "cousin", "oldest enemy")
_RELATIVES = ("grandmother", "brother", "teacher", "mother", "best friend")
_STYLES = ("a watercolour fable", "a quiet documentary", "a noir short", "a folk tale",
           "a silent-film homage", "a cosy animation", "a melancholy postcard",
           "a dream in pastel", "a bedtime story", "an adventure serial")
_TITLES = ("The {Thing}", "{Name} and the {Thing}", "The Last {Thing}", "A {Thing} for {Friend}",
           "Where the {Thing} Waits", "{Name}'s Promise", "Before {Deadline}")

# A goal is an infinitive phrase ("to mend ..."), so it fits after "determined" or a colon.
# "carry" goals start with the thing in hand, "seek" goals without it; each has its own turns.
_GOALS: dict[str, tuple[str, ...]] = {
    "carry": (
        "to bring the {thing} to {place_b} before {deadline}",
        "to mend the broken {thing} before {deadline}",
        "to give the {thing} back to its owner at {place_b}",
    ),
    "seek": (
        "to find the {thing} that {his} {relative} lost at {place_b} years ago",
        "to find out who keeps taking the {thing} from {place_a}",
        "to win back the {thing} {he} gambled away at {place_b}",
    ),
}
_OPENINGS = (
    "{opening}, {name}, {a_role}, stands at {place_a}, thinking about the {thing}. {He} has "
    "one wish: {goal}.",
    "{opening}, {name} wakes at {place_a} with a plan. As {a_role}, {he} has waited a long "
    "time for this chance: {goal}.",
    "Nobody at {place_a} believes {name}, {a_role}, when {he} says {he} can do it. {opening}, "
    "{he} sets out anyway, determined {goal}.",
)
_COMPANIONS = (
    "{Friend}, {his} {bond}, thinks it is a terrible idea.",
    "{Friend}, {his} {bond}, promises to help.",
    "{Friend}, {his} {bond}, says nothing, but packs a bag too.",
)
_JOURNEYS = (
    "{Friend} insists on coming along. Together they make their way to {place_b}. {condition}",
    "{He} packs the {thing2} and leaves before anyone can stop {him}. {condition} By the "
    "time {he} reaches {place_b}, {his} hands are shaking.",
    "The way to {place_b} is longer than {he} remembers. {condition} {Friend} {go} beside "
    "{him}, telling bad jokes to keep them both going.",
)
_TURNS: dict[str, tuple[str, ...]] = {
    "carry": (
        "But at {place_b}, {he} reaches for the {thing} and finds {his} bag empty. Only {trace} "
        "lead away toward {place_c}, and {Friend} turns pale. {detail}",
        "Then everything goes wrong. {trouble} {name} has to choose between the {thing} and "
        "{Friend}.",
    ),
    "seek": (
        "But at {place_b}, the {thing} is not where it should be. Only {trace} lead away "
        "toward {place_c}, and {Friend} turns pale. {detail}",
        "At {place_b}, {name} finally understands: {Friend} hid the {thing} long ago, to keep "
        "{him} from ever leaving. {detail}",
        "Then everything goes wrong. {trouble} {name} has to choose between the {thing} and "
        "{Friend}.",
    ),
}
_RESOLUTIONS = (
    "{name} does not give up. {He} and {Friend} search {place_c} until their eyes sting, and "
    "there, beside the {thing2}, lies the {thing}.",
    "{Friend} laughs at last, then helps. They hurry to {place_c} and work side by side, "
    "mending what can be mended, saying nothing and everything.",
    "Instead of running, {name} sits down and listens. {detail} Slowly {he} understands "
    "where to go next: {place_c}.",
    "On the way to {place_c}, {trouble_lc} {name} takes {Friend}'s hand, and they keep going.",
)
_ENDINGS = (
    "{later}, they return to {place_a} with the {thing}. The whole {people} is waiting, and "
    "for once {name} does not know what to say.",
    "{later}, {name} stands at {place_c} and lets the {thing} go. Some things are meant to "
    "stay where they belong.",
    "{later}, the whole {people} gathers at {place_a}. {name} tells the story badly, and "
    "everyone laughs anyway.",
    "{later}, {Friend} finds {name} asleep at {place_c}, the {thing} safe in {his} arms.",
)

_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _article(noun: str) -> str:
    return f"an {noun}" if noun[:1].lower() in "aeiou" else f"a {noun}"


def _definite(place: str) -> str:
    # A place is named again and again; "the" reads right every time.
    return f"the {place[2:]}" if place.startswith("a ") else place


def _title_words(text: str) -> str:
    small = {"the", "a", "an", "of", "on", "in", "at"}
    parts = text.split()
    return " ".join(w if i and w in small else w[:1].upper() + w[1:] for i, w in enumerate(parts))


def _character(rng: random.Random, taken: set[str]) -> Character:
    she = rng.random() < 0.5
    pool = [n for n in (_SHE if she else _HE) if n not in taken]
    name = rng.choice(pool)
    taken.add(name)
    return Character(name, *(("she", "her", "her") if she else ("he", "his", "him")))


def _fill(template: str, values: dict[str, str]) -> str:
    text = template.format(**values)
    # Capitalise each sentence (a place or time cue may open one).
    return " ".join(_capital(s) for s in _SENTENCE.split(text.strip()))


def random_story(seed: int) -> RandomStory:
    """A story for ``seed``: the same seed always gives the same story."""
    rng = random.Random(seed)
    world = rng.choice(WORLDS)
    count = rng.choice((2, 3, 3))
    places = [_definite(place) for place in rng.sample(world.places, count)]
    place_a, place_b = places[0], places[1]
    place_c = places[2] if count == 3 else place_a
    hero = _character(rng, set())
    friend = _character(rng, {hero.name})
    thing, thing2 = rng.sample(world.things, 2)
    values = {
        "name": hero.name, "he": hero.he, "He": _capital(hero.he), "his": hero.his,
        "him": hero.him, "Friend": friend.name,
        "a_role": _article(rng.choice(world.roles)), "bond": rng.choice(_BONDS),
        "relative": rng.choice(_RELATIVES),
        "place_a": place_a, "place_b": place_b, "place_c": place_c,
        "thing": thing, "thing2": thing2, "deadline": rng.choice(world.deadlines),
        "opening": rng.choice(world.openings), "later": rng.choice(world.laters),
        "condition": rng.choice(world.conditions), "trace": rng.choice(world.traces),
        "people": world.people, "go": world.go,
    }
    details = list(world.details)
    rng.shuffle(details)
    values["detail"] = details.pop()
    # Two different mishaps, in case both the turn and the resolution need one.
    trouble, later_trouble = (t.format(**values) for t in rng.sample(world.troubles, 2))
    values["trouble"] = trouble
    values["trouble_lc"] = later_trouble[:1].lower() + later_trouble[1:]
    kind = rng.choice(("carry", "seek"))
    values["goal"] = rng.choice(_GOALS[kind]).format(**values)

    beats = [
        _fill(f"{rng.choice(_OPENINGS)} {rng.choice(_COMPANIONS)}", values),
        _fill(rng.choice(_JOURNEYS), values),
        _fill(rng.choice(_TURNS[kind]), values),
        _fill(rng.choice(_RESOLUTIONS), values),
        _fill(rng.choice(_ENDINGS), values),
    ]
    # Three to five paragraphs: shorter stories join neighbouring beats.
    paragraphs = rng.choice((3, 4, 5, 5))
    if paragraphs <= 4:
        beats[3:5] = [f"{beats[3]} {beats[4]}"]
    if paragraphs == 3:
        beats[0:2] = [f"{beats[0]} {beats[1]}"]
    # Round a short story up with sounds of its own world.
    while details and sum(len(words(b)) for b in beats) < 130:
        index = rng.randrange(len(beats))
        beats[index] = f"{beats[index]} {details.pop()}"

    title = rng.choice(_TITLES).format(
        Thing=_title_words(thing), Name=hero.name, Friend=friend.name,
        Deadline=_title_words(values["deadline"]))
    style = rng.choice(_STYLES)
    text = f"{title} — {style}\n\n" + "\n\n".join(beats) + "\n"
    return RandomStory(text, world.key, tuple(places), (hero.name, friend.name), thing)


def random_script(seed: int) -> str:
    """An original short story (a title line, then 3-5 paragraphs of 120-250 words), always the
    same for the same ``seed``."""
    return random_story(seed).text
