// Question: How complete is the models' metadata: for each field, how many loaded models have it and what share of all loaded models that is (PeaTMOSS Figure 7)?
// Returns: field, models, total, share
// Note: one row per field, most complete first (ties by field name); total = loaded models; share = models / total rounded to 4 decimals (0.0 when no model is loaded).
// Note: a property field counts when the property is set (languages: a non-empty list; parameters: the safetensors, else GGUF, total); license, datasets, base_model and paper count models with at least one LICENSED_UNDER, TRAINED_ON, BASED_ON or CITES edge from any source (a self-reference counts as a declared base model).
MATCH (m:Model)
WHERE m.loaded = true
WITH m,
     EXISTS { MATCH (m)-[:LICENSED_UNDER]->(:License) } AS has_license,
     EXISTS { MATCH (m)-[:TRAINED_ON]->(:Dataset) } AS has_datasets,
     EXISTS { MATCH (m)-[:BASED_ON]->(:Model) } AS has_base_model,
     EXISTS { MATCH (m)-[:CITES]->(:Paper) } AS has_paper
WITH count(m) AS total,
     count(m.author) AS author,
     count(m.created_at) AS created_at,
     count(m.task) AS task,
     count(m.library) AS library,
     count(m.parameters) AS parameters,
     count(CASE WHEN size(m.languages) > 0 THEN 1 END) AS languages,
     count(CASE WHEN has_license THEN 1 END) AS license,
     count(CASE WHEN has_datasets THEN 1 END) AS datasets,
     count(CASE WHEN has_base_model THEN 1 END) AS base_model,
     count(CASE WHEN has_paper THEN 1 END) AS paper
UNWIND [
  {field: 'author', models: author},
  {field: 'created_at', models: created_at},
  {field: 'task', models: task},
  {field: 'library', models: library},
  {field: 'parameters', models: parameters},
  {field: 'languages', models: languages},
  {field: 'license', models: license},
  {field: 'datasets', models: datasets},
  {field: 'base_model', models: base_model},
  {field: 'paper', models: paper}
] AS f
RETURN f.field AS field, f.models AS models, total,
       round(1.0 * f.models / CASE WHEN total = 0 THEN 1 ELSE total END, 4) AS share
ORDER BY models DESC, field
