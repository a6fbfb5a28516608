"""Datasette files for ``portalnews serve``: ``metadata.json`` and the ``plugin`` module.

This directory is passed to Datasette as ``--plugins-dir``; every ``.py`` file in it is loaded.
"""
