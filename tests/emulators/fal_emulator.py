"""An emulator of fal's queue and storage APIs (the wire protocol fal_client speaks).

* Queue: ``POST /{owner}/{alias}`` submits (``Authorization: Key ...``), ``GET .../requests/{id}
  /status`` walks IN_QUEUE -> IN_PROGRESS -> COMPLETED over successive polls (``error`` set
  when the job failed), ``GET .../requests/{id}`` returns the result, ``PUT .../cancel``.
* Apps: ``fal-ai/flux-lora-fast-training`` really fetches and unzips ``images_data_url`` and
  answers with a real safetensors LoRA; ``fal-ai/flux-lora`` really fetches every LoRA ``path``
  and answers with a PNG of the requested ``image_size``.
* Storage: ``POST /storage/auth/token?storage_type=fal-cdn-v3`` hands out a CDN token whose base
  URL is this emulator; ``POST /files/upload`` stores bytes and ``GET /files/...`` serves them.
* Failures: a wrong key gets 401 echoing the key; ``fail_next`` injects 429/5xx/slow replies;
  ``fail_job(error)`` makes the next job complete with an error; ``nsfw`` flags images;
  ``corrupt_outputs`` serves non-media bytes for generated files (``corrupt_next_outputs``:
  only the next N downloads); ``expire(url)`` deletes a stored file, as fal's storage does
  after a while. ``submissions`` counts the jobs queued (and billed) per app; ``billed`` (USD)
  adds up their price at fal's rates, independently of vidstudio's own price code.
* Output differs per job unless the same ``seed`` is sent again (fal's FLUX draws a random
  seed when none is given); every trained LoRA differs.
"""

from __future__ import annotations

import io
import math
import re
import threading
import urllib.request
import uuid
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

from PIL import Image

from tests.emulators import media
from tests.emulators.base import Emulator, Recorded, Reply, variant

TRAINING_APP = "fal-ai/flux-lora-fast-training"
IMAGE_APP = "fal-ai/flux-lora"
APP = r"(?P<owner>[\w-]+)/(?P<alias>[\w.-]+)"
#: fal's prices (USD): a FLUX LoRA image per megapixel, a fast training per step.
PRICE_PER_MEGAPIXEL = 0.035
PRICE_PER_TRAINING_STEP = 0.002
IMAGE_PRESETS = {"square_hd": (1024, 1024), "square": (512, 512),
                 "landscape_16_9": (1024, 576), "portrait_16_9": (576, 1024),
                 "landscape_4_3": (1024, 768), "portrait_4_3": (768, 1024)}


class FalEmulator(Emulator):
    """fal's queue + storage. Point providers' ``base_url`` (queue and REST) at ``base_url``."""

    def __init__(self, api_key: str = "fal-key-id:fal-key-secret-0123456789",
                 min_training_images: int = 2) -> None:
        super().__init__()
        self.api_key = api_key
        self.min_training_images = min_training_images
        self.jobs: dict[str, dict[str, Any]] = {}
        self.submissions: dict[str, int] = {}
        self.billed = 0.0
        self.files: dict[str, bytes] = {}
        self.tokens: set[str] = set()
        self.queue_polls = 1
        self.progress_polls = 1
        self.nsfw = False
        self.corrupt_outputs = False
        self.corrupt_next_outputs = 0
        self.hold_app: str | None = None  # jobs of this app stay IN_PROGRESS (a kill point)
        self._job_errors: list[str] = []
        self._state = threading.Lock()
        self.route("POST", r"/storage/auth/token", self._token)
        self.route("POST", r"/files/upload", self._upload)
        self.route("GET", r"/files/(?P<name>.+)", self._file)
        self.route("GET", "/" + APP + r"/requests/(?P<rid>[\w-]+)/status", self._status)
        self.route("PUT", "/" + APP + r"/requests/(?P<rid>[\w-]+)/cancel", self._cancel)
        self.route("GET", "/" + APP + r"/requests/(?P<rid>[\w-]+)", self._result)
        self.route("POST", "/" + APP, self._submit)

    def reset(self) -> None:
        """Forget every request, job, file and injected failure (reuse between tests)."""
        super().reset()
        with self._state:
            self.jobs.clear()
            self.submissions.clear()
            self.billed = 0.0
            self.files.clear()
            self.tokens.clear()
            self._job_errors.clear()
        self.queue_polls = self.progress_polls = 1
        self.nsfw = self.corrupt_outputs = False
        self.corrupt_next_outputs = 0
        self.hold_app = None

    def expire(self, url: str) -> None:
        """Delete the stored file at ``url`` (its URL then answers 404)."""
        self.files.pop(url.split("/files/", 1)[-1], None)

    def fail_job(self, error: str) -> None:
        """The next job submitted completes with ``error`` instead of a result."""
        self._job_errors.append(error)

    def store(self, name: str, data: bytes) -> str:
        """Put a file in storage directly and return its URL."""
        self.files[name] = data
        return f"{self.base_url}/files/{name}"

    # -- helpers -------------------------------------------------------------------------
    def _denied(self, rec: Recorded) -> Reply | None:
        auth = rec.headers.get("authorization", "")
        if auth == f"Key {self.api_key}":
            return None
        return Reply(401, {"detail": f"Invalid key: {auth.removeprefix('Key ')}"})

    def _fetch(self, url: str) -> bytes:
        prefix = f"{self.base_url}/files/"
        if url.startswith(prefix) and url[len(prefix):] in self.files:
            return self.files[url[len(prefix):]]
        with urllib.request.urlopen(url, timeout=3) as response:
            return bytes(response.read())

    # -- storage -------------------------------------------------------------------------
    def _token(self, rec: Recorded, _m: re.Match[str]) -> Reply:
        if (denied := self._denied(rec)) is not None:
            return denied
        if "storage_type=fal-cdn-v3" not in rec.query:
            return Reply(400, {"detail": "unsupported storage_type"})
        token = uuid.uuid4().hex
        self.tokens.add(token)
        expires = datetime.now(UTC) + timedelta(hours=1)
        return Reply(200, {"token": token, "token_type": "Bearer", "base_url": self.base_url,
                           "expires_at": expires.isoformat()})

    def _upload(self, rec: Recorded, _m: re.Match[str]) -> Reply:
        token = rec.headers.get("authorization", "").removeprefix("Bearer ")
        if token not in self.tokens:
            return Reply(401, {"detail": "invalid CDN token"})
        if not rec.body:
            return Reply(400, {"detail": "empty upload"})
        name = re.sub(r"[^\w.-]", "_", rec.headers.get("x-fal-file-name", "upload.bin"))
        key = f"{uuid.uuid4().hex[:12]}/{name}"
        self.files[key] = rec.body
        return Reply(200, {"access_url": f"{self.base_url}/files/{key}"})

    def _file(self, _rec: Recorded, m: re.Match[str]) -> Reply:
        data = self.files.get(m.group("name"))
        if data is None:
            return Reply(404, {"detail": "file not found"})
        if m.group("name").startswith("out-"):
            with self._state:
                corrupt = self.corrupt_outputs or self.corrupt_next_outputs > 0
                self.corrupt_next_outputs = max(0, self.corrupt_next_outputs - 1)
            if corrupt:
                data = media.GARBAGE
        return Reply(200, data, headers={"Content-Type": "application/octet-stream"})

    # -- queue ---------------------------------------------------------------------------
    def _submit(self, rec: Recorded, m: re.Match[str]) -> Reply:
        if (denied := self._denied(rec)) is not None:
            return denied
        app = f"{m.group('owner')}/{m.group('alias')}"
        if app not in (TRAINING_APP, IMAGE_APP):
            return Reply(404, {"detail": f"Application '{app}' not found"})
        body = rec.json()
        if not isinstance(body, dict):
            return Reply(422, {"detail": [{"loc": ["body"], "msg": "must be an object",
                                           "type": "type_error"}]})
        problem = self._validate(app, body)
        if problem:
            return Reply(422, {"detail": [{"loc": ["body", problem[0]], "msg": problem[1],
                                           "type": "value_error"}]})
        rid = str(uuid.uuid4())
        with self._state:
            error = self._job_errors.pop(0) if self._job_errors else None
            self.jobs[rid] = {"app": app, "input": body, "polls": 0, "error": error,
                              "result": None}
            self.submissions[app] = self.submissions.get(app, 0) + 1
            self.billed += self._price(app, body)
        base = f"{self.base_url}/{app}/requests/{rid}"
        return Reply(200, {"request_id": rid, "response_url": base,
                           "status_url": f"{base}/status", "cancel_url": f"{base}/cancel",
                           "queue_position": 0})

    @staticmethod
    def _price(app: str, body: dict[str, Any]) -> float:
        if app == TRAINING_APP:
            return PRICE_PER_TRAINING_STEP * int(body.get("steps") or 1000)
        size = body.get("image_size", "landscape_4_3")
        w, h = (size["width"], size["height"]) if isinstance(size, dict) else \
            IMAGE_PRESETS.get(size, (1024, 768))
        # fal bills FLUX images per megapixel, rounded up to a whole one.
        return PRICE_PER_MEGAPIXEL * math.ceil(int(w) * int(h) / 1e6)

    @staticmethod
    def _validate(app: str, body: dict[str, Any]) -> tuple[str, str] | None:
        if app == TRAINING_APP:
            if not isinstance(body.get("images_data_url"), str):
                return ("images_data_url", "field required")
            steps = body.get("steps", 1000)
            if not isinstance(steps, int) or not 1 <= steps <= 10000:
                return ("steps", "must be an integer between 1 and 10000")
            if "trigger_word" in body and not isinstance(body["trigger_word"], str):
                return ("trigger_word", "must be a string")
            return None
        if not str(body.get("prompt", "")).strip():
            return ("prompt", "field required")
        size = body.get("image_size", "landscape_4_3")
        if isinstance(size, dict):
            w, h = size.get("width"), size.get("height")
            if not (isinstance(w, int) and isinstance(h, int) and 16 <= w <= 14142
                    and 16 <= h <= 14142):
                return ("image_size", "width and height must be integers in 16..14142")
        elif size not in IMAGE_PRESETS:
            return ("image_size", f"must be one of {sorted(IMAGE_PRESETS)} or an object")
        for lora in body.get("loras") or []:
            if not isinstance(lora, dict) or not isinstance(lora.get("path"), str):
                return ("loras", "each LoRA needs a path")
        return None

    def _job(self, rec: Recorded, m: re.Match[str]) -> tuple[dict[str, Any] | None, Reply | None]:
        if (denied := self._denied(rec)) is not None:
            return None, denied
        job = self.jobs.get(m.group("rid"))
        if job is None or job["app"] != f"{m.group('owner')}/{m.group('alias')}":
            return None, Reply(404, {"detail": f"Request {m.group('rid')} not found"})
        return job, None

    def _status(self, rec: Recorded, m: re.Match[str]) -> Reply:
        job, reply = self._job(rec, m)
        if job is None:
            assert reply is not None
            return reply
        with self._state:
            job["polls"] += 1
            polls = job["polls"]
            if polls <= self.queue_polls:
                return Reply(202, {"status": "IN_QUEUE", "queue_position": 0})
            if polls <= self.queue_polls + self.progress_polls or job["app"] == self.hold_app:
                return Reply(202, {"status": "IN_PROGRESS", "logs": None})
            if job["result"] is None and job["error"] is None:
                self._run(job)
        status: dict[str, Any] = {"status": "COMPLETED", "logs": None,
                                  "metrics": {"inference_time": 0.01}}
        if job["error"]:
            status["error"] = job["error"]
            status["error_type"] = "runner_error"
        return Reply(200, status)

    def _cancel(self, rec: Recorded, m: re.Match[str]) -> Reply:
        job, reply = self._job(rec, m)
        if job is None:
            assert reply is not None
            return reply
        return Reply(202, {"status": "CANCELLATION_REQUESTED"})

    def _result(self, rec: Recorded, m: re.Match[str]) -> Reply:
        job, reply = self._job(rec, m)
        if job is None:
            assert reply is not None
            return reply
        if job["error"]:
            return Reply(500, {"detail": job["error"]})
        if job["result"] is None:
            return Reply(400, {"detail": "Request is still in progress"})
        return Reply(200, job["result"])

    # -- the apps ------------------------------------------------------------------------
    def _run(self, job: dict[str, Any]) -> None:
        rid = uuid.uuid4().hex[:12]
        try:
            if job["app"] == TRAINING_APP:
                job["result"] = self._train(rid, job["input"])
            else:
                job["result"] = self._draw(rid, job["input"])
        except (OSError, ValueError, zipfile.BadZipFile) as exc:
            job["error"] = str(exc)

    def _train(self, rid: str, body: dict[str, Any]) -> dict[str, Any]:
        try:
            archive = zipfile.ZipFile(io.BytesIO(self._fetch(body["images_data_url"])))
        except OSError as exc:
            raise ValueError(f"could not download images_data_url: {exc}") from exc
        images = 0
        for name in archive.namelist():
            with Image.open(io.BytesIO(archive.read(name))) as img:
                img.load()
            images += 1
        if images < self.min_training_images:
            raise ValueError(f"at least {self.min_training_images} images are needed, "
                             f"got {images}")
        lora = media.safetensors(seed=variant() % 1000)
        url = self.store(f"out-{rid}/pytorch_lora_weights.safetensors", lora)
        config = self.store(f"out-{rid}/config.json", b'{"trigger_word": "%s"}'
                            % str(body.get("trigger_word", "")).encode())
        return {
            "diffusers_lora_file": {"url": url, "content_type": "application/octet-stream",
                                    "file_name": "pytorch_lora_weights.safetensors",
                                    "file_size": len(lora)},
            "config_file": {"url": config, "content_type": "application/json",
                            "file_name": "config.json", "file_size": 32},
            "debug_preprocessed_output": None,
        }

    def _draw(self, rid: str, body: dict[str, Any]) -> dict[str, Any]:
        for lora in body.get("loras") or []:
            try:
                data = self._fetch(lora["path"])
            except OSError as exc:
                raise ValueError(f"Failed to download LoRA weights from {lora['path']}") from exc
            if len(data) < 8 or int.from_bytes(data[:8], "little") + 8 > len(data):
                raise ValueError(f"Failed to load LoRA weights from {lora['path']}")
        size = body.get("image_size", "landscape_4_3")
        w, h = (size["width"], size["height"]) if isinstance(size, dict) else IMAGE_PRESETS[size]
        seed = body.get("seed")
        if not isinstance(seed, int):
            seed = variant()
        url = self.store(f"out-{rid}/image.png", media.png(w, h, seed=int(seed)))
        return {
            "images": [{"url": url, "width": w, "height": h, "content_type": "image/png"}],
            "seed": seed,
            "has_nsfw_concepts": [self.nsfw],
            "prompt": body["prompt"],
            "timings": {"inference": 0.01},
        }
