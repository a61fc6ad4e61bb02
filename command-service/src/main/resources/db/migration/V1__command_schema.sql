-- command-service's own schema: the meter registry it routes by, commands with their delivery state, bulk jobs,
-- per-meter seq counters and the token buckets that pace Pub calls across replicas.

-- One row per meter known to this service: imported by an admin (LEGACY until proven otherwise) or created by
-- the first reading that arrived through the IoT Platform (PLATFORM).
CREATE TABLE meter (
    product_key           text        NOT NULL,
    device_name           text        NOT NULL,
    migration_state       text        NOT NULL CHECK (migration_state IN ('LEGACY', 'PLATFORM')),
    route_override        text        CHECK (route_override IN ('LEGACY', 'PLATFORM')),
    override_by           text,
    override_at           timestamptz,
    registered_by         text        NOT NULL,
    registered_at         timestamptz NOT NULL DEFAULT now(),
    first_platform_at     timestamptz,
    last_seen_at          timestamptz,
    last_legacy_seen_at   timestamptz,
    last_message_id       text,
    last_payload          text,
    frame_type            text,
    protocol_version      integer,
    firmware_version      integer,
    signal_quality        integer,
    status_bits           text,
    alarm_code            text,
    energy_hundredths_kwh bigint,
    PRIMARY KEY (product_key, device_name)
);
-- The legacy cluster names meters by deviceName only.
CREATE INDEX meter_device_name ON meter (device_name);
CREATE INDEX meter_product_state ON meter (product_key, migration_state);

-- Last seq handed out per meter; cycles 1..99999 so a seq repeats for a meter only after 99,999 commands to it.
CREATE TABLE meter_seq (
    product_key text    NOT NULL,
    device_name text    NOT NULL,
    last_seq    integer NOT NULL CHECK (last_seq BETWEEN 1 AND 99999),
    PRIMARY KEY (product_key, device_name)
);

CREATE TABLE command_job (
    id              uuid        PRIMARY KEY,
    state           text        NOT NULL CHECK (state IN ('RUNNING', 'PAUSED', 'CANCELLED', 'COMPLETED')),
    args            text        NOT NULL,
    product_key     text,
    total           integer     NOT NULL,
    created_by      text        NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    updated_by      text        NOT NULL,
    finished_at     timestamptz,
    expires_at      timestamptz NOT NULL,
    idempotency_key text,
    request_hash    text,
    UNIQUE (created_by, idempotency_key)
);

-- The outbox: a command is stored ACCEPTED by the API and moved on by the sender.
-- ACCEPTED -> SENDING -> SENT | FAILED | EXPIRED, SENDING -> ACCEPTED (retry), ACCEPTED -> CANCELLED (job cancelled).
CREATE TABLE command (
    id              uuid        PRIMARY KEY,
    product_key     text        NOT NULL,
    device_name     text        NOT NULL,
    seq             integer     NOT NULL,
    args            text        NOT NULL,
    payload         text        NOT NULL,
    state           text        NOT NULL
        CHECK (state IN ('ACCEPTED', 'SENDING', 'SENT', 'FAILED', 'EXPIRED', 'CANCELLED')),
    job_id          uuid        REFERENCES command_job (id),
    -- 0 = a single command an operator waits for, 1 = part of a job; lower goes first.
    priority        smallint    NOT NULL,
    -- true while the command's job is paused: kept out of the sender's index.
    held            boolean     NOT NULL DEFAULT false,
    route           text        CHECK (route IN ('LEGACY', 'PLATFORM')),
    requested_by    text        NOT NULL,
    idempotency_key text,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    claimed_by      text,
    claimed_until   timestamptz,
    message_id      text,
    sent_at         timestamptz,
    finished_at     timestamptz,
    error_code      text,
    error_message   text,
    FOREIGN KEY (product_key, device_name) REFERENCES meter (product_key, device_name),
    UNIQUE (requested_by, idempotency_key)
);
CREATE INDEX command_ready ON command (priority, next_attempt_at) WHERE state = 'ACCEPTED' AND NOT held;
CREATE INDEX command_expiring ON command (expires_at) WHERE state = 'ACCEPTED';
CREATE INDEX command_in_flight ON command (claimed_until) WHERE state = 'SENDING';
CREATE INDEX command_by_meter ON command (product_key, device_name, created_at DESC);
CREATE INDEX command_by_job ON command (job_id, state) WHERE job_id IS NOT NULL;

-- Token buckets shared by all replicas (Pub budget, per-caller limits).
CREATE TABLE rate_bucket (
    name         text             PRIMARY KEY,
    tokens       double precision NOT NULL,
    refreshed_at timestamptz      NOT NULL
);

-- Takes up to p_wanted tokens from bucket p_name (refilled at p_rate/s up to p_capacity) in one atomic step.
-- Returns how many were granted and, when fewer than asked, how long until one more is available.
-- The clock is the database's, so replicas with skewed clocks still share one budget.
CREATE FUNCTION take_tokens(p_name text, p_wanted integer, p_rate double precision, p_capacity double precision)
    RETURNS TABLE (granted integer, wait_ms integer)
    LANGUAGE plpgsql
    -- Resolve rate_bucket in this schema whatever the caller's search_path.
    SET search_path FROM CURRENT AS
$$
DECLARE
    v_tokens double precision;
    v_refreshed timestamptz;
    v_now timestamptz;
BEGIN
    INSERT INTO rate_bucket (name, tokens, refreshed_at) VALUES (p_name, p_capacity, clock_timestamp())
    ON CONFLICT (name) DO NOTHING;
    SELECT b.tokens, b.refreshed_at INTO v_tokens, v_refreshed FROM rate_bucket b WHERE b.name = p_name FOR UPDATE;
    -- Read the clock only once the row is ours, so a waiter never refills with time another holder already used.
    v_now := clock_timestamp();
    v_tokens := LEAST(p_capacity, v_tokens + p_rate * GREATEST(0, EXTRACT(EPOCH FROM (v_now - v_refreshed))));
    granted := GREATEST(0, LEAST(p_wanted, floor(v_tokens)::integer));
    UPDATE rate_bucket SET tokens = v_tokens - granted, refreshed_at = GREATEST(v_now, v_refreshed)
    WHERE name = p_name;
    IF granted >= p_wanted THEN
        wait_ms := 0;
    ELSE
        wait_ms := GREATEST(1, ceil((1.0 - (v_tokens - granted)) / p_rate * 1000.0)::integer);
    END IF;
    RETURN NEXT;
END;
$$;
