DROP TABLE IF EXISTS notification_reads;
DROP TABLE IF EXISTS notifications;
