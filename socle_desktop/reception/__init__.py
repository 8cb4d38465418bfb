"""The receiving side (DESIGN.md §7): the tus reception point, the register, the instruction."""
