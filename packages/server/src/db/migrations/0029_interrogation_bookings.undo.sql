DROP TABLE IF EXISTS interrogation_bookings;
