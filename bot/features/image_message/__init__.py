"""The buttons under an image message (Upscale, the versions, Again, Original,
History), built for the presenter by the app."""
