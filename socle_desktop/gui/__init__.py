"""The PySide6 window: a library of dossiers and an editor with one page per part.

Everything the user changes goes through `session.DossierSession`, which edits the Dossier,
saves it with one store call, pushes an undo command and recomputes with `domain.compute`.
The widgets only display what the domain computed.
"""
