"""The application's jobs, shared by the window and the command line (DESIGN.md §7 « Layers »)."""
