// Question: The ancestry of a model for drawing its phylogeny: every ancestor with its distance, downloads and license family, once per base-model link it declares.
// Param: model_id (model) = "jaspionjader/bh-64" -- the derived model
// Returns: id, depth, downloads, family, loaded, base, relation
// Note: depth is the shortest distance up from the model; one row per BASED_ON link leaving the ancestor (its own bases, all ancestors too), one row with base null for a root. family is the smallest License.family of its licenses (null: none declared). The model's own links: lineage/base-models.
MATCH (m:Model {key: $model_id})
MATCH p = (m)-[:BASED_ON*]->(a:Model)
WHERE a <> m
WITH a, min(length(p)) AS depth
OPTIONAL MATCH (a)-[:LICENSED_UNDER]->(l:License)
WITH a, depth, min(l.family) AS family
OPTIONAL MATCH (a)-[e:BASED_ON]->(b:Model)
WHERE b <> a
RETURN a.id AS id, depth, a.downloads AS downloads, family, a.loaded AS loaded, b.id AS base, e.relation AS relation
ORDER BY depth, id, base
