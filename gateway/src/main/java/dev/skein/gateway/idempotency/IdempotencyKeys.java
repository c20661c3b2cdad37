package dev.skein.gateway.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.skein.platform.web.FieldError;
import dev.skein.platform.web.ProblemException;
import dev.skein.platform.web.Problems;
import dev.skein.platform.web.ValidationException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The {@code Idempotency-Key} header of every POST that creates something. The first
 * request with a key (per tenant) records what it asks for and the id of what it creates
 * (a turn, a writing job, an import); the same request sent again with the key gets the
 * same id, and every layer behind the gateway already treats a known id as done, so
 * nothing is created twice, also when both copies arrive at once. The same key with a
 * request that asks for something else is refused with 422. Keys are kept for
 * {@link IdempotencyProperties#ttl()}.
 */
@Component
public class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";

    static final int MAX_LENGTH = 255;

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeys.class);

    // map keys sorted (metadata): the same request always has the same fingerprint
    private static final JsonMapper CANONICAL = JsonMapper.builder()
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .build();

    private final JdbcTemplate jdbc;

    private final IdempotencyProperties properties;

    IdempotencyKeys(JdbcTemplate jdbc, IdempotencyProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /**
     * The id of what the first request with this key created, or {@code proposed} when
     * this request is the first (or no key was sent).
     * @param key the header's value, null when absent
     * @param operation what the request does and to what, e.g.
     * {@code POST /v1/conversations/c1/messages}: the same key on another endpoint or
     * conversation is another request
     * @param request what the request asks for, compared as canonical JSON (the parsed
     * request, not its bytes: fields Skein ignores, such as {@code stream}, may differ)
     * @throws ValidationException when the key is not 1 to 255 visible ASCII characters
     * @throws ProblemException 422 {@code idempotency-key-reused} when the key was used
     * for another request
     */
    public UUID claim(String tenantId, @Nullable String key, String operation, Object request, UUID proposed) {
        if (key == null) {
            return proposed;
        }
        requireValid(key);
        String fingerprint = fingerprint(operation, request);
        Timestamp expired = Timestamp.from(Instant.now().minus(this.properties.ttl()));
        Claimed claimed = first(this.jdbc.query("""
                INSERT INTO idempotency_keys (tenant_id, idempotency_key, fingerprint, resource_id)
                VALUES (?, ?, ?, ?)
                ON CONFLICT (tenant_id, idempotency_key) DO UPDATE
                    SET fingerprint = EXCLUDED.fingerprint, resource_id = EXCLUDED.resource_id, created_at = now()
                    WHERE idempotency_keys.created_at < ?
                RETURNING fingerprint, resource_id""", Claimed.ROWS, tenantId, key, fingerprint, proposed, expired));
        if (claimed == null) {
            // a request with this key came first (perhaps at this very moment: the
            // insert waited for it to commit)
            claimed = first(this.jdbc.query(
                    "SELECT fingerprint, resource_id FROM idempotency_keys WHERE tenant_id = ? AND idempotency_key = ?",
                    Claimed.ROWS, tenantId, key));
            if (claimed == null) {
                // swept between the two statements: the key is free again
                return claim(tenantId, key, operation, request, proposed);
            }
        }
        if (!claimed.fingerprint().equals(fingerprint)) {
            throw reused();
        }
        return claimed.resourceId();
    }

    /** Forgets keys older than the TTL; a key found expired before is replaced anyway. */
    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void forgetExpired() {
        int forgotten = this.jdbc.update("DELETE FROM idempotency_keys WHERE created_at < ?",
                Timestamp.from(Instant.now().minus(this.properties.ttl())));
        if (forgotten > 0) {
            log.debug("Forgot {} idempotency keys older than {}", forgotten, this.properties.ttl());
        }
    }

    static String fingerprint(String operation, Object request) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(operation.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
            sha256.update(CANONICAL.writeValueAsBytes(request));
            return HexFormat.of().formatHex(sha256.digest());
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is part of every JDK", ex);
        }
    }

    private static void requireValid(String key) {
        boolean valid = !key.isEmpty() && key.length() <= MAX_LENGTH
                && key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
        if (!valid) {
            throw new ValidationException(HEADER, "must be 1 to " + MAX_LENGTH + " visible ASCII characters");
        }
    }

    private static ProblemException reused() {
        ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, Problems.IDEMPOTENCY_KEY_REUSED,
                "Idempotency-Key reused", "This Idempotency-Key was used for a different request.");
        problem.setProperty("errors", List.of(new FieldError(HEADER, "was used for a different request")));
        return new ProblemException(problem);
    }

    private static <T> @Nullable T first(List<T> rows) {
        return rows.isEmpty() ? null : rows.get(0);
    }

    private record Claimed(String fingerprint, UUID resourceId) {

        static final org.springframework.jdbc.core.RowMapper<Claimed> ROWS = (rs,
                row) -> new Claimed(rs.getString("fingerprint"), rs.getObject("resource_id", UUID.class));

    }

}
