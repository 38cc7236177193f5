"""media: ffmpeg, probing, audio and image helpers shared by providers and export."""
