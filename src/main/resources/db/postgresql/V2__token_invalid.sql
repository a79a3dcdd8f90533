-- Push providers (webpush, fcm, apns) say when a device token or subscription is gone: the message's result says so
-- (tokenInvalid), and its job counts them.
ALTER TABLE job_messages ADD COLUMN token_invalid INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN token_invalid INTEGER NOT NULL DEFAULT 0;
