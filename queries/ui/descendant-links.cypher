// Question: The derivatives of a model for drawing its phylogeny: every descendant with its distance, downloads and license family, once per base-model link it declares.
// Param: model_id (model) = "meta-llama/Llama-3.1-8B" -- the base model
// Returns: id, depth, downloads, family, loaded, base, relation
// Note: depth is the shortest distance from the model; one row per BASED_ON link leaving the descendant (self-references left out), so base may lie outside the family (a merge across families). family is the smallest License.family of the licenses it declares (null: none declared).
MATCH (m:Model {key: $model_id})
MATCH p = (m)<-[:BASED_ON*]-(d:Model)
WHERE d <> m
WITH d, min(length(p)) AS depth
OPTIONAL MATCH (d)-[:LICENSED_UNDER]->(l:License)
WITH d, depth, min(l.family) AS family
MATCH (d)-[e:BASED_ON]->(b:Model)
WHERE b <> d
RETURN d.id AS id, depth, d.downloads AS downloads, family, d.loaded AS loaded, b.id AS base, e.relation AS relation
ORDER BY depth, id, base
