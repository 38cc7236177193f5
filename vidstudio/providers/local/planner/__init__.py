"""The offline rule-based planner: script text in, a validated ``core.plan.Plan`` out.

Modules, in the order a script goes through them: ``text`` and ``language`` (cleaning, words,
sentences, language), ``segment`` (structure), ``condense`` (scenes and narration), ``extract``
(what each scene shows), ``environments`` (places), ``compose`` (prompts and titles), ``build``
(the pipeline). Word lists live in ``lexicon*``; ``random_script`` writes scripts to try.
"""

from __future__ import annotations

from vidstudio.providers.local.planner.build import build_plan
from vidstudio.providers.local.planner.provider import LocalPlanner
from vidstudio.providers.local.planner.random_script import random_script

__all__ = ["LocalPlanner", "build_plan", "random_script"]
