-- An import's memories arrive on a topic of their own (memory.memory-imported.v1), beside the chats' new turns.
-- imported_through: the highest sequence of an imported memory indexed. import_from / import_through: the range
-- of the imports announced on memory.memory-recorded.v1 and not known to be indexed yet (none once
-- imported_through reaches import_through). The index is through a sequence when both topics are.
ALTER TABLE index_watermarks
    ADD COLUMN imported_through bigint NOT NULL DEFAULT 0,
    ADD COLUMN import_from bigint NOT NULL DEFAULT 0,
    ADD COLUMN import_through bigint NOT NULL DEFAULT 0;
