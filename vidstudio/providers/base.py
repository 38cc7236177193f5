"""The provider contracts: one Protocol per capability, the requests they take, the results they
return, their capabilities, and the one error hierarchy every provider raises.

Rules every provider follows:

* Calls are coroutines, awaited on the event loop. Network I/O uses the SDK's async client;
  CPU work runs in the executor handed to the provider (never on the loop thread).
* A provider writes its output files into ``ctx.work_dir`` and returns their paths. The jobs layer
  moves them into the project's content-addressed assets; providers never touch the project.
* A provider raises only ``ProviderError`` subclasses for expected failures. Anything else is a bug.
* A paid remote job's id is handed to ``ctx.remember_remote_id`` *before* it is awaited, and a
  provider that finds ``ctx.resume_remote_id`` set resumes that job instead of starting a new one,
  so a crash never pays twice. A provider calls ``ctx.mark_submitting`` just before it sends a
  paid request (and sets ``ctx.submitted_since`` itself, so a retry in this run knows too).
  Finding ``ctx.submitted_since`` set (a run died, or an attempt got no answer, between sending
  and learning an id), it never adopts a job it cannot prove is this project's: services whose
  requests carry no reference of ours (Luma, ElevenLabs, fal) may hold an identical job made
  by another project on the same account. Unless a lookup proves nothing was made, it raises
  ``UnknownOutcomeError`` (with the possible cost), and sends again only with
  ``ctx.resend_unknown``. An answer that proves nothing was made (429, 4xx, 503) clears the
  mark (``ctx.clear_submitting``). A reply is kept in ``ctx.reply_dir`` as soon as it arrives.
* A failed lookup or resume of a journalled job never drops it (``keep_journalled``).
* Results are downloaded and checked separately from creating them: a corrupt or truncated
  download is fetched again (``DownloadFailedError``), never paid for again.
* Every call has a total deadline (``CallContext.deadline``); past it the provider stops and
  says so (``DeadlineExceededError``) instead of re-sending a hung request.
* A cloud provider may offer ``async def check(self) -> None``: one cheap authenticated call
  (a list, an account lookup) that raises ``AuthenticationError`` or
  ``ServiceUnavailableError`` with the service's own message, so a bad key fails before
  anything is bought.
* Secrets never appear in a message, a log line or a result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

from vidstudio.core.vocabulary import CameraMove, CharacterKind, ShotType, TimeOfDay, Weather

if TYPE_CHECKING:
    from pathlib import Path

    from vidstudio.core.plan import Plan


# --------------------------------------------------------------------------------------- errors
class ProviderError(Exception):
    """An expected provider failure; ends one step with a message shown to the user.

    Attributes:
        provider: the provider's name, e.g. ``"luma"``.
        retryable: whether trying again later may succeed.
        retry_after: seconds the service asked us to wait, when it said.
    """

    retryable = False
    #: True when trying again *in this run* must not happen even though ``retryable`` is set
    #: (a deadline passed, or a request that may have been billed cannot be looked up).
    final = False
    #: The HTTP status the service answered with, when the error is an answer.
    status: int | None = None

    def __init__(self, message: str, *, provider: str = "", retry_after: float | None = None):
        super().__init__(message)
        self.message = message
        self.provider = provider
        self.retry_after = retry_after

    def __str__(self) -> str:
        return f"{self.provider}: {self.message}" if self.provider else self.message


class AuthenticationError(ProviderError):
    """Missing, wrong or expired key (401/403)."""


class InvalidRequestError(ProviderError):
    """The service rejected what we sent (400/404/422)."""


class ContentRefusedError(ProviderError):
    """The service refused the content (moderation)."""


class GenerationFailedError(ProviderError):
    """The service accepted the job but reported that it failed."""


class BadOutputError(ProviderError):
    """The service answered with something unusable (garbage JSON, a corrupt file)."""


class RateLimitedError(ProviderError):
    """429: slow down, honouring ``retry_after``."""

    retryable = True


class ServiceUnavailableError(ProviderError):
    """5xx or 529 overloaded."""

    retryable = True


class ProviderTimeoutError(ProviderError):
    """The call or the remote job took longer than allowed."""

    retryable = True


class NotConfiguredError(ProviderError):
    """The provider cannot run here (no key, missing voice, missing upload host)."""


class DownloadFailedError(BadOutputError):
    """A paid job finished but its result could not be fetched intact (corrupt, truncated, the
    wrong type, or the transfer failed), even after fetching it again.

    Retryable: the job is paid for and stays journalled, so trying again downloads the same
    result again; it is never created a second time.
    """

    retryable = True


class UnknownOutcomeError(ProviderError):
    """A paid request may have been made (and billed) but nothing can tell: it was sent and no
    answer came back (a kill, a timeout, a dropped connection, a 500), and the service has no
    way to find it again that proves it is this project's (no job id journalled, no client
    reference, or a lookup that failed).

    It is never sent again on its own: retryable (the journal entry stays, so the next run
    meets it again) but ``final`` (not re-sent in this run). The jobs layer lists it with
    ``possible_cost`` and sends it again only with the user's consent
    (``CallContext.resend_unknown``), recording that it was possibly paid twice.

    Attributes:
        possible_cost: USD the lost request may have cost; None when the provider cannot say
            (the jobs layer then prices the request itself).
        what: what was asked for, in words ("the narration", "clip").
    """

    retryable = True
    final = True

    def __init__(self, message: str, *, provider: str = "", possible_cost: float | None = None,
                 what: str = "") -> None:
        super().__init__(message, provider=provider)
        self.possible_cost = possible_cost
        self.what = what


def unknown_outcome(what: str, *, provider: str, possible_cost: float | None,
                    why: str) -> UnknownOutcomeError:
    """The ``UnknownOutcomeError`` for ``what`` with the one line every provider uses."""
    cost = (f" (it may have cost about ${possible_cost:.2f})"
            if possible_cost is not None and possible_cost > 0 else "")
    return UnknownOutcomeError(
        f"{what} is an unknown outcome: {why}; it may have been made and billed{cost}, so it "
        "was not sent again — run with --resend-unknown to send it (it may then be paid "
        "twice)",
        provider=provider, possible_cost=possible_cost, what=what)


def keep_journalled(error: ProviderError) -> ProviderError:
    """``error`` met while looking up or resuming a paid job: marked so that the job's journal
    entry is kept (retryable) but nothing is sent again in this run (final). A failed lookup
    never drops a paid job."""
    error.retryable = True
    error.final = True
    return error


class DeadlineExceededError(ProviderTimeoutError):
    """The call used up its total time (``CallContext.deadline``) and stopped.

    Retryable in a later run (a remote job keeps running and stays journalled), but ``final``:
    the jobs layer does not re-send it within this run.
    """

    final = True


# --------------------------------------------------------------------------------- capability
ProviderKind = Literal["local", "cloud"]


@dataclass(frozen=True)
class ProviderInfo:
    """Who made a take; shown to the user beside every result."""

    name: str
    model: str
    kind: ProviderKind


@dataclass(frozen=True)
class Capabilities:
    durations: tuple[int, ...] = (5, 9)
    aspect_ratios: tuple[str, ...] = ("16:9", "9:16", "1:1")
    unit_price: float = 0.0
    price_unit: str = "call"  # call | second | image | character | training
    concurrency: int = 1
    paid: bool = False
    #: Whether a new take of the same request can differ from the last one: the provider
    #: takes a seed, or the service varies by itself. False: a regenerate of an unchanged
    #: request would pay for the same result again, so the jobs layer says so before paying.
    can_vary: bool = True
    #: How to get a different result when ``can_vary`` is False (shown to the user).
    vary_hint: str = ""


# ------------------------------------------------------------------------------------ context
ProgressFn = Callable[[float, str], None]


@dataclass
class CallContext:
    """What the jobs layer hands to each provider call.

    Attributes:
        work_dir: an empty folder, private to this call, for the files the provider writes.
        progress: report a fraction in [0, 1] and a short message; cheap to call often.
        resume_remote_id: a remote job id journalled by an earlier run of the same step.
        remember_remote_id: journal a remote job id (durably) before awaiting it.
        mark_submitting: journal (durably) that a remote job is about to be created.
        submitted_since: when an earlier run marked a submission but journalled no id (ISO 8601).
        seed: the seed of this take; a regenerate passes a new one.
        deadline: a ``time.monotonic()`` instant after which the provider sends no new paid
            request and stops waiting, raising ``DeadlineExceededError``. None: the provider
            sets its own (its ``call_deadline`` option) on the first attempt, and retries of
            the same step share it because they share this context.
        clear_submitting: journal (durably) that the marked submission was answered with a
            refusal (429, 4xx, 503): nothing was made, so a later run may send it again.
        resend_unknown: the user consented to sending again a request whose outcome is
            unknown (``UnknownOutcomeError``); it may be paid twice.
        reply_dir: a folder private to this step that survives a crash until the step's take
            is saved (``Journal.reply_dir``). A provider writes each paid reply there, durably,
            as soon as it arrives, and uses one it finds there instead of paying again.
        spent: USD the paid calls made through this context cost, as their replies said (a
            planner's from the reply's token usage); the jobs layer enters it in the ledger.
        upload_memo: a file in the project's cache remembering the URL each local file was
            hosted at (by content hash), so an unchanged reference is never uploaded again
            (providers/uploads.py). None: no memo; every upload is made.
    """

    work_dir: Path
    seed: int = 0
    progress: ProgressFn = lambda _fraction, _message: None
    resume_remote_id: str | None = None
    remember_remote_id: Callable[[str], None] = lambda _remote_id: None
    mark_submitting: Callable[[], None] = lambda: None
    submitted_since: str | None = None
    deadline: float | None = None
    clear_submitting: Callable[[], None] = lambda: None
    resend_unknown: bool = False
    reply_dir: Path | None = None
    spent: float = 0.0
    upload_memo: Path | None = None


@dataclass(frozen=True)
class MediaResult:
    """Files a provider produced plus what it knows about them."""

    path: Path
    model: str = ""
    cost: float = 0.0
    remote_id: str | None = None
    extra_files: dict[str, Path] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)


# ----------------------------------------------------------------------------------- requests
@dataclass(frozen=True)
class EnvironmentSpec:
    """The physical description of a place, for providers that draw from structure, not text."""

    name: str
    setting: str
    description: str = ""
    lighting: str = ""
    weather: Weather = Weather.CLEAR
    time_of_day: TimeOfDay = TimeOfDay.DAY
    key_objects: tuple[str, ...] = ()


# Marks a request field added after cache keys were first stored: at its default it is left out
# of the key (jobs/cache.py), so existing takes and journal entries keep their keys.
WHEN_SET = "cache_key_when_set"


@dataclass(frozen=True)
class CharacterSpec:
    """A member of the cast as providers see it: who, how they look, and their sheet.

    ``key`` is stable for the character (its id): a painter derives the character's drawing
    from it, never from the scene, so the same person looks the same in every shot.
    ``references`` are the sheet's images (or the user's own photo), in sheet order.
    """

    key: str
    name: str
    kind: CharacterKind = CharacterKind.PERSON
    description: str = ""
    age: str = ""
    build: str = ""
    hair: str = ""
    skin: str = ""
    wardrobe: tuple[tuple[str, str], ...] = ()  # (item, colour)
    marks: str = ""
    references: tuple[Path, ...] = ()
    voice: str = ""

    @property
    def look(self) -> str:
        """The look as one short phrase for a prompt."""
        parts = [self.age, self.build, self.hair, self.skin,
                 *(f"{colour} {item}".strip() for item, colour in self.wardrobe), self.marks]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class CastInShot:
    """A character in a keyframe, in frame order, with what they do in the shot."""

    character: CharacterSpec
    action: str = ""


@dataclass(frozen=True)
class PlanRequest:
    script: str
    max_scenes: int = 5
    max_environments: int = 3
    language_hint: str | None = None


@dataclass(frozen=True)
class ImageRequest:
    """An environment image (``variant`` 0..9), a character sheet image (``character``,
    ``variant`` 0..3) or a scene keyframe.

    For keyframes, ``style`` is the style model of the environment (a LoRA reference or a local
    style profile file), ``camera``/``shot_type``/``frame`` say which end of the shot this is,
    and ``cast`` the characters in frame (with their sheets as references).
    """

    prompt: str
    width: int
    height: int
    environment: EnvironmentSpec
    purpose: Literal["environment", "keyframe", "character"] = "environment"
    variant: int = 0
    shot_type: ShotType = ShotType.WIDE
    camera: CameraMove = CameraMove.STATIC
    frame: Literal["first", "last"] = "first"
    action: str = ""
    style: Path | None = None
    style_metadata: dict[str, Any] = field(default_factory=dict)
    references: tuple[Path, ...] = ()
    cast: tuple[CastInShot, ...] = field(default=(), metadata={WHEN_SET: True})
    character: CharacterSpec | None = field(default=None, metadata={WHEN_SET: True})


@dataclass(frozen=True)
class StyleRequest:
    environment: EnvironmentSpec
    images: tuple[Path, ...]
    trigger_word: str


@dataclass(frozen=True)
class Keyframe:
    path: Path
    extra_files: dict[str, Path] = field(default_factory=dict)
    remote_id: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ClipRequest:
    prompt: str
    duration: int
    width: int
    height: int
    fps: int
    camera: CameraMove
    environment: EnvironmentSpec
    first_frame: Keyframe | None
    last_frame: Keyframe | None
    emotions: tuple[str, ...] = ()
    aspect_ratio: str = "16:9"
    previous_clip_remote_id: str | None = None


@dataclass(frozen=True)
class SoundRequest:
    prompt: str
    duration: float
    environment: EnvironmentSpec | None = None
    prompt_influence: float = 0.3


@dataclass(frozen=True)
class ScoreSection:
    """One scene's part of the film's score: its length, moods and how many characters are
    in it."""

    duration: float
    moods: tuple[str, ...] = ()
    cast: int = 0


@dataclass(frozen=True)
class MusicRequest:
    """A score for the film: one section per scene, in film order (any composer's request)."""

    sections: tuple[ScoreSection, ...]
    scenes: tuple[str, ...] = ()  # the scene each section is cut to: a reorder is a new score
    #: Scored from the assembled picture: an ffconcat script of the ready clips, in film order
    #: (its location is not part of the key), and the content of each clip (it is).
    picture: Path | None = field(default=None, metadata={WHEN_SET: True})
    clips: tuple[str, ...] = field(default=(), metadata={WHEN_SET: True})

    @property
    def duration(self) -> float:
        return sum(s.duration for s in self.sections)


@dataclass(frozen=True)
class SpokenLine:
    """A character's line in a scene's voice track, read in that character's voice.

    ``position`` is the number of narration characters spoken before the line (-1: after the
    narration). ``voice`` is the character's own choice ("" lets the provider choose one for
    the character, distinct from the narrator's); ``rank`` is the character's place in the
    project's cast, so a provider gives different characters different voices; ``hint`` says
    who they are ("person: an old fisherman") for a fitting choice.
    """

    speaker: str
    name: str
    text: str
    position: int = -1
    voice: str = ""
    rank: int = 0
    hint: str = ""


@dataclass(frozen=True)
class NarrationRequest:
    """Speech for one scene: the narration, with the characters' ``lines`` at their places.
    The result's metadata carries ``sentences``: a list of ``{"text", "start", "end"}`` in
    seconds (``"speaker"`` too for a character's line), and ``voice`` (the narrator's voice)."""

    text: str
    target_duration: float
    voice: str = ""
    language: str = "en"
    lines: tuple[SpokenLine, ...] = field(default=(), metadata={WHEN_SET: True})


# ---------------------------------------------------------------------------------- protocols
@runtime_checkable
class Provider(Protocol):
    info: ProviderInfo
    capabilities: Capabilities


@runtime_checkable
class Planner(Provider, Protocol):
    async def plan(self, request: PlanRequest, ctx: CallContext) -> Plan:
        """Break a script into scenes and environments within the request's limits.

        Raises:
            InvalidRequestError: the script cannot be planned (e.g. no words in it).
            BadOutputError: the model's answer did not validate, even after one repair round.
        """
        ...

    async def random_script(self, seed: int, ctx: CallContext) -> str:
        """A short original script (~100 words) for people who want to try the studio."""
        ...


@runtime_checkable
class ImageGenerator(Provider, Protocol):
    async def generate_image(self, request: ImageRequest, ctx: CallContext) -> MediaResult:
        """One PNG/JPEG of ``request.width`` x ``request.height`` at ``result.path``."""
        ...


@runtime_checkable
class StyleTrainer(Provider, Protocol):
    async def train_style(self, request: StyleRequest, ctx: CallContext) -> MediaResult:
        """Fit a style model (LoRA or local profile) from an environment's images."""
        ...


@runtime_checkable
class VideoGenerator(Provider, Protocol):
    async def generate_clip(self, request: ClipRequest, ctx: CallContext) -> MediaResult:
        """An MP4 (H.264) of ``request.duration`` seconds; audio, if any, is ignored."""
        ...


@runtime_checkable
class SoundDesigner(Provider, Protocol):
    async def generate_sound(self, request: SoundRequest, ctx: CallContext) -> MediaResult:
        """A sound-effect bed (WAV, or another format ffmpeg reads) of ``request.duration`` s."""
        ...


@runtime_checkable
class Narrator(Provider, Protocol):
    async def narrate(self, request: NarrationRequest, ctx: CallContext) -> MediaResult:
        """Speech audio (WAV preferred) of the text; metadata has ``sentences`` and ``voice``."""
        ...



@runtime_checkable
class Checkable(Protocol):
    """A provider that can prove its key and reachability before a run pays for anything."""

    async def check(self) -> None:
        """One cheap authenticated call.

        Raises:
            AuthenticationError: the key is missing, wrong or expired.
            ServiceUnavailableError / ProviderTimeoutError: the service cannot be reached.
            NotConfiguredError: the account cannot do what the settings ask (no such voice).
        """
        ...


@runtime_checkable
class UploadHost(Protocol):
    """Makes a local file reachable by URL for services that only take URLs (Luma keyframes)."""

    name: str

    async def upload(self, path: Path, content_type: str) -> str:
        """Upload ``path`` and return a URL the service can fetch.

        Raises:
            ProviderError: the upload failed.
        """
        ...
