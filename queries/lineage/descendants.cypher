// Question: Every model derived from a model, directly or through other derivatives, with its downloads.
// Param: model_id (model) = "meta-llama/Llama-3.1-8B" -- the base model
// Returns: id, depth, relation, path, downloads
// Note: depth is the shortest distance; path lists the relations along a shortest path from the base down (smallest when several tie); relation is the last hop, the edge into the descendant.
MATCH (m:Model {key: $model_id})
MATCH (m)<-[:BASED_ON*]-(d:Model)
WHERE d <> m
WITH DISTINCT m, d
MATCH p = allShortestPaths((m)<-[:BASED_ON*]-(d))
WITH d, length(p) AS depth, reduce(s = '', r IN relationships(p) | s + CASE WHEN s = '' THEN '' ELSE '>' END + r.relation) AS path
WITH d, depth, min(path) AS path
RETURN d.id AS id, depth, split(path, '>')[-1] AS relation, path, d.downloads AS downloads
ORDER BY depth, id
