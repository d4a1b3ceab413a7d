// Question: What is the median parameter count of the loaded models created each month, per domain (PeaTMOSS Figure 11)?
// Returns: month, domain, models, median_parameters
// Note: only models with a parameter count (safetensors, else GGUF, metadata) and created_at count; models = how many. month = YYYY-MM of created_at (UTC); '(none)' = no pipeline tag. Ordered by month, then domain.
// Note: median_parameters is percentileCont(parameters, 0.5), the usual median (the mean of the two middle values when the count is even), rounded to 1 decimal so both engines return a float; percentileDisc(parameters, 0.5) would give the lower of the two middle values instead (both engines agree on each).
MATCH (m:Model)
WHERE m.loaded = true AND m.created_at IS NOT NULL AND m.parameters IS NOT NULL
WITH left(m.created_at, 7) AS month, coalesce(m.domain, '(none)') AS domain, m.parameters AS parameters
RETURN month, domain, count(*) AS models, round(percentileCont(parameters, 0.5), 1) AS median_parameters
ORDER BY month, domain
