/**
 * Training jobs started by the built-in cron (`schedule`) or by a scheduled drift check that found
 * drift (`drift`) say so, instead of passing for API calls. The constraint is PostgreSQL's default
 * name for the column check of migration 0003.
 */
export default /* sql */ `
ALTER TABLE training_jobs DROP CONSTRAINT training_jobs_trigger_check;
ALTER TABLE training_jobs ADD CONSTRAINT training_jobs_trigger_check CHECK (trigger IN ('api', 'cli', 'schedule', 'drift'));
`;
