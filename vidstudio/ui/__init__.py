"""The desktop editor: PySide6 widgets over the project session (nothing imports this package
but the composition root, ``vidstudio.app``)."""
