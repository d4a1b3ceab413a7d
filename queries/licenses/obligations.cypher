// Question: Which license terms reach a model from its ancestry: every license of the model (depth 0) and of every ancestor, with its normalized terms, whether they pass down, the path and where each fact comes from.
// Param: model_id (model) = "jaspionjader/bh-64" -- the model whose obligations to list
// Returns: ancestor, depth, path, license, license_source, commercial, copyleft, derivative_license, use_restrictions, covers_distillation, name_prefix, attribution, user_cap, use_terms, derivative_terms, terms_source
// Note: use_terms says whether the use terms (commercial, use_restrictions, name_prefix, attribution, user_cap) of that license reach the model, derivative_terms whether the derivative-license terms (copyleft, derivative_license) do: yes, no or unknown, over every path up to the ancestor (the best path counts). Per hop: finetune, merge and quantized pass everything; adapter passes use terms, derivative terms unknown (it ships without the base weights); distill passes what the ancestor's license says in covers_distillation (yes/no/unknown); an unknown relation passes use terms only when every kind would (covers_distillation yes), else unknown. A path passes the weakest of its hops. docs/license-queries.md.
// Note: depth and path are the shortest distance and the smallest relation string among the shortest paths (like lineage/ancestors); license is null for an ancestor without any license edge. license_source is where the LICENSED_UNDER edge was seen, terms_source where the License node's terms come from.
MATCH (m:Model {key: $model_id})
CALL (m) {
  MATCH p = (m)-[:BASED_ON*]->(x:Model)
  WHERE all(r IN relationships(p) WHERE r.relation IN ['finetune', 'merge', 'quantized', 'adapter'])
  WITH DISTINCT x
  RETURN collect(x.key) AS use_plain
}
CALL (m) {
  MATCH p = (m)-[:BASED_ON*]->(x:Model)
  WHERE all(r IN relationships(p) WHERE r.relation IN ['finetune', 'merge', 'quantized', 'adapter', 'distill', 'unknown'])
  WITH DISTINCT x
  RETURN collect(x.key) AS use_distill
}
CALL (m) {
  MATCH p = (m)-[:BASED_ON*]->(x:Model)
  WHERE all(r IN relationships(p) WHERE r.relation IN ['finetune', 'merge', 'quantized'])
  WITH DISTINCT x
  RETURN collect(x.key) AS der_plain
}
CALL (m) {
  MATCH p = (m)-[:BASED_ON*]->(x:Model)
  WHERE all(r IN relationships(p) WHERE r.relation IN ['finetune', 'merge', 'quantized', 'distill'])
  WITH DISTINCT x
  RETURN collect(x.key) AS der_distill
}
CALL (m) {
  MATCH p = (m)-[:BASED_ON*]->(x:Model)
  WHERE all(r IN relationships(p) WHERE r.relation <> 'distill')
  WITH DISTINCT x
  RETURN collect(x.key) AS no_distill
}
CALL (m) {
  RETURN m AS a, 0 AS depth, '' AS path
  UNION
  MATCH (m)-[:BASED_ON*]->(a:Model)
  WHERE a <> m
  WITH DISTINCT m, a
  MATCH p = allShortestPaths((m)-[:BASED_ON*]->(a))
  WITH a, length(p) AS depth, reduce(s = '', r IN relationships(p) | s + CASE WHEN s = '' THEN '' ELSE '>' END + r.relation) AS path
  RETURN a, depth, min(path) AS path
}
OPTIONAL MATCH (a)-[e:LICENSED_UNDER]->(l:License)
WITH a, depth, path, e, l, coalesce(l.covers_distillation, 'unknown') AS cd,
     use_plain, use_distill, der_plain, der_distill, no_distill
RETURN a.id AS ancestor, depth, path, l.id AS license, e.source AS license_source,
       l.commercial AS commercial, l.copyleft AS copyleft, l.derivative_license AS derivative_license,
       l.use_restrictions AS use_restrictions, l.covers_distillation AS covers_distillation,
       l.name_prefix AS name_prefix, l.attribution AS attribution, l.user_cap AS user_cap,
       CASE WHEN depth = 0 OR a.key IN use_plain OR (cd = 'yes' AND a.key IN use_distill) THEN 'yes'
            WHEN cd = 'no' AND NOT a.key IN no_distill THEN 'no'
            ELSE 'unknown' END AS use_terms,
       CASE WHEN depth = 0 OR a.key IN der_plain OR (cd = 'yes' AND a.key IN der_distill) THEN 'yes'
            WHEN cd = 'no' AND NOT a.key IN no_distill THEN 'no'
            ELSE 'unknown' END AS derivative_terms,
       l.terms_source AS terms_source
ORDER BY depth, ancestor, license
