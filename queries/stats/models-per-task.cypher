// Question: How many loaded models are there per task (pipeline tag), with each task's domain (PeaTMOSS Figure 8, one level down)?
// Returns: domain, task, models, share
// Note: '(none)' = no pipeline tag. share = models / loaded models, rounded to 4 decimals. Largest first, ties by domain, then task; summing models per domain gives stats/models-per-domain.
MATCH (m:Model)
WHERE m.loaded = true
WITH count(m) AS total
MATCH (m:Model)
WHERE m.loaded = true
WITH total, coalesce(m.domain, '(none)') AS domain, coalesce(m.task, '(none)') AS task, count(m) AS models
RETURN domain, task, models, round(1.0 * models / total, 4) AS share
ORDER BY models DESC, domain, task
