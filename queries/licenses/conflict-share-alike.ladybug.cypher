// LadybugDB: two ALL SHORTEST breadth-first searches down from each ancestor (a
// recursive-pattern predicate cannot read a variable, so the relation set that depends
// on the ancestor's covers_distillation comes from running both, each guarded by a
// WHERE on it); rels(p) runs from the ancestor down, hence list_reverse for the path.
// A search from both bound ends per pair was 5x slower and failed to bind after UNWIND.
MATCH (a:Model)-[ea:LICENSED_UNDER]->(la:License)
WHERE la.derivative_license IN ['same', 'same-or-compatible']
OPTIONAL MATCH p = (a)<-[:BASED_ON* ALL SHORTEST 1..512 (r, n | WHERE r.relation IN ['finetune', 'merge', 'quantized'])]-(m1:Model)
WHERE la.covers_distillation IS NULL OR la.covers_distillation <> 'yes'
WITH a, ea, la, collect({k: m1.key, d: length(p), path: list_to_string('>', list_reverse(properties(rels(p), 'relation')))}) AS plain
OPTIONAL MATCH q = (a)<-[:BASED_ON* ALL SHORTEST 1..512 (r, n | WHERE r.relation IN ['finetune', 'merge', 'quantized', 'distill'])]-(m2:Model)
WHERE la.covers_distillation = 'yes'
WITH a, ea, la, plain, collect({k: m2.key, d: length(q), path: list_to_string('>', list_reverse(properties(rels(q), 'relation')))}) AS covered
UNWIND list_concat(plain, covered) AS found
WITH a, ea, la, found.k AS mkey, found.d AS depth, min(found.path) AS path
WHERE mkey IS NOT NULL AND mkey <> a.key
MATCH (m:Model {key: mkey})
WHERE ($model_id = '' OR m.key = toLower($model_id) OR list_contains(coalesce(m.aliases, []), toLower($model_id)))
MATCH (m)-[em:LICENSED_UNDER]->(lm:License)
WHERE lm.known AND lm.key <> la.key
  AND NOT EXISTS { MATCH (la)-[y:COMPATIBLE_INTO]->(lm) WHERE y.verdict IN ['yes', 'same'] }
  AND (la.derivative_license = 'same' OR lm.copyleft = 'none' OR EXISTS { MATCH (la)-[n:COMPATIBLE_INTO]->(lm) WHERE n.verdict = 'no' })
OPTIONAL MATCH (la)-[c:COMPATIBLE_INTO]->(lm)
WHERE c.verdict = 'no'
WITH m, em, lm, a, ea, la, depth, path, list_to_string(', ', list_sort(collect(c.source))) AS said_no
RETURN m.id AS model, lm.id AS model_license, em.source AS model_license_source,
       a.id AS ancestor, la.id AS ancestor_license, ea.source AS ancestor_license_source,
       depth, path, 'share-alike' AS rule,
       la.id + ' requires derivatives under ' +
         CASE la.derivative_license WHEN 'same' THEN 'the same license' ELSE 'the same or a compatible license' END +
         ' and its derivative terms reach the model; the model is under ' + lm.id +
         CASE WHEN said_no <> '' THEN ', and according to ' + said_no + ' ' + la.id + ' cannot be included in it'
              WHEN la.derivative_license = 'same' THEN ', and no source says ' + la.id + ' can be included in it'
              ELSE ', which has no copyleft, and no source says ' + la.id + ' can be included in it' END AS reason,
       lm.terms_source AS model_terms_source, la.terms_source AS ancestor_terms_source
ORDER BY model, ancestor, ancestor_license, model_license
LIMIT $limit
