"""Word lists the cast finder reads a script with: who a noun is, and the words of a look.

Kept apart from ``cast`` so that ``people`` (which tells names from places) can use the role
nouns without importing the whole cast finder.
"""

from __future__ import annotations

import re

from vidstudio.core.vocabulary import CharacterKind
from vidstudio.providers.local.planner.matcher import split_list

# The gender a noun gives: "woman", "man" or "person" (unknown).
_WOMEN = split_list(
    "woman girl lady grandmother granny grandma granddaughter mother mum mom sister daughter "
    "wife queen princess bride waitress actress policewoman fisherwoman nun aunt niece witch "
    "heroine maid duchess empress widow hostess stewardess lass landlady grandmother matron "
    "governess seamstress spinster schoolgirl mistress headmistress barmaid milkmaid "
    "chambermaid housewife sorceress priestess goddess countess baroness abbess")
_MEN = split_list(
    "man boy gentleman grandfather grandpa grandson father dad brother son husband king "
    "prince groom fisherman policeman boatman monk uncle nephew wizard duke emperor widower "
    "butler lord knight sir lad fellow chap bloke landlord schoolboy headmaster "
    "postman milkman dustman watchman doorman fireman handyman coachman horseman "
    "huntsman ploughman woodsman stableboy bellboy paperboy cowboy sorcerer warlock "
    "abbot friar baron earl squire")
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
    "general sergeant lieutenant inspector constable warden prisoner orphan twin "
    "apprentice pickpocket deckhand crewman stowaway smuggler bandit robber mugger "
    "tourist visitor guest patient intern assistant secretary receptionist courier "
    "messenger servant footman valet nanny babysitter tutor pupil schoolchild toddler "
    "infant newborn youngster youth pensioner refugee beggar tramp hermit "
    "peddler pedlar hawker trader dealer buyer shopper landowner tenant lodger roommate "
    "flatmate lover fiancé fiance fiancee fiancée cousin ancestor "
    "grandchild parent stepmother stepfather godmother godfather uncle aunt sibling "
    "teammate opponent rival enemy ally companion sidekick captor hostage kidnapper "
    "assassin killer murderer suspect victim mourner bystander onlooker passer-by "
    "commuter pedestrian motorist trucker cabbie chauffeur skipper navigator "
    "lookout coxswain harbourmaster harbormaster fishmonger butcher grocer florist "
    "blacksmith carpenter plumber electrician builder bricklayer labourer laborer "
    "woodcutter lumberjack beekeeper goatherd swineherd milkmaid gamekeeper "
    "groundskeeper caretaker housekeeper zookeeper goalkeeper storekeeper "
    "dishwasher washerwoman cleaner waiter commis sous-chef kitchen-hand busboy "
    "bookseller watchmaker clockmaker dressmaker shoemaker cobbler potter weaver "
    "baker brewer vintner jeweller jeweler banker accountant clerk teller "
    "paramedic medic vet veterinarian dentist midwife pharmacist chemist "
    "monk nun vicar rector bishop preacher rabbi imam shaman healer "
    "chieftain warlord emperor pharaoh sultan tsar czar mayor senator president "
    "minister ambassador diplomat councillor envoy herald guard bodyguard "
    "sentry warrior archer swordsman mercenary gladiator samurai ninja viking "
    "explorer adventurer wanderer pilgrim nomad drifter vagrant outlaw "
    "poacher trapper fisher angler sailor mariner seaman fisherwoman "
    "boatswain bosun purser steward waitress usher projectionist "
    "comedian juggler acrobat ringmaster puppeteer busker fiddler piper "
    "bard minstrel composer conductor choirboy soprano tenor baritone "
    "coach referee umpire jockey golfer skier snowboarder skateboarder "
    "cyclist racer driver rider mountaineer sherpa ranger scout "
    "soldier corporal colonel captain admiral "
    "sniper medic cadet recruit veteran spaceman spacewoman cosmonaut")
_ANIMALS = split_list(
    "cat kitten dog puppy mutt hound lion tiger horse pony donkey mule sheep lamb fox wolf "
    "bear cub deer stag cow calf bull goat pig piglet bird gull seagull crow raven owl eagle "
    "hawk falcon parrot robin sparrow heron stork crane swan duck duckling goose hen chicken "
    "rooster cockerel elephant camel rabbit bunny hare mouse rat squirrel hedgehog badger "
    "otter beaver frog toad turtle tortoise snake lizard whale dolphin seal penguin fish "
    "monkey gorilla giraffe zebra kangaroo koala panda moose bat butterfly bee spider "
    "sheepdog collie terrier spaniel labrador retriever poodle beagle dachshund alsatian "
    "greyhound husky mare stallion foal kitty tomcat ox yak buffalo llama alpaca "
    "magpie jackdaw blackbird wren starling pigeon dove kingfisher woodpecker peacock "
    "puffin albatross pelican flamingo ostrich emu vulture kestrel lark nightingale "
    "cormorant budgie canary cygnet gosling chick ferret weasel stoat vole shrew "
    "dormouse hamster gerbil lynx leopard cheetah jaguar panther hippo rhino crocodile "
    "alligator shark octopus crab lobster snail caterpillar beetle ladybird moth "
    "dragonfly grasshopper bison reindeer elk boar walrus orca seahorse jellyfish "
    "salamander newt iguana gecko chameleon cobra viper armadillo sloth meerkat lemur "
    "chimp chimpanzee orangutan baboon raccoon skunk possum opossum wombat platypus "
    "dingo coyote jackal hyena gazelle antelope pup puppy mongrel")
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
# Trades and roles built the usual way ("gatekeeper", "toymaker", "fishmonger", "locksmith",
# "wheelwright", "goatherd", "chairwoman") are people even when the lists above lack them.
_ROLE_SUFFIX = r"[a-z]{3,}(?:keeper|maker|monger|smith|wright|herd|woman|swain)"
ROLE_PATTERN = "|".join(sorted(KINDS, key=len, reverse=True)) + "|" + _ROLE_SUFFIX
_ROLE_SUFFIX_WORD = re.compile(_ROLE_SUFFIX)


def role_kind(noun: str) -> CharacterKind | None:
    """What a role noun names (a person, an animal...), or None when it is no role."""
    if noun in KINDS:
        return KINDS[noun]
    return CharacterKind.PERSON if _ROLE_SUFFIX_WORD.fullmatch(noun) else None


def role_gender(noun: str) -> str:
    """The gender a role noun gives: "woman", "man" or "person"."""
    if noun in GENDERS:
        return GENDERS[noun]
    return "woman" if noun.endswith("woman") else "person"


def colour_word(word: str) -> str:
    """The colour a word names ("navy", "sea-green", "cherry-red", "mustard-coloured" is
    "mustard"), or ''."""
    word = word.lower()
    if word in COLOURS:
        return word
    for suffix in ("-coloured", "-colored", "-colour", "-color", "-tinted", "-dyed"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word.removesuffix(suffix)
    parts = word.split("-")
    if len(parts) > 1 and parts[-1] in COLOURS and all(p.isalpha() for p in parts):
        return word
    return ""
# Titles written before a name: "Detective Ray Calloway", "Aunt May".
TITLES = split_list(
    "Detective Captain Doctor Dr. Officer Professor Prof. Sergeant Inspector Constable Aunt "
    "Uncle Grandma Grandpa Granny Mr. Mrs. Ms. Miss Sir Lady Lord King Queen Prince Princess "
    "Sister Brother Father Mother Agent Chief General Colonel Lieutenant Nurse Coach Commander "
    "Major Admiral Pilot Judge Mr Mrs Ms Dr Mx")
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
    "jet-black snow-white silver-grey salt-and-pepper plum mauve magenta lavender indigo "
    "scarlet burgundy claret wine cherry lemon lime mint jade aqua cyan azure cobalt "
    "sapphire ochre saffron amber apricot peach coral salmon rose cerise fuchsia "
    "tangerine sand sandy oatmeal taupe fawn camel mustard rust terracotta brick "
    "chocolate coffee caramel honey ginger hazel ash ashen slate pewter steel gunmetal "
    "ebony jet raven milky pearl sepia bottle-green sea-green sky-blue blue-grey "
    "grey-green blood-red fire-engine-red royal-blue powder-blue duck-egg tartan plaid "
    "checked chequered checkered polka-dot floral paisley multicoloured multicolored "
    "rainbow"))
# Words that make a shade of the colour after them: "pale blue", "dark red", "bright green".
SHADES = frozenset(split_list(
    "pale light dark deep bright faded dull soft vivid rich muted neon electric royal "
    "navy bottle sea sky blood midnight baby powder hot"))
MATERIALS = frozenset(split_list(
    "straw leather wool woollen woolen denim silk velvet tweed linen cotton fur canvas "
    "rubber lace knitted"))
GARMENTS = frozenset(split_list(
    "raincoat coat overcoat jacket anorak parka hoodie dress gown frock suit shirt t-shirt "
    "blouse sweater jumper cardigan scarf hat cap beret bonnet hood cloak cape uniform "
    "overalls apron robe skirt trousers pants jeans shorts boots shoes sneakers trainers "
    "sandals slippers helmet headscarf shawl vest waistcoat poncho tuxedo kimono sari "
    "gloves mittens tie bow-tie collar bandana sash belt backpack satchel glasses spectacles "
    "goggles mask crown tiara wellies wellingtons socks stockings tracksuit leotard "
    "pyjamas pajamas nightgown oilskin oilskins sou'wester souwester mac mackintosh "
    "trenchcoat trench-coat greatcoat duffel duffle fleece gilet windcheater windbreaker "
    "cagoule kagool dungarees overall smock tunic pinafore kilt sarong dhoti kaftan caftan "
    "burqa hijab turban fez bowler stetson trilby fedora beanie balaclava earmuffs "
    "bobble-hat sunhat sombrero headband hairband ribbon bow necklace locket earrings "
    "bracelet brooch pendant medal badge armband wristband boiler-suit jumpsuit "
    "wetsuit swimsuit bikini leggings tights culottes breeches jodhpurs chinos slacks "
    "corduroys blazer jersey cardie pullover polo-neck turtleneck tank-top singlet "
    "camisole petticoat corset bodice veil wimple cassock vestments toga "
    "loafers brogues clogs moccasins espadrilles flip-flops heels stilettos galoshes "
    "wellington waders spurs holster rucksack knapsack handbag briefcase "
    "shoulder-bag tote lanyard hi-vis"))
HAIR = frozenset(split_list(
    "hair fur beard moustache mustache mane feathers plumage braids braid curls ponytail "
    "whiskers locks bun pigtails dreadlocks stubble plait plaits ringlets fringe bob quiff "
    "mohawk mullet crew-cut afro topknot sideburns goatee mop"))
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
    "lean bony scrawny gangly willowy portly rotund brawny beefy hefty strapping enormous "
    "massive tubby podgy pudgy spindly lithe athletic diminutive bulky"))
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
    "patch dent dents antenna stripe stripes spots tuft tufts wart warts hump limp "
    "bandage bandages sling crutch crutches stitches bruise bruises plaster cane "
    "eye-patch peg-leg burn burns pockmarks dimples dimple wrinkles "
    "squint stammer stutter lisp"))
BODY_PARTS = frozenset(split_list(
    "eye ear arm leg horn wing tusk tail antenna paw claw face hand foot nose cheek chin lip "
    "forehead brow finger thumb wrist knee ankle shoulder neck head tooth fin flipper beak "
    "hoof whisker shell back belly tummy"))
# Words before a body part that make it a lasting mark: "a bandaged hand", "a crooked nose".
BODY_MARKS = frozenset(split_list(
    "bandaged broken scarred crooked bent twisted missing torn wooden false glass lame "
    "bad injured bruised burned burnt plastered splinted stiff withered floppy droopy "
    "chipped cracked notched clipped ragged stumpy bobbed docked hooked bulbous "
    "tattooed pierced freckled"))
# Finishes and colours of robots and vehicles go to their "skin" (their colour).
FINISHES = frozenset(split_list("rusty rusted chrome shiny battered dented brass copper "
                                "steel metal tin painted polished gleaming"))
# Words that cover an animal's body, for its "hair" field.
FEATHERED = frozenset(split_list(
    "bird gull seagull crow raven owl eagle hawk falcon parrot robin sparrow heron stork crane "
    "swan duck duckling goose hen chicken rooster cockerel penguin magpie jackdaw blackbird "
    "wren starling pigeon dove kingfisher woodpecker peacock puffin albatross pelican "
    "flamingo ostrich emu vulture kestrel lark nightingale cormorant budgie canary "
    "cygnet gosling chick"))
# Animals with skin or scales, not fur: their colour is their skin's.
SKINNED = frozenset(split_list(
    "frog toad turtle tortoise snake lizard whale dolphin fish crocodile alligator "
    "shark octopus salamander newt iguana gecko chameleon cobra viper orca "
    "seahorse jellyfish snail slug hippo rhino elephant worm"))
NUMBERS = frozenset(split_list(
    "twenty thirty forty fifty sixty seventy eighty ninety ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"))
# Kin seen from the other side: if Teodor is "her nephew", then "his aunt" is her.
_KIN_PAIRS = (
    ("aunt uncle", "nephew niece"),
    ("mother father mum mom dad parent", "son daughter child kid boy girl"),
    ("grandmother grandfather grandma grandpa granny", "grandson granddaughter grandchild"),
    ("sister brother sibling twin", "sister brother sibling twin"),
    ("wife husband", "wife husband"),
    ("stepmother stepfather", "stepson stepdaughter"),
    ("godmother godfather", "godson goddaughter"),
    ("master mistress teacher boss", "apprentice pupil student"),
)
KIN: dict[str, frozenset[str]] = {}
for _one, _other in _KIN_PAIRS:
    for _word in split_list(_one):
        KIN[_word] = KIN.get(_word, frozenset()) | frozenset(split_list(_other))
    for _word in split_list(_other):
        KIN[_word] = KIN.get(_word, frozenset()) | frozenset(split_list(_one))
# Labels a script's headings and notes use ("GENRE: Thriller", "SUPER: Since 1952"): never a
# speaker or a name.
HEADINGS = frozenset(split_list(
    "genre setting settings location locations place time scene scenes shot shots visual "
    "visuals audio sound music sfx camera cast characters character product offer price "
    "website call action tagline slogan strapline title subtitle logline format style tone "
    "mood theme question answer step tip fact chapter part act verse chorus bridge intro "
    "outro pre-chorus super caption card voiceover voice-over vo narrator narration announcer "
    "note notes warning summary synopsis premise runtime length duration era period year date "
    "weather lighting props costume costumes wardrobe end cut fade dissolve montage "
    "transition logo packshot endline cta url client brand target audience objective"))

# The words of quoted speech and of lines under a speaker's cue: who is only named there is
# talked about, not seen ("It is if Mrs. Pruitt comes for her cake").
_QUOTED = re.compile(r"[\"\u201c][^\"\u201c\u201d]{1,600}[\"\u201d]")
_CUED_LINE = re.compile(
    r"^[ \t]*[A-Z][\w.'\u2019-]*(?:[ \t]+[A-Z][\w.'\u2019-]*){0,2}[ \t]*(?:\([^)\n]*\))?"
    r"[ \t]*:[ \t]*(.+)$", re.MULTILINE)
_CUE_BLOCK = re.compile(
    r"^[ \t]*(?!INT\b|EXT\b|EST\b|I/E\b)[A-Z][A-Z.'\u2019]*(?: [A-Z][A-Z.'\u2019]*){0,3}"
    r"(?:\([^)\n]*\))?[ \t]*\n((?:[ \t]*\S.*\n?)+)", re.MULTILINE)


# Words after "her"/"him" that make it an object ("watched her from"), not "her coat".
OBJECT_FOLLOWERS = frozenset(split_list(
    "a an the to at in on into from for with by up down out off away back again and but or "
    "as when while that if so then too through across over"))
# Words that end a noun phrase, so that a role noun before one names a character.
FUNCTION_WORDS = frozenset(split_list(
    "who which that whose where when while under over through across along around behind "
    "beside near past up down out off away back too also still just only never always "
    "again here there now will would can could may might must shall should did does do "
    "not no yes so if because though although until before after since once"))


def speech_spans(text: str) -> list[tuple[int, int]]:
    """Where quoted speech and the lines under speakers' cues are."""
    spans = [m.span() for m in _QUOTED.finditer(text)]
    spans += [m.span(1) for m in _CUED_LINE.finditer(text)]
    spans += [m.span(1) for m in _CUE_BLOCK.finditer(text)]
    return spans
