"""Shards: a province built as pieces on a CI matrix, then joined into one site.

A shard is a subtree of units.yml: a township (or county) and every unit under it. Units above that
level (the county itself, its departments) form one more shard, ``_top``, so every unit is in
exactly one shard. Item URLs start with the unit id, so shards never write the same file.

    gongkai shards [--level township] [--changed-since REF] --format json   the CI matrix
    gongkai build --shard ID -d out/ID      GONGKAI_SHARD=ID mkdocs build: the shard's own pages,
                                            api/*.json, search index, posters, feeds + shard.json
    gongkai join out/* -d site              GONGKAI_JOIN=out/a:out/b mkdocs build: the global pages
                                            (home, units, categories, compliance, search, guide) from
                                            the shards' JSON, the merged api/ and search index, and
                                            the shards' pages copied in

One module per job: `plan` (which shards, the CI matrix, --changed-since), `publish` (what a shard and
the join keep of the generated pages and the built files), `manifest` (shard.json: what the join needs
that api/*.json does not say), `join` (the joined Site and the merged files), `commands` (the CLI).
build_mode.py reads GONGKAI_SHARD / GONGKAI_JOIN and makes the build object.
"""
