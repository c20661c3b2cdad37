-- The vector type lives in public, as infra/skein db creates it for the local test database.
CREATE EXTENSION IF NOT EXISTS vector;
