// Question: How many loaded models were created each month, per domain (PeaTMOSS Figure 10)?
// Returns: month, domain, models
// Note: month = the first seven characters (YYYY-MM) of created_at, which is ISO-8601 UTC; models without created_at are left out. '(none)' = no pipeline tag. Months with no model have no row. Ordered by month, then domain.
MATCH (m:Model)
WHERE m.loaded = true AND m.created_at IS NOT NULL
WITH left(m.created_at, 7) AS month, coalesce(m.domain, '(none)') AS domain
RETURN month, domain, count(*) AS models
ORDER BY month, domain
