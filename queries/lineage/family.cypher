// Question: The family of a model: its root base model(s) and every model derived from them, with the distance from the root.
// Param: model_id (model) = "jaspionjader/bh-64" -- any member of the family
// Returns: root, id, depth, loaded
// Note: a root is an ancestor (or the model itself) with no base model other than itself. A model that descends from several roots (a merge across families) has one family per root.
MATCH (m:Model {key: $model_id})
OPTIONAL MATCH (m)-[:BASED_ON*]->(u:Model)
WITH m, collect(DISTINCT u) + [m] AS candidates
UNWIND candidates AS r
WITH DISTINCT r
WHERE NOT EXISTS { MATCH (r)-[:BASED_ON]->(b:Model) WHERE b <> r }
CALL (r) {
  RETURN r AS member, 0 AS depth
  UNION
  MATCH p = (r)<-[:BASED_ON*]-(d:Model)
  WHERE d <> r
  RETURN d AS member, min(length(p)) AS depth
}
RETURN r.id AS root, member.id AS id, depth, member.loaded AS loaded
ORDER BY root, depth, id
