"""Word tables the planner reads a scene's subjects with (see ``planner.subjects``)."""

from __future__ import annotations

from vidstudio.providers.local.planner.matcher import split_list

# What a person doing something holds: the verb's tool ("mopping" a mop).
TOOL_VERBS = {
    "mopping": "mop", "sweeping": "broom", "hammering": "hammer", "sawing": "saw",
    "chopping": "axe", "painting": "paintbrush", "knitting": "yarn", "sewing": "needle",
    "photographing": "camera", "phoning": "phone", "writing": "pen", "shovelling": "shovel",
    "shoveling": "shovel", "raking": "rake", "drilling": "drill", "ironing": "iron",
}


# Parts of a body, drawn with whoever they belong to ("her feathers").
BODY = frozenset(split_list(
    "feather feathers wing wings tail tails paw paws hand hands foot feet eye eyes ear ears nose "
    "mouth tooth teeth hair head arm arms leg legs beak claw claws fur heart lips tongue face "
    "finger fingers"))
# Parts of a building or a place that say where something is ("wedged in the front doorway").
PARTS = frozenset(split_list(
    "doorway doorways threshold doorstep corner corners middle centre center edge floor ceiling "
    "wall walls hallway corridor"))
