"""The project's own knowledge of the drawings: real-world sizes, where things rest, synonyms.

Sizes are heights in metres of the thing drawn (a car 1.5, a giraffe 5). Anchors say where a
thing is found: "ground" (stands on the floor or the land), "sky" (flies or hangs in the sky),
"water" (floats or swims) or "wall" (hangs on a wall indoors). Drawings not named here take
their category's default.
"""

from __future__ import annotations

from vidstudio.providers.local.art.words import split

# name -> (height in metres, anchor)
_TABLE: dict[str, tuple[float, str]] = {}


def _add(anchor: str, height: float, names: str) -> None:
    for name in split(names):
        _TABLE[name] = (height, anchor)


# Animals, by size.
_add("ground", 0.02, "ant bug beetle lady-beetle cockroach cricket fly mosquito worm snail "
     "scorpion spider microbe")
_add("ground", 0.12, "mouse rat hamster chipmunk frog lizard hedgehog baby-chick "
     "hatching-chick front-facing-baby-chick")
_add("ground", 0.25, "cat black-cat rabbit skunk squirrel turtle rooster chicken duck "
     "dodo raccoon badger otter beaver poodle")
_add("ground", 0.55, "dog guide-dog service-dog fox goat ram ewe sheep pig boar koala "
     "sloth penguin turkey goose swan monkey panda flamingo peacock crocodile snake wolf")
_add("ground", 1.0, "deer lion tiger leopard llama donkey kangaroo")
_add("ground", 4.0, "t-rex")
_add("ground", 1.4, "cow ox water-buffalo bear polar-bear zebra gorilla orangutan bison "
     "hippopotamus rhinoceros")
_add("ground", 1.7, "horse camel two-hump-camel moose unicorn")
_add("ground", 3.2, "elephant mammoth")
_add("ground", 5.0, "giraffe sauropod dragon")
_add("sky", 0.3, "bird blackbird dove eagle owl parrot bat butterfly honeybee phoenix-bird")
_add("water", 0.4, "fish tropical-fish blowfish jellyfish octopus squid")
_add("water", 1.5, "seal dolphin shark")
_add("water", 4.0, "whale spouting-whale")
# Plants.
_add("ground", 0.7, "fire")
_add("ground", 0.3, "potted-plant seedling tulip rose sunflower hibiscus white-flower "
     "wilted-flower bouquet herb mushroom brown-mushroom")
_add("ground", 1.6, "cactus")
_add("ground", 6.0, "deciduous-tree evergreen-tree palm-tree christmas-tree tanabata-tree")
# Vehicles.
_add("ground", 1.5, "automobile oncoming-automobile taxi oncoming-taxi police-car "
     "oncoming-police-car racing-car sport-utility-vehicle pickup-truck auto-rickshaw")
_add("ground", 1.2, "motorcycle motor-scooter bicycle kick-scooter manual-wheelchair "
     "motorized-wheelchair")
_add("ground", 0.15, "skateboard roller-skate ice-skate")
_add("ground", 3.0, "bus oncoming-bus minibus trolleybus ambulance fire-engine "
     "delivery-truck articulated-lorry tractor")
_add("ground", 4.0, "locomotive train high-speed-train bullet-train light-rail metro tram "
     "tram-car railway-car monorail mountain-railway")
_add("ground", 3.5, "tent circus-tent hut")
_add("ground", 40.0, "rocket")
_add("sky", 8.0, "airplane small-airplane helicopter flying-saucer satellite parachute "
     "aerial-tramway mountain-cableway suspension-railway comet ringed-planet")
_add("sky", 1.0, "kite balloon")
_add("water", 3.0, "sailboat canoe speedboat motor-boat ring-buoy")
_add("water", 12.0, "ship passenger-ship ferry")
# Buildings and structures.
_add("ground", 9.0, "house house-with-garden derelict-house school hospital hotel bank "
     "post-office japanese-post-office convenience-store department-store church mosque "
     "synagogue hindu-temple shinto-shrine classical-building factory stadium love-hotel "
     "office-building castle japanese-castle kaaba")
_add("ground", 40.0, "tokyo-tower statue-of-liberty")
_add("ground", 12.0, "ferris-wheel roller-coaster")
_add("ground", 2.0, "fountain carousel-horse playground-slide fuel-pump door snowman "
     "snowman-without-snow moai")
_add("ground", 2.4, "vertical-traffic-light horizontal-traffic-light bus-stop stop-sign "
     "barber-pole")
# Furniture and machines.
_add("ground", 0.9, "chair seat toilet bathtub couch-and-lamp bed file-cabinet "
     "slot-machine")
_add("ground", 2.0, "ladder elevator shower")
_add("ground", 1.0, "desktop-computer television printer fax-machine microscope telescope "
     "film-projector drum long-drum coffin wastebasket bucket")
_add("ground", 1.1, "guitar banjo violin musical-keyboard")
_add("wall", 0.6, "framed-picture mirror window world-map mantelpiece-clock calendar "
     "spiral-calendar tear-off-calendar")
_add("ground", 0.45, "laptop radio loudspeaker studio-microphone microphone camera "
     "video-camera movie-camera clapper-board backpack briefcase luggage basket package "
     "toolbox fire-extinguisher headstone")
# Small things the set files under places, people or smileys, whose category default (a
# vehicle's 3 m, a person's 1.7 m) would draw an alarm clock as tall as a bus.
_add("ground", 0.15, "alarm-clock bellhop-bell stopwatch timer-clock hourglass-done "
     "hourglass-not-done compass brain love-letter nail-polish")
_add("ground", 0.3, "bone skull skull-and-crossbones lungs bomb thermometer")
_add("ground", 0.05, "tooth")
_add("ground", 0.7, "wheel mechanical-arm")
_add("ground", 0.9, "oil-drum closed-umbrella mechanical-leg")
_add("ground", 1.0, "umbrella umbrella-with-rain-drops")
_add("ground", 1.5, "anchor")
_add("ground", 2.2, "umbrella-on-ground")
_add("ground", 0.6, "wood")  # a pile of logs (firewood, timber), not a 3 m wall


# Animals the set draws as a head only (a floating lion's face on a road reads badly): where the
# painter has a hand-painted body for them, it draws that instead.
HEAD_ONLY: frozenset[str] = frozenset(split(
    "lion bear polar-bear wolf fox panda koala frog hamster unicorn"
))


# Things that give light: drawn in their own colours whatever the hour, with a glow.
EMISSIVE: frozenset[str] = frozenset(split(
    "fire candle diya-lamp light-bulb flashlight fireworks sparkler firecracker "
    "red-paper-lantern television desktop-computer laptop mobile-phone"
))


# Category defaults: (height in metres, anchor).
_CATEGORY: dict[str, tuple[float, str]] = {
    "Animals & Nature": (0.5, "ground"),
    "Food & Drink": (0.2, "ground"),
    "Objects": (0.3, "ground"),
    "Activities": (0.3, "ground"),
    "Travel & Places": (3.0, "ground"),
    "People & Body": (1.7, "ground"),
    "Smileys & Emotion": (1.7, "ground"),
}


def size_and_anchor(name: str, category: str) -> tuple[float, str]:
    """Real-world height (metres) and anchor of a drawing."""
    return _TABLE.get(name) or _CATEGORY.get(category, (0.5, "ground"))


# Words a script uses for a thing, mapped to the drawing that shows it.
SYNONYMS: dict[str, str] = {
    "car": "automobile", "sedan": "automobile", "hatchback": "automobile",
    "cab": "taxi", "lorry": "articulated-lorry", "truck": "delivery-truck",
    "van": "delivery-truck", "jeep": "sport-utility-vehicle", "suv": "sport-utility-vehicle",
    "motorbike": "motorcycle", "scooter": "motor-scooter", "moped": "motor-scooter",
    "bike": "bicycle", "plane": "airplane", "aeroplane": "airplane", "jet": "airplane",
    "airliner": "airplane", "aircraft": "airplane", "spaceship": "rocket",
    "spacecraft": "rocket", "starship": "flying-saucer", "ufo": "flying-saucer",
    "boat": "sailboat", "yacht": "sailboat", "dinghy": "canoe", "rowboat": "canoe",
    "kayak": "canoe", "trawler": "motor-boat", "liner": "passenger-ship",
    "steamer": "ship", "vessel": "ship", "subway": "metro", "underground": "metro",
    "streetcar": "tram", "coach": "bus", "firetruck": "fire-engine",
    "puppy": "dog", "hound": "dog", "kitten": "cat", "pony": "horse", "stallion": "horse",
    "mare": "horse", "foal": "horse", "bunny": "rabbit", "hare": "rabbit", "lamb": "ewe",
    "calf": "cow", "bull": "ox", "yak": "ox", "hen": "chicken", "chick": "baby-chick",
    "gull": "bird",
    "seagull": "bird", "crow": "blackbird", "raven": "blackbird", "sparrow": "bird",
    "pigeon": "dove", "hawk": "eagle", "falcon": "eagle", "dinosaur": "t-rex",
    "ape": "gorilla", "chimp": "monkey", "chimpanzee": "monkey", "toad": "frog",
    "bee": "honeybee", "ladybird": "lady-beetle", "ladybug": "lady-beetle",
    "sofa": "couch-and-lamp", "couch": "couch-and-lamp", "settee": "couch-and-lamp",
    "armchair": "chair", "stool": "chair",
    "computer": "desktop-computer", "pc": "desktop-computer", "monitor": "desktop-computer",
    "tv": "television", "telly": "television", "phone": "mobile-phone",
    "smartphone": "mobile-phone", "cellphone": "mobile-phone",
    "piano": "musical-keyboard", "mic": "microphone",
    "torch": "flashlight",
    "picture": "framed-picture", "painting": "framed-picture", "portrait": "framed-picture",
    "clock": "mantelpiece-clock", "map": "world-map", "globe": "globe-showing-europe-africa",
    "book": "closed-book", "novel": "closed-book", "diary": "notebook",
    "letter": "envelope", "parcel": "package", "box": "package", "crate": "package",
    "suitcase": "luggage", "bag": "backpack", "rucksack": "backpack",
    "coffee": "hot-beverage", "tea": "teacup-without-handle", "mug": "hot-beverage",
    "cup": "hot-beverage", "wine": "wine-glass", "beer": "beer-mug", "cake": "birthday-cake",
    "apple": "red-apple", "burger": "hamburger", "chips": "french-fries",
    "fries": "french-fries", "noodles": "steaming-bowl", "ramen": "steaming-bowl",
    "udon": "steaming-bowl", "pho": "steaming-bowl", "hotdog": "hot-dog", "sausage": "hot-dog",
    "soup": "pot-of-food",
    "icecream": "ice-cream", "sweets": "candy", "loaf": "bread",
    "gun": "water-pistol", "pistol": "water-pistol", "sword": "dagger", "knife": "kitchen-knife",
    "saw": "carpentry-saw",
    "flask": "alembic", "beaker": "test-tube", "vial": "test-tube",
    "tree": "deciduous-tree", "oak": "deciduous-tree", "pine": "evergreen-tree",
    "fir": "evergreen-tree", "flower": "tulip", "flowers": "bouquet",
    "plant": "potted-plant", "bonfire": "fire", "campfire": "fire", "flames": "fire",
    "tombstone": "headstone", "gravestone": "headstone", "grave": "headstone",
    "mailbox": "postbox", "gift": "wrapped-gift", "present": "wrapped-gift",
    "teddy": "teddy-bear", "ball": "soccer-ball", "football": "soccer-ball",
    "trophy": "trophy", "dice": "game-die", "cards": "joker", "crown": "crown",
    "spotlight": "flashlight", "projector": "film-projector", "camcorder": "video-camera",
    "film": "film-frames", "saturn": "ringed-planet",
    "astronaut": "astronaut", "robot": "robot", "alien": "alien", "ghost": "ghost",
    "skeleton": "skull", "witch": "mage", "wizard": "mage", "vampire": "vampire",
    "zombie": "zombie", "mermaid": "merperson", "fairy": "fairy", "genie": "genie",
    "santa": "santa-claus", "superhero": "superhero", "ninja": "ninja",
    "hippo": "hippopotamus", "alpaca": "llama", "elk": "moose", "mule": "donkey",
    "buffalo": "bison", "grizzly": "bear", "bumblebee": "honeybee", "geese": "goose",
    "duckling": "duck", "cub": "bear", "stag": "deer", "doe": "deer", "reindeer": "deer",
    "heron": "bird", "robin": "bird", "songbird": "bird", "tortoise": "turtle",
    "stingray": "fish", "salmon": "fish", "trout": "fish", "goldfish": "tropical-fish",
    "fishing boat": "motor-boat",
    "rowing boat": "canoe", "police car": "police-car", "fire engine": "fire-engine",
    "fire truck": "fire-engine",
    "steam train": "locomotive", "space station": "satellite",
    "space shuttle": "rocket", "sports car": "racing-car", "race car": "racing-car",
    "double bass": "violin", "grand piano": "musical-keyboard",
    "coffee machine": "hot-beverage",
    # The baby's bottle is a drawing the library otherwise keeps out with the other baby words.
    "baby bottle": "baby-bottle", "baby's bottle": "baby-bottle", "feeding bottle": "baby-bottle",
    "baby bottles": "baby-bottle",
    # The set has no national flags; its pennant on a pole is the plainest flag it draws.
    "lantern": "red-paper-lantern", "paper lantern": "red-paper-lantern",
    "flag": "flag-in-hole", "pennant": "flag-in-hole", "banner": "flag-in-hole",
    # Common film nouns the set draws under another name (its nearest drawing).
    "diamond": "gem-stone", "diamonds": "gem-stone", "jewel": "gem-stone", "gem": "gem-stone",
    "log": "wood", "firewood": "wood", "timber": "wood", "lumber": "wood",
    "frying pan": "cooking", "skillet": "cooking", "saucepan": "cooking", "tree trunk": "wood",
    "honey": "honey-pot", "wallet": "purse", "handbag": "purse",
    "cheese": "cheese-wedge", "trunk": "luggage", "swordfish": "fish", "tuna": "fish",
    "cod": "fish", "carp": "fish", "marlin": "fish", "dolphins": "dolphin",
    "shuttle": "rocket", "jug": "amphora",
    "pitcher": "amphora", "vase": "amphora", "kettle": "teapot", "leaf": "fallen-leaf",
    "bottle": "bottle-with-popping-cork", "pot": "pot-of-food",
    "cauldron": "pot-of-food", "plate": "fork-and-knife-with-plate", "squirrel": "chipmunk",
    "skate park": "skateboard", "skatepark": "skateboard",
}

# Names of places that end in a thing's name: a train's dining car is where the scene is, not a
# car standing in it.
PLACE_PHRASES: frozenset[str] = frozenset((
    "dining car", "sleeping car", "buffet car", "restaurant car", "railway car", "luggage van",
    "guard's van", "guard van", "goods van", "parcel van", "club car", "observation car",
    "car park", "bus station", "bus stop", "train station", "boat house", "boathouse",
))

# Clothes are worn by the people the painter draws, not things standing beside them: no
# drawing is named by them, alone or as the end of a longer name ("lab coat").
WORN: frozenset[str] = frozenset(split(
    "dress coat raincoat jacket hoodie shirt t-shirt sweater jumper scarf hat cap cloak cape "
    "uniform overalls apron robe skirt trousers jeans boots boot shoes shoe gloves glove "
    "helmet vest poncho tuxedo kimono sari gown suit socks shorts bikini necktie tie"
))

# Words that name a drawing but are usually something else in a script: verbs, colours,
# parts of places the painter already paints, weather and light.
STOP: frozenset[str] = frozenset(split(
    "watch match can saw rose date fan bow tie jack top bank bar post lock file note record "
    "orange olive peach lime cherry lemon chocolate honey gold silver "
    "light time heart love star sun moon cloud clouds rain snow fog wind storm lightning "
    "rainbow water wave sea ocean river mountain volcano desert island night sunrise sunset "
    "ice face hand hands head eye eyes ear nose mouth foot feet leg legs arm back "
    "man woman person people boy girl child children baby kid kids men women guy lady "
    "family couple crowd old older mark "
    "ring seal pick trip spring fall plant play bridge "
    "station building street road house-number office school church tower wall "
    "room door window floor ceiling stairs table desk shop store cafe bank hotel hospital "
    "stadium park garden field forest wood woods rock stone stones earth world "
    "present case chips chip club diamond spade suit hole house houses home homes cottage "
    "lamp lamps lantern lanterns planet planets camera"
)) | WORN

# Stop words whose plural is only ever the thing: "roses climbing over the porch", "a bowl of
# lemons" (the singular is a verb, a colour or a flavour too often to be one).
PLURAL_SENSES: frozenset[str] = frozenset(split(
    "roses lemons limes oranges olives peaches cherries chocolates"))

# Stop words that are still the object when a script introduces them as one: "a camera",
# "her old lamp", "his watch" name things to draw; "the camera pans", "watch the sky" do not.
OBJECT_SENSES: frozenset[str] = frozenset(split(
    "camera cameras lamp lamps lantern lanterns watch fan lock saw ring bow tie planet "
    "planets spade pick chest leaf log pan plant fly flies"
))
