// Question: How two models are related: a shortest chain of base-model links between them, in either direction.
// Param: from_id (model) = "jaspionjader/bh-64" -- where the chain starts
// Param: to_id (model) = "meta-llama/Llama-3.1-8B" -- where it ends
// Returns: step, id, relation, direction
// Note: direction says what each model is to the one before it: `base` (one hop up) or `derivative` (one hop down). Among several shortest chains, the one whose model keys sort first. No rows when the two are the same model or not connected.
MATCH (a:Model {key: $from_id}), (b:Model {key: $to_id})
WHERE a <> b
MATCH p = allShortestPaths((a)-[:BASED_ON*]-(b))
WITH p, reduce(s = '', n IN nodes(p) | s + '|' + n.key) AS sig
ORDER BY sig
LIMIT 1
UNWIND range(0, length(p)) AS i
WITH p, i, nodes(p)[i] AS n, CASE WHEN i = 0 THEN null ELSE relationships(p)[i - 1] END AS r
RETURN i AS step, n.id AS id, r.relation AS relation,
       CASE WHEN r IS NULL THEN null WHEN startNode(r) = n THEN 'derivative' ELSE 'base' END AS direction
ORDER BY step
