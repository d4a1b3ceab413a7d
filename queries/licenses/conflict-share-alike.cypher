// Question: Share-alike not honoured: models whose ancestry carries a license requiring derivatives under the same (or a compatible) license, released under a license that is not.
// Param: model_id (string) = "CultriX/Qwen2.5-14B-HyperMarck-dl" -- optional: only this model (its id or a legacy alias, any case); empty = every model [default ]
// Param: limit (int) = 100 -- at most this many rows [default 1000]
// Returns: model, model_license, model_license_source, ancestor, ancestor_license, ancestor_license_source, depth, path, rule, reason, model_terms_source, ancestor_terms_source
// Note: the ancestor's license says derivative_license same (GPL family, CC BY-NC-SA ...) or same-or-compatible (CC BY-SA); the model's own license is known, differs, no COMPATIBLE_INTO source says yes/same from the ancestor's license into it, and either the ancestor's license requires the same license, or the model's license has no copyleft (so it cannot be a compatible share-alike license), or a source says no. A copyleft model license that no source compares stays unknown and is not reported.
// Note: The ancestor license's derivative terms (copyleft, derivative_license) reach the model when licenses/obligations says yes for them (definite passes only; unknown ones are not reported). One row per model license x ancestor license; depth and path belong to a shortest path whose every hop passes those terms. *_license_source: where the LICENSED_UNDER edge was seen; *_terms_source: where the License node's terms come from.
MATCH (a:Model)-[ea:LICENSED_UNDER]->(la:License)
WHERE la.derivative_license IN ['same', 'same-or-compatible']
WITH a, ea, la,
     CASE WHEN la.covers_distillation = 'yes' THEN ['finetune', 'merge', 'quantized', 'distill']
          ELSE ['finetune', 'merge', 'quantized'] END AS passing
MATCH p = (a)<-[:BASED_ON*]-(m:Model)
WHERE all(r IN relationships(p) WHERE r.relation IN passing)
WITH DISTINCT a, ea, la, passing, m
WHERE m <> a AND ($model_id = '' OR m.key = toLower($model_id) OR toLower($model_id) IN coalesce(m.aliases, []))
MATCH (m)-[em:LICENSED_UNDER]->(lm:License)
WHERE lm.known AND lm.key <> la.key
  AND NOT EXISTS { MATCH (la)-[y:COMPATIBLE_INTO]->(lm) WHERE y.verdict IN ['yes', 'same'] }
  AND (la.derivative_license = 'same' OR lm.copyleft = 'none' OR EXISTS { MATCH (la)-[n:COMPATIBLE_INTO]->(lm) WHERE n.verdict = 'no' })
MATCH q = ALL SHORTEST (m)(()-[r:BASED_ON WHERE r.relation IN passing]->())+(a)
WITH m, em, lm, a, ea, la, length(q) AS depth,
     min(reduce(s = '', r IN relationships(q) | s + CASE WHEN s = '' THEN '' ELSE '>' END + r.relation)) AS path
OPTIONAL MATCH (la)-[c:COMPATIBLE_INTO]->(lm)
WHERE c.verdict = 'no'
WITH m, em, lm, a, ea, la, depth, path, c
ORDER BY c.source
WITH m, em, lm, a, ea, la, depth, path, collect(c.source) AS no_sources
WITH m, em, lm, a, ea, la, depth, path, reduce(s = '', x IN no_sources | s + CASE WHEN s = '' THEN '' ELSE ', ' END + x) AS said_no
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
