-- Users: a conversation may belong to a user of its tenant (tenant-scoped client id), so recall and
-- search can reach the user's other conversations and the user can be erased as a whole. The user
-- row exists while the user has conversations; user erasure deletes it after their conversations.
CREATE TABLE users (
    tenant_id  text        NOT NULL,
    user_id    text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, user_id)
);

-- set once (by the conversation's first message that names a user), never changed: another user
-- for the same conversation is a conflict
ALTER TABLE conversations ADD COLUMN user_id text;
ALTER TABLE conversations ADD CONSTRAINT conversations_user_fkey
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, user_id);
-- a user's conversations, most recently active first (recall's user scope, listing, erasure)
CREATE INDEX conversations_user ON conversations (tenant_id, user_id, last_activity_at DESC)
    WHERE user_id IS NOT NULL;
