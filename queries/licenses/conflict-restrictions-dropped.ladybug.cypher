// LadybugDB: two ALL SHORTEST breadth-first searches down from each ancestor (a
// recursive-pattern predicate cannot read a variable, so the relation set that depends
// on the ancestor's covers_distillation comes from running both, each guarded by a
// WHERE on it); rels(p) runs from the ancestor down, hence list_reverse for the path.
// A search from both bound ends per pair was 5x slower and failed to bind after UNWIND.
MATCH (a:Model)-[ea:LICENSED_UNDER]->(la:License)
WHERE la.use_restrictions = 'yes'
OPTIONAL MATCH p = (a)<-[:BASED_ON* ALL SHORTEST 1..512 (r, n | WHERE r.relation IN ['finetune', 'merge', 'quantized', 'adapter'])]-(m1:Model)
WHERE la.covers_distillation IS NULL OR la.covers_distillation <> 'yes'
WITH a, ea, la, collect({k: m1.key, d: length(p), path: list_to_string('>', list_reverse(properties(rels(p), 'relation')))}) AS plain
OPTIONAL MATCH q = (a)<-[:BASED_ON* ALL SHORTEST 1..512 (r, n | WHERE r.relation IN ['finetune', 'merge', 'quantized', 'adapter', 'distill', 'unknown'])]-(m2:Model)
WHERE la.covers_distillation = 'yes'
WITH a, ea, la, plain, collect({k: m2.key, d: length(q), path: list_to_string('>', list_reverse(properties(rels(q), 'relation')))}) AS covered
UNWIND list_concat(plain, covered) AS found
WITH a, ea, la, found.k AS mkey, found.d AS depth, min(found.path) AS path
WHERE mkey IS NOT NULL AND mkey <> a.key
MATCH (m:Model {key: mkey})
WHERE ($model_id = '' OR m.key = toLower($model_id) OR list_contains(coalesce(m.aliases, []), toLower($model_id)))
MATCH (m)-[em:LICENSED_UNDER]->(lm:License)
WHERE lm.use_restrictions = 'no'
RETURN m.id AS model, lm.id AS model_license, em.source AS model_license_source,
       a.id AS ancestor, la.id AS ancestor_license, ea.source AS ancestor_license_source,
       depth, path, 'restrictions-dropped' AS rule,
       la.id + ' requires its use restrictions to be passed on to downstream users and its terms reach the model; ' + lm.id + ' carries no use restrictions' AS reason,
       lm.terms_source AS model_terms_source, la.terms_source AS ancestor_terms_source
ORDER BY model, ancestor, ancestor_license, model_license
LIMIT $limit
