// Question: No-derivatives licenses along lineage: models derived from an ancestor whose license allows no distribution of derivatives.
// Param: model_id (string) = "" -- optional: only this model (its id or a legacy alias, any case); empty = every model [default ]
// Param: limit (int) = 100 -- at most this many rows [default 1000]
// Returns: model, model_license, model_license_source, ancestor, ancestor_license, ancestor_license_source, depth, path, rule, reason, model_terms_source, ancestor_terms_source
// Note: a conflict whenever the ancestor's license says derivative_license not-distributable (CC ND) and its derivative terms reach the model: the model is a derivative distributed on the hub, whatever its own license (one row per model license, or one with model_license null). A quantization counts (it changes the weights; the data cannot tell a lossless format shift).
// Note: The ancestor license's derivative terms (copyleft, derivative_license) reach the model when licenses/obligations says yes for them (definite passes only; unknown ones are not reported). One row per model license x ancestor license; depth and path belong to a shortest path whose every hop passes those terms. *_license_source: where the LICENSED_UNDER edge was seen; *_terms_source: where the License node's terms come from.
MATCH (a:Model)-[ea:LICENSED_UNDER]->(la:License)
WHERE la.derivative_license = 'not-distributable'
WITH a, ea, la,
     CASE WHEN la.covers_distillation = 'yes' THEN ['finetune', 'merge', 'quantized', 'distill']
          ELSE ['finetune', 'merge', 'quantized'] END AS passing
MATCH p = (a)<-[:BASED_ON*]-(m:Model)
WHERE all(r IN relationships(p) WHERE r.relation IN passing)
WITH DISTINCT a, ea, la, passing, m
WHERE m <> a AND ($model_id = '' OR m.key = toLower($model_id) OR toLower($model_id) IN coalesce(m.aliases, []))
OPTIONAL MATCH (m)-[em:LICENSED_UNDER]->(lm:License)
MATCH q = ALL SHORTEST (m)(()-[r:BASED_ON WHERE r.relation IN passing]->())+(a)
WITH m, em, lm, a, ea, la, length(q) AS depth,
     min(reduce(s = '', r IN relationships(q) | s + CASE WHEN s = '' THEN '' ELSE '>' END + r.relation)) AS path
RETURN m.id AS model, lm.id AS model_license, em.source AS model_license_source,
       a.id AS ancestor, la.id AS ancestor_license, ea.source AS ancestor_license_source,
       depth, path, 'no-derivatives' AS rule,
       la.id + ' allows no distribution of derivatives and its derivative terms reach the model, a derivative distributed on the hub' AS reason,
       lm.terms_source AS model_terms_source, la.terms_source AS ancestor_terms_source
ORDER BY model, ancestor, ancestor_license, model_license
LIMIT $limit
