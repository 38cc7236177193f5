"""The model process: ``python -m vidstudio.providers.localai.worker DEVICE``.

The only place torch and diffusers load. It picks the device (CUDA, Apple MPS, CPU), plans memory
for each model (``memory.plan_memory``), keeps the last model loaded between takes, and runs one
task at a time, reporting each denoising step and stopping between steps when told to cancel.

Protocol: JSON lines. In on stdin: ``{"op": "run", "id", "task"}``, ``{"op": "cancel", "id"}``,
``{"op": "quit"}`` (end of input quits too, so the process never outlives its host). Out on the
original stdout (anything a library prints goes to stderr): ``{"ev": "hello", ...device}``, then
per task ``progress`` events and one ``done`` or ``error`` (``kind``: cancelled, oom, invalid,
failed).
"""

from __future__ import annotations

import contextlib
import gc
import json
import math
import os
import queue
import sys
import threading
from pathlib import Path
from typing import Any

from vidstudio import osdeps
from vidstudio.providers.localai.memory import MemoryPlan, plan_memory


class StopRequestedError(Exception):
    pass


class TaskError(Exception):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


_OOM_WORDS = ("out of memory", "can't allocate memory", "cannot allocate memory",
              "std::bad_alloc", "not enough memory")


def is_oom(exc: BaseException) -> bool:
    import torch

    if isinstance(exc, (MemoryError, torch.OutOfMemoryError)):
        return True
    text = str(exc).lower()
    return isinstance(exc, RuntimeError) and any(w in text for w in _OOM_WORDS)


def _system_memory() -> tuple[int, int]:
    """Total and available memory (psutil comes with accelerate, part of the extra)."""
    import psutil  # type: ignore[import-untyped]

    vm = psutil.virtual_memory()
    return int(vm.total), int(vm.available)


def detect_device(requested: str) -> dict[str, Any]:
    """The device to run on: ``requested`` ("auto", "cuda", "cuda:1", "mps", "cpu")."""
    import torch

    if requested.startswith("cuda") or requested == "auto":
        if torch.cuda.is_available():
            index = int(requested.split(":")[1]) if ":" in requested else 0
            free, total = torch.cuda.mem_get_info(index)
            return {"kind": "cuda", "torch": f"cuda:{index}",
                    "name": torch.cuda.get_device_name(index), "total": int(total),
                    "free": int(free), "bf16": bool(torch.cuda.is_bf16_supported())}
        if requested != "auto":
            raise TaskError("invalid", f"no CUDA device here (asked for {requested})")
    mps = getattr(torch.backends, "mps", None)
    if requested in ("auto", "mps") and mps is not None and mps.is_available():
        total, free = _system_memory()
        return {"kind": "mps", "torch": "mps", "name": "Apple GPU (MPS)", "total": total,
                "free": free, "bf16": False}
    total, free = _system_memory()
    return {"kind": "cpu", "torch": "cpu", "name": "CPU", "total": total, "free": free,
            "bf16": False}


def _free_now(device: dict[str, Any]) -> int:
    import torch

    if device["kind"] == "cuda":
        return int(torch.cuda.mem_get_info(device["torch"])[0])
    return _system_memory()[1]


def limit_address_space(headroom: int) -> None:
    """Cap this process's address space at what it maps now plus ``headroom`` (the tests'
    real out-of-memory; Linux only)."""
    try:
        osdeps.limit_address_space(headroom)
    except NotImplementedError as exc:
        raise TaskError("invalid", str(exc)) from exc


class Worker:
    def __init__(self, device: dict[str, Any], send: Any) -> None:
        self.device = device
        self.send = send
        self.cancelled: set[int] = set()
        self.loaded: tuple[str, Any, MemoryPlan] | None = None
        self.limited = False
        self.gone = False  # the host's end of stdin closed: stop at the next step

    # --------------------------------------------------------------------------- loading
    def pipeline(self, task: dict[str, Any]) -> tuple[Any, MemoryPlan]:
        import torch
        from diffusers import DiffusionPipeline

        path = task["model"]
        if self.loaded and self.loaded[0] == path:
            return self.loaded[1], self.loaded[2]
        self.release()
        plan = plan_memory(self.device["kind"], self.device["total"], _free_now(self.device),
                           int(task.get("size16", 0)), bf16=self.device["bf16"])
        if not plan.fits:
            raise TaskError("oom", f"not enough memory for {Path(path).name}: {plan.note}; "
                                   "close other programs or choose a smaller model")
        dtype = {"fp16": torch.float16, "bf16": torch.bfloat16, "fp32": torch.float32}
        loader: Any = DiffusionPipeline
        pipe = loader.from_pretrained(path, torch_dtype=dtype[plan.dtype])
        pipe.set_progress_bar_config(disable=True)
        if plan.offload == "model":
            pipe.enable_model_cpu_offload(device=self.device["torch"])
        elif plan.offload == "sequential":
            pipe.enable_sequential_cpu_offload(device=self.device["torch"])
        else:
            pipe.to(self.device["torch"])
        if plan.attention_slicing and hasattr(pipe, "enable_attention_slicing"):
            pipe.enable_attention_slicing()
        vae: Any = getattr(pipe, "vae", None)
        if plan.vae_tiling and hasattr(vae, "enable_tiling"):
            vae.enable_tiling()
        self.loaded = (path, pipe, plan)
        return pipe, plan

    def release(self) -> None:
        if self.loaded is None:
            return
        self.loaded = None
        gc.collect()
        with contextlib.suppress(Exception):
            import torch

            if self.device["kind"] == "cuda":
                torch.cuda.empty_cache()

    # --------------------------------------------------------------------------- running
    def run(self, task_id: int, task: dict[str, Any]) -> dict[str, Any]:
        import torch

        if task_id in self.cancelled:
            raise StopRequestedError
        pipe, plan = self.pipeline(task)
        if task.get("memory_headroom") and not self.limited:
            limit_address_space(int(task["memory_headroom"]))
            self.limited = True
        steps = int(task.get("steps", 20))

        def on_step(i: int) -> None:
            self.send({"ev": "progress", "id": task_id, "step": i + 1, "steps": steps})
            if task_id in self.cancelled or self.gone:
                raise StopRequestedError

        kwargs: dict[str, Any] = {
            "prompt": task["prompt"], "num_inference_steps": steps,
            "generator": torch.Generator(device="cpu").manual_seed(int(task.get("seed", 0))),
        }
        if task.get("negative_prompt"):
            kwargs["negative_prompt"] = task["negative_prompt"]
        if task.get("guidance") is not None:
            kwargs["guidance_scale"] = float(task["guidance"])
        import inspect

        params = inspect.signature(pipe.__call__).parameters
        if "callback_on_step_end" in params:
            def on_step_end(_pipe: Any, i: int, _t: Any, tensors: dict[str, Any]
                            ) -> dict[str, Any]:
                on_step(i)
                return tensors

            kwargs["callback_on_step_end"] = on_step_end
        elif "callback" in params:
            kwargs["callback"] = lambda i, _t, _latents: on_step(i)
            kwargs["callback_steps"] = 1
        if "max_sequence_length" in params and task.get("max_sequence_length"):
            kwargs["max_sequence_length"] = int(task["max_sequence_length"])
        kind = task["kind"]
        out = Path(task["out"])
        meta: dict[str, Any] = {"device": self.device["name"], "plan": plan.note}
        with torch.inference_mode():
            if kind == "image":
                meta.update(self._image(pipe, task, kwargs, out))
            elif kind == "video":
                meta.update(self._video(pipe, task, kwargs, out))
            elif kind == "audio":
                meta.update(self._audio(pipe, task, kwargs, out))
            else:
                raise TaskError("invalid", f"unknown task kind {kind!r}")
        return meta

    def _style(self, pipe: Any, task: dict[str, Any]) -> str:
        """Load the environment's LoRA (the style step's diffusers-format FLUX LoRA) for this
        take: "applied", or why not in one line; the model is left as it was when it fails."""
        lora = task.get("lora")
        if not lora:
            return "none"
        if not hasattr(pipe, "load_lora_weights"):
            return "not applied: this model family takes no LoRA"
        try:
            pipe.load_lora_weights(lora, adapter_name="style")
        except (ValueError, KeyError, OSError, RuntimeError, ImportError) as exc:
            with contextlib.suppress(Exception):
                pipe.unload_lora_weights()
            return f"not applied: the LoRA does not fit this model ({_lora_reason(exc)})"
        adapters = pipe.get_list_adapters() if hasattr(pipe, "get_list_adapters") else {}
        if not any("style" in names for names in adapters.values()):
            # diffusers only warns when none of the file's layers is in this model
            return "not applied: none of the LoRA's layers is in this model"
        return "applied"

    def _image(self, pipe: Any, task: dict[str, Any], kwargs: dict[str, Any],
               out: Path) -> dict[str, Any]:
        step = int(getattr(pipe, "vae_scale_factor", 8)) * 2
        width, height = int(task["out_width"]), int(task["out_height"])
        gw, gh = (max(step, round(int(task[v]) / step) * step) for v in ("width", "height"))
        style = self._style(pipe, task)
        try:
            image = pipe(height=gh, width=gw, output_type="pil", **kwargs).images[0]
        finally:
            if style == "applied":
                pipe.unload_lora_weights()
        if image.size != (width, height):
            image = image.resize((width, height))
        image.save(out, format="PNG")
        return {"style": style, "generated_size": [gw, gh]}

    def _video(self, pipe: Any, task: dict[str, Any], kwargs: dict[str, Any],
               out: Path) -> dict[str, Any]:
        import numpy as np
        from PIL import Image

        ratio_t = int(getattr(pipe, "vae_temporal_compression_ratio", 0)
                      or getattr(pipe, "vae_scale_factor_temporal", 4))
        ratio_s = max(32, int(getattr(pipe, "vae_spatial_compression_ratio", 0)
                              or getattr(pipe, "vae_scale_factor_spatial", 8)))  # LTX: 32
        need = int(task["frames"])
        count = math.ceil(max(need - 1, 0) / ratio_t) * ratio_t + 1  # a count the model takes
        gw, gh = (max(ratio_s, round(int(task[v]) / ratio_s) * ratio_s)
                  for v in ("width", "height"))
        first = Image.open(task["first"]).convert("RGB").resize((gw, gh))
        last = (Image.open(task["last"]).convert("RGB").resize((gw, gh))
                if task.get("last") else None)
        name = type(pipe).__name__
        used_last = False
        if name == "LTXConditionPipeline":
            from diffusers.pipelines.ltx.pipeline_ltx_condition import LTXVideoCondition

            conditions = [LTXVideoCondition(image=first, frame_index=0)]
            if last is not None:
                index = ((need - 1) // ratio_t) * ratio_t
                conditions.append(LTXVideoCondition(image=last, frame_index=index))
                used_last = True
            kwargs["conditions"] = conditions
        else:
            kwargs["image"] = first
            takes = _last_image(pipe)
            if takes == "required" and last is None:
                raise TaskError("invalid", f"{Path(task['model']).name} is a first-and-last-frame "
                                           "model: it needs the shot's last keyframe too")
            if last is not None and takes != "never":
                kwargs["last_image"] = last
                used_last = True
        frames = pipe(height=gh, width=gw, num_frames=count, output_type="np", **kwargs).frames[0]
        frames = np.asarray(frames)[:need]
        pixels = (np.clip(frames, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)
        with out.open("wb") as f:  # raw RGB at the generated size; ffmpeg scales it
            f.write(pixels.tobytes())
        return {"frames": int(pixels.shape[0]), "generated_frames": count,
                "generated_size": [int(pixels.shape[2]), int(pixels.shape[1])],
                "last_frame_used": used_last}

    def _audio(self, pipe: Any, task: dict[str, Any], kwargs: dict[str, Any],
               out: Path) -> dict[str, Any]:
        import numpy as np

        from vidstudio.media.audio import write_wav

        duration = float(task["duration"])
        rate = int(getattr(getattr(pipe, "vae", None), "sampling_rate", 0)
                   or getattr(getattr(pipe, "vae", None), "config", {}).get("sampling_rate", 44100))
        most = float(getattr(getattr(pipe, "transformer", None), "config", {}).get(
            "sample_size", 1024) * getattr(pipe.vae, "hop_length", 2048)) / rate
        asked = min(duration, most)
        audio = pipe(audio_end_in_s=asked, output_type="np", **kwargs).audios[0]
        samples = np.asarray(audio, dtype=np.float32).T  # (samples, channels)
        want = round(duration * rate)
        if samples.shape[0] < want:  # longer than the model makes: it repeats
            reps = math.ceil(want / max(1, samples.shape[0]))
            samples = np.concatenate([samples] * reps)
        write_wav(out, samples[:want], rate)
        return {"sample_rate": rate, "model_seconds": round(asked, 3)}


def _last_image(pipe: Any) -> str:
    """Whether an image-to-video pipeline takes a last keyframe: "never", "optional" or
    "required". Wan 2.1's image-to-video transformer embeds one picture (given two, it fails);
    its first-and-last-frame transformer embeds exactly two (a position table of twice the
    picture's tokens); Wan 2.2 conditions on the latents alone and takes either, but its 5B
    model (timesteps expanded per frame) conditions on the first frame only."""
    import inspect

    if ("last_image" not in inspect.signature(pipe.__call__).parameters
            or getattr(getattr(pipe, "config", None), "expand_timesteps", False)):
        return "never"
    config: Any = getattr(getattr(pipe, "transformer", None), "config", None)
    if config is None or getattr(config, "image_dim", None) is None:
        return "optional"
    return "required" if getattr(config, "pos_embed_seq_len", None) else "never"


def _lora_reason(exc: BaseException) -> str:
    """The line of a LoRA loading error that says what does not fit (torch puts a size
    mismatch on the second line, under a heading)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    line = next((x for x in lines if "size mismatch" in x), lines[0] if lines else "")
    return (line or type(exc).__name__)[:160]


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    proto = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)  # a library's print goes to stderr, never into the protocol
    sys.stdout = sys.stderr
    lock = threading.Lock()

    def send(message: dict[str, Any]) -> None:
        with lock:
            proto.write(json.dumps(message) + "\n")
            proto.flush()

    try:
        device = detect_device(args[0] if args else "auto")
    except TaskError as exc:
        send({"ev": "error", "id": 0, "kind": exc.kind, "message": str(exc)})
        return 1
    send({"ev": "hello", **device})
    worker = Worker(device, send)
    tasks: queue.Queue[dict[str, Any] | None] = queue.Queue()

    def read() -> None:
        for line in sys.stdin:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if message.get("op") == "cancel":
                worker.cancelled.add(int(message["id"]))
            elif message.get("op") == "run":
                tasks.put(message)
            elif message.get("op") == "quit":
                break
        else:
            worker.gone = True  # the host went away without saying so
        tasks.put(None)

    threading.Thread(target=read, daemon=True).start()
    while (message := tasks.get()) is not None:
        task_id = int(message["id"])
        try:
            result = worker.run(task_id, message["task"])
            send({"ev": "done", "id": task_id, "result": result})
        except StopRequestedError:
            send({"ev": "error", "id": task_id, "kind": "cancelled", "message": "cancelled"})
        except TaskError as exc:
            send({"ev": "error", "id": task_id, "kind": exc.kind, "message": str(exc)})
        except Exception as exc:  # noqa: BLE001 - every failure is reported in one line
            kind = "oom" if is_oom(exc) else (
                "invalid" if isinstance(exc, (ValueError, TypeError, OSError)) else "failed")
            send({"ev": "error", "id": task_id, "kind": kind, "message": _one_line(exc)})
            if kind == "oom":
                worker.release()
        finally:
            worker.cancelled.discard(task_id)
    return 0


if __name__ == "__main__":
    sys.exit(main())
