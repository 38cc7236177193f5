"""Word lists the cast finder reads a script with: who a noun is, and the words of a look.

Kept apart from ``cast`` so that ``people`` (which tells names from places) can use the role
nouns without importing the whole cast finder.
"""

from __future__ import annotations

from vidstudio.core.vocabulary import CharacterKind
from vidstudio.providers.local.planner.matcher import split_list

# The gender a noun gives: "woman", "man" or "person" (unknown).
_WOMEN = split_list(
    "woman girl lady grandmother granny grandma granddaughter mother mum mom sister daughter "
    "wife queen princess bride waitress actress policewoman fisherwoman nun aunt niece witch "
    "heroine maid duchess empress widow hostess stewardess")
_MEN = split_list(
    "man boy gentleman grandfather grandpa grandson father dad brother son husband king "
    "prince groom fisherman policeman boatman monk uncle nephew wizard duke emperor widower "
    "butler lord knight sir")
_PEOPLE = split_list(
    "person child kid baby teenager keeper engineer captain doctor detective courier driver "
    "baker sailor pilot nurse teacher farmer soldier astronaut skater dancer singer rider "
    "cyclist stranger traveller traveler hiker runner worker chef cook waiter scientist guard "
    "seller merchant vendor thief burglar drummer guitarist violinist pianist musician "
    "officer conductor passenger priest knight pirate spy agent clerk cashier customer student "
    "artist painter writer poet photographer reporter journalist actor magician clown janitor "
    "porter gardener shepherd hunter miner mechanic surgeon professor inventor explorer ranger "
    "lifeguard firefighter tailor boxer athlete climber diver swimmer surfer architect "
    "colleague friend neighbour neighbor boss manager lawyer judge witness sheriff deputy "
    "cowboy cowgirl ferryman lighthouse-keeper postman postwoman librarian shopkeeper "
    "innkeeper barman bartender barista stranger hero villain narrator veteran commander "
    "general sergeant lieutenant inspector constable warden prisoner orphan twin")
_ANIMALS = split_list(
    "cat kitten dog puppy mutt hound lion tiger horse pony donkey mule sheep lamb fox wolf "
    "bear cub deer stag cow calf bull goat pig piglet bird gull seagull crow raven owl eagle "
    "hawk falcon parrot robin sparrow heron stork crane swan duck duckling goose hen chicken "
    "rooster cockerel elephant camel rabbit bunny hare mouse rat squirrel hedgehog badger "
    "otter beaver frog toad turtle tortoise snake lizard whale dolphin seal penguin fish "
    "monkey gorilla giraffe zebra kangaroo koala panda moose bat butterfly bee spider "
    "sheepdog collie terrier spaniel labrador retriever poodle beagle dachshund alsatian "
    "greyhound husky mare stallion foal kitty tomcat ox yak buffalo llama alpaca")
_CREATURES = split_list(
    "dragon ghost troll monster giant goblin fairy elf dwarf unicorn mermaid vampire werewolf "
    "zombie alien ogre gnome phantom spirit sprite creature beast yeti demon angel")
_ROBOTS = split_list("robot android droid cyborg automaton")
_VEHICLES = split_list(
    "car truck lorry tugboat tug train locomotive engine bus tractor plane aeroplane airplane "
    "helicopter boat ship taxi van rocket submarine rover buggy go-kart scooter motorbike")

KINDS: dict[str, CharacterKind] = {
    **dict.fromkeys(_PEOPLE + _WOMEN + _MEN, CharacterKind.PERSON),
    **dict.fromkeys(_ANIMALS, CharacterKind.ANIMAL),
    **dict.fromkeys(_CREATURES, CharacterKind.CREATURE),
    **dict.fromkeys(_ROBOTS, CharacterKind.ROBOT),
    **dict.fromkeys(_VEHICLES, CharacterKind.VEHICLE),
}
GENDERS: dict[str, str] = {**dict.fromkeys(_WOMEN, "woman"), **dict.fromkeys(_MEN, "man")}
# Nouns that only name a person in general: a named character's apposition, never a role.
GENERIC = frozenset(split_list("person man woman boy girl child kid lady gentleman figure"))
PERSON_ROLES = frozenset(n for n, k in KINDS.items() if k is CharacterKind.PERSON)
ROLE_PATTERN = "|".join(sorted(KINDS, key=len, reverse=True))
# Titles written before a name: "Detective Ray Calloway", "Aunt May".
TITLES = split_list(
    "Detective Captain Doctor Dr. Officer Professor Prof. Sergeant Inspector Constable Aunt "
    "Uncle Grandma Grandpa Granny Mr. Mrs. Ms. Miss Sir Lady Lord King Queen Prince Princess "
    "Sister Brother Father Mother Agent Chief General Colonel Lieutenant Nurse Coach Commander "
    "Major Admiral Pilot Judge")
# A word before a role noun that makes one role of the two ("night porter", "bus driver").
COMPOUNDS = frozenset(split_list(
    "night day bus taxi ferry train truck lighthouse police security head chief sea ship "
    "tug river boat shop street market flower fruit fish coffee ice-cream ticket station "
    "parking hotel school night-shift space fire border lorry delivery cab tram"))

COLOURS = frozenset(split_list(
    "red crimson scarlet blue navy green olive emerald yellow mustard orange purple violet "
    "lilac pink white black grey gray brown golden gold silver beige tan teal turquoise "
    "maroon ginger auburn blond blonde fair dark pale bright chestnut copper cream ivory "
    "khaki charcoal rusty rust chrome brass bronze striped spotted tabby tawny sandy "
    "jet-black snow-white silver-grey salt-and-pepper"))
MATERIALS = frozenset(split_list(
    "straw leather wool woollen woolen denim silk velvet tweed linen cotton fur canvas "
    "rubber lace knitted"))
GARMENTS = frozenset(split_list(
    "raincoat coat overcoat jacket anorak parka hoodie dress gown frock suit shirt t-shirt "
    "blouse sweater jumper cardigan scarf hat cap beret bonnet hood cloak cape uniform "
    "overalls apron robe skirt trousers pants jeans shorts boots shoes sneakers trainers "
    "sandals slippers helmet headscarf shawl vest waistcoat poncho tuxedo kimono sari "
    "gloves mittens tie bow-tie collar bandana sash belt backpack satchel glasses spectacles "
    "goggles eyepatch mask crown tiara wellies wellingtons socks stockings tracksuit leotard "
    "pyjamas pajamas nightgown"))
HAIR = frozenset(split_list(
    "hair fur beard moustache mustache mane feathers plumage braids braid curls ponytail "
    "whiskers locks bun pigtails dreadlocks stubble"))
HAIR_WORDS = frozenset(split_list(
    "short long curly straight wild bushy thick thin messy braided cropped shaggy spiky "
    "wavy greying graying thinning neat untidy tangled matted fluffy soft sleek shiny "
    "glossy scruffy white-blond")) | COLOURS
AGES: dict[str, str] = {
    **dict.fromkeys(split_list("old elderly aged ancient grey-haired white-haired"), "old"),
    **dict.fromkeys(split_list("young youthful teenage adolescent"), "young"),
    **dict.fromkeys(split_list("middle-aged"), "middle-aged"),
    **dict.fromkeys(split_list("baby infant toddler little"), "child"),
}
BUILDS = frozenset(split_list(
    "tall short small tiny huge big large giant slight slim thin skinny lanky wiry stocky "
    "burly broad broad-shouldered heavy heavyset plump fat chubby round stout muscular "
    "hulking petite stooped hunched frail gaunt sturdy strong boxy squat sleek chunky "
    "lean bony"))
# Words before a noun that say something lasting about the body: "one-eyed", "three-legged".
MARK_WORDS: dict[str, str] = {
    "one-eyed": "one eye", "one-armed": "one arm", "one-legged": "one leg",
    "three-legged": "three legs", "one-eared": "one ear", "bald": "bald",
    "bearded": "a beard", "freckled": "freckles", "scarred": "a scar", "tattooed": "tattoos",
    "bespectacled": "glasses", "limping": "a limp", "lame": "a limp", "blind": "blind",
    "one-winged": "one wing", "patched": "patches", "dented": "dents",
}
MARK_NOUNS = frozenset(split_list(
    "scar scars tattoo tattoos freckles eyepatch glasses spectacles limp birthmark mole "
    "patch dent dents antenna stripe stripes spots"))
BODY_PARTS = frozenset(split_list("eye ear arm leg horn wing tusk tail antenna paw claw face"))
# Finishes and colours of robots and vehicles go to their "skin" (their colour).
FINISHES = frozenset(split_list("rusty rusted chrome shiny battered dented brass copper "
                                "steel metal tin painted polished gleaming"))
# Words that cover an animal's body, for its "hair" field.
FEATHERED = frozenset(split_list(
    "bird gull seagull crow raven owl eagle hawk falcon parrot robin sparrow heron stork crane "
    "swan duck duckling goose hen chicken rooster cockerel penguin"))
NUMBERS = frozenset(split_list(
    "twenty thirty forty fifty sixty seventy eighty ninety ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"))
