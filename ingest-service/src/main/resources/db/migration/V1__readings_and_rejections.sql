-- ingest-service schema. Flyway runs this as the service's own role, inside the schema "ingest".

-- One row per accepted data frame. Range-partitioned by generate_time (the platform's receive time), one partition per
-- UTC day, so retention is a DROP TABLE and range queries touch only the days they ask for.
--
-- De-duplication: the platform redelivers unsettled messages with the same messageId and the same generateTime (both
-- are stamped once, when the platform receives the device's publish). A unique key on a partitioned table must contain
-- the partition key, so the key is (message_id, generate_time): a redelivery lands in the same partition and the
-- insert's ON CONFLICT DO NOTHING skips it. Redeliveries happen within the platform's one-day backlog retention,
-- long before the partition holding the original is dropped.
CREATE TABLE reading (
    generate_time         timestamptz NOT NULL,
    message_id            text        NOT NULL,
    product_key           text        NOT NULL,
    device_name           text        NOT NULL,
    received_at           timestamptz NOT NULL,
    frame                 text        NOT NULL,
    frame_type            text        NOT NULL,
    firmware_version      smallint    NOT NULL,
    signal_quality        smallint    NOT NULL,
    status_mask           smallint    NOT NULL,
    alarm_code            smallint    NOT NULL,
    energy_hundredths_kwh bigint      NOT NULL,
    CONSTRAINT reading_pk PRIMARY KEY (message_id, generate_time)
) PARTITION BY RANGE (generate_time);

COMMENT ON TABLE reading IS 'Accepted meter data frames, one partition per UTC day (reading_YYYYMMDD)';
COMMENT ON COLUMN reading.frame IS 'The payload exactly as the meter sent it (printable ASCII, so text is byte-identical)';
COMMENT ON COLUMN reading.status_mask IS 'The nine status flags, bit i = i-th character of the frame''s status field';

-- "Latest reading of a meter" (newest first, stops after one row per partition) and "a meter's readings between two
-- times" (partition pruning on generate_time, then this index).
CREATE INDEX reading_meter_time_idx ON reading (device_name, product_key, generate_time DESC);

-- Deliveries that will never be readings (malformed frame, unknown topic, missing properties, oversize). Low volume:
-- a plain table, kept as long as readings and trimmed by the same maintenance job.
CREATE TABLE rejected_message (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id    text,
    topic         text,
    product_key   text,
    device_name   text,
    generate_time timestamptz,
    received_at   timestamptz NOT NULL,
    reason        text        NOT NULL,
    detail        text        NOT NULL,
    payload       bytea,
    payload_size  integer     NOT NULL
);

COMMENT ON COLUMN rejected_message.payload IS 'At most the first 1024 bytes of the payload; payload_size is the full size';

-- A redelivered rejected message is recognised by its messageId (when it has one) and not stored twice.
CREATE UNIQUE INDEX rejected_message_message_id_idx ON rejected_message (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX rejected_message_received_at_idx ON rejected_message (received_at);
CREATE INDEX rejected_message_device_idx ON rejected_message (device_name, received_at) WHERE device_name IS NOT NULL;

-- Partition maintenance, callable by the service (at start-up, daily, and on demand for a batch reaching a day that has
-- no partition yet) and by operators. An advisory lock serialises replicas doing the same at the same time.
CREATE FUNCTION ensure_reading_partitions(first_day date, last_day date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    day     date := first_day;
    name    text;
    created integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('ingest.reading partitions'));
    WHILE day <= last_day LOOP
        name := 'reading_' || to_char(day, 'YYYYMMDD');
        IF to_regclass(format('ingest.%I', name)) IS NULL THEN
            EXECUTE format('CREATE TABLE ingest.%I PARTITION OF ingest.reading FOR VALUES FROM (%L) TO (%L)',
                           name, day::timestamp AT TIME ZONE 'UTC', (day + 1)::timestamp AT TIME ZONE 'UTC');
            created := created + 1;
        END IF;
        day := day + 1;
    END LOOP;
    RETURN created;
END
$$;

-- The UTC days that have a partition.
CREATE FUNCTION reading_partition_days() RETURNS SETOF date
LANGUAGE sql STABLE AS $$
    SELECT to_date(substr(c.relname, 9), 'YYYYMMDD')
    FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    JOIN pg_class p ON p.oid = i.inhparent
    JOIN pg_namespace n ON n.oid = p.relnamespace
    WHERE n.nspname = 'ingest' AND p.relname = 'reading' AND c.relname ~ '^reading_[0-9]{8}$'
$$;

-- Retention: drops every daily partition of a day before cutoff (whole days only; nothing is deleted row by row).
CREATE FUNCTION drop_reading_partitions_before(cutoff date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    day     date;
    dropped integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('ingest.reading partitions'));
    FOR day IN SELECT d FROM ingest.reading_partition_days() AS d WHERE d < cutoff ORDER BY d LOOP
        EXECUTE format('DROP TABLE ingest.%I', 'reading_' || to_char(day, 'YYYYMMDD'));
        dropped := dropped + 1;
    END LOOP;
    RETURN dropped;
END
$$;
