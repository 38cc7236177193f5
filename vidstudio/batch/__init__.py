"""Many films from one manifest: the local engine (this machine) and the Ray engine (a
cluster, an optional extra). Both run ``vidstudio.jobs.render.render_script`` per film."""
