-- Alerts opened by readings older than meterlink.alert.readings.notify-max-age (a replay from the earliest offset, a
-- first deployment's backlog) are recorded without SMS: notification BACKLOG.
ALTER TABLE alert DROP CONSTRAINT alert_notification_check;
ALTER TABLE alert ADD CONSTRAINT alert_notification_check
    CHECK (notification IN ('INDIVIDUAL', 'SUMMARY_PENDING', 'SUMMARIZED', 'SILENCED', 'NO_RECIPIENT', 'BACKLOG'));
