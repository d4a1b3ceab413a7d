// Question: Which licenses does a model declare, with their normalized terms and where those terms come from?
// Param: model_id (model) = "meta-llama/Llama-3.1-8B" -- the model
// Returns: license, name, family, kind, known, commercial, copyleft, derivative_license, use_restrictions, name_prefix, attribution, user_cap, terms_source, url, raw, source
// Note: raw is the string the model declared; source is where the LICENSED_UNDER link was seen. Terms the knowledge does not settle read `unknown`. No rows when the model declares no license.
MATCH (m:Model {key: $model_id})-[r:LICENSED_UNDER]->(l:License)
RETURN l.id AS license, l.name AS name, l.family AS family, l.kind AS kind, l.known AS known,
       l.commercial AS commercial, l.copyleft AS copyleft, l.derivative_license AS derivative_license,
       l.use_restrictions AS use_restrictions, l.name_prefix AS name_prefix, l.attribution AS attribution,
       l.user_cap AS user_cap, l.terms_source AS terms_source, l.url AS url, r.raw AS raw, r.source AS source
ORDER BY license
