// Question: What is hit if a model is withdrawn, relicensed or found malicious: every model derived from it at any depth, and every code repository that uses it or one of those derivatives, ranked by downloads.
// Param: model_id (model) = "EleutherAI/gpt-neo-1.3B" -- the model in question
// Param: limit (int) = 100 -- optional: how many rows [default 1000]
// Returns: kind, id, depth, via, downloads
// Note: kind `model`: a descendant, depth its shortest distance down from the model, downloads its own 30-day downloads, via null (lineage/path gives the chain). kind `repository`: one row per repository that uses the model or a descendant; via is the affected model it uses with the most downloads (then the nearest, then the smallest id), and depth and downloads are that model's (depth 0 = the model itself). Rows are ranked by downloads (most first, unknown last), then kind, then id; the model itself is not a row. Complete at any depth; self-references and cycles terminate.
MATCH (m:Model {key: $model_id})
MATCH p = (m)<-[:BASED_ON*0..]-(d:Model)
WITH m, d, min(length(p)) AS depth
WITH m, collect({d: d, depth: depth}) AS affected
CALL (m, affected) {
  UNWIND affected AS x
  WITH x WHERE x.d <> m
  RETURN 'model' AS kind, x.d.id AS id, x.depth AS depth, null AS via, x.d.downloads AS downloads
  UNION ALL
  UNWIND affected AS x
  WITH x, x.d AS d
  MATCH (r:Repository)-[:USES]->(d)
  WITH r, x ORDER BY coalesce(x.d.downloads, -1) DESC, x.depth, x.d.id
  WITH r, collect(x)[0] AS best
  RETURN 'repository' AS kind, r.id AS id, best.depth AS depth, best.d.id AS via, best.d.downloads AS downloads
}
RETURN kind, id, depth, via, downloads
ORDER BY coalesce(downloads, -1) DESC, kind, id
LIMIT $limit
