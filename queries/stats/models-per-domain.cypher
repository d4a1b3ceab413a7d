// Question: How many loaded models are there per domain (PeaTMOSS Figure 8)?
// Returns: domain, models, share
// Note: the domain is derived from the pipeline tag (nlp, vision, audio, multimodal, tabular, rl, other); '(none)' = no pipeline tag. share = models / loaded models, rounded to 4 decimals. Largest first, ties by domain.
MATCH (m:Model)
WHERE m.loaded = true
WITH count(m) AS total
MATCH (m:Model)
WHERE m.loaded = true
WITH total, coalesce(m.domain, '(none)') AS domain, count(m) AS models
RETURN domain, models, round(1.0 * models / total, 4) AS share
ORDER BY models DESC, domain
