// Question: Required name prefix missing: models whose ancestry carries a license that requires derived model names to begin with a prefix (Llama 3 and later), and whose name does not.
// Param: model_id (string) = "Alepach/notHumpback-M1-3b" -- optional: only this model (its id or a legacy alias, any case); empty = every model [default ]
// Param: limit (int) = 100 -- at most this many rows [default 1000]
// Returns: model, model_license, model_license_source, ancestor, ancestor_license, ancestor_license_source, depth, path, rule, reason, model_terms_source, ancestor_terms_source
// Note: the name is the part of the model id after the owner; it and the license's name_prefix are compared case-insensitively with spaces, hyphens, underscores and dots ignored (a Hub id cannot hold the space of "Llama 3"). The model's own license does not matter: one row per model license, or one row with model_license null when it has none. The licensor's own models (meta-llama/Meta-Llama-3-8B-Instruct) are reported too: the data cannot tell a licensor from a licensee.
// Note: The ancestor license's use terms (commercial, use_restrictions, name_prefix, attribution, user_cap) reach the model when licenses/obligations says yes for them (definite passes only; unknown ones are not reported). One row per model license x ancestor license; depth and path belong to a shortest path whose every hop passes those terms. *_license_source: where the LICENSED_UNDER edge was seen; *_terms_source: where the License node's terms come from.
MATCH (a:Model)-[ea:LICENSED_UNDER]->(la:License)
WHERE la.name_prefix IS NOT NULL
WITH a, ea, la,
     CASE WHEN la.covers_distillation = 'yes' THEN ['finetune', 'merge', 'quantized', 'adapter', 'distill', 'unknown']
          ELSE ['finetune', 'merge', 'quantized', 'adapter'] END AS passing
MATCH p = (a)<-[:BASED_ON*]-(m:Model)
WHERE all(r IN relationships(p) WHERE r.relation IN passing)
WITH DISTINCT a, ea, la, passing, m
WHERE m <> a AND ($model_id = '' OR m.key = toLower($model_id) OR toLower($model_id) IN coalesce(m.aliases, []))
  AND NOT replace(replace(replace(replace(toLower(split(m.id, '/')[-1]), ' ', ''), '-', ''), '_', ''), '.', '') STARTS WITH replace(replace(replace(replace(toLower(la.name_prefix), ' ', ''), '-', ''), '_', ''), '.', '')
OPTIONAL MATCH (m)-[em:LICENSED_UNDER]->(lm:License)
MATCH q = ALL SHORTEST (m)(()-[r:BASED_ON WHERE r.relation IN passing]->())+(a)
WITH m, em, lm, a, ea, la, length(q) AS depth,
     min(reduce(s = '', r IN relationships(q) | s + CASE WHEN s = '' THEN '' ELSE '>' END + r.relation)) AS path
RETURN m.id AS model, lm.id AS model_license, em.source AS model_license_source,
       a.id AS ancestor, la.id AS ancestor_license, ea.source AS ancestor_license_source,
       depth, path, 'name-prefix' AS rule,
       la.id + ' requires derived model names to begin with "' + la.name_prefix + '"; ' + split(m.id, '/')[-1] + ' does not' AS reason,
       lm.terms_source AS model_terms_source, la.terms_source AS ancestor_terms_source
ORDER BY model, ancestor, ancestor_license, model_license
LIMIT $limit
