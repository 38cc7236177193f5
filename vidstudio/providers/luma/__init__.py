"""Luma Dream Machine: Photon images and Ray clips through the official ``lumaai`` SDK.

Every generation is created once, its id journalled through ``CallContext.remember_remote_id``
before it is polled, and resumed (never re-created) when ``CallContext.resume_remote_id`` is set.
"""

from __future__ import annotations

from vidstudio.providers.luma._common import PRICES_AS_OF, price_of_megapixels
from vidstudio.providers.luma.image import LumaImageGenerator
from vidstudio.providers.luma.video import LumaVideoGenerator

__all__ = ["PRICES_AS_OF", "LumaImageGenerator", "LumaVideoGenerator", "price_of_megapixels"]
