"""The cast the user supplies (a JSON document, ``render --cast FILE.json``) and the commands
that make a project's cast follow it.

The document is a list of characters, or an object ``{"cast": [...]}``. Each has a ``name``
(required) and may have ``aliases`` (other names the script or the plan may use, "the keeper"),
``kind``, ``description``, ``look`` (``age``, ``build``, ``hair``, ``skin``, ``marks`` as short
texts, ``wardrobe`` as a list of ``{"item", "colour"}`` or of texts such as "blue raincoat"),
``voice`` (a voice id of the voice provider) and ``photos`` (up to four pictures of the
character, relative to the document's folder: each becomes a take of the character's sheet,
"your own photo"). Every mistake is one line naming the character and the field.

A character of the document is matched to the planned character of the same name (or alias);
the fields it gives replace the planned ones, as user edits (a re-plan keeps them). One that
the plan does not have is added, in frame in the scenes that name it. Pure functions, no I/O.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from difflib import get_close_matches
from typing import TYPE_CHECKING, Any

from vidstudio.core.cast_commands import AddCharacter, EditCharacter
from vidstudio.core.models import Character, Garment, Look
from vidstudio.core.vocabulary import IMAGES_PER_CHARACTER, CharacterKind

if TYPE_CHECKING:
    from vidstudio.core.models import Project

_FIELDS = ("name", "aliases", "kind", "description", "look", "voice", "photos")
_LOOK_TEXTS = ("age", "build", "hair", "skin", "marks")
_LOOK_FIELDS = (*_LOOK_TEXTS, "wardrobe")
_WORD = re.compile(r"[^\W\d_]+")
MAX_CAST = 12


class CustomCastError(ValueError):
    """A cast document is not usable; ``str(error)`` is one line for the user."""


@dataclass(frozen=True)
class CastEntry:
    """One character of the user's cast document (only the fields it gives are set)."""

    name: str
    aliases: tuple[str, ...] = ()
    kind: CharacterKind | None = None
    description: str | None = None
    look: tuple[tuple[str, Any], ...] = ()
    voice: str | None = None
    photos: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def _kind_of(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "true/false", int: "a number", float: "a number", str: "a text",
            list: "a list", dict: "an object"}.get(type(value), type(value).__name__)


def _text(where: str, name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise CustomCastError(f"{where}: {name} must be a text, not {_kind_of(value)}")
    return value.strip()


def _texts(where: str, name: str, value: Any, limit: int) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CustomCastError(f"{where}: {name} must be a list of texts")
    items = tuple(v.strip() for v in value if v.strip())
    if len(items) > limit:
        raise CustomCastError(f"{where}: {name} has {len(items)} entries, at most {limit}")
    return items


def _garment(where: str, raw: Any) -> Garment:
    if isinstance(raw, str):
        words = raw.split()
        if not words:
            raise CustomCastError(f"{where}: look.wardrobe has an empty entry")
        return Garment(item=" ".join(words[1:]) or words[0],
                       colour=words[0] if len(words) > 1 else "")
    if isinstance(raw, dict) and isinstance(raw.get("item"), str) and raw["item"].strip() \
            and set(raw) <= {"item", "colour"} and isinstance(raw.get("colour", ""), str):
        return Garment(item=raw["item"].strip(), colour=str(raw.get("colour", "")).strip())
    raise CustomCastError(f"{where}: look.wardrobe entries are texts ('blue raincoat') or "
                          "objects with an item and a colour")


def _look(where: str, raw: Any) -> tuple[tuple[str, Any], ...]:
    if not isinstance(raw, dict):
        raise CustomCastError(f"{where}: look must be an object, not {_kind_of(raw)}")
    given: list[tuple[str, Any]] = []
    for key, value in raw.items():
        if key not in _LOOK_FIELDS:
            close = get_close_matches(str(key), _LOOK_FIELDS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else \
                f" (known: {', '.join(_LOOK_FIELDS)})"
            raise CustomCastError(f"{where}: unknown look field {key!r}{hint}")
        if key == "wardrobe":
            if not isinstance(value, list):
                raise CustomCastError(f"{where}: look.wardrobe must be a list")
            given.append((key, tuple(_garment(where, g) for g in value)))
        else:
            given.append((key, _text(where, f"look.{key}", value)))
    return tuple(given)


def _entry(index: int, raw: Any) -> CastEntry:
    where = f"character {index}"
    if not isinstance(raw, dict):
        raise CustomCastError(f"{where}: expected an object with a name, not {_kind_of(raw)}")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise CustomCastError(f"{where}: a name is required")
    where = f"{where} ({name.strip()!r})"
    for key in raw:
        if key not in _FIELDS:
            close = get_close_matches(str(key), _FIELDS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else \
                f" (known fields: {', '.join(_FIELDS)})"
            raise CustomCastError(f"{where}: unknown field {key!r}{hint}")
    kind = None
    if "kind" in raw:
        values = [k.value for k in CharacterKind]
        text = raw["kind"].strip().lower() if isinstance(raw["kind"], str) else None
        if text not in values:
            raise CustomCastError(f"{where}: kind must be one of {', '.join(values)}; not "
                                  f"{raw['kind']!r}")
        kind = CharacterKind(text)
    return CastEntry(
        name=name.strip(),
        aliases=_texts(where, "aliases", raw["aliases"], 10) if "aliases" in raw else (),
        kind=kind,
        description=_text(where, "description", raw["description"])
        if "description" in raw else None,
        look=_look(where, raw["look"]) if "look" in raw else (),
        voice=_text(where, "voice", raw["voice"]) if "voice" in raw else None,
        photos=_texts(where, "photos", raw["photos"], IMAGES_PER_CHARACTER)
        if "photos" in raw else (),
    )


def parse_custom_cast(document: str | bytes) -> list[CastEntry]:
    """The characters of a cast document.

    Raises:
        CustomCastError: the document is not JSON, or a character is not usable (one line).
    """
    try:
        data = json.loads(document)
    except (ValueError, UnicodeDecodeError) as exc:
        raise CustomCastError(f"not JSON: {exc}") from None
    if isinstance(data, dict) and set(data) == {"cast"}:
        data = data["cast"]
    if not isinstance(data, list):
        raise CustomCastError("expected a list of characters (or an object with a \"cast\" "
                              "list)")
    if not data:
        raise CustomCastError("the cast is empty")
    if len(data) > MAX_CAST:
        raise CustomCastError(f"{len(data)} characters; at most {MAX_CAST}")
    entries = [_entry(i + 1, raw) for i, raw in enumerate(data)]
    seen: dict[str, str] = {}
    for entry in entries:
        for name in entry.names:
            key = name.casefold()
            if key in seen:
                raise CustomCastError(f"the name {name!r} is given twice ({seen[key]!r} and "
                                      f"{entry.name!r})")
            seen[key] = entry.name
    return entries


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _names_match(name: str, other: str) -> bool:
    """"Mara" is "Mara", and "the porter" is the planner's "Night Porter"."""
    mine = [w for w in _words(name) if w != "the"]
    theirs = [w for w in _words(other) if w != "the"]
    if not mine or not theirs:
        return False
    return mine == theirs or mine == theirs[-len(mine):] or theirs == mine[-len(theirs):]


def find_character(project: Project, entry: CastEntry) -> Character | None:
    """The project's character the entry describes: same name or alias first, then a name
    that ends the same ("porter" / "Night Porter")."""
    for character in project.characters:
        if any(n.casefold() == character.name.casefold() for n in entry.names):
            return character
    for character in project.characters:
        if any(_names_match(n, character.name) for n in entry.names):
            return character
    return None


def _mentions(text: str, entry: CastEntry) -> bool:
    words = _words(text)
    for name in entry.names:
        wanted = [w for w in _words(name) if w != "the"]
        if wanted and any(words[i:i + len(wanted)] == wanted
                          for i in range(len(words) - len(wanted) + 1)):
            return True
    return False


def _photo_prompts(entry: CastEntry, prompts: list[str]) -> list[str]:
    """Sheet prompts with room for every photo (a photo fills a sheet slot as a take)."""
    return [*prompts, *(f"your own photo of {entry.name} ({i + 1})"
                        for i in range(len(prompts), len(entry.photos)))]


@dataclass
class CastChanges:
    """What a cast document does to a project: commands to apply (in order), and the photos
    to import as sheet takes, as (character id, sheet index, photo as written)."""

    commands: list[EditCharacter | AddCharacter]
    photos: list[tuple[str, int, str]]
    report: list[str]


def cast_changes(project: Project, entries: list[CastEntry]) -> CastChanges:
    """The commands that make ``project``'s cast follow ``entries`` (none for what already
    does, so applying a document twice changes nothing the second time)."""
    commands: list[EditCharacter | AddCharacter] = []
    photos: list[tuple[str, int, str]] = []
    report: list[str] = []
    for entry in entries:
        character = find_character(project, entry)
        if character is None:
            character = Character(name=entry.name, kind=entry.kind or CharacterKind.PERSON,
                                  description=entry.description or "",
                                  look=Look(**dict(entry.look)), voice=entry.voice or "",
                                  sheet_prompts=_photo_prompts(entry, []))
            scenes = tuple(s.id for s in project.ordered_scenes
                           if _mentions(f"{s.title} {s.action} {s.narration}", entry))
            commands.append(AddCharacter(character, scenes, label=f"Add {entry.name}"))
            report.append(f"{entry.name}: added (in {len(scenes)} scene(s))")
        else:
            wanted: dict[str, Any] = {"name": entry.name}
            if entry.kind is not None:
                wanted["kind"] = entry.kind
            if entry.description is not None:
                wanted["description"] = entry.description
            if entry.look:
                wanted["look"] = character.look.model_copy(update=dict(entry.look))
            if entry.voice is not None:
                wanted["voice"] = entry.voice
            changed = [k for k, v in wanted.items() if getattr(character, k) != v]
            commands += [EditCharacter(character.id, k, wanted[k]) for k in changed]
            if changed:
                report.append(f"{entry.name}: {', '.join(changed)} from the cast file")
        prompts = _photo_prompts(entry, character.sheet_prompts)
        if prompts != character.sheet_prompts:
            commands.append(EditCharacter(character.id, "sheet_prompts", prompts))
        photos += [(character.id, i, photo) for i, photo in enumerate(entry.photos)]
    return CastChanges(commands, photos, report)
