from reception_bundles import received, reception_identity  # noqa: F401 (fixtures)
