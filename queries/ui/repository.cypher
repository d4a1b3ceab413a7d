// Question: Which models does a GitHub repository load, with the repository's license and each model's license?
// Param: repository_id (repository) = "microsoft/LMOps" -- the repository (owner/name or GitHub URL)
// Returns: model, loaded, model_license, model_family, repository_license, license_status
// Note: one row per model and license pair; a license that is not declared is null. license_status says whether the repository's license was checked (licensed, none, unknown).
MATCH (r:Repository {key: $repository_id})-[:USES]->(m:Model)
OPTIONAL MATCH (m)-[:LICENSED_UNDER]->(ml:License)
OPTIONAL MATCH (r)-[:LICENSED_UNDER]->(rl:License)
RETURN m.id AS model, m.loaded AS loaded, ml.id AS model_license, ml.family AS model_family,
       rl.id AS repository_license, r.license_status AS license_status
ORDER BY model, model_license, repository_license
