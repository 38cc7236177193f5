"""Concrete things a camera can show, and the words that may qualify them.

Key objects of an environment come from this list (so "building" or "noon" never become props),
with at most one qualifier taken from the text ("iron stairs", "fishing boat").
"""

from __future__ import annotations

from vidstudio.providers.local.planner.matcher import Matcher, split_list

_OBJECTS = """
lighthouse lantern lamp mantle glass window windows door gate stairs staircase ladder rope
ropes net nets anchor buoy boat ship yacht canoe kayak raft oar oars mast deck hull bell
clock compass map letter letters book books notebook journal pen pencil paper scroll envelope
photograph photo camera radio phone telephone television screen monitor computer laptop
keyboard typewriter candle candles torch flashlight fire fireplace oven stove kettle pot pan
bowl bowls plate plates cup cups mug bottle jar basket baskets bread loaf loaves tray trays
flour grain sack sacks dates fruit apple apples lemon spices saffron cumin coffee tea cake pie
soup wine cheese fish meat rice vegetables table chair chairs bench bed pillow blanket quilt
curtain curtains carpet rug mirror painting shelf shelves drawer box boxes chest crate crates
barrel barrels suitcase bag backpack umbrella hat coat scarf cloak gloves boots shoes dress
uniform helmet mask spacesuit tether tools tool hammer wrench spanner anvil workbench engine
motor wheels bicycle bike car cars truck bus train tram taxi motorcycle cart wagon
carriage plane aeroplane airplane helicopter rocket satellite telescope panel panels antenna
cable cables wire wires bolt bolts controller console dashboard lever button valve pipe
pipes tank cupola airlock hatch capsule module sword shield arrow gun rifle key keys chain
coin coins purse wallet necklace crown flag banner sign signs poster statue fountain tower
fence wall walls roof chimney tent campfire flower flowers roses tree trees oak pine palm
cactus leaves branch branches grass moss rock rocks stone stones boulder pebbles shell shells
sand wave waves ice iceberg snowman sled shutters awning awnings stall stalls cone guitar piano
violin drum drums microphone toy toys doll kite ball balloon balloons cradle mango
mangoes feather feathers egg eggs nest cage horse horses dog dogs cat cats bird birds gull
gulls owl fox wolf deer cow cows sheep goat goats chicken chickens camel camels whale dolphin
butterfly bee bees mailbox lamppost streetlight neon billboard skyscraper headlights beam
beacon lens
"""

# Compound props worth naming whole.
_COMPOUNDS = """
warning light|solar array|solar panel|solar panels|fishing boat|brass housing|iron stairs|
stone oven|paper cone|grain sack|spare mantle|street lamp|oil lamp|kerosene lamp|
control panel|space suit|radio set|washing line|bus stop|traffic light|traffic lights|
music box|pocket watch|fishing net|fishing nets|life jacket|tea cup|coffee cup|
spice stall|fruit stall|market stall|brass bowls|brass bowl|cooking pot|wood stove
"""

# Props named in other languages, with the English name the image prompts use.
_TRANSLATED: dict[str, str] = {
    # French
    "tasse": "cup", "tasses": "cups", "vapeur": "steam", "lanterne": "lantern", "pain": "bread",
    "bateau": "boat", "bateaux": "boats", "feu": "fire", "panier": "basket", "paniers": "baskets",
    "pavés": "cobblestones", "lampe": "lamp", "porte": "door", "fenêtre": "window",
    "chaise": "chair", "livre": "book", "lettre": "letter", "clé": "key", "horloge": "clock",
    "cloche": "bell", "arbre": "tree", "arbres": "trees", "fleur": "flower", "fleurs": "flowers",
    "chat": "cat", "chien": "dog", "cheval": "horse", "voiture": "car", "vélo": "bicycle",
    "bougie": "candle", "parapluie": "umbrella", "corde": "rope", "ancre": "anchor",
    "boussole": "compass", "valise": "suitcase", "miroir": "mirror",
    # Spanish
    "taza": "cup", "tazas": "cups", "barco": "boat", "barcos": "boats", "linterna": "lantern",
    "farol": "lantern", "fuego": "fire", "cesta": "basket", "puerta": "door", "ventana": "window",
    "mesa": "table", "silla": "chair", "libro": "book", "carta": "letter", "llave": "key",
    "reloj": "clock", "campana": "bell", "árbol": "tree", "flor": "flower", "gato": "cat",
    "perro": "dog", "caballo": "horse", "coche": "car", "bicicleta": "bicycle", "vela": "candle",
    "paraguas": "umbrella", "horno": "oven", "cuerda": "rope", "maleta": "suitcase",
    # German
    "laterne": "lantern", "brot": "bread", "feuer": "fire", "korb": "basket", "tür": "door",
    "fenster": "window", "tisch": "table", "stuhl": "chair", "buch": "book", "brief": "letter",
    "schlüssel": "key", "uhr": "clock", "glocke": "bell", "baum": "tree", "blume": "flower",
    "katze": "cat", "hund": "dog", "pferd": "horse", "fahrrad": "bicycle", "kerze": "candle",
    "regenschirm": "umbrella", "ofen": "oven", "seil": "rope", "koffer": "suitcase",
    # Italian
    "tazza": "cup", "barca": "boat", "fuoco": "fire", "cestino": "basket", "finestra": "window",
    "tavolo": "table", "sedia": "chair", "lettera": "letter", "chiave": "key",
    "orologio": "clock", "albero": "tree", "fiore": "flower", "gatto": "cat", "cavallo": "horse",
    "bicicletta": "bicycle", "candela": "candle", "ombrello": "umbrella", "forno": "oven",
    # Japanese
    "傘": "umbrella", "ネオン": "neon signs", "路面": "wet pavement", "提灯": "paper lantern",
    "船": "boat", "猫": "cat", "犬": "dog", "花": "flowers", "手紙": "letter", "鍵": "key",
    "時計": "clock", "鐘": "bell", "窓": "window", "扉": "door", "電車": "train",
    "自転車": "bicycle", "蝋燭": "candle", "ろうそく": "candle", "パン": "bread", "ランプ": "lamp",
    # Chinese
    "灯笼": "lantern", "伞": "umbrella", "雨伞": "umbrella", "钥匙": "key", "钟": "bell",
    "窗": "window", "汽车": "car", "火车": "train", "自行车": "bicycle", "蜡烛": "candle",
    "面包": "bread", "霓虹": "neon signs",
    # Arabic
    "فانوس": "lantern", "قارب": "boat", "جمل": "camel", "الكثبان": "sand dunes",
    "كثبان": "sand dunes", "خبز": "bread", "نخلة": "palm tree", "باب": "door", "نافذة": "window",
    "كتاب": "book", "رسالة": "letter", "مفتاح": "key", "شجرة": "tree", "زهرة": "flower",
    "قطة": "cat", "كلب": "dog", "حصان": "horse", "سيارة": "car", "قطار": "train",
    "شمعة": "candle", "مظلة": "umbrella",
}

OBJECTS: Matcher[str] = Matcher(
    [(phrase.strip(), phrase.strip()) for phrase in _COMPOUNDS.replace("\n", "").split("|")
     if phrase.strip()]
    + [(word, word) for word in _OBJECTS.split()]
    + list(_TRANSLATED.items()),
    plurals=True,
)

# Words that may stand before a prop to name it more exactly: materials, colours, sizes, ages,
# purposes. A word outside this list is never glued to a prop ("counts coins" stays "coins").
MODIFIERS = frozenset(
    split_list(
        "iron brass stone wooden wood golden gold silver copper steel tin glass "
        "paper leather woollen silk velvet marble clay ceramic plastic rusty rusted "
        "broken cracked shattered old ancient new great huge giant tall tiny small "
        "little big heavy long short narrow wide red orange yellow green blue purple "
        "white black grey gray brown pink crimson pale dark bright warm cold hot "
        "dried fresh ripe empty full spare fishing warning solar oil kerosene gas "
        "electric neon paper street market spice fruit wicker straw glowing "
        "flickering burning smoking lit dim sleeping damaged flashing blinking "
        "single lone twin",
    )
)
