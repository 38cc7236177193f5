"""Closed vocabularies shared by planners, providers and the editor."""

from __future__ import annotations

from enum import StrEnum


class CameraMove(StrEnum):
    """Camera movements a scene can ask for (the seed's vocabulary)."""

    STATIC = "Static"
    MOVE_LEFT = "Move Left"
    MOVE_RIGHT = "Move Right"
    MOVE_UP = "Move Up"
    MOVE_DOWN = "Move Down"
    PUSH_IN = "Push In"
    PULL_OUT = "Pull Out"
    ZOOM_IN = "Zoom In"
    ZOOM_OUT = "Zoom Out"
    PAN_LEFT = "Pan Left"
    PAN_RIGHT = "Pan Right"
    ORBIT_LEFT = "Orbit Left"
    ORBIT_RIGHT = "Orbit Right"
    CRANE_UP = "Crane Up"
    CRANE_DOWN = "Crane Down"


class ShotType(StrEnum):
    EXTREME_WIDE = "extreme wide"
    WIDE = "wide"
    MEDIUM = "medium"
    CLOSE_UP = "close-up"
    EXTREME_CLOSE_UP = "extreme close-up"
    OVER_THE_SHOULDER = "over the shoulder"
    AERIAL = "aerial"


class TimeOfDay(StrEnum):
    DAWN = "dawn"
    DAY = "day"
    DUSK = "dusk"
    NIGHT = "night"


class Weather(StrEnum):
    CLEAR = "clear"
    CLOUDY = "cloudy"
    RAIN = "rain"
    STORM = "storm"
    SNOW = "snow"
    FOG = "fog"
    WIND = "wind"


class AspectRatio(StrEnum):
    LANDSCAPE = "16:9"
    PORTRAIT = "9:16"
    SQUARE = "1:1"

    def frame_size(self, short_side: int = 720) -> tuple[int, int]:
        """Width and height in pixels for this ratio; both even, as H.264 wants."""
        if self is AspectRatio.LANDSCAPE:
            return (short_side * 16 // 9) // 2 * 2, short_side
        if self is AspectRatio.PORTRAIT:
            return short_side, (short_side * 16 // 9) // 2 * 2
        return short_side, short_side


class SlotKind(StrEnum):
    """What a scene or environment slot holds."""

    ENV_IMAGE = "env_image"
    STYLE = "style"
    FIRST_FRAME = "first_frame"
    LAST_FRAME = "last_frame"
    CLIP = "clip"
    SFX = "sfx"
    NARRATION = "narration"
    CHARACTER_IMAGE = "character_image"
    MUSIC = "music"  # the film's score: one slot for the whole film


class CharacterKind(StrEnum):
    """What sort of being a member of the cast is (it decides how it is drawn and voiced)."""

    PERSON = "person"
    ANIMAL = "animal"
    CREATURE = "creature"
    ROBOT = "robot"
    VEHICLE = "vehicle"  # a vehicle that acts as a character (a talking car, a tugboat hero)


class Stage(StrEnum):
    """A pipeline stage, each served by one provider chosen in the settings."""

    PLANNER = "planner"
    IMAGES = "images"
    STYLE = "style"
    VIDEO = "video"
    SOUND = "sound"
    VOICE = "voice"
    MUSIC = "music"  # the film's score


SCENE_DURATIONS: tuple[int, ...] = (5, 9)
IMAGES_PER_ENVIRONMENT = 10
# A character sheet: a few reference images made once and reused by every scene (Luma's
# character references take up to four images per identity).
IMAGES_PER_CHARACTER = 4
