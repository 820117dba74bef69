"""Understanding residents: normalisation, intent classification, entities, standards, intake policy.

Pure Python: no I/O beyond reading this package's own data files, no database, no network.
"""
