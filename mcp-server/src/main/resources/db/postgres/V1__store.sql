-- The PostgreSQL store, version 1. Runs in one transaction in the store's schema (search_path).

-- One row per deployment: the whole record as the file store writes it (doc), the summary history and status read
-- (summary), and the columns the queries filter and order on. num is the id's number (d-42 -> 42; -1 for an id
-- that is not ours), the creation order: ids are handed out under the store's write lock.
CREATE TABLE deployments (
  id           text PRIMARY KEY,
  num          bigint NOT NULL,
  service      text NOT NULL,
  state        text NOT NULL,
  active       boolean NOT NULL,
  created_at   timestamptz,
  environments text[] NOT NULL,
  revision     bigint NOT NULL,
  doc          text NOT NULL,
  summary      text NOT NULL
);
CREATE INDEX deployments_newest ON deployments (num DESC);
CREATE INDEX deployments_service ON deployments (service, num DESC);
CREATE INDEX deployments_state ON deployments (state, num DESC);
CREATE INDEX deployments_created ON deployments (created_at);
CREATE INDEX deployments_active ON deployments (num DESC) WHERE active;

-- The hash-chained audit trail: each line exactly as the file store's audit.jsonl holds it (canonical JSON with its
-- hash), so verification reads the same bytes either way and a trail moves between the stores unchanged.
CREATE TABLE audit (
  seq           bigint PRIMARY KEY,
  deployment_id text,
  hash          text NOT NULL,
  line          text NOT NULL
);
CREATE INDEX audit_deployment ON audit (deployment_id, seq);

-- The last deployment number handed out.
CREATE TABLE id_sequence (
  last bigint NOT NULL
);
INSERT INTO id_sequence VALUES (0);
