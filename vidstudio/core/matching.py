"""How alike an old scene or place is to a newly planned one, and the best pairing of old and new.

Pure functions on text and lists, used by the re-plan (core/replan.py) to decide which scenes and
environments of a new plan continue old ones (and keep their takes).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from itertools import permutations
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vidstudio.core.models import Environment, Scene
    from vidstudio.core.plan import PlanEnvironment, PlanScene

# How much each text says about a scene being "the same beat" of the story.
_SCENE_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("narration", 0.45), ("action", 0.35), ("title", 0.2),
)
# Used only when every field above is empty or edited by the user.
_SCENE_FALLBACK_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("first_frame_prompt", 0.5), ("last_frame_prompt", 0.3), ("sfx_prompt", 0.2),
)
_ENVIRONMENT_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("name", 0.3), ("setting", 0.25), ("key_objects", 0.2), ("description", 0.25),
)

SCENE_MATCH_THRESHOLD = 0.5
"""Least similarity for a new scene to continue an old one in the same place in the story."""
SCENE_MOVE_THRESHOLD = 0.8
"""Least similarity for a scene that moved elsewhere in the story to keep its takes."""
ENVIRONMENT_MATCH_THRESHOLD = 0.45
"""Least combined score (content and shared scenes) for two environments to be the same place."""
REWORDED_DESCRIPTION_THRESHOLD = 0.6
"""A place re-worded no further than this keeps its own description, things and prompts."""
_ENVIRONMENT_CONTENT_FLOOR = 0.25  # shared scenes alone never make two places the same

_WORD = re.compile(r"\w+")


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def text_similarity(left: str, right: str) -> float:
    """0..1: how much of two texts' words agree, in order (1.0 for equal texts)."""
    if left == right:
        return 1.0
    a, b = _tokens(left), _tokens(right)
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def set_similarity(left: list[str], right: list[str]) -> float:
    a = {item.casefold().strip() for item in left if item.strip()}
    b = {item.casefold().strip() for item in right if item.strip()}
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _weighted(pairs: list[tuple[float, float]]) -> float | None:
    total = sum(weight for _, weight in pairs)
    if total <= 0:
        return None
    return sum(score * weight for score, weight in pairs) / total


def scene_similarity(scene: Scene, planned: PlanScene) -> float:
    """0..1: how likely ``planned`` is the same beat of the story as ``scene``.

    Fields the user edited say nothing about the script, so they are left out of the comparison;
    fields empty on both sides are left out too.
    """
    for weights in (_SCENE_WEIGHTS, _SCENE_FALLBACK_WEIGHTS):
        pairs: list[tuple[float, float]] = []
        for name, weight in weights:
            old, new = getattr(scene, name), getattr(planned, name)
            if name in scene.edited or (not old.strip() and not new.strip()):
                continue
            pairs.append((text_similarity(old, new), weight))
        score = _weighted(pairs)
        if score is not None:
            return score
    return 0.0


def environment_similarity(env: Environment, planned: PlanEnvironment) -> float:
    """0..1: how alike two places are by their content (user-edited fields left out)."""
    pairs: list[tuple[float, float]] = []
    for name, weight in _ENVIRONMENT_WEIGHTS:
        if name in env.edited:
            continue
        old, new = getattr(env, name), getattr(planned, name)
        if name == "key_objects":
            if not old and not new:
                continue
            pairs.append((set_similarity(old, new), weight))
        else:
            if not old.strip() and not new.strip():
                continue
            pairs.append((text_similarity(old, new), weight))
    return _weighted(pairs) or 0.0


# ----------------------------------------------------------------------------- matching
def _align(scores: list[list[float]], threshold: float) -> list[tuple[int, int]]:
    """The order-preserving pairing (i, j) with the largest total score, each pair at least
    ``threshold`` (a Needleman-Wunsch alignment with free gaps)."""
    rows = len(scores)
    cols = len(scores[0]) if rows else 0
    best = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            options = [best[i + 1][j], best[i][j + 1]]
            if scores[i][j] >= threshold:
                options.append(best[i + 1][j + 1] + scores[i][j])
            best[i][j] = max(options)
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < rows and j < cols:
        if scores[i][j] >= threshold and best[i][j] == best[i + 1][j + 1] + scores[i][j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def match_scenes(old: list[Scene], new: list[PlanScene]) -> dict[int, int]:
    """Pair old scenes (in order) with plan scenes: new index -> old index.

    First the best order-preserving alignment of similar scenes; then scenes that moved to
    another place in the story, if they are nearly the same.
    """
    if not old or not new:
        return {}
    scores = [[scene_similarity(o, n) for n in new] for o in old]
    pairs = dict((j, i) for i, j in _align(scores, SCENE_MATCH_THRESHOLD))
    used = set(pairs.values())
    moves = sorted(
        ((scores[i][j], -abs(i - j), i, j) for i in range(len(old)) for j in range(len(new))
         if i not in used and j not in pairs and scores[i][j] >= SCENE_MOVE_THRESHOLD),
        reverse=True,
    )
    for _, _, i, j in moves:
        if i not in used and j not in pairs:
            pairs[j] = i
            used.add(i)
    return pairs


def _best_assignment(scores: list[list[float]], allowed: list[list[bool]]) -> dict[int, int]:
    """Column -> row pairs with the largest total score among allowed pairs (exhaustive for
    the few environments a plan has, greedy beyond)."""
    rows = len(scores)
    cols = len(scores[0]) if rows else 0
    if rows == 0 or cols == 0:
        return {}
    candidates = [(scores[i][j], i, j) for i in range(rows) for j in range(cols) if allowed[i][j]]
    if rows > 6 and cols > 6:
        chosen: dict[int, int] = {}
        for _, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
            if j not in chosen and i not in chosen.values():
                chosen[j] = i
        return chosen
    best: tuple[float, dict[int, int]] = (-1.0, {})
    small, large, transpose = (rows, cols, False) if rows <= cols else (cols, rows, True)
    for picked in permutations(range(large), small):
        pairs = {(k, p) if not transpose else (p, k) for k, p in enumerate(picked)}
        kept = {j: i for i, j in pairs if allowed[i][j]}
        total = sum(scores[i][j] for j, i in kept.items())
        if total > best[0] + 1e-9:
            best = (total, kept)
    return best[1]


def match_environments(old: list[Environment], new: list[PlanEnvironment],
                       shared: dict[tuple[int, int], int] | None = None,
                       uses: tuple[list[int], list[int]] | None = None) -> dict[int, int]:
    """Pair old environments with plan environments: new index -> old index.

    ``shared[(i, j)]`` counts matched scenes that were in old environment ``i`` and are in plan
    environment ``j``; ``uses`` the scenes of each old and each plan environment. Scenes staying
    together in one place makes the places likelier the same.
    """
    if not old or not new:
        return {}
    shared = shared or {}
    content = [[environment_similarity(o, n) for n in new] for o in old]
    scores: list[list[float]] = []
    allowed: list[list[bool]] = []
    for i in range(len(old)):
        row, ok = [], []
        for j in range(len(new)):
            together = shared.get((i, j), 0)
            if uses is not None and together:
                together_share = together / max(uses[0][i], uses[1][j], 1)
            else:
                together_share = 0.0
            score = 0.75 * content[i][j] + 0.25 * together_share
            row.append(score)
            ok.append(content[i][j] >= 0.999 or (
                score >= ENVIRONMENT_MATCH_THRESHOLD
                and content[i][j] >= _ENVIRONMENT_CONTENT_FLOOR))
        scores.append(row)
        allowed.append(ok)
    return _best_assignment(scores, allowed)
