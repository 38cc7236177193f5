"""What a person named by a role wears, so that a knight reads as a knight and not a passer-by.

A role noun ("knight", "wizard", "sheriff", "chef") picks a costume from one general table: a
coat colour, a hat of a recognisable shape and at most one mark (plate armour, a long robe, a
star badge, an apron). The costume is drawn over the plain figure of ``people.figure``: the
coat colour replaces the figure's own, the rest is painted on top. A colour the script names
("a wizard in a blue robe") wins over the table's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from vidstudio.providers.local.art.words import split

if TYPE_CHECKING:
    from vidstudio.providers.local.paint.canvas import RGB, Canvas
    from vidstudio.providers.local.paint.look import Look


@dataclass(frozen=True)
class Costume:
    """A role's dress.

    Attributes:
        name: what it is called in a take's record ("armour", "robe and pointed hat").
        coat: the coat's colour.
        hat: "" none, "helmet", "pointed", "crown", "brim" (wide-brimmed), "cap" (peaked),
            "toque" (a cook's tall hat), "tricorn", "hood".
        hat_colour: the hat's colour.
        mark: "" none, "armour" (plates and a visor line), "robe" (to the ankles), "badge"
            (a star on the chest), "apron", "long coat" (to the knees).
    """

    name: str
    coat: RGB
    hat: str = ""
    hat_colour: RGB = (40, 40, 44)
    mark: str = ""


_STEEL = (176, 182, 190)
_GOLD = (222, 180, 60)
_NAVY = (34, 44, 84)
_WHITE = (236, 236, 232)
_BLACK = (30, 30, 34)
_BROWN = (120, 80, 48)

_KINDS: dict[str, Costume] = {
    "armour": Costume("armour", _STEEL, "helmet", _STEEL, "armour"),
    "wizard": Costume("robe and pointed hat", (60, 60, 150), "pointed", (50, 50, 130), "robe"),
    "witch": Costume("black robe and pointed hat", _BLACK, "pointed", _BLACK, "robe"),
    "royal": Costume("crown and robe", (150, 30, 50), "crown", _GOLD, "robe"),
    "western": Costume("wide-brimmed hat", (150, 100, 60), "brim", _BROWN),
    "lawman": Costume("wide-brimmed hat and star badge", (140, 96, 56), "brim", _BROWN, "badge"),
    "police": Costume("police uniform and cap", _NAVY, "cap", _NAVY, "badge"),
    "cook": Costume("white coat and toque", _WHITE, "toque", _WHITE, "apron"),
    "medic": Costume("white coat", _WHITE, "", _WHITE, "long coat"),
    "sailor": Costume("navy coat and white cap", _NAVY, "cap", _WHITE),
    "pirate": Costume("tricorn hat", (130, 30, 30), "tricorn", _BLACK),
    "cleric": Costume("long robe", (70, 50, 40), "", _BLACK, "robe"),
    "soldier": Costume("uniform and helmet", (80, 96, 60), "helmet", (70, 84, 52)),
    "firefighter": Costume("fire helmet and coat", (196, 160, 40), "helmet", (190, 40, 30)),
    "detective": Costume("trench coat and hat", (170, 140, 96), "brim", (90, 70, 50),
                         "long coat"),
    "outlaw": Costume("dark coat and hat", (44, 40, 40), "brim", _BLACK),
    "farmer": Costume("straw hat", (60, 90, 140), "brim", (220, 190, 110)),
    "hooded": Costume("hooded cloak", (70, 80, 60), "hood", (70, 80, 60), "robe"),
    "bride": Costume("white gown and veil", _WHITE, "hood", _WHITE, "robe"),
    "formal": Costume("dark suit", (36, 36, 44), "", _BLACK, "long coat"),
    "circus": Costume("spangled leotard", (200, 40, 120), "", _GOLD),
    "clown": Costume("clown suit and pointed hat", (230, 90, 40), "pointed", (250, 220, 40)),
    "ringmaster": Costume("red tailcoat and top hat", (170, 20, 30), "brim", _BLACK,
                          "long coat"),
    "referee": Costume("black shirt and cap", _BLACK, "cap", _BLACK),
    "gown": Costume("black gown", _BLACK, "", _BLACK, "robe"),
    "miner": Costume("miner's helmet", (90, 90, 96), "helmet", (230, 200, 40)),
    "diver": Costume("diving suit and helmet", (40, 44, 56), "helmet", (200, 170, 60)),
    "space": Costume("white spacesuit", (236, 236, 236), "helmet", (236, 236, 236)),
    "worker": Costume("hard hat and orange overalls", (230, 120, 30), "helmet", (245, 210, 40)),
    "crew": Costume("uniform and peaked cap", _NAVY, "cap", _NAVY),
    "athlete": Costume("sports kit", (30, 110, 200), "", _WHITE),
    "server": Costume("black waistcoat and white apron", _BLACK, "", _BLACK, "apron"),
}

ROLES: dict[str, str] = {
    **dict.fromkeys(split("knight paladin squire crusader"), "armour"),
    **dict.fromkeys(split("wizard sorcerer mage warlock enchanter necromancer magician "
                          "druid"), "wizard"),
    **dict.fromkeys(split("witch sorceress enchantress"), "witch"),
    **dict.fromkeys(split("king queen prince princess emperor empress sultan pharaoh duke "
                          "duchess lord"), "royal"),
    **dict.fromkeys(split("cowboy cowgirl rancher wrangler prospector trapper"), "western"),
    **dict.fromkeys(split("sheriff marshal deputy"), "lawman"),
    **dict.fromkeys(split("policeman policewoman police officer constable cop"), "police"),
    **dict.fromkeys(split("chef cook baker"), "cook"),
    **dict.fromkeys(split("doctor nurse surgeon scientist vet veterinarian dentist paramedic "
                          "medic chemist"), "medic"),
    **dict.fromkeys(split("sailor captain skipper deckhand admiral"), "sailor"),
    **dict.fromkeys(split("pirate buccaneer"), "pirate"),
    **dict.fromkeys(split("priest monk nun friar abbot bishop vicar"), "cleric"),
    **dict.fromkeys(split("soldier sergeant lieutenant colonel commander warrior guard "
                          "sentry"), "soldier"),
    **dict.fromkeys(split("firefighter fireman firewoman"), "firefighter"),
    **dict.fromkeys(split("detective inspector investigator"), "detective"),
    **dict.fromkeys(split("bandit outlaw robber burglar thief highwayman gangster"), "outlaw"),
    **dict.fromkeys(split("farmer farmhand shepherd gardener"), "farmer"),
    **dict.fromkeys(split("hermit ranger archer huntsman hunter assassin rogue poacher "
                          "pilgrim seer soothsayer alchemist"), "hooded"),
    # Circus, fair and stage.
    **dict.fromkeys(split("acrobat juggler tumbler trapezist aerialist contortionist "
                          "stuntman stuntwoman dancer ballerina gymnast "
                          "showgirl cheerleader"), "circus"),
    **dict.fromkeys(split("clown jester harlequin pierrot mime"), "clown"),
    **dict.fromkeys(split("ringmaster showman compere conductor maestro illusionist "
                          "conjurer"), "ringmaster"),
    # Weddings and the formal.
    **dict.fromkeys(split("bride bridesmaid"), "bride"),
    **dict.fromkeys(split("groom bridegroom bestman lawyer solicitor attorney banker "
                          "businessman businesswoman executive diplomat ambassador politician "
                          "senator mayor president chancellor undertaker mortician butler "
                          "agent spy accountant clerk juror"), "formal"),
    **dict.fromkeys(split("judge magistrate barrister prosecutor graduate professor "
                          "headmaster headmistress dean scholar"), "gown"),
    # Work.
    **dict.fromkeys(split("miner collier pitman quarryman caver "
                          "speleologist"), "miner"),
    **dict.fromkeys(split("diver frogman aquanaut"), "diver"),
    **dict.fromkeys(split("astronaut cosmonaut spaceman spacewoman taikonaut"), "space"),
    **dict.fromkeys(split("builder plumber electrician mechanic welder labourer laborer "
                          "roofer bricklayer scaffolder engineer technician foreman "
                          "roadworker linesman"), "worker"),
    **dict.fromkeys(split("pilot aviator copilot steward stewardess porter "
                          "chauffeur doorman bellboy "
                          "bellhop concierge usher postman postwoman courier"), "crew"),
    **dict.fromkeys(split("referee umpire"), "referee"),
    **dict.fromkeys(split("athlete footballer runner sprinter jogger cyclist boxer "
                          "wrestler player goalkeeper striker golfer swimmer "
                          "lifeguard skater surfer climber mountaineer hiker jockey skier "
                          "snowboarder"), "athlete"),
    **dict.fromkeys(split("waiter waitress barman barmaid bartender barista maid housemaid "
                          "housekeeper cleaner butcher grocer fishmonger shopkeeper "
                          "innkeeper landlady landlord cashier"), "server"),
    # Two-word roles (``costume_for`` reads the last two words first).
    "tightrope walker": "circus", "trapeze artist": "circus", "fire eater": "circus",
    "sword swallower": "circus", "scuba diver": "diver", "deep-sea diver": "diver",
    "ticket inspector": "crew", "flight attendant": "crew", "security guard": "police",
    "pastry chef": "cook", "tennis player": "athlete", "best man": "formal",
    "construction worker": "worker", "site worker": "worker", "fire fighter": "firefighter",
    # More of the kinds above.
    **dict.fromkeys(split("cardinal pastor preacher rabbi imam chaplain deacon missionary "
                          "parson curate abbess prioress"), "cleric"),
    **dict.fromkeys(split("pharmacist midwife physician optician orderly "
                          "radiographer anaesthetist"), "medic"),
    **dict.fromkeys(split("tsar czar tsarina maharaja maharani rajah baron baroness "
                          "viscount countess marquis regent monarch"), "royal"),
    **dict.fromkeys(split("infantryman paratrooper commando sniper cadet trooper legionary "
                          "centurion rifleman gunner corporal brigadier mercenary "
                          "guardsman"), "soldier"),
    **dict.fromkeys(split("gunslinger cattleman drover gaucho vaquero stockman "
                          "cowhand"), "western"),
    **dict.fromkeys(split("fisherman mariner boatswain bosun helmsman coxswain ferryman "
                          "boatman navigator"), "sailor"),
    **dict.fromkeys(split("smuggler pickpocket mugger convict kidnapper "
                          "hitman"), "outlaw"),
    **dict.fromkeys(split("shepherdess milkmaid ploughman woodcutter lumberjack gamekeeper "
                          "beekeeper"), "farmer"),
    **dict.fromkeys(split("patrolman bobby gendarme warden"), "police"),
}


def costume_for(noun: str) -> Costume | None:
    """The costume of the person a role noun names ("knight", "police officer"), if any."""
    words = noun.lower().split()
    if not words:
        return None
    kind = ROLES.get(" ".join(words[-2:])) or ROLES.get(words[-1])
    return _KINDS[kind] if kind else None


def wear(c: Canvas, x: float, y: float, h: float, look: Look, costume: Costume,
         pose: str = "stand", coat: RGB | None = None) -> None:
    """Paint ``costume`` over a figure ``h`` tall standing (or sitting) on ``y``, drawn by
    ``people.figure`` with the costume's coat (or ``coat``, a colour the script named)."""
    drop = h * 0.2 if pose == "sit" else 0.0
    head_r = h * 0.064
    head_y = y - h + head_r + drop
    shoulder_y = y - h * 0.81 + drop
    sw = h * 0.125
    body = look.body(coat or costume.coat)
    if costume.mark in ("robe", "long coat") and pose != "sit":
        hem = y - h * (0.03 if costume.mark == "robe" else 0.2)
        c.polygon([(x - sw * 0.9, shoulder_y + h * 0.03), (x + sw * 0.9, shoulder_y + h * 0.03),
                   (x + sw * 1.35, hem), (x - sw * 1.35, hem)], body)
    elif costume.mark == "armour":
        plate = look.body(_STEEL, 1.15)
        seam = look.dark(_STEEL, 0.6)
        c.rect_fill(x - sw * 0.8, shoulder_y + h * 0.02, x + sw * 0.8, y - h * 0.5 + drop, plate)
        c.lines([[(x - sw * 0.8, y - h * k + drop), (x + sw * 0.8, y - h * k + drop)]
                 for k in (0.7, 0.6)], h * 0.008, seam)
        c.ellipses([(x + s * sw * 0.95, shoulder_y + h * 0.02, sw * 0.4, h * 0.035)
                    for s in (-1, 1)], plate)  # the pauldrons
    elif costume.mark == "badge":
        star = look.lamp(_GOLD) if costume.coat != _NAVY else look.body((226, 200, 120), 1.2)
        bx, by, r = x + look.facing * sw * 0.4, shoulder_y + h * 0.07, h * 0.025
        c.polygon([(bx, by - r), (bx + r * 0.3, by - r * 0.3), (bx + r, by - r * 0.2),
                   (bx + r * 0.45, by + r * 0.25), (bx + r * 0.6, by + r),
                   (bx, by + r * 0.55), (bx - r * 0.6, by + r), (bx - r * 0.45, by + r * 0.25),
                   (bx - r, by - r * 0.2), (bx - r * 0.3, by - r * 0.3)], star)
    elif costume.mark == "apron":
        c.rect_fill(x - sw * 0.6, shoulder_y + h * 0.12, x + sw * 0.6, y - h * 0.36 + drop,
                    look.body((250, 250, 246), 1.1))
    _hat(c, x, head_y, head_r, look, costume)


def _hat(c: Canvas, x: float, head_y: float, r: float, look: Look, costume: Costume) -> None:
    colour = look.body(costume.hat_colour, 1.05)
    top = head_y - r * 0.55
    if costume.hat == "helmet":
        c.ellipse(x, head_y - r * 0.2, r * 1.1, r * 1.0, colour)
        c.lines([[(x - r * 0.9, head_y), (x + r * 0.9, head_y)]], r * 0.18,
                look.dark(costume.hat_colour, 0.5))  # the visor's slit, a brim's shadow
    elif costume.hat == "pointed":
        c.rect_fill(x - r * 1.7, top - r * 0.1, x + r * 1.7, top + r * 0.15, colour)
        c.polygon([(x - r * 0.95, top), (x + r * 0.95, top),
                   (x + look.facing * r * 0.5, top - r * 3.4)], colour)
    elif costume.hat == "crown":
        c.polygon([(x - r * 0.9, top + r * 0.1), (x - r * 0.9, top - r * 0.9),
                   (x - r * 0.45, top - r * 0.4), (x, top - r * 1.1), (x + r * 0.45, top - r * 0.4),
                   (x + r * 0.9, top - r * 0.9), (x + r * 0.9, top + r * 0.1)],
                  look.lamp(_GOLD))
    elif costume.hat == "brim":
        c.ellipse(x, top + r * 0.05, r * 1.9, r * 0.28, colour)
        c.ellipse(x, top - r * 0.35, r * 0.85, r * 0.6, colour)
    elif costume.hat == "cap":
        c.ellipse(x, top - r * 0.1, r * 1.05, r * 0.55, colour)
        c.rect_fill(x, top + r * 0.05, x + look.facing * r * 1.5, top + r * 0.25,
                    look.dark(costume.hat_colour, 0.4))
    elif costume.hat == "toque":
        c.rect_fill(x - r * 0.8, top - r * 1.6, x + r * 0.8, top + r * 0.2, colour)
        c.ellipse(x, top - r * 1.7, r * 1.1, r * 0.6, colour)
    elif costume.hat == "tricorn":
        c.polygon([(x - r * 1.6, top + r * 0.1), (x, top - r * 1.0), (x + r * 1.6, top + r * 0.1),
                   (x, top - r * 0.2)], colour)
    elif costume.hat == "hood":
        c.polygon([(x - r * 1.2, head_y + r * 0.9), (x - r * 1.15, top - r * 0.3),
                   (x, top - r * 0.8), (x + r * 1.15, top - r * 0.3),
                   (x + r * 1.2, head_y + r * 0.9), (x + look.facing * r * 0.9, head_y + r * 0.4),
                   (x + look.facing * r * 0.9, head_y - r * 0.4)], colour)
