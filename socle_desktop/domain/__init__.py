"""The domain core: pure Python, no Qt, no I/O.

Model of a dossier, identifiers, money, the call's rules and the findings (constats).
Everything above (store, export, outbox, gui, cli) builds on this package; it imports none of them.
"""
