// Question: What does the graph hold about one model: its metadata and how many links of each kind it has (the explorer's model page)?
// Param: model_id (model) = "meta-llama/Llama-3.1-8B" -- the model
// Returns: id, author, hub, task, domain, library, parameters, downloads, downloads_all_time, likes, created_at, modified_at, gated, gguf, languages, license_raw, url, sha, loaded, aliases, source, bases, derivatives, datasets, repositories, papers
// Note: bases and derivatives count direct base-model links (a self-reference is not counted); repositories counts the GitHub repositories that load the model itself.
MATCH (m:Model {key: $model_id})
RETURN m.id AS id, m.author AS author, m.hub AS hub, m.task AS task, m.domain AS domain, m.library AS library,
       m.parameters AS parameters, m.downloads AS downloads, m.downloads_all_time AS downloads_all_time, m.likes AS likes,
       m.created_at AS created_at, m.modified_at AS modified_at, m.gated AS gated, m.gguf AS gguf,
       m.languages AS languages, m.license_raw AS license_raw, m.url AS url, m.sha AS sha, m.loaded AS loaded,
       m.aliases AS aliases, m.source AS source,
       COUNT { MATCH (m)-[:BASED_ON]->(b:Model) WHERE b.key <> m.key } AS bases,
       COUNT { MATCH (m)<-[:BASED_ON]-(c:Model) WHERE c.key <> m.key } AS derivatives,
       COUNT { MATCH (m)-[:TRAINED_ON]->(:Dataset) } AS datasets,
       COUNT { MATCH (m)<-[:USES]-(:Repository) } AS repositories,
       COUNT { MATCH (m)-[:CITES]->(:Paper) } AS papers
