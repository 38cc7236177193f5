"""From segments to at most N scenes, and from a scene's text to narration that fits it.

Short scripts are cut finer (at time cues such as "That night", then between sentences) until
there is enough material for the allowed scenes; long ones are merged along their weakest cuts,
and a very long script (thousands of paragraphs) is divided into N even stretches, each told by
its most telling passage. Narration is always the script's own sentences or clauses, chosen to
say the most within the time a 5 or 9 second scene leaves for speech.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vidstudio.core.timeline import narration_window
from vidstudio.core.vocabulary import SCENE_DURATIONS
from vidstudio.providers.local.planner.lexicon import PLACES, TIMES, WEATHER
from vidstudio.providers.local.planner.lexicon_action import CAMERA_WORDS
from vidstudio.providers.local.planner.lexicon_objects import OBJECTS
from vidstudio.providers.local.planner.matcher import Matcher, split_list
from vidstudio.providers.local.planner.segment import Cut, Heading, Passage, Segment, is_label
from vidstudio.providers.local.planner.text import (
    WORDS_PER_SECOND,
    as_sentence,
    clauses,
    drop_intro,
    speech_units,
    split_sentences,
    truncate_units,
    words,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

SHORT, LONG = min(SCENE_DURATIONS), max(SCENE_DURATIONS)


def capacity(duration: int) -> float:
    """Speech units (English-word equivalents) a scene of ``duration`` seconds can hold."""
    return narration_window(duration) * WORDS_PER_SECOND


# Openings that move the story in time or place: a sentence starting with one may start a scene.
CUE_PHRASES: Matcher[bool] = Matcher(
    (phrase, True)
    for phrase in split_list(
        "that night|that evening|that morning|that afternoon|at dawn|at dusk|"
        "at sunrise|at sunset|at noon|at midnight|at nightfall|by nightfall|"
        "by morning|by dawn|later|hours later|days later|weeks later|months later|"
        "years later|moments later|minutes later|the next morning|the next day|"
        "the following morning|the following day|next morning|the next night|"
        "meanwhile|elsewhere|back inside|back outside|outside|inside|at first light|"
        "when night fell|as night fell|as the sun rose|as the sun set|plus tard|"
        "le lendemain|cette nuit|ce soir-là|à l'aube|au matin|pendant ce temps|"
        "más tarde|esa noche|al amanecer|al día siguiente|mientras tanto|später|"
        "in der nacht|am nächsten morgen|in dieser nacht|währenddessen|più tardi|"
        "quella notte|all'alba|il giorno dopo|その夜|翌朝|夜明け|やがて|その後|"
        "那天晚上|第二天早上|黎明时|后来|"
        "في تلك الليلة|عند الفجر|لاحقا|في الصباح التالي",
        "|",
    )
)

_CUT_COST = {Cut.SPLIT: 0.0, Cut.CUE: 0.6, Cut.LINE: 1.6, Cut.PARAGRAPH: 2.0, Cut.HARD: 3.2}
_KIND_WEIGHT = {"narrator": 1.35, "action": 1.0, "dialogue": 0.8}
_STOPWORDS = frozenset(
    split_list(
        "a an the and or but so of to in on at by for from with into onto over under "
        "as is was were be been being has had have it its he she they them his her "
        "their this that these those there here then than once twice not no yes i "
        "you we our your my me him us who what which when where while until all any "
        "each every some one two out up down off again still just only very too also "
        "had been would could should will can may might le la les un une des de du "
        "et en au aux el los las y del der die das und ein eine il lo gli di che",
    )
)
_GREEDY_LIMIT = 60
# A segment longer than this many long scenes is cut into beats before grouping.
_HUGE = 6
# Sentences the narration of one scene is chosen from, at most (the best by density are kept).
_CANDIDATES = 24


@dataclass
class Draft:
    """One future scene: the segments it covers and the narration chosen for it."""

    segments: list[Segment]
    focus: list[Segment] = field(default_factory=list)
    narration: str = ""
    units: float = 0.0
    duration: int = SHORT

    @property
    def heading(self) -> Heading | None:
        for segment in self.segments:
            if segment.opens_heading:
                return segment.heading
        return self.segments[0].heading

    @property
    def visual_text(self) -> str:
        """The text the picture is read from: the told passages, headings and directions."""
        parts = [self.heading.text] if self.heading else []
        for segment in self.segments:
            if segment in self.focus:
                parts.append(segment.visual_text)
            else:
                parts += [text for kind, text in segment.directions if kind == "visual"]
        return "\n".join(part for part in parts if part)

    @property
    def sound_notes(self) -> list[str]:
        return [text for s in self.segments for kind, text in s.directions if kind == "sound"]


# ------------------------------------------------------------------------------- cutting finer
def _segment_sentences(segment: Segment, language: str) -> list[tuple[Passage, str]]:
    out: list[tuple[Passage, str]] = []
    for passage in segment.passages:
        out += [(passage, sentence) for sentence in split_sentences(passage.text, language)
                if not is_label(sentence)]
    return out


def _rebuild(segment: Segment, cut: Cut, pieces: list[tuple[Passage, str]], first: bool) -> Segment:
    passages: list[Passage] = []
    for passage, sentence in pieces:
        if passages and (passages[-1].kind, passages[-1].speaker) == (passage.kind,
                                                                       passage.speaker):
            merged = f"{passages[-1].text} {sentence}"
            passages[-1] = Passage(merged, passage.kind, merged, passage.speaker)
        else:
            passages.append(Passage(sentence, passage.kind, sentence, passage.speaker))
    return Segment(
        cut=segment.cut if first else cut,
        heading=segment.heading,
        opens_heading=segment.opens_heading and first,
        directions=list(segment.directions) if first else [],
        passages=passages,
    )


def _split_at_cues(segment: Segment, language: str) -> list[Segment]:
    sentences = _segment_sentences(segment, language)
    groups: list[list[tuple[Passage, str]]] = [[]]
    for passage, sentence in sentences:
        opening = sentence.lstrip("\"'“‘ ").removeprefix("And ").removeprefix("and ")
        hit = CUE_PHRASES.first(opening[:40])
        if groups[-1] and hit is not None and hit.start == 0:
            groups.append([])
        groups[-1].append((passage, sentence))
    if len(groups) == 1:
        return [segment]
    return [_rebuild(segment, Cut.CUE, g, i == 0) for i, g in enumerate(groups) if g]


def _split_in_half(segment: Segment, language: str) -> list[Segment] | None:
    sentences = _segment_sentences(segment, language)
    if len(sentences) < 2:
        return None
    total = sum(speech_units(s) for _, s in sentences)
    running, best, best_gap = 0.0, 1, math.inf
    for index, (_, sentence) in enumerate(sentences[:-1], start=1):
        running += speech_units(sentence)
        gap = abs(running - total / 2)
        if gap < best_gap:
            best, best_gap = index, gap
    return [_rebuild(segment, Cut.SPLIT, sentences[:best], True),
            _rebuild(segment, Cut.SPLIT, sentences[best:], False)]


def _beats(sentence: str) -> list[str]:
    """A sentence too long for any scene cut at its clauses, or failing that every few words."""
    if speech_units(sentence) <= capacity(LONG):
        return [sentence]
    out: list[str] = []
    for clause in clauses(sentence):
        if speech_units(clause) <= capacity(LONG):
            out.append(clause)
            continue
        tokens = clause.split()
        step = int(capacity(SHORT))
        if len(tokens) == 1:
            # Japanese or Chinese without marks: cut every few dozen characters instead.
            size = step * 3
            out += [clause[i : i + size] for i in range(0, len(clause), size)]
        else:
            out += [" ".join(tokens[i : i + step]) for i in range(0, len(tokens), step)]
    return out


def _explode(segment: Segment, language: str) -> list[Segment]:
    """A huge passage (pages without a blank line) as beats of about one long scene each."""
    pieces: list[list[tuple[Passage, str]]] = [[]]
    running = 0.0
    sentences = [(passage, beat) for passage, sentence in _segment_sentences(segment, language)
                 for beat in _beats(sentence)]
    for passage, sentence in sentences:
        units = speech_units(sentence)
        if pieces[-1] and running + units > capacity(LONG):
            pieces.append([])
            running = 0.0
        pieces[-1].append((passage, sentence))
        running += units
    return [_rebuild(segment, Cut.SPLIT, piece, i == 0) for i, piece in enumerate(pieces) if piece]


def refine(segments: list[Segment], max_scenes: int, language: str) -> list[Segment]:
    """Cut the script's segments to a useful size for ``max_scenes`` scenes.

    A passage of many scenes' worth of text without a break is cut into beats, so the chosen
    beats can spread over it. A short script is cut finer: at time cues first, then by halving
    the longest segment between sentences while it holds more than one long scene can say. A
    one-line idea therefore stays one or two scenes.
    """
    huge = _HUGE * capacity(LONG)
    if any(s.units > huge for s in segments):
        segments = [piece for s in segments
                    for piece in (_explode(s, language) if s.units > huge else [s])]
    if len(segments) >= max_scenes:
        return segments
    refined = [piece for segment in segments for piece in _split_at_cues(segment, language)]
    while len(refined) < max_scenes:
        longest = max(range(len(refined)), key=lambda i: refined[i].units)
        if refined[longest].units <= capacity(LONG):
            break
        halves = _split_in_half(refined[longest], language)
        if halves is None:
            break
        refined[longest : longest + 1] = halves
    return refined


# ------------------------------------------------------------------------------------ merging
def place_key(segment: Segment) -> str | None:
    """Where a segment happens, as far as a cheap look can tell (see ``Segment.place_key``)."""
    return segment.place_key


def _merge_cost(left: list[Segment], right: list[Segment]) -> float:
    units = sum(s.units for s in left) + sum(s.units for s in right)
    same_place = left[-1].place_key is not None and left[-1].place_key == right[0].place_key
    return _CUT_COST[right[0].cut] + 0.5 * units / capacity(LONG) + (0.0 if same_place else 1.0)


def _greedy_groups(segments: list[Segment], count: int) -> list[list[Segment]]:
    groups = [[s] for s in segments]
    while len(groups) > count:
        costs = [_merge_cost(groups[i], groups[i + 1]) for i in range(len(groups) - 1)]
        best = min(range(len(costs)), key=costs.__getitem__)
        groups[best : best + 2] = [groups[best] + groups[best + 1]]
    return groups


def _even_groups(segments: list[Segment], count: int) -> list[list[Segment]]:
    """``count`` stretches of about equal length, cut at the strongest break near each mark."""
    units = [max(s.units, 0.5) for s in segments]
    total = sum(units)
    prefix = [0.0]
    for value in units:
        prefix.append(prefix[-1] + value)
    window = max(1, len(segments) // (4 * count))
    cuts: list[int] = []
    for k in range(1, count):
        target = total * k / count
        ideal = min(range(1, len(segments)), key=lambda i: abs(prefix[i] - target))
        low = max(ideal - window, (cuts[-1] + 1) if cuts else 1)
        high = min(ideal + window, len(segments) - (count - k))
        candidates = range(low, max(low, high) + 1)
        cuts.append(max(candidates, key=lambda i: (segments[i].cut, -abs(i - ideal))))
    bounds = [0, *cuts, len(segments)]
    return [segments[a:b] for a, b in itertools.pairwise(bounds) if b > a]


def group_segments(segments: list[Segment], max_scenes: int) -> list[list[Segment]]:
    """Consecutive runs of segments, at most ``max_scenes`` of them, in script order."""
    if len(segments) <= max_scenes:
        return [[s] for s in segments]
    if len(segments) <= _GREEDY_LIMIT:
        return _greedy_groups(segments, max_scenes)
    return _even_groups(segments, max_scenes)


# ------------------------------------------------------------------------------- the told part
def choose_focus(
    group: list[Segment], position: float, dominant: set[str], used: Counter[str]
) -> list[Segment]:
    """The segments a scene's narration is drawn from.

    A short group is told whole. In a long one the richest passage near the group's anchor is
    chosen (the opening for the first scene, the ending for the last, the middle otherwise, so
    the chosen beats spread over the whole script), preferring the script's main places and
    places no earlier scene has shown, then widened with its neighbours when too short.
    """
    total = sum(s.units for s in group)
    if total <= 3 * capacity(LONG) or len(group) == 1:
        return list(group)
    anchor = position * (len(group) - 1)
    spread = max(len(group) - 1, 1)

    def score(index: int) -> float:
        segment = group[index]
        key = place_key(segment)
        bonus = (1.0 if key in dominant else 0.0) + 0.6 / (1 + used[key] if key else 1)
        return segment.richness + bonus - 2.0 * abs(index - anchor) / spread

    best = max(range(len(group)), key=score)
    low = high = best
    # One passage tells a beat best; neighbours join only when it is too short for 5 s.
    while sum(s.units for s in group[low : high + 1]) < capacity(SHORT):
        if high + 1 < len(group):
            high += 1
        elif low > 0:
            low -= 1
        else:
            break
    return group[low : high + 1]


def dominant_places(segments: Sequence[Segment], count: int) -> set[str]:
    """The ``count`` places the script names most, for choosing beats of a long script."""
    tally: Counter[str] = Counter()
    for segment in segments:
        key = place_key(segment)
        if key is not None:
            tally[key] += 1
    return {key for key, _ in tally.most_common(count)}


def join_sentences(sentences: list[str]) -> str:
    """Sentences run together as written: Japanese and Chinese need no space after a mark."""
    out = ""
    for sentence in sentences:
        if out and not (out[-1] in "。！？" and _is_unspaced(sentence[:1])):
            out += " "
        out += sentence
    return out


def _is_unspaced(char: str) -> bool:
    return bool(char) and ("\u3040" <= char <= "\u30ff" or "\u3400" <= char <= "\u9fff")


@dataclass(frozen=True)
class _Option:
    units: float
    score: float
    text: str


def _sentence_score(text: str, frequency: Counter[str]) -> float:
    score = 0.0
    for word in words(text):
        low = word.lower()
        if low in _STOPWORDS:
            score += 0.15
        else:
            score += 1.0 + 0.4 * math.log1p(frequency[low] - 1 if frequency[low] > 1 else 0)
            if word[0].isupper():
                score += 0.3
    score += 1.5 * (len(PLACES.find(text)) + len(OBJECTS.find(text)))
    score += 1.0 * (len(CAMERA_WORDS.find(text)) + len(TIMES.find(text)) + len(WEATHER.find(text)))
    return score


# Each piece of narration costs a little, so a few whole sentences beat many scraps.
_WHOLE_COST, _PART_COST = 0.5, 2.0


def _options(sentence: str, weight: float, frequency: Counter[str]) -> list[_Option]:
    whole = _Option(speech_units(sentence),
                    weight * _sentence_score(sentence, frequency) - _WHOLE_COST,
                    as_sentence(sentence, capitalize=False))
    options = [whole]
    if whole.units <= capacity(SHORT):
        return options  # short enough to keep whole; cutting it would only lose words
    parts = clauses(sentence)
    units = [speech_units(part) for part in parts]
    runs: set[str] = set()
    for i in range(len(parts)):
        total = 0.0
        # Only runs that can fit a scene are worth building (a long run of a huge sentence
        # would cost memory for nothing).
        for j in range(i + 1, len(parts) + 1):
            total += units[j - 1]
            if total > capacity(LONG) or (i == 0 and j == len(parts)):
                break
            runs.add(" ".join(parts[i:j]))
    for part, part_units in zip(parts, units, strict=True):
        shorter = drop_intro(part) if part_units <= capacity(LONG) + 4 else None
        if shorter:
            runs.add(shorter)
    shorter_whole = drop_intro(sentence) if whole.units <= capacity(LONG) + 4 else None
    if shorter_whole:
        runs.add(shorter_whole)
    for run in sorted(runs):
        run_units = speech_units(run)
        if run_units >= 3:
            score = 0.9 * weight * _sentence_score(run, frequency) - _PART_COST
            options.append(_Option(run_units, score, as_sentence(run)))
    return options


def _best_selection(items: list[list[_Option]], limit: float) -> list[_Option]:
    """Multiple-choice knapsack: at most one option per sentence, most score within ``limit``."""
    scale = 3  # thirds of a word, so Japanese and Chinese characters count exactly
    budget = math.floor(limit * scale + 1e-6)
    best: list[tuple[float, list[int]] | None] = [None] * (budget + 1)
    best[0] = (0.0, [])
    for index, options in enumerate(items):
        new = list(best)
        for cost_so_far, entry in enumerate(best):
            if entry is None:
                continue
            for choice, option in enumerate(options):
                cost = cost_so_far + math.ceil(option.units * scale - 1e-6)
                if cost > budget:
                    continue
                score = entry[0] + option.score
                current = new[cost]
                if current is None or score > current[0]:
                    new[cost] = (score, [*entry[1], index * 1000 + choice])
        best = new
    top = max((entry for entry in best if entry is not None), key=lambda e: e[0])
    return [items[code // 1000][code % 1000] for code in top[1]]


def fit_narration(
    group: list[Segment], focus: list[Segment], language: str, *, first: bool, last: bool
) -> Draft:
    """Narration for a scene of ``group`` told from ``focus``: all of it if it fits, else the best.

    The scene lasts 5 s when the narration fits 5 s at the planned pace, else 9 s; narration
    longer than 9 s can hold is condensed to its most telling sentences and clauses, in order.
    """
    draft = Draft(segments=list(group), focus=list(focus))
    sentences: list[tuple[str, float]] = []
    for segment in focus:
        for passage, sentence in _segment_sentences(segment, language):
            sentences.append((sentence, _KIND_WEIGHT[passage.kind]))
    if not sentences:
        return draft
    if len(sentences) > _CANDIDATES:
        frequency = Counter(w.lower() for s, _ in sentences for w in words(s))
        density = [weight * _sentence_score(s, frequency) / max(speech_units(s), 1.0)
                   for s, weight in sentences]
        keep = sorted(sorted(range(len(sentences)), key=lambda i: -density[i])[:_CANDIDATES])
        sentences = [sentences[i] for i in keep]
    total = sum(speech_units(s) for s, _ in sentences)
    if total <= capacity(LONG) + 1e-9:
        draft.narration = join_sentences([as_sentence(s, capitalize=False) for s, _ in sentences])
    else:
        frequency = Counter(w.lower() for s, _ in sentences for w in words(s))
        items: list[list[_Option]] = []
        for index, (sentence, weight) in enumerate(sentences):
            if (first and index == 0) or (last and index == len(sentences) - 1):
                weight *= 1.15  # an opening and an ending are the beats a summary keeps
            items.append(_options(sentence, weight, frequency))
        chosen = _best_selection(items, capacity(LONG))
        if not chosen:
            top = max((opts[0] for opts in items), key=lambda o: o.score)
            chosen = [_Option(0.0, 0.0, as_sentence(truncate_units(top.text, capacity(LONG))))]
        draft.narration = join_sentences([option.text for option in chosen])
    draft.units = speech_units(draft.narration)
    draft.duration = SHORT if draft.units <= capacity(SHORT) + 1e-9 else LONG
    return draft
