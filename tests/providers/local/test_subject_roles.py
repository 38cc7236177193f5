"""The planner's Subject sentence: roles, plurals of roles and words that are not subjects."""

from __future__ import annotations

import pytest

from vidstudio.providers.local.planner.subjects import describe_subjects


@pytest.mark.parametrize(("sentence", "people", "expected"), [
    # A role given after a name is who is drawn.
    ("Dame Olwen, a sorceress of the north, raised her staff.", {"olwen": "woman"},
     "a sorceress."),
    ("Teague, the sheriff of the county, tipped his hat.", {"teague": "man"}, "a sheriff."),
    # A title before a name is one person, drawn in that role.
    ("Marshal Teague, the sheriff of the county, tipped his hat.", {"teague": "man"},
     "a marshal."),
    ("Captain Mara and her dog walked.", {"mara": "woman"}, "a captain; a dog"),
    # Plurals in -men are two figures.
    ("Three firemen ran up the ladder.", {}, "two firemen"),
    # Fantasy and western roles are people.
    ("A goblin and a druid argued by the road.", {}, "a goblin; a druid"),
])
def test_roles_are_people(sentence: str, people: dict[str, str], expected: str) -> None:
    assert describe_subjects([sentence], people).startswith(f"Subject: {expected}")


@pytest.mark.parametrize(("sentence", "absent"), [
    ('The crow on the fence cried "farmer!" and flew off.', "farmer"),
    ("Good evening, travellers, the inn is full.", "traveller"),
    ("Welcome, students! Today we look at the microscope.", "student"),
    ("A grandfather clock ticked in the hall.", "grandfather"),
])
def test_words_that_are_no_one_in_the_picture(sentence: str, absent: str) -> None:
    assert absent not in describe_subjects([sentence], {})
