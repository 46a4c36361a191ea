"""The embedded world: seeded generators of everything the tiny model knows and is trained on."""
