-- PostgreSQL alone doing the work of one status pull, in one statement: the API client's account
-- check, the plan in scope, its semester and counts, and the audit row of the read.
-- bench.run fills in {client} (a national API client's id); :n picks a plan of bench_plan_ids.
WITH c AS (
  SELECT id FROM api_clients WHERE id = '{client}' AND active
), p AS (
  SELECT sp.id, sp.code, sp.status, sp.status_changed_at, sp.semester_id, sp.institution_id,
         sp.student_id, sp.risk_level, sp.version, sp.updated_at
  FROM support_plans sp JOIN bench_plan_ids b ON b.id = sp.id
  WHERE b.i = :n AND EXISTS (SELECT 1 FROM c)
), a AS (
  INSERT INTO audit_events (id, at, actor_client_id, actor_role, action, resource_type,
                            resource_id, student_id, institution_id, request_id, client_address,
                            created_at, updated_at)
  SELECT gen_random_uuid(), now(), c.id, 'integration_client', 'read', 'plan_status',
         p.id::text, p.student_id, p.institution_id, md5(random()::text), '127.0.0.1', now(),
         now()
  FROM p, c
)
SELECT p.*, s.number, y.name,
       (SELECT count(*) FROM measures m WHERE m.plan_id = p.id AND m.status <> 'cancelled'),
       (SELECT count(*) FROM deliveries d WHERE d.plan_id = p.id)
FROM p JOIN semesters s ON s.id = p.semester_id JOIN school_years y ON y.id = s.school_year_id;
