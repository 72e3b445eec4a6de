"""A story's data: `model` (the shape of every record, validated when loaded), `units` (what each unit
accepts), `formulas` and `derive` (derived facts worked out), `series` (daily series from CSV), `story` (the
loaded story, its records checked against each other), `texts` (every text in every language), `load`
(reading the data folder into a `Story`, each mistake with its file and line) and `schema` (the JSON
Schemas editors check the files against, made from the models)."""
