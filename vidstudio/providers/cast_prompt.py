"""The cast in words, for image services that take a prompt: who is in frame, and how they look.

Reference images carry a face; the words carry what every service understands: the name, the
look (age, build, hair, skin, coloured wardrobe, marks) and what each does, in frame order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vidstudio.providers.base import ImageRequest


def cast_text(request: ImageRequest) -> str:
    """The characters in frame, left to right, each with its look and what it does."""
    people = []
    for member in request.cast:
        who = member.character
        look = f" ({who.look})" if who.look else ""
        people.append(f"{who.name}{look}{' ' + member.action if member.action else ''}")
    return ("In frame, left to right: " + "; ".join(people)) if people else ""


def sheet_prompt(request: ImageRequest) -> str:
    """A character sheet image: the character alone, whole, from its look."""
    who = request.character
    parts = [request.prompt.strip().rstrip(".")]
    if who is not None:
        described = ", ".join(p for p in (who.kind.value, who.description, who.look) if p)
        parts.append(f"{who.name}: {described}" if described else who.name)
    parts.append("character reference, full figure, even light, plain neutral background")
    return ". ".join(p for p in parts if p) + "."


__all__ = ["cast_text", "sheet_prompt"]
