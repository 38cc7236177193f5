"""Word lists for what happens in a scene: camera moves, framing, moods, sounds, end states.

Verbs are listed as stems (``climb*``), so one entry covers climbs, climbed and climbing.
"""

from __future__ import annotations

from vidstudio.core.vocabulary import CameraMove, ShotType
from vidstudio.providers.local.planner.matcher import Matcher, split_list


def _entries(groups: dict[str, str]) -> list[tuple[str, str]]:
    return [(phrase.strip(), value) for value, phrases in groups.items()
            for phrase in phrases.split("|") if phrase.strip()]


# Camera intents, before a side is chosen: "pan", "orbit" and "track" get left or right later.
_CAMERA_WORDS: dict[str, str] = {
    "crane_up": "climb*|ascend*|clamber*|scale|scales|scaled|soar*|rise|rises|rising|rose|"
    "lift*|looks up|look up|looked up|upward*|up the stairs|to the top|summit|tower over|"
    "towers over|grimpe*|sube|subió|steigt|sale",
    "crane_down": "descend*|sink|sinks|sank|dive*|dove|plunge*|kneel*|knelt|crouch*|"
    "sit down|sits down|sat down|lie down|lies down|lay down|looks down|look down|"
    "looked down|downward*|lowers|lowered|collapse*|falls asleep|fell asleep|baja|bajó",
    "push_in": "approach*|toward|towards|closer|lean* in|enter*|step* into|walk* into|"
    "focus*|stare*|peer*|inspect*|examin*|confront*|whisper*|turn* toward|"
    "reach* for|face to face|slides into|slide into|slid into|s'approche|se acerca",
    "pull_out": "reveal*|vast|endless|horizon|depart*|retreat*|walk* away|drive* away|"
    "sail* away|fly away|flies away|alone|immense|panorama*|in the distance|push* out|"
    "far below|far away|tiny against|whole city|whole valley|as far as",
    "pan": "search*|scan*|sweep*|swept|looks around|look around|looked around|survey*|"
    "glance*|across|one by one|from stall to stall|along the|cherche*|busca*",
    "orbit": "float*|drift*|orbit*|circl*|spin*|swirl*|danc*|around|revolv*|twirl*|"
    "turns beneath|wheel*|hover*|flotte|flota",
    "track": "walk*|run|runs|ran|running|chase*|follow*|ride|rides|rode|riding|drive|"
    "drives|drove|driving|travel*|hurr*|race*|racing|march*|stroll*|wander*|runs ahead|"
    "cross*|sail*|paddl*|row|rows|rowed|court|corre|läuft",
    "zoom_in": "notice*|spot*|discover*|catch* sight|blink*|flicker*|detail*|realis*|"
    "realiz*|recogni*|suddenly",
    "static": "sleep*|asleep|still|stillness|wait*|sits|sat|seated|rest*|motionless|pause*|"
    "stand*|stood|counts|listen*",
}
CAMERA_WORDS: Matcher[str] = Matcher(_entries(_CAMERA_WORDS))

# Moves written out by the script itself, usually in a bracketed direction.
EXPLICIT_CAMERA: Matcher[CameraMove] = Matcher(
    [
        ("push in", CameraMove.PUSH_IN), ("dolly in", CameraMove.PUSH_IN),
        ("move in", CameraMove.PUSH_IN), ("pull out", CameraMove.PULL_OUT),
        ("pull back", CameraMove.PULL_OUT), ("dolly out", CameraMove.PULL_OUT),
        ("zoom in", CameraMove.ZOOM_IN), ("zoom out", CameraMove.ZOOM_OUT),
        ("crane up", CameraMove.CRANE_UP), ("crane down", CameraMove.CRANE_DOWN),
        ("boom up", CameraMove.CRANE_UP), ("boom down", CameraMove.CRANE_DOWN),
        ("pan left", CameraMove.PAN_LEFT), ("pan right", CameraMove.PAN_RIGHT),
        ("orbit left", CameraMove.ORBIT_LEFT), ("orbit right", CameraMove.ORBIT_RIGHT),
        ("arc left", CameraMove.ORBIT_LEFT), ("arc right", CameraMove.ORBIT_RIGHT),
        ("track left", CameraMove.MOVE_LEFT), ("track right", CameraMove.MOVE_RIGHT),
        ("truck left", CameraMove.MOVE_LEFT), ("truck right", CameraMove.MOVE_RIGHT),
        ("tilt up", CameraMove.MOVE_UP), ("tilt down", CameraMove.MOVE_DOWN),
        ("pedestal up", CameraMove.MOVE_UP), ("pedestal down", CameraMove.MOVE_DOWN),
        ("static shot", CameraMove.STATIC), ("locked off", CameraMove.STATIC),
        ("locked-off", CameraMove.STATIC), ("hold on", CameraMove.STATIC),
    ]
)

LEFT_RIGHT: Matcher[str] = Matcher(
    [(w, "left") for w in ["to the left", "leftward", "westward", "to her left", "to his left"]]
    + [(w, "right") for w in split_list(
        "to the right|rightward|eastward|to her right|to his right",
        "|",
    )]
)

# Framing named by the script, or implied by what the sentence looks at.
_SHOT_WORDS: dict[str, str] = {
    "aerial": "aerial|aerial shot|overhead|bird's-eye|birds-eye|from above|high above|"
    "kilometres above|kilometers above|miles above|drone shot|from the air",
    "extreme wide": "extreme wide|establishing shot|vast|endless|horizon|panorama*|"
    "the size of|far out|in the distance|as far as the eye",
    "wide": "wide shot|long shot|crowd*|crowded|square|whole|everyone|all around",
    "medium": "medium shot|mid shot",
    "close-up": "close-up|close up|closeup|close on|hand|hands|fingers|face|coin|coins|"
    "mantle|bolt|bolts|button|key|letter|ring|cup|pried|unbolt*|counts|thread*|"
    "writes|reads|types|taps|tiny",
    "extreme close-up": "extreme close-up|extreme close up|eye|eyes|tear|tears|pupil|"
    "drop of|droplet",
    "over the shoulder": "over the shoulder|over her shoulder|over his shoulder|"
    "watches|watching|looks at|faces|face to face|talk*|says|asks|replies",
}
SHOT_WORDS: Matcher[ShotType] = Matcher(
    (phrase, ShotType(value)) for phrase, value in _entries(_SHOT_WORDS)
)

_MOOD_WORDS: dict[str, str] = {
    "tension": "search*|warning|danger*|crack*|damag*|urgent|hurr*|struggl*|pitch*|"
    "hammer*|broke|broken|gone dark|storm|race against|alarm*|threat*|last spare",
    "fear": "afraid|fear*|terror|terrif*|scream*|panic*|dread|trembl*|shiver*|horror|"
    "peur|miedo|angst",
    "hope": "hope*|first light|first time|finally|promise*|new day|rises|sunrise|dawn|"
    "caught|catches|goes green|light goes|espoir|esperanza",
    "relief": "relief|reliev*|sit down|fell away|safe|safely|let herself|let himself|"
    "exhale*|at last|tie up|ties up|home again",
    "calm": "calm*|quiet*|still|silence|silent|peace*|gentle|gently|slow*|soft*|"
    "drift*|float*|serene|tranquil*|calme|tranquilo",
    "joy": "laugh*|smil*|joy*|happy|happi*|delight*|danc*|play*|sing*|cheer*|grin*|"
    "celebrat*|joie|alegría",
    "sadness": "cry|cries|cried|weep*|wept|grief|griev*|mourn*|never came|lost|"
    "miss*|sorrow*|goodbye|farewell|tristesse|tristeza",
    "awe": "vast|huge|immense|enormous|majestic|towering|endless|infinite|curve of the planet|"
    "the size of|great|giant|beneath him|beneath her|breathtaking",
    "warmth": "warm*|glow*|granddaughter|grandson|grandfather|grandmother|family|hug*|"
    "embrac*|together|tender*|love*|cosy|cozy|chaleur",
    "excitement": "crowd*|loud|bustl*|rush*|haggl*|busy|lively|festival|race*|thrill*",
    "determination": "climb*|pried|repair*|replac*|fix*|checks|check* his|check* her|"
    "twice|refus*|insist*|push* out|keep* going|kept going",
    "mystery": "fog|mist|shadow*|strange*|secret*|unknown|hidden|mysteri*|"
    "a sign|never came|whisper*",
    "loneliness": "alone|lonely|empty|solitary|isolat*|deserted|abandon*",
    "wonder": "magic*|wonder*|dream*|marvel*|sparkl*|shimmer*|glitter*|enchant*",
    "nostalgia": "remember*|memor*|old photograph|years ago|once upon|used to|childhood",
}
MOODS: Matcher[str] = Matcher(_entries(_MOOD_WORDS))

# Sounds of things and deeds named in the text, phrased for a sound-effect generator.
_SOUND_WORDS: dict[str, str] = {
    "footsteps": "walk*|step*|climb*|stairs|staircase|run|runs|ran|running|march*|stroll*",
    "a door creaking": "door|doors|gate",
    "crackling fire": "fire|fireplace|campfire|hearth|flames",
    "a roaring oven fire": "oven|stone oven|bread oven|kiln",
    "a metal tray scraping": "tray|trays",
    "metal shutters rattling": "shutter*",
    "coins clinking": "coin|coins|counts the coins",
    "a bell ringing": "bell|bells",
    "an engine rumbling": "engine|motor|truck|lorry",
    "a boat engine chugging": "boat|boats|fishing boat|trawler|ferry",
    "a car passing": "car|cars|taxi|traffic",
    "a train rumbling past": "train|tram|railway",
    "a phone ringing": "phone|telephone",
    "keyboard clicks": "keyboard|typing|typewriter",
    "an airlock hissing": "airlock|hatch",
    "slow breathing inside a helmet": "helmet|spacesuit|suits up|suit",
    "metal clanks": "bolt|bolts|unbolt*|wrench|spanner|hammer|anvil|iron",
    "a warning beep": "alarm|warning|siren|beep*",
    "radio static": "radio|walkie-talkie|transmitter",
    "hissing steam": "steam|kettle|pressure",
    "cups clinking": "cup|cups|tasses|coffee|tea",
    "a ticking clock": "clock|ticking|watch",
    "a dog barking": "dog|dogs|puppy",
    "hooves on stone": "horse|horses|hooves|cart",
    "crowd murmur": "crowd|crowded|haggl*",
    "spices pouring into brass bowls": "spice|spices|saffron|cumin",
    "paper rustling": "paper|papers|letter|book|pages|map",
    "glass clinking": "glasses|bottle|bottles|toast*",
    "birdsong": "bird|birds|birdsong|gulls|seagulls",
    "rain hammering on glass": "rain hammered|rain hammering|rain against",
    "a gas flame catching": "caught|ignite*|lit the|lights the|match",
    "ropes creaking": "rope|ropes|moor*|tie up|ties up",
    "a deep hum": "hum|humming|generator|machine|machinery",
}
SOUNDS: Matcher[str] = Matcher(_entries(_SOUND_WORDS))

SETTING_AMBIENCE: dict[str, str] = {
    "coast": "crashing waves, distant gulls",
    "harbour": "water lapping against hulls, distant gulls",
    "forest": "rustling leaves, birdsong",
    "mountains": "thin mountain wind, a distant echo",
    "desert": "dry wind over sand",
    "city": "distant traffic, city hum",
    "market": "crowd chatter, vendors calling",
    "interior": "quiet room tone",
    "workshop": "tools clinking, machinery hum",
    "arctic": "howling icy wind, creaking ice",
    "space": "low hum of life support, soft radio beeps",
    "river": "flowing water, a gentle current",
    "highway": "passing cars, tyre hiss on asphalt",
    "rooftop": "city hum far below, wind over the roofs",
    "landscape": "a gentle breeze through grass, insects",
}
NIGHT_AMBIENCE: dict[str, str] = {
    "forest": "crickets, an owl",
    "landscape": "crickets in the grass",
    "city": "distant sirens, late-night traffic",
    "desert": "cold night wind, silence",
}

# What the last frame shows once a deed is done: stem of the verb -> end state.
_END_STATES: dict[str, str] = {
    "now at the top": "climb*|ascend*|scale|scales|scaled",
    "now lying low": "descend*|sink|sinks|sank|dive*|dove|kneel*|knelt|crouch*",
    "now open": "open*|pried|pry|unlock*|unbolt*|rolls up|roll up|rolled up",
    "now closed": "close|closes|closed|shut|shuts",
    "now lit and glowing": "caught|ignite*|lit|light|lights|glows|glowed|goes green",
    "asleep and still": "falls asleep|fell asleep|sleep*|asleep|dozes|dozed",
    "the place empty, the figure gone": "leave|leaves|left|depart*|walk* away|disappear*|"
    "vanish*",
    "having arrived": "arriv*|reach*|tie up|ties up|landed|lands|docked",
    "turned toward the destination": "turn* toward|turn* towards|heads for|head for",
    "repaired and whole": "replac*|repair*|fix*|mend*|slides in|slid in",
    "seated and resting": "sit|sits|sat|sit down|sits down|let herself|let himself",
    "filled to the brim": "pour*|fill*",
    "in hand": "hold*|held|grab*|pick* up|picked up|trade*|traded",
    "further along the way": "run|runs|ran|running|walk*|ride*|rode|drive*|drove|travel*",
    "found at last": "find|finds|found|discover*",
    "the light now sweeping the scene": "sweep*|swept|beam",
}
END_STATES: Matcher[str] = Matcher(_entries(_END_STATES))
