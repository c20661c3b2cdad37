package dev.skein.gateway.idempotency;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.skein.contracts.MessageInput;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyKeysTests {

    private static final String OPERATION = "POST /v1/conversations/c1/messages";

    @Test
    void theSameRequestHasTheSameFingerprintWhateverTheOrderOfItsMetadata() {
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", Map.of("y", 2, "x", 3));
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", Map.of("x", 3, "y", 2));
        ba.put("a", 1);

        assertThat(IdempotencyKeys.fingerprint(OPERATION, message("Hello", ab)))
            .isEqualTo(IdempotencyKeys.fingerprint(OPERATION, message("Hello", ba)))
            .hasSize(64);
    }

    @Test
    void anotherContentOrOperationIsAnotherFingerprint() {
        String hello = IdempotencyKeys.fingerprint(OPERATION, message("Hello", null));

        assertThat(IdempotencyKeys.fingerprint(OPERATION, message("Hello!", null))).isNotEqualTo(hello);
        assertThat(IdempotencyKeys.fingerprint("POST /v1/conversations/c2/messages", message("Hello", null)))
            .isNotEqualTo(hello);
    }

    private static MessageInput message(String content, Map<String, Object> metadata) {
        return new MessageInput("user", content, null, null, Instant.parse("2024-05-01T12:00:00Z"), metadata);
    }

}
