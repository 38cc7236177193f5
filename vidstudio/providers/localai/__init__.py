"""The ``local-ai`` provider set: open image, video and sound models on the user's own GPU.

torch and diffusers are an optional extra (``pip install vidstudio[local-ai]``) and load only in
the model process (``worker``), one per device, never in the editor or the offline process pool.
``memory`` plans dtype and offloading from the device and its free memory (a pure function),
``catalog`` finds and checks models on disk, ``hub`` downloads one, ``host`` runs the model
process from the event loop, and ``providers`` puts it behind the provider Protocols.
"""

from __future__ import annotations

import importlib.util

#: The one line every local-ai provider shows when the extra is missing.
INSTALL_HINT = ("the local-ai providers need torch and diffusers: "
                "pip install 'vidstudio[local-ai]'")
_NEEDED = ("torch", "diffusers", "transformers")


def missing_extra() -> str | None:
    """``INSTALL_HINT`` when the extra is not installed, else None (imports nothing)."""
    for name in _NEEDED:
        if importlib.util.find_spec(name) is None:
            return INSTALL_HINT
    return None
