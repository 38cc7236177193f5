"""fal: FLUX style LoRAs (training and keyframes) and a file host, over fal's queue API.

See ``_queue`` for why this speaks fal's REST protocol with httpx rather than through
``fal_client``. Jobs are journalled by request id before they are awaited and resumed when
``CallContext.resume_remote_id`` is set.
"""

from __future__ import annotations

from vidstudio.providers.fal.keyframes import IMAGE_APP, FalKeyframeGenerator
from vidstudio.providers.fal.training import (
    PRICES_AS_OF,
    TRAINING_APP,
    FalStyleTrainer,
)
from vidstudio.providers.fal.upload import FalUploadHost

__all__ = [
    "IMAGE_APP",
    "PRICES_AS_OF",
    "TRAINING_APP",
    "FalKeyframeGenerator",
    "FalStyleTrainer",
    "FalUploadHost",
]
