-- The W3C traceparent of the transaction that wrote the row: the relay publishes the row inside that
-- trace, so one turn stays one trace across the outbox (null when tracing is off).
ALTER TABLE outbox ADD COLUMN trace_parent text;
