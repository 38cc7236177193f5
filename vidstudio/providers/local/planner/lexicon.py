"""Word lists for where and when a scene happens: places, times of day, weather, light.

English carries the full lists; French, Spanish, German, Italian, Japanese, Chinese and Arabic
carry the common words, so a script in those languages still finds its setting and hour.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vidstudio.core.vocabulary import TimeOfDay, Weather
from vidstudio.providers.local.planner.matcher import Hit, Matcher, split_list

if TYPE_CHECKING:
    from collections.abc import Iterator

# The painter's setting keywords an environment may use, most specific first: when a text names
# places of several settings equally often, the earlier one in this tuple wins.
SETTINGS: tuple[str, ...] = (
    "space", "arctic", "harbour", "market", "workshop", "rooftop", "highway", "river",
    "coast", "desert", "forest", "mountains", "city", "interior", "landscape",
)
FALLBACK_SETTING = "landscape"
INDOOR_SETTINGS = frozenset({"interior", "workshop"})


@dataclass(frozen=True)
class Place:
    """A kind of place: scenes naming the same ``key`` share one environment.

    Attributes:
        key: the canonical name, e.g. ``"harbour"`` (also the environment's default name).
        setting: one of ``SETTINGS``.
        weight: how strongly a mention says "we are here" (a lighthouse more than a wave).
    """

    key: str
    setting: str
    weight: float = 1.0


def _places(key: str, setting: str, weight: float, phrases: str) -> list[tuple[str, Place]]:
    place = Place(key, setting, weight)
    return [(phrase.strip(), place) for phrase in phrases.split("|") if phrase.strip()]


_PLACE_ENTRIES: list[tuple[str, Place]] = [
    # coast
    *_places("lighthouse", "coast", 2.0, "lighthouse|phare|faro|leuchtturm|灯台|灯塔|منارة"),
    *_places("beach", "coast", 1.5, "beach|seashore|shore|shoreline|seaside|plage|playa|"
             "spiaggia|浜辺|砂浜|海滩|شاطئ"),
    *_places("cliffs", "coast", 1.2, "cliff|clifftop|cliff top|falaise|acantilado|崖|悬崖"),
    *_places("coast", "coast", 1.5, "coast|coastline|bay|cove|côte|costa|küste|海岸|海边|ساحل"),
    *_places("sea", "coast", 1.3, "sea|open sea|ocean|high seas|mer|océan|mar|océano|meer|"
             "ozean|oceano|海|海洋|大海|بحر|محيط"),
    *_places("sea", "coast", 0.8, "swell|waves|breakers|surf|pacific|atlantic"),
    # harbour
    *_places("harbour", "harbour", 1.5, "harbour|harbor|port|dock|docks|quay|quayside|wharf|"
             "pier|marina|jetty|boatyard|shipyard|fishing village|quai|puerto|muelle|hafen|"
             "porto|molo|港|港口|码头|ميناء|مرفأ"),
    # river and lakes
    *_places("river", "river", 1.5, "river|riverbank|riverside|stream|creek|brook|canal|"
             "rapids|waterfall|rivière|fleuve|río|fluss|fiume|川|河|江|نهر"),
    *_places("lake", "river", 1.4, "lake|pond|lagoon|lac|lago|湖|بحيرة"),
    # forest
    *_places("forest", "forest", 1.5, "forest|woods|woodland|jungle|rainforest|grove|glade|"
             "thicket|pine forest|forêt|bosque|selva|wald|foresta|bosco|森|森林|树林|غابة"),
    *_places("forest", "forest", 0.6, "trees|pines|oaks"),
    # mountains
    *_places("mountains", "mountains", 1.5, "mountain|mountains|mountain pass|peak|summit|"
             "ridge|alps|crag|mountainside|montagne|montaña|montañas|berg|berge|gebirge|"
             "montagna|montagne|山|山脈|山脉|جبل|جبال"),
    # desert
    *_places("desert", "desert", 1.5, "desert|dune|dunes|sand dunes|oasis|canyon|mesa|"
             "badlands|wasteland|sahara|désert|desierto|wüste|deserto|砂漠|沙漠|صحراء|"
             "الصحراء|كثبان"),
    # arctic
    *_places("arctic", "arctic", 1.5, "arctic|antarctic|antarctica|tundra|glacier|iceberg|"
             "ice field|ice floe|ice sheet|pack ice|polar|snowfield|frozen lake|igloo|"
             "frozen pond|frozen river|frozen stream|frozen canal|frozen sea|frozen bay|"
             "iced-over pond|icy pond|ice rink|skating rink|frozen waterfall|"
             "arctique|ártico|arktis|artico|北極|南極|冰川|北极|南极|القطب"),
    # space: the station inside, open space outside
    *_places("space station", "space", 2.0, "space station|spaceship|spacecraft|starship|"
             "cupola|airlock|capsule|station spatiale|estación espacial|raumstation|"
             "宇宙ステーション|空间站|محطة فضائية"),
    *_places("orbit", "space", 1.6, "outer space|orbit|spacewalk|asteroid|nebula|galaxy|"
             "lunar surface|surface of the moon|espace|espacio|"
             "weltraum|spazio|宇宙|太空|فضاء"),
    # other planets: a desert under their own sky
    *_places("planet surface", "desert", 1.8, "mars|martian|red planet|alien planet|"
             "alien world|another planet|planet surface|surface of the planet|crater|"
             "moon base|lunar base|exoplanet"),
    # insides of vehicles, decks
    *_places("plane cabin", "interior", 1.6, "plane cabin|aircraft cabin|airliner|cockpit|"
             "aeroplane|airplane|on the plane|on board the plane|first class|economy class"),
    *_places("car interior", "interior", 1.5, "back seat|backseat|front seat|driver's seat|"
             "passenger seat|dashboard|inside the car|in the car"),
    *_places("ship's deck", "coast", 1.7, "deck|ship's deck|on deck|quarterdeck|bow of the ship|"
             "stern|crow's nest|gangway"),
    # city
    *_places("street", "city", 1.4, "street|streets|city street|avenue|boulevard|alley|"
             "alleyway|sidewalk|pavement|crossroads|intersection|rue|calle|straße|strasse|"
             "strada|通り|路地|街道|街头|شارع"),
    *_places("station", "city", 1.5, "station|train station|railway station|platform|subway|"
             "metro|bus stop|gare|estación|bahnhof|stazione|駅|车站|محطة"),
    *_places("city", "city", 1.3, "city|cities|town|downtown|skyline|skyscraper|skyscrapers|"
             "neon|plaza|town square|city square|main square|piazza|tokyo|paris|london|"
             "new york|rome|cairo|shanghai|"
             "ville|ciudad|stadt|città|街|都市|東京|城市|مدينة|القاهرة"),
    *_places("tower", "city", 1.3, "tower|bell tower|clock tower|watchtower|campanile|clocher|"
             "torre|turm|塔|برج"),
    *_places("bridge", "city", 1.2, "bridge|pont|puente|brücke|ponte|橋|桥|جسر"),
    # market
    *_places("market", "market", 1.8, "market|marketplace|bazaar|souk|market stall|stalls|"
             "flea market|marché|mercado|markt|mercato|市場|市场|سوق"),
    # interiors
    *_places("kitchen", "interior", 1.6, "kitchen|cuisine|cocina|küche|cucina|台所|厨房|مطبخ"),
    *_places("bedroom", "interior", 1.6, "bedroom|chambre|dormitorio|schlafzimmer|寝室|卧室"),
    *_places("living room", "interior", 1.6, "living room|parlour|parlor|salon|sitting room"),
    *_places("bakery", "interior", 1.8, "bakery|boulangerie|panadería|bäckerei|panetteria|"
             "パン屋|面包店|مخبز"),
    *_places("café", "interior", 1.6, "café|cafe|coffee shop|diner|cafetería|喫茶店|カフェ|"
             "咖啡馆|مقهى"),
    *_places("restaurant", "interior", 1.5, "restaurant|restaurante|レストラン|餐厅|مطعم"),
    *_places("casino", "interior", 1.8, "casino|gambling hall|card room|roulette|nightclub|"
             "night club|ballroom|dance hall|casinò|カジノ|赌场|كازينو"),
    *_places("tavern", "interior", 1.5, "tavern|pub|inn|saloon|taverne|taberna|kneipe"),
    *_places("library", "interior", 1.6, "library|bibliothèque|biblioteca|bibliothek|図書館|"
             "图书馆|مكتبة"),
    *_places("classroom", "interior", 1.5, "classroom|school|schoolroom|école|escuela|schule|"
             "scuola|教室|学校|مدرسة"),
    *_places("office", "interior", 1.4, "office|bureau|oficina|büro|ufficio|オフィス|办公室|مكتب"),
    *_places("church", "interior", 1.5, "church|chapel|cathedral|temple|mosque|église|iglesia|"
             "kirche|chiesa|教会|寺|教堂|مسجد|كنيسة"),
    *_places("museum", "interior", 1.5, "museum|gallery|musée|museo|博物館|博物馆|متحف"),
    *_places("barn", "interior", 1.3, "barn|hayloft|hay loft|cowshed|grange|scheune|granero"),
    *_places("hospital", "interior", 1.5, "hospital|ward|clinic|hôpital|krankenhaus|ospedale|"
             "病院|医院|مستشفى"),
    *_places("shop", "interior", 1.3, "shop|boutique|bookshop|bookstore|supermarket|grocery|"
             "corner shop|pharmacy|florist|barbershop|pawn shop|department store|tienda|"
             "negozio|店|商店|متجر"),
    *_places("house", "interior", 1.0, "house|home|cottage|apartment|maison|casa|haus|"
             "家|房子|منزل|بيت"),
    *_places("cabin", "interior", 1.3, "cabin|hut|lodge|chalet|cabane|cabaña|hütte"),
    *_places("attic", "interior", 1.4, "attic|cellar|basement|loft|grenier|sótano|keller"),
    *_places("hallway", "interior", 1.2, "hallway|corridor|hall|staircase|stairs|stairwell|"
             "landing|elevator|couloir|pasillo|flur"),
    *_places("cell", "interior", 1.4, "prison cell|jail cell|prison|jail|courtroom|"
             "interrogation room"),
    *_places("theatre", "interior", 1.4, "theatre|theater|cinema|stage|opera house|concert hall|"
             "auditorium|backstage|dressing room|théâtre|"
             "teatro|劇場|剧院|مسرح"),
    *_places("hotel", "interior", 1.3, "hotel|lobby|motel|hôtel|ホテル|酒店|فندق"),
    *_places("train carriage", "interior", 1.4, "carriage|compartment|cabin of the train|"
             "train car|wagon|dining car|sleeper car|sleeping car"),
    *_places("room", "interior", 0.7, "room|chamber|pièce|habitación|zimmer|stanza|部屋|房间|غرفة"),
    # workshops
    *_places("studio", "workshop", 1.7, "recording studio|tv studio|television studio|"
             "film set|sound stage|soundstage|broadcast studio|photo studio"),
    *_places("lab", "workshop", 1.7, "laboratory|lab|vr lab|research lab|control room|"
             "server room|data centre|data center|labo|laboratorio|labor|研究室|实验室|مختبر"),
    *_places("workshop", "workshop", 1.6, "workshop|garage|forge|smithy|factory|studio|"
             "mill|warehouse|atelier|taller|werkstatt|officina|工房|"
             "工作室|工厂|ورشة|مصنع"),
    # roads
    *_places("highway", "highway", 1.5, "highway|motorway|freeway|interstate|road|country road|"
             "gas station|petrol station|roadside|autoroute|carretera|autobahn|autostrada|"
             "高速道路|公路|طريق"),
    # roofs
    *_places("rooftop", "rooftop", 1.6, "rooftop|rooftops|roof|terrace|balcony|toit|azotea|"
             "tejado|dach|tetto|屋上|屋顶|سطح"),
    # open country
    *_places("fields", "landscape", 1.3, "field|fields|meadow|prairie|plains|farm|"
             "farmland|countryside|pasture|wheat field|champ|campo|campagne|feld|wiese|"
             "草原|田野|田んぼ|حقل"),
    *_places("hills", "landscape", 1.2, "hill|hills|hillside|valley|moor|heath|steppe|"
             "savanna|colline|colina|hügel|collina|丘|山谷|تلة"),
    *_places("village", "landscape", 1.2, "village|hamlet|village square|pueblo|dorf|villaggio|"
             "村|村庄|قرية"),
    *_places("skate park", "city", 1.5, "skate park|skatepark|skate ramp|half-pipe|halfpipe"),
    *_places("garden", "landscape", 1.3, "garden|park|orchard|vineyard|jardin|jardín|garten|"
             "giardino|庭|公园|花园|حديقة"),
]

_STREET_WORD = re.compile(r"\s+(Street|St\.|Road|Rd\.|Lane|Avenue|Ave\.|Row|Close|Way|"
                          r"Terrace|Drive|Boulevard)\b")
_STREET = Place("street", "city", 1.4)


class _PlaceMatcher(Matcher[Place]):
    """Places, where a capitalised place word that names a street is that street: "Mill
    Street" is a street, not a mill; "Church Road" a road, not a church."""

    def finditer(self, text: str) -> Iterator[Hit[Place]]:
        end = -1
        for hit in super().finditer(text):
            if hit.start < end:
                continue  # the street word of a named street already given
            street = _STREET_WORD.match(text, hit.end)
            if street is not None and text[hit.start:hit.start + 1].isupper():
                end = street.end()
                yield Hit(hit.start, end, text[hit.start:end], _STREET)
                continue
            yield hit


PLACES: Matcher[Place] = _PlaceMatcher(_PLACE_ENTRIES, plurals=True)

# Places that only mean space in a script about space ("the Earth turns beneath him").
SPACE_ONLY_PLACES: Matcher[Place] = Matcher(
    (w, Place("orbit", "space", 1.6)) for w in ["earth", "planet", "the stars", "moon"]
)

# Words saying a script happens in space; with two of them, "station" means a space station.
SPACE_CUES: Matcher[str] = Matcher(
    (w, "space") for w in split_list(
        "orbit|astronaut|spacewalk|airlock|cupola|tether|spacesuit|zero gravity|"
        "weightless|solar array|solar panel|earth below|planet|space station|"
        "mission control|rocket|satellite",
        "|",
    )
)

INTERIOR_WORDS: Matcher[bool] = Matcher(
    [(w, True) for w in ["inside", "indoors", "interior", "within the walls", "room", "window"]]
    + [(w, False) for w in ["outside", "outdoors", "exterior", "open air", "under the sky"]]
)

_TIME_WORDS: dict[TimeOfDay, str] = {
    TimeOfDay.DAWN: "dawn|daybreak|sunrise|first light|before dawn|early morning|break of day|"
    "sun rises|sun rose|sun rising|the next morning|next morning|aube|petit matin|"
    "lever du soleil|amanecer|madrugada|morgengrauen|sonnenaufgang|alba|夜明け|朝焼け|早朝|"
    "黎明|日出|清晨|الفجر|فجر|شروق",
    TimeOfDay.DAY: "noon|midday|morning|afternoon|daylight|daytime|broad daylight|high noon|"
    "midi|matin|après-midi|mediodía|mañana|mittag|vormittag|nachmittag|mezzogiorno|"
    "mattina|pomeriggio|昼|正午|午後|白天|中午|下午|ظهر|صباح|نهار",
    TimeOfDay.DUSK: "dusk|sunset|twilight|evening|sundown|golden hour|the sun sets|sun set|"
    "sun setting|sun goes down|sun went down|sun going down|soir|soirée|crépuscule|"
    "coucher du soleil|atardecer|anochecer|ocaso|abend|"
    "dämmerung|sonnenuntergang|tramonto|crepuscolo|夕方|夕暮れ|夕日|黄昏|傍晚|日落|"
    "غروب|تغرب|مساء",
    TimeOfDay.NIGHT: "night|nighttime|midnight|nightfall|moonlight|moonlit|after dark|"
    "dead of night|starlight|nuit|minuit|noche|medianoche|nacht|mitternacht|notte|"
    "mezzanotte|夜|深夜|真夜中|夜晚|午夜|ليل|الليل|ليلة|tonight|night-time|late at night|"
    "neon-lit|moon-lit|starlit|nocturnal|northern lights|aurora|aurora borealis",
}
TIMES: Matcher[TimeOfDay] = Matcher(
    (phrase, time) for time, phrases in _TIME_WORDS.items() for phrase in phrases.split("|")
)

_WEATHER_WORDS: dict[Weather, str] = {
    Weather.STORM: "storm|stormy|thunder|thunderstorm|lightning|gale|tempest|hurricane|"
    "typhoon|squall|orage|tempête|tormenta|tempestad|sturm|gewitter|tempesta|temporale|"
    "嵐|雷|暴风雨|雷雨|عاصفة",
    Weather.RAIN: "rain-soaked|rain-slicked|rain-slick|rain-lashed|rain-swept|rain-wet|"
    "wet streets|puddles|umbrella|umbrellas|rain|raining|rainy|rainfall|drizzle|downpour|"
    "showers|rainwater|pluie|"
    "pleut|lluvia|llueve|regen|regnet|pioggia|piove|雨|下雨|مطر|أمطار|تمطر",
    Weather.SNOW: "snow-covered|snowbound|snow|snowing|snowfall|snowy|blizzard|snowflakes|"
    "sleet|neige|nieve|"
    "schnee|neve|雪|下雪|ثلج|ثلوج",
    Weather.FOG: "fog-bound|fogbound|mist-covered|fog|foggy|mist|misty|haze|hazy|brume|"
    "brouillard|niebla|bruma|nebel|"
    "nebbia|霧|雾|ضباب",
    Weather.WIND: "dust storm|duststorm|sandstorm|sand storm|windswept|wind-swept|wind|windy|"
    "gust|gusts|strong wind|breeze|viento|vento|風|风|"
    "رياح|ريح",
    Weather.CLOUDY: "clouds|cloudy|overcast|grey sky|gray sky|nuages|nublado|wolken|nuvole|"
    "曇り|多云|غيوم",
    Weather.CLEAR: "heat haze|sun-drenched|sun-baked|clear sky|clear skies|sunny|sunshine|"
    "cloudless|blue sky|bright sun|sun|"
    "sunlit|sunlight|"
    "ensoleillé|soleado|sonnig|soleggiato|晴れ|晴朗|مشمس",
}
WEATHER: Matcher[Weather] = Matcher(
    (phrase, weather)
    for weather, phrases in _WEATHER_WORDS.items()
    for phrase in phrases.split("|")
)

# Most severe first: when a scene names several kinds of weather equally, the worst is shown.
WEATHER_SEVERITY: tuple[Weather, ...] = (
    Weather.STORM, Weather.SNOW, Weather.RAIN, Weather.FOG, Weather.WIND, Weather.CLOUDY,
    Weather.CLEAR,
)

# A weather word followed closely by one of these is weather that is ending ("the wind fell
# away"), which the frame should show as clearing, not raging.
CALMING: Matcher[bool] = Matcher(
    (w, True)
    for w in split_list(
        "fell away|falls away|died down|dies down|died away|subsided|subsides|"
        "stopped|stops|cleared|clears|passed|eased|eases|calmed|calms|lifted|lifts|"
        "broke up|is over|was over|had passed|had stopped|faded",
        "|",
    )
)

# Light sources named in a text, and how the frame should be lit by them.
_LIGHT_WORDS: dict[str, str] = {
    "lantern": "warm lantern light",
    "lamp": "glowing lamplight",
    "beam": "a sweeping beam of light",
    "candle": "flickering candlelight",
    "candles": "flickering candlelight",
    "fire": "orange firelight",
    "fireplace": "orange firelight",
    "campfire": "orange firelight",
    "hearth": "orange firelight",
    "oven": "the orange glow of the oven",
    "torch": "a torch beam",
    "flashlight": "a torch beam",
    "neon": "neon reflections",
    "streetlight": "sodium streetlight",
    "streetlights": "sodium streetlight",
    "headlights": "headlight beams",
    "moon": "cold moonlight",
    "moonlight": "cold moonlight",
    "stars": "faint starlight",
    "lightning": "flashes of lightning",
    "warning light": "a blinking warning light",
    "screen": "the blue glow of a screen",
    "monitor": "the blue glow of a screen",
    "sun": "direct sunlight",
    "sunlight": "direct sunlight",
    "gold light": "pale gold light",
    "golden light": "golden light",
    "glow": "a soft glow",
    "ネオン": "neon reflections",
    "lumière": "soft light",
    "vela": "flickering candlelight",
}
LIGHTS: Matcher[str] = Matcher(_LIGHT_WORDS.items())

TIME_PHRASES: dict[TimeOfDay, str] = {
    TimeOfDay.DAWN: "at dawn",
    TimeOfDay.DAY: "in daylight",
    TimeOfDay.DUSK: "at dusk",
    TimeOfDay.NIGHT: "at night",
}
TIME_LIGHT: dict[TimeOfDay, str] = {
    TimeOfDay.DAWN: "soft pale dawn light",
    TimeOfDay.DAY: "bright natural daylight",
    TimeOfDay.DUSK: "low warm evening light",
    TimeOfDay.NIGHT: "deep blue night shadows",
}
WEATHER_PHRASES: dict[Weather, str] = {
    Weather.CLEAR: "under a clear sky",
    Weather.CLOUDY: "under an overcast sky",
    Weather.RAIN: "in the rain",
    Weather.STORM: "in a raging storm",
    Weather.SNOW: "in falling snow",
    Weather.FOG: "in thick fog",
    Weather.WIND: "in a strong wind",
}
WEATHER_LIGHT: dict[Weather, str] = {
    Weather.CLEAR: "",
    Weather.CLOUDY: "diffused by low cloud",
    Weather.RAIN: "wet reflective surfaces",
    Weather.STORM: "under heavy storm clouds",
    Weather.SNOW: "cold diffused light off the snow",
    Weather.FOG: "light scattered through fog",
    Weather.WIND: "fast-moving clouds",
}

# What a place of each setting looks like, for image prompts when the text says little.
SETTING_LOOKS: dict[str, str] = {
    "coast": "a rugged coastline with rocks and breaking waves",
    "harbour": "a working harbour with moored boats and stone quays",
    "forest": "a dense forest of tall trees and ferns",
    "mountains": "steep mountains with rocky ridges",
    "desert": "rolling sand dunes under a wide sky",
    "city": "city streets lined with buildings",
    "market": "a busy market square of stalls and awnings",
    "interior": "a lived-in interior",
    "workshop": "a cluttered workshop with tools and workbenches",
    "arctic": "a frozen expanse of ice and snow",
    "space": "the deep black of space",
    "river": "a winding river between green banks",
    "highway": "a long highway stretching to the horizon",
    "rooftop": "rooftops high above the city",
    "landscape": "an open landscape",
}
