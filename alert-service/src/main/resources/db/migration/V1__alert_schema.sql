-- alert-service owns this schema. Flyway runs with search_path = alert.

-- What the rules remember per meter, and when each meter counts as silent (input of the missing-report scan).
CREATE TABLE meter_state (
    product_key        varchar(64) NOT NULL,
    device_name        varchar(64) NOT NULL,
    last_reading_at    timestamptz NOT NULL,
    last_energy        bigint      NOT NULL,
    weak_signal_streak integer     NOT NULL DEFAULT 0,
    -- The meter is missing once this passes; null while its missing-report alert is open (or the rule is off).
    silent_after       timestamptz,
    updated_at         timestamptz NOT NULL,
    PRIMARY KEY (product_key, device_name)
);
CREATE INDEX meter_state_silent_after ON meter_state (silent_after) WHERE silent_after IS NOT NULL;

-- Ids of readings already applied: a redelivered record finds its id here and changes nothing.
CREATE TABLE processed_message (
    message_key  varchar(300) PRIMARY KEY,
    processed_at timestamptz  NOT NULL
);
CREATE INDEX processed_message_processed_at ON processed_message (processed_at);

CREATE SEQUENCE alert_seq INCREMENT BY 50;
CREATE TABLE alert (
    id                 bigint       PRIMARY KEY,
    product_key        varchar(64)  NOT NULL,
    device_name        varchar(64)  NOT NULL,
    rule               varchar(64)  NOT NULL,
    status             varchar(16)  NOT NULL CHECK (status IN ('OPEN', 'ACKNOWLEDGED', 'RESOLVED')),
    detail             varchar(200) NOT NULL,
    opened_at          timestamptz  NOT NULL,
    last_firing_at     timestamptz  NOT NULL,
    firing_count       integer      NOT NULL,
    resolved_at        timestamptz,
    acknowledged_at    timestamptz,
    acknowledged_by    varchar(128),
    acknowledge_note   varchar(500),
    notification       varchar(20)  NOT NULL
        CHECK (notification IN ('INDIVIDUAL', 'SUMMARY_PENDING', 'SUMMARIZED', 'SILENCED', 'NO_RECIPIENT')),
    last_notified_at   timestamptz,
    notify_count       integer      NOT NULL DEFAULT 0,
    summary_id         bigint,
    opened_by_message  varchar(300)
);
-- One open (or acknowledged) alert per meter and rule, even with several replicas racing.
CREATE UNIQUE INDEX alert_one_open_per_meter_rule ON alert (product_key, device_name, rule) WHERE status <> 'RESOLVED';
CREATE INDEX alert_opened_at ON alert (opened_at);
CREATE INDEX alert_meter_rule ON alert (product_key, device_name, rule, opened_at DESC);
CREATE INDEX alert_device ON alert (device_name) WHERE status <> 'RESOLVED';
CREATE INDEX alert_summary_pending ON alert (opened_at) WHERE notification = 'SUMMARY_PENDING';

CREATE SEQUENCE summary_seq;

-- The SMS outbox: written in the same transaction as the alert, sent by workers that claim rows with SKIP LOCKED.
CREATE SEQUENCE sms_seq INCREMENT BY 50;
CREATE TABLE sms (
    id                 bigint        PRIMARY KEY,
    kind               varchar(10)   NOT NULL CHECK (kind IN ('ALERT', 'SUMMARY')),
    alert_id           bigint        REFERENCES alert (id),
    summary_id         bigint,
    phone_number       varchar(32)   NOT NULL,
    sign_name          varchar(64)   NOT NULL,
    template_code      varchar(64)   NOT NULL,
    template_param     varchar(2000) NOT NULL,
    status             varchar(10)   NOT NULL CHECK (status IN ('QUEUED', 'SENT', 'FAILED')),
    attempts           integer       NOT NULL DEFAULT 0,
    next_attempt_at    timestamptz   NOT NULL,
    created_at         timestamptz   NOT NULL,
    sent_at            timestamptz,
    biz_id             varchar(64),
    last_error_code    varchar(64),
    last_error_message varchar(500),
    updated_at         timestamptz   NOT NULL
);
CREATE INDEX sms_due ON sms (next_attempt_at, id) WHERE status = 'QUEUED';
CREATE INDEX sms_sent_per_number ON sms (phone_number, template_code, sent_at) WHERE status = 'SENT';
CREATE INDEX sms_created_at ON sms (created_at);
CREATE INDEX sms_alert ON sms (alert_id);

-- On-call numbers per product, edited through the API; they override the configured routing for that product.
CREATE TABLE oncall_recipient (
    product_key  varchar(64) NOT NULL,
    phone_number varchar(32) NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (product_key, phone_number)
);
