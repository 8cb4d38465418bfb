"""The jobs, shared by the window and the command line (DESIGN.md §7, « Layers »).

    domain  <-  store, export, outbox  <-  app  <-  gui, cli

Each job is written once here: import (`imports`), demo (`demo`), export (`export_job`), send
and hand-over (`sending`), campaign (`campaign`), and the dossier's life cycle (`lifecycle`,
over the table of domain/lifecycle.py). A job returns values and codes, and raises `JobRefused`
(a code and its values) for input the user must fix; the front-ends word them through one
catalogue (socle_desktop/catalogue/). Nothing here imports Qt, prints, or asks a question.
"""
