"""storage: the project folder on disk — atomic saves, assets, migrations, the job journal."""

from vidstudio.storage.project_folder import (
    ProjectFolder,
    ProjectLoadError,
    default_project_path,
    ensure_writable_dir,
)

__all__ = ["ProjectFolder", "ProjectLoadError", "default_project_path", "ensure_writable_dir"]
