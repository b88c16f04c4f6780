"""The handbook engine: parse -> validate -> group -> merge -> topics -> render.

Every stage is a module of plain functions over the dataclasses in `model`. The MkDocs
hook (`scripts/mkdocs_hooks.py`) and the command line (`scripts/build_handbook.py`) are thin
adapters over `pipeline.build`, so the engine does not depend on MkDocs at all.
"""
