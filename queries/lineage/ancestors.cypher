// Question: Every ancestor of a model: how many hops up it is and through which relations.
// Param: model_id (model) = "jaspionjader/bh-64" -- the model whose ancestry to trace
// Returns: id, depth, relation, path, loaded
// Note: depth is the shortest distance; path lists the relations along a shortest path from the model up (the lexicographically smallest when several tie, so both stores agree); relation is its last hop, the edge leaving the ancestor. Complete at any depth; self-references and cycles terminate.
MATCH (m:Model {key: $model_id})
MATCH (m)-[:BASED_ON*]->(a:Model)
WHERE a <> m
WITH DISTINCT m, a
MATCH p = allShortestPaths((m)-[:BASED_ON*]->(a))
WITH a, length(p) AS depth, reduce(s = '', r IN relationships(p) | s + CASE WHEN s = '' THEN '' ELSE '>' END + r.relation) AS path
WITH a, depth, min(path) AS path
RETURN a.id AS id, depth, split(path, '>')[-1] AS relation, path, a.loaded AS loaded
ORDER BY depth, id
