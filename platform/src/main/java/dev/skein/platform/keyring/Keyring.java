package dev.skein.platform.keyring;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The data keys of all conversations, in the {@code keyring} schema of the shared
 * database (one row per tenant and conversation, the key wrapped by the
 * {@link MasterKey}). Each service keeps a key it read for
 * {@code skein.keyring.cache-ttl} (10 s): one database round trip per conversation and
 * interval, none per event. Deleting a row ({@link #erase}) is the erasure of every
 * encrypted copy of the conversation's events.
 */
public class Keyring {

    /** Serializes the schema's creation: all services start at once. */
    private static final long SCHEMA_LOCK = 0x736b65696e6b7231L;

    private static final String SELECT_BY_CONVERSATION = """
            SELECT key_id, master_key_id, wrapped_key FROM keyring.data_keys
            WHERE tenant_id = ? AND conversation_id = ?""";

    private final DataSource dataSource;

    private final JdbcTemplate jdbc;

    private final @Nullable MasterKey master;

    private final SecureRandom random;

    private final long ttlNanos;

    private final int cacheSize;

    private final Map<Conversation, Cached> byConversation = new ConcurrentHashMap<>();

    private final Map<UUID, Cached> byId = new ConcurrentHashMap<>();

    public Keyring(DataSource dataSource, @Nullable MasterKey master, SecureRandom random, Duration cacheTtl,
            int cacheSize) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.master = master;
        this.random = random;
        this.ttlNanos = cacheTtl.toNanos();
        this.cacheSize = cacheSize;
    }

    /**
     * Creates the schema if it is missing (version 1; a later change adds statements that
     * are idempotent too, under the same lock).
     */
    public void createSchema() {
        try (Connection connection = this.dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
                statement.execute("CREATE SCHEMA IF NOT EXISTS keyring");
                statement.execute("""
                        CREATE TABLE IF NOT EXISTS keyring.data_keys (
                            key_id          uuid        PRIMARY KEY,
                            tenant_id       text        NOT NULL,
                            conversation_id text        NOT NULL,
                            master_key_id   text        NOT NULL,
                            wrapped_key     bytea       NOT NULL,
                            created_at      timestamptz NOT NULL DEFAULT now(),
                            CONSTRAINT data_keys_conversation_key UNIQUE (tenant_id, conversation_id)
                        )""");
                connection.commit();
            }
            catch (SQLException ex) {
                connection.rollback();
                throw ex;
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Cannot create the keyring schema", ex);
        }
    }

    /**
     * The conversation's key, created when it has none. On a connection of its own
     * (committed at once, never part of the caller's transaction): an event encrypted
     * with a key whose creation rolled back could never be read. Race-free: INSERT ... ON
     * CONFLICT DO NOTHING, then the row that won is read.
     */
    public DataKey forWriting(String tenantId, String conversationId) {
        Conversation conversation = new Conversation(tenantId, conversationId);
        Cached cached = this.byConversation.get(conversation);
        if (cached != null && cached.fresh()) {
            return cached.key();
        }
        MasterKey masterKey = requireMaster();
        try (Connection connection = this.dataSource.getConnection()) {
            connection.setAutoCommit(true);
            DataKey key = read(connection, conversation);
            if (key == null) {
                UUID id = UUID.randomUUID();
                byte[] secret = new byte[32];
                this.random.nextBytes(secret);
                try (PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO keyring.data_keys (key_id, tenant_id, conversation_id, master_key_id, wrapped_key)
                        VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant_id, conversation_id) DO NOTHING""")) {
                    insert.setObject(1, id);
                    insert.setString(2, tenantId);
                    insert.setString(3, conversationId);
                    insert.setString(4, masterKey.id());
                    insert.setBytes(5, masterKey.wrap(id, secret));
                    insert.executeUpdate();
                }
                key = read(connection, conversation);
                if (key == null) {
                    // erased between the insert and the read
                    throw new IllegalStateException("The data key of a conversation vanished while it was created");
                }
            }
            remember(conversation, key);
            return key;
        }
        catch (SQLException ex) {
            throw new KeyringUnavailableException("Cannot read the data key of a conversation", ex);
        }
    }

    /** The key of this id, or empty when it was erased. */
    public Optional<DataKey> forReading(UUID keyId) {
        Cached cached = this.byId.get(keyId);
        if (cached != null && cached.fresh()) {
            return Optional.of(cached.key());
        }
        MasterKey masterKey = requireMaster();
        try (Connection connection = this.dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT tenant_id, conversation_id, master_key_id, wrapped_key FROM keyring.data_keys
                        WHERE key_id = ?""")) {
            select.setObject(1, keyId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    this.byId.remove(keyId);
                    return Optional.empty();
                }
                DataKey key = unwrap(masterKey, keyId, row.getString(3), row.getBytes(4));
                remember(new Conversation(row.getString(1), row.getString(2)), key);
                return Optional.of(key);
            }
        }
        catch (SQLException ex) {
            throw new KeyringUnavailableException("Cannot read a data key", ex);
        }
    }

    /**
     * Deletes the conversation's key, in the caller's transaction (the erasure commits or
     * rolls back as one), and forgets it here; other services forget it within the cache
     * ttl.
     */
    public int erase(String tenantId, String conversationId) {
        Conversation conversation = new Conversation(tenantId, conversationId);
        Cached cached = this.byConversation.remove(conversation);
        if (cached != null) {
            this.byId.remove(cached.key().id());
        }
        return this.jdbc.update("DELETE FROM keyring.data_keys WHERE tenant_id = ? AND conversation_id = ?", tenantId,
                conversationId);
    }

    private @Nullable DataKey read(Connection connection, Conversation conversation) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT_BY_CONVERSATION)) {
            select.setString(1, conversation.tenantId());
            select.setString(2, conversation.conversationId());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                UUID id = row.getObject(1, UUID.class);
                return unwrap(requireMaster(), id, row.getString(2), row.getBytes(3));
            }
        }
    }

    private static DataKey unwrap(MasterKey masterKey, UUID id, String masterKeyId, byte[] wrapped) {
        if (!masterKey.id().equals(masterKeyId)) {
            throw new IllegalStateException("Data key " + id + " is wrapped by master key " + masterKeyId
                    + ", not by the configured one (" + masterKey.id() + ")");
        }
        try {
            return new DataKey(id, new SecretKeySpec(masterKey.unwrap(id, wrapped), "AES"));
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("Data key " + id + " cannot be unwrapped with the master key", ex);
        }
    }

    private void remember(Conversation conversation, DataKey key) {
        if (this.byConversation.size() >= this.cacheSize || this.byId.size() >= this.cacheSize) {
            this.byConversation.clear();
            this.byId.clear();
        }
        Cached cached = new Cached(key, System.nanoTime() + this.ttlNanos);
        this.byConversation.put(conversation, cached);
        this.byId.put(key.id(), cached);
    }

    private MasterKey requireMaster() {
        if (this.master == null) {
            throw new IllegalStateException("No master key is configured (SKEIN_MASTER_KEY or SKEIN_MASTER_KEY_FILE)");
        }
        return this.master;
    }

    private record Conversation(String tenantId, String conversationId) {
    }

    private record Cached(DataKey key, long expiresAt) {

        boolean fresh() {
            return System.nanoTime() - this.expiresAt < 0;
        }

    }

}
