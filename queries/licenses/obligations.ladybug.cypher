// LadybugDB: each reachability set is a breadth-first search (SHORTEST, one path per end
// node) whose relation filter is a recursive-pattern predicate; the ancestors come from
// ALL SHORTEST as in lineage/ancestors, and the model itself (depth 0) is appended as a
// list element because there is no CALL ... UNION.
MATCH (m:Model {key: $model_id})
OPTIONAL MATCH (m)-[:BASED_ON* SHORTEST 1..512 (r, n | WHERE r.relation IN ['finetune', 'merge', 'quantized', 'adapter'])]->(x1:Model)
WITH m, collect(x1.key) AS use_plain
OPTIONAL MATCH (m)-[:BASED_ON* SHORTEST 1..512 (r, n | WHERE r.relation IN ['finetune', 'merge', 'quantized', 'adapter', 'distill', 'unknown'])]->(x2:Model)
WITH m, use_plain, collect(x2.key) AS use_distill
OPTIONAL MATCH (m)-[:BASED_ON* SHORTEST 1..512 (r, n | WHERE r.relation IN ['finetune', 'merge', 'quantized'])]->(x3:Model)
WITH m, use_plain, use_distill, collect(x3.key) AS der_plain
OPTIONAL MATCH (m)-[:BASED_ON* SHORTEST 1..512 (r, n | WHERE r.relation IN ['finetune', 'merge', 'quantized', 'distill'])]->(x4:Model)
WITH m, use_plain, use_distill, der_plain, collect(x4.key) AS der_distill
OPTIONAL MATCH (m)-[:BASED_ON* SHORTEST 1..512 (r, n | WHERE r.relation <> 'distill')]->(x5:Model)
WITH m, use_plain, use_distill, der_plain, der_distill, collect(x5.key) AS no_distill
OPTIONAL MATCH p = (m)-[:BASED_ON* ALL SHORTEST 1..512]->(a:Model)
WHERE a.key <> m.key
WITH m, use_plain, use_distill, der_plain, der_distill, no_distill, a.key AS akey, length(p) AS depth,
     list_to_string('>', properties(rels(p), 'relation')) AS path
WITH m, use_plain, use_distill, der_plain, der_distill, no_distill, akey, depth, min(path) AS path
WITH m, use_plain, use_distill, der_plain, der_distill, no_distill, collect({k: akey, d: depth, p: path}) AS found
UNWIND list_append(found, {k: m.key, d: 0, p: ''}) AS anc
WITH use_plain, use_distill, der_plain, der_distill, no_distill, anc
WHERE anc.k IS NOT NULL
MATCH (a:Model {key: anc.k})
OPTIONAL MATCH (a)-[e:LICENSED_UNDER]->(l:License)
WITH a, anc.d AS depth, anc.p AS path, e, l, coalesce(l.covers_distillation, 'unknown') AS cd,
     use_plain, use_distill, der_plain, der_distill, no_distill
RETURN a.id AS ancestor, depth, path, l.id AS license, e.source AS license_source,
       l.commercial AS commercial, l.copyleft AS copyleft, l.derivative_license AS derivative_license,
       l.use_restrictions AS use_restrictions, l.covers_distillation AS covers_distillation,
       l.name_prefix AS name_prefix, l.attribution AS attribution, l.user_cap AS user_cap,
       CASE WHEN depth = 0 OR list_contains(use_plain, a.key) OR (cd = 'yes' AND list_contains(use_distill, a.key)) THEN 'yes'
            WHEN cd = 'no' AND NOT list_contains(no_distill, a.key) THEN 'no'
            ELSE 'unknown' END AS use_terms,
       CASE WHEN depth = 0 OR list_contains(der_plain, a.key) OR (cd = 'yes' AND list_contains(der_distill, a.key)) THEN 'yes'
            WHEN cd = 'no' AND NOT list_contains(no_distill, a.key) THEN 'no'
            ELSE 'unknown' END AS derivative_terms,
       l.terms_source AS terms_source
ORDER BY depth, ancestor, license
