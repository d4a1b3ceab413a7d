// Question: How the members of a model's family were made: counts of base-model links per relation kind, per family root.
// Param: model_id (model) = "meta-llama/Llama-3.1-8B" -- any member of the family
// Returns: root, relation, edges, models
// Note: counts every base-model link leaving a member of the family (the root's descendants); models counts the members with at least one link of that kind.
MATCH (m:Model {key: $model_id})
OPTIONAL MATCH (m)-[:BASED_ON*]->(u:Model)
WITH m, collect(DISTINCT u) + [m] AS candidates
UNWIND candidates AS r
WITH DISTINCT r
WHERE NOT EXISTS { MATCH (r)-[:BASED_ON]->(b:Model) WHERE b <> r }
MATCH (r)<-[:BASED_ON*]-(d:Model)
WHERE d <> r
WITH DISTINCT r, d
MATCH (d)-[e:BASED_ON]->(:Model)
RETURN r.id AS root, e.relation AS relation, count(e) AS edges, count(DISTINCT d) AS models
ORDER BY root, edges DESC, relation
