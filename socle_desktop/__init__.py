"""socle-desktop: prepare, offline, a dossier for the "socle numérique" call (France Relance, 2021)."""

__version__ = "0.2.0"
