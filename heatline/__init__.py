"""Composition: settings, the web application, the worker and the `heatline` command line."""
