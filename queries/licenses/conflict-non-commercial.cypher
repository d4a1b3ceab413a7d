// Question: Non-commercial terms laundered along lineage: models under a license that allows commercial use whose ancestry carries a non-commercial license that reaches them.
// Param: model_id (string) = "ZeroXClem/Llama-3.1-8B-RainbowLight-EtherealMix" -- optional: only this model (its id or a legacy alias, any case); empty = every model [default ]
// Param: limit (int) = 100 -- at most this many rows [default 1000]
// Returns: model, model_license, model_license_source, ancestor, ancestor_license, ancestor_license_source, depth, path, rule, reason, model_terms_source, ancestor_terms_source
// Note: a conflict when the ancestor's license says commercial prohibited and the model's own license says commercial allowed or conditional.
// Note: The ancestor license's use terms (commercial, use_restrictions, name_prefix, attribution, user_cap) reach the model when licenses/obligations says yes for them (definite passes only; unknown ones are not reported). One row per model license x ancestor license; depth and path belong to a shortest path whose every hop passes those terms. *_license_source: where the LICENSED_UNDER edge was seen; *_terms_source: where the License node's terms come from.
MATCH (a:Model)-[ea:LICENSED_UNDER]->(la:License)
WHERE la.commercial = 'prohibited'
WITH a, ea, la,
     CASE WHEN la.covers_distillation = 'yes' THEN ['finetune', 'merge', 'quantized', 'adapter', 'distill', 'unknown']
          ELSE ['finetune', 'merge', 'quantized', 'adapter'] END AS passing
MATCH p = (a)<-[:BASED_ON*]-(m:Model)
WHERE all(r IN relationships(p) WHERE r.relation IN passing)
WITH DISTINCT a, ea, la, passing, m
WHERE m <> a AND ($model_id = '' OR m.key = toLower($model_id) OR toLower($model_id) IN coalesce(m.aliases, []))
MATCH (m)-[em:LICENSED_UNDER]->(lm:License)
WHERE lm.commercial IN ['allowed', 'conditional']
MATCH q = ALL SHORTEST (m)(()-[r:BASED_ON WHERE r.relation IN passing]->())+(a)
WITH m, em, lm, a, ea, la, length(q) AS depth,
     min(reduce(s = '', r IN relationships(q) | s + CASE WHEN s = '' THEN '' ELSE '>' END + r.relation)) AS path
RETURN m.id AS model, lm.id AS model_license, em.source AS model_license_source,
       a.id AS ancestor, la.id AS ancestor_license, ea.source AS ancestor_license_source,
       depth, path, 'non-commercial' AS rule,
       la.id + ' prohibits commercial use and its terms reach the model; ' + lm.id + ' allows commercial use' +
         CASE WHEN lm.commercial = 'conditional' THEN ' under conditions' ELSE '' END AS reason,
       lm.terms_source AS model_terms_source, la.terms_source AS ancestor_terms_source
ORDER BY model, ancestor, ancestor_license, model_license
LIMIT $limit
