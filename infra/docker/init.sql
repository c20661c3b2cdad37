-- Runs once, when the postgres container initialises an empty data volume.
-- The application role is not a superuser; the vector extension is created here, by the
-- superuser, so the services' Flyway "CREATE EXTENSION IF NOT EXISTS vector" is a no-op.
CREATE ROLE skein LOGIN PASSWORD 'skein';
CREATE DATABASE skein OWNER skein;
\connect skein
CREATE EXTENSION IF NOT EXISTS vector;
