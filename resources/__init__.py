"""Data shipped with the app (stylesheet, icons, translations), installed as the package ``app.resources``.

Read it through ``app.resource_files``; the files here are not Python modules.
"""
