"""An emulator of Luma's Dream Machine API (``/dream-machine/v1``), as the lumaai SDK speaks it.

* ``POST /generations/video`` and ``POST /generations/image`` create a generation (bearer auth)
  and count it in ``creations``; the request is validated the way the service does (models,
  image references, ``character_ref`` identities of at most four image URLs each,
  ``"5s"``/``"9s"`` durations, aspect ratios, keyframes ``frame0``/``frame1`` whose image URLs are
  really fetched, generation references that must name a completed video).
* ``GET /generations/{id}`` moves the generation through queued -> dreaming -> completed|failed
  over successive polls; ``hold`` keeps it dreaming.
* Assets (``/assets/{id}.mp4`` / ``.png``) are real media served by the emulator itself.
* Failures: a wrong key gets 401 with the presented key echoed (as careless services do);
  ``fail_next`` (from the base class) injects 429/5xx/slow replies; ``fail_generation(reason)``
  makes the next generation end failed; ``corrupt_assets`` serves bytes that are not media
  (``corrupt_next_assets``: only the next N downloads); ``fail_after_create`` answers the next
  N creations with a 500 *after* making (and billing) them; ``create_delay`` makes the
  generation, then answers that many seconds late (a hung request, or a kill point).
* One account, several projects: ``create_as_other_project(kind, request)`` makes a generation
  as another project (another process, same key) would, with exactly that request; it is in
  the list like any other.
* Every generation's asset differs from every other's (Luma has no seed and varies by itself);
  fetching one asset again gives the same bytes.
* Billing: ``billed`` (USD) adds up what each generation created costs at Luma's prices
  (``PRICE_PER_MEGAPIXEL``), independently of vidstudio's own price code.
"""

from __future__ import annotations

import re
import threading
import urllib.request
import uuid
from datetime import UTC, datetime
from typing import Any

from tests.emulators import media
from tests.emulators.base import Emulator, Recorded, Reply

PREFIX = "/dream-machine/v1"
VIDEO_MODELS = ("ray-2", "ray-flash-2")
IMAGE_MODELS = ("photon-1", "photon-flash-1")
ASPECT_RATIOS = ("1:1", "16:9", "9:16", "4:3", "3:4", "21:9", "9:21")
DURATIONS = ("5s", "9s")
RESOLUTIONS = ("540p", "720p", "1080p", "4k")
MODERATED_WORD = "forbidden-content"
#: Luma's prices (USD per million pixels rendered), as the emulated account is billed.
PRICE_PER_MEGAPIXEL = {"ray-2": 0.0064, "ray-flash-2": 0.0022, "photon-1": 0.0073,
                       "photon-flash-1": 0.0019}
SHORT_SIDE = {"540p": 540, "720p": 720, "1080p": 1080, "4k": 2160}
#: The pixels Luma bills for one image (about 1080p).
IMAGE_PIXELS = 1920 * 1080


def price_of(kind: str, body: dict[str, Any]) -> float:
    """What Luma bills for a generation of ``kind`` asked for with ``body``."""
    rate = PRICE_PER_MEGAPIXEL.get(str(body.get("model")), 0.0)
    if kind == "image":
        return rate * IMAGE_PIXELS / 1e6
    short = SHORT_SIDE.get(str(body.get("resolution") or "720p"), 720)
    w, h = (int(x) for x in str(body.get("aspect_ratio") or "16:9").split(":"))
    pixels = round(short * short * max(w, h) / min(w, h))
    seconds = float(str(body.get("duration") or "5s").rstrip("s"))
    return rate * pixels * 24 * seconds / 1e6


def _frame_size(aspect_ratio: str, short_side: int) -> tuple[int, int]:
    w, h = (int(x) for x in aspect_ratio.split(":"))
    if w >= h:
        return (round(short_side * w / h / 2) * 2, short_side)
    return (short_side, round(short_side * h / w / 2) * 2)


class LumaEmulator(Emulator):
    """Luma's generations API. Point the SDK at ``api_base_url``."""

    def __init__(self, api_key: str = "luma-test-key-0123456789") -> None:
        super().__init__()
        self.api_key = api_key
        self.generations: dict[str, dict[str, Any]] = {}
        self.polls: dict[str, int] = {}
        self.creations = 0
        self.billed = 0.0
        self.queued_polls = 1
        self.dreaming_polls = 1
        self.hold: bool | str = False  # True, or a generation type ("video") to hold only that
        self.corrupt_assets = False
        self.corrupt_next_assets = 0
        self.fail_after_create = 0
        self.create_delay = 0.0
        self._generation_failures: list[str] = []
        self._state_lock = threading.Lock()
        self.route("POST", PREFIX + r"/generations/video", self._create_video)
        self.route("POST", PREFIX + r"/generations/image", self._create_image)
        self.route("GET", PREFIX + r"/generations/(?P<id>[\w-]+)", self._get)
        self.route("GET", PREFIX + r"/generations", self._list)
        self.route("GET", r"/assets/(?P<id>[\w-]+)\.(?P<ext>mp4|png)", self._asset)

    def reset(self) -> None:
        """Forget every request, generation and injected failure (reuse between tests)."""
        super().reset()
        with self._state_lock:
            self.generations.clear()
            self.polls.clear()
            self._generation_failures.clear()
            self.creations = 0
            self.billed = 0.0
        self.queued_polls = self.dreaming_polls = 1
        self.hold = self.corrupt_assets = False
        self.corrupt_next_assets = self.fail_after_create = 0
        self.create_delay = 0.0

    @property
    def api_base_url(self) -> str:
        return self.base_url + PREFIX

    def create_as_other_project(self, kind: str, request: dict[str, Any]) -> str:
        """Make a generation as another project on the same account would (same key, another
        process), with exactly ``request``; returns its id."""
        reply = self._new_generation(kind, dict(request), answer_fails=False)
        body = reply.body
        assert isinstance(body, dict)
        return str(body["id"])

    def fail_generation(self, reason: str) -> None:
        """The next generation created ends ``failed`` with ``reason``."""
        self._generation_failures.append(reason)

    # -- helpers -------------------------------------------------------------------------
    def _unauthorized(self, rec: Recorded) -> Reply | None:
        auth = rec.headers.get("authorization", "")
        if auth == f"Bearer {self.api_key}":
            return None
        presented = auth.removeprefix("Bearer ")
        return Reply(401, {"detail": f"Invalid API key provided: {presented}"})

    @staticmethod
    def _bad(message: str) -> Reply:
        return Reply(400, {"detail": message})

    def _new_generation(self, kind: str, body: dict[str, Any], *,
                        answer_fails: bool = True) -> Reply:
        gen_id = str(uuid.uuid4())
        failure = None
        if MODERATED_WORD in str(body.get("prompt", "")):
            failure = "400: prompt not allowed because advanced moderation failed"
        with self._state_lock:
            if failure is None and self._generation_failures:
                failure = self._generation_failures.pop(0)
            record = {
                "id": gen_id,
                "generation_type": kind,
                "state": "queued",
                "failure_reason": None,
                "created_at": datetime.now(UTC).isoformat(),
                "assets": None,
                "model": body.get("model"),
                "request": {**body, "generation_type": kind},
                "_failure": failure,
            }
            self.generations[gen_id] = record
            self.polls[gen_id] = 0
            self.creations += 1
            self.billed += price_of(kind, body)
            if answer_fails and self.fail_after_create > 0:
                self.fail_after_create -= 1
                return Reply(500, {"detail": "Internal server error"})
        return Reply(201, self._public(record), delay=self.create_delay)

    @staticmethod
    def _public(record: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in record.items() if not k.startswith("_")}

    def _check_keyframe(self, name: str, frame: Any) -> str | None:
        if not isinstance(frame, dict):
            return f"keyframes.{name} must be an object"
        if frame.get("type") == "generation":
            ref = self.generations.get(str(frame.get("id")))
            if ref is None or ref["state"] != "completed" or ref["generation_type"] != "video":
                return f"keyframes.{name}: generation {frame.get('id')} is not a completed video"
            return None
        if frame.get("type") == "image":
            url = str(frame.get("url", ""))
            if not re.match(r"https?://", url):
                return f"keyframes.{name}.url must be a URL"
            try:
                with urllib.request.urlopen(url, timeout=3) as response:
                    data = response.read(20_000_000)
            except OSError as exc:
                return f"keyframes.{name}: could not fetch {url} ({exc})"
            if not (data.startswith(b"\x89PNG") or data.startswith(b"\xff\xd8")):
                return f"keyframes.{name}: {url} is not a PNG or JPEG image"
            return None
        return f"keyframes.{name}.type must be 'image' or 'generation'"

    # -- routes --------------------------------------------------------------------------
    def _create_video(self, rec: Recorded, _m: re.Match[str]) -> Reply:
        if (denied := self._unauthorized(rec)) is not None:
            return denied
        body = rec.json()
        if not isinstance(body, dict):
            return self._bad("body must be a JSON object")
        if body.get("model") not in VIDEO_MODELS:
            return self._bad(f"model must be one of {VIDEO_MODELS}")
        if body.get("duration", "5s") not in DURATIONS:
            return self._bad(f"duration must be one of {DURATIONS}")
        if body.get("aspect_ratio", "16:9") not in ASPECT_RATIOS:
            return self._bad(f"aspect_ratio must be one of {ASPECT_RATIOS}")
        if body.get("resolution", "720p") not in RESOLUTIONS:
            return self._bad(f"resolution must be one of {RESOLUTIONS}")
        if not str(body.get("prompt", "")).strip():
            return self._bad("prompt is required")
        keyframes = body.get("keyframes") or {}
        if not isinstance(keyframes, dict) or set(keyframes) - {"frame0", "frame1"}:
            return self._bad("keyframes may only hold frame0 and frame1")
        for name, frame in keyframes.items():
            if (problem := self._check_keyframe(name, frame)) is not None:
                return self._bad(problem)
        return self._new_generation("video", body)

    def _create_image(self, rec: Recorded, _m: re.Match[str]) -> Reply:
        if (denied := self._unauthorized(rec)) is not None:
            return denied
        body = rec.json()
        if not isinstance(body, dict):
            return self._bad("body must be a JSON object")
        if body.get("model") not in IMAGE_MODELS:
            return self._bad(f"model must be one of {IMAGE_MODELS}")
        if body.get("aspect_ratio", "16:9") not in ASPECT_RATIOS:
            return self._bad(f"aspect_ratio must be one of {ASPECT_RATIOS}")
        if not str(body.get("prompt", "")).strip():
            return self._bad("prompt is required")
        for field in ("image_ref", "style_ref"):
            refs = body.get(field) or []
            if not isinstance(refs, list) or len(refs) > 4:
                return self._bad(f"{field} must be a list of at most 4 references")
            for ref in refs:
                if not isinstance(ref, dict) or not str(ref.get("url", "")).startswith("http"):
                    return self._bad(f"{field} entries need a url")
        if (problem := self._check_identities(body.get("character_ref"))) is not None:
            return self._bad(problem)
        return self._new_generation("image", body)

    @staticmethod
    def _check_identities(refs: Any) -> str | None:
        """Photon's ``character_ref``: ``{"identity0": {"images": [url, ...]}, ...}``, at most
        four public image URLs per identity."""
        if refs is None:
            return None
        if not isinstance(refs, dict) or not refs:
            return "character_ref must be an object of identities"
        for name, identity in refs.items():
            if not re.fullmatch(r"identity\d+", str(name)):
                return f"character_ref keys are identity0, identity1, ...; got {name!r}"
            images = identity.get("images") if isinstance(identity, dict) else None
            if not isinstance(images, list) or not 1 <= len(images) <= 4:
                return f"character_ref.{name}.images must list 1 to 4 image URLs"
            if not all(isinstance(u, str) and u.startswith("http") for u in images):
                return f"character_ref.{name}.images must be public http(s) URLs"
        return None

    def _get(self, rec: Recorded, m: re.Match[str]) -> Reply:
        if (denied := self._unauthorized(rec)) is not None:
            return denied
        gen_id = m.group("id")
        with self._state_lock:
            record = self.generations.get(gen_id)
            if record is None:
                return Reply(404, {"detail": f"Generation {gen_id} not found"})
            if record["state"] in ("queued", "dreaming"):
                self.polls[gen_id] += 1
                polls = self.polls[gen_id]
                if polls <= self.queued_polls:
                    record["state"] = "queued"
                elif (self.hold in (True, record["generation_type"])
                      or polls <= self.queued_polls + self.dreaming_polls):
                    record["state"] = "dreaming"
                elif record["_failure"]:
                    record["state"] = "failed"
                    record["failure_reason"] = record["_failure"]
                else:
                    record["state"] = "completed"
                    ext = "mp4" if record["generation_type"] == "video" else "png"
                    key = "video" if ext == "mp4" else "image"
                    record["assets"] = {key: f"{self.base_url}/assets/{gen_id}.{ext}"}
            return Reply(200, self._public(record))

    def _list(self, rec: Recorded, _m: re.Match[str]) -> Reply:
        """Newest first, paged with ``limit`` and ``offset`` as Luma's list call does."""
        if (denied := self._unauthorized(rec)) is not None:
            return denied
        query = dict(pair.split("=", 1) for pair in rec.query.split("&") if "=" in pair)
        limit, offset = int(query.get("limit", 10)), int(query.get("offset", 0))
        with self._state_lock:
            records = sorted(self.generations.values(), key=lambda r: r["created_at"],
                             reverse=True)
            page = [self._public(r) for r in records[offset:offset + limit]]
        return Reply(200, {"generations": page, "count": len(page),
                           "has_more": offset + limit < len(records), "limit": limit,
                           "offset": offset})

    def _asset(self, _rec: Recorded, m: re.Match[str]) -> Reply:
        record = self.generations.get(m.group("id"))
        if record is None or record["state"] != "completed":
            return Reply(404, "Not Found")
        ctype = "video/mp4" if m.group("ext") == "mp4" else "image/png"
        with self._state_lock:
            corrupt = self.corrupt_assets or self.corrupt_next_assets > 0
            self.corrupt_next_assets = max(0, self.corrupt_next_assets - 1)
        if corrupt:
            return Reply(200, media.GARBAGE, headers={"Content-Type": ctype})
        request = record["request"]
        ratio = request.get("aspect_ratio") or "16:9"
        if m.group("ext") == "mp4":
            seconds = float(str(request.get("duration") or "5s").rstrip("s"))
            data = media.mp4(seconds, *_frame_size(ratio, 90), seed=int(m.group("id")[:8], 16))
        else:
            # The same bytes every time it is fetched, as a stored asset is.
            data = media.png(*_frame_size(ratio, 144), seed=int(m.group("id")[:8], 16))
        return Reply(200, data, headers={"Content-Type": ctype})
