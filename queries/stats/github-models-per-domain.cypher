// Question: Among loaded models that at least one GitHub repository uses, how many are there per domain, and how many repositories use them (PeaTMOSS Figure 9)?
// Returns: domain, models, share, repositories, uses
// Note: models = loaded models with at least one incoming USES edge; share = models / all such models, rounded to 4 decimals; repositories = distinct repositories using a model of the domain; uses = USES edges. '(none)' = no pipeline tag. Largest first, ties by domain.
// Note: used models that were only referenced (loaded = false: a mapping row names a model whose own record was not loaded) have no task and are not counted; on the bundled sample that is most of the PeaTMOSS mapping, whose 2023 ids mostly predate the 2024-2026 sample.
MATCH (m:Model)
WHERE m.loaded = true AND EXISTS { MATCH (:Repository)-[:USES]->(m) }
WITH count(m) AS total
MATCH (r:Repository)-[:USES]->(m:Model)
WHERE m.loaded = true
WITH total, coalesce(m.domain, '(none)') AS domain,
     count(DISTINCT m.key) AS models, count(DISTINCT r.key) AS repositories, count(*) AS uses
RETURN domain, models, round(1.0 * models / total, 4) AS share, repositories, uses
ORDER BY models DESC, domain
