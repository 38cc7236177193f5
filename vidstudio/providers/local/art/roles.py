"""People named by what they do: "the goalkeeper", "a shopkeeper", "two players".

The planner and the painter both read a script's role nouns as people to draw by hand. Besides
the listed roles, a compound that ends in a word for someone who does something ("goalkeeper",
"ballplayer", "blacksmith", "postman") is a person too, unless the illustration library draws the
whole word as a thing ("snowman").
"""

from __future__ import annotations

from vidstudio.providers.local.art.words import split

ROLES: frozenset[str] = frozenset(split(
    # sport and games
    "player goalkeeper goalie striker defender midfielder referee umpire jockey skier "
    "snowboarder golfer footballer cricketer batsman bowler wrestler fencer gymnast sprinter "
    "champion opponent rival teammate gamer "
    # everyday roles
    "narrator author writer host hostess guest visitor tourist neighbour neighbor friend "
    "stranger owner landlord landlady tenant employee manager secretary assistant "
    "intern colleague shopkeeper innkeeper barkeeper bartender barista waiter "
    "postman postwoman mailman courier messenger newsboy paperboy vendor hawker peddler "
    "villager townsman peasant farmhand milkmaid blacksmith carpenter plumber electrician "
    "builder lumberjack woodcutter fisher sailor captain skipper deckhand "
    # law, war, adventure
    "sheriff deputy cowboy cowgirl outlaw bandit robber criminal suspect witness victim "
    "prisoner hostage lawyer guard sentry warrior sergeant commander thief burglar "
    "lieutenant colonel admiral archer swordsman samurai viking gladiator "
    # care and learning
    "vet veterinarian dentist paramedic medic patient pupil schoolgirl schoolboy teenager "
    "toddler youngster orphan grandma grandpa granny grandad uncle aunt cousin "
    "nephew niece boyfriend girlfriend fiancé fiancée groom widow widower "
    # fairy tale and legend
    "princess prince queen king emperor empress duke duchess lord knight squire jester "
    "peasant shepherdess huntsman woodsman hermit beggar dwarf elf troll wizard witch "
    "sorcerer sorceress mage warlock enchanter enchantress necromancer druid fairy "
    "ogre goblin gnome paladin bard minstrel monk friar abbot bishop pope sultan "
    "pharaoh chieftain shaman healer herald maiden damsel highwayman musketeer "
    "buccaneer mermaid vampire zombie superhero villain detective inspector constable "
    "cop marshal ranger trapper prospector rancher wrangler judge juror "
    # roles drawn in a costume of their own (see paint.costume): stage, wedding, work, faith
    "crusader magician chef baker doctor nurse surgeon scientist chemist "
    "pirate priest nun vicar soldier investigator gangster farmer shepherd "
    "gardener hunter assassin poacher pilgrim seer soothsayer alchemist acrobat "
    "juggler tumbler trapezist aerialist contortionist dancer ballerina cheerleader clown "
    "harlequin pierrot compere conductor maestro illusionist conjurer bride bridesmaid "
    "bridegroom solicitor attorney banker diplomat ambassador politician senator mayor "
    "president chancellor undertaker mortician butler agent spy accountant clerk "
    "magistrate barrister prosecutor professor scholar miner collier caver speleologist "
    "diver aquanaut astronaut cosmonaut taikonaut mechanic welder labourer laborer "
    "roofer bricklayer scaffolder engineer technician pilot aviator copilot steward "
    "stewardess porter chauffeur bellhop concierge athlete runner jogger cyclist "
    "boxer swimmer lifeguard skater surfer climber mountaineer hiker waitress "
    "barmaid maid housemaid butcher grocer cashier cardinal pastor preacher "
    "rabbi imam chaplain deacon missionary parson curate abbess prioress "
    "pharmacist midwife physician optician radiographer anaesthetist tsar czar tsarina "
    "maharaja maharani rajah baron baroness viscount countess marquis regent "
    "monarch paratrooper commando sniper cadet trooper legionary centurion gunner "
    "corporal brigadier mercenary gunslinger drover gaucho vaquero cowhand mariner "
    "boatswain bosun coxswain navigator smuggler pickpocket mugger convict kidnapper "
    "gendarme warden "
    # people the library drew as small emoji figures, now drawn by hand like every role
    "artist singer student teacher technologist officer"
))
# The ends of compounds that name a person by what they do.
_AGENT_ENDS = ("keeper", "player", "maker", "smith", "monger", "worker", "fighter", "man",
               "woman", "men", "women", "person", "girl", "boy", "master", "mistress")
# Compounds ending so that are not people.
_NOT_PEOPLE = frozenset(split(
    "snowman snowmen human humans ottoman talisman caiman doberman german roman "
    "gingerbreadman cayman abdomen specimen regimen stamen coffeemaker icemaker"
))


def is_role(word: str) -> bool:
    """Whether ``word`` (lower case, singular) names a person by their role."""
    if word in ROLES:
        return True
    if word in _NOT_PEOPLE:
        return False
    return any(word.endswith(end) and len(word) > len(end) + 2 for end in _AGENT_ENDS)
