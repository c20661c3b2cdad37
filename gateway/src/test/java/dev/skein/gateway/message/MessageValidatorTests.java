package dev.skein.gateway.message;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.skein.contracts.MessageInput;
import dev.skein.gateway.GatewayProperties;
import dev.skein.platform.web.FieldError;

import static org.assertj.core.api.Assertions.assertThat;

class MessageValidatorTests {

    private final MessageValidator validator = new MessageValidator(new GatewayProperties(
            List.of(URI.create("http://m")), List.of(URI.create("http://r")), List.of(URI.create("http://g")),
            Duration.ofSeconds(60), null, null, 10, 5000, 1024, 64, Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ofSeconds(30), new GatewayProperties.RateLimit(600, null)), JsonMapper.builder().build());

    @Test
    void validMessageHasNoErrorsAndBecomesAnInput() {
        MessageRequest message = new MessageRequest("user", "hello", "Ann", "m-1", "2024-05-01T12:00:00Z",
                Map.of("k", "v"), null, null);

        assertThat(errors(message, "")).isEmpty();
        assertThat(this.validator.toInput(message)).isEqualTo(new MessageInput("user", "hello", "Ann", "m-1",
                Instant.parse("2024-05-01T12:00:00Z"), Map.of("k", "v")));
    }

    @Test
    void contentIsLimitedByTheConfiguredLength() {
        assertThat(errors(new MessageRequest("user", "x".repeat(10), null, null, null, null, null, null), ""))
            .isEmpty();
        assertThat(errors(new MessageRequest("user", "x".repeat(11), null, null, null, null, null, null), ""))
            .extracting(FieldError::field)
            .containsExactly("content");
    }

    @Test
    void fieldsArePrefixed() {
        MessageRequest message = new MessageRequest(null, "", "s".repeat(129), "", "not a time",
                Map.of("blob", "b".repeat(100)), null, null);

        assertThat(errors(message, "messages[7].")).extracting(FieldError::field)
            .containsExactly("messages[7].role", "messages[7].content", "messages[7].speaker", "messages[7].externalId",
                    "messages[7].createdAt", "messages[7].metadata");
    }

    @Test
    void missingMessageIsNamedByItsIndex() {
        assertThat(errors(null, "messages[2].")).extracting(FieldError::field).containsExactly("messages[2]");
    }

    private List<FieldError> errors(MessageRequest message, String prefix) {
        List<FieldError> errors = new ArrayList<>();
        this.validator.validate(message, prefix, errors);
        return errors;
    }

}
