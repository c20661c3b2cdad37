package dev.skein.platform.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StorableTests {

    @Test
    void textWithoutNulOrLoneSurrogatesIsStorable() {
        assertThat(Storable.text(null)).isTrue();
        assertThat(Storable.text("")).isTrue();
        assertThat(Storable.text("plain, \t\n\u0001 control characters and emoji \uD83D\uDE00")).isTrue();
    }

    @Test
    void nulAnywhereIsNot() {
        assertThat(Storable.text("\u0000")).isFalse();
        assertThat(Storable.text("before\u0000after")).isFalse();
        assertThat(Storable.text("end\u0000")).isFalse();
    }

    @Test
    void anUnpairedSurrogateIsNot() {
        assertThat(Storable.text("\uD83D")).isFalse();
        assertThat(Storable.text("\uD83Dx")).isFalse();
        assertThat(Storable.text("\uDE00")).isFalse();
        assertThat(Storable.text("x\uDE00\uD83D")).isFalse();
    }

    @Test
    void theErrorNamesTheField() {
        List<FieldError> errors = new ArrayList<>();

        Storable.checkText("a\u0000b", "messages[3].content", errors);
        Storable.checkText("fine", "messages[3].speaker", errors);

        assertThat(errors).containsExactly(new FieldError("messages[3].content", Storable.TEXT_RULE));
    }

    @Test
    void jsonIsCheckedAtEveryDepthInKeysAndValues() {
        assertThat(jsonErrors(Map.of("a", List.of(1, "two", Map.of("b", true))))).isEmpty();
        assertThat(jsonErrors(Map.of("a", List.of(Map.of("b", "x\u0000"))))).containsExactly(Storable.TEXT_RULE);
        assertThat(jsonErrors(Map.of("k\u0000", 1))).containsExactly(Storable.TEXT_RULE);
        assertThat(jsonErrors(Map.of("n", Double.POSITIVE_INFINITY))).containsExactly(Storable.JSON_NUMBER_RULE);
        assertThat(jsonErrors(List.of(Double.NaN))).containsExactly(Storable.JSON_NUMBER_RULE);
    }

    @Test
    void instantsFromYearOneToYear9999() {
        assertThat(Storable.instant(null)).isTrue();
        assertThat(Storable.instant(Instant.parse("0001-01-01T00:00:00Z"))).isTrue();
        assertThat(Storable.instant(Instant.parse("9999-12-31T23:59:59.999999Z"))).isTrue();
        assertThat(Storable.instant(Instant.parse("0000-12-31T23:59:59Z"))).isFalse();
        assertThat(Storable.instant(Instant.parse("+10000-01-01T00:00:00Z"))).isFalse();
        assertThat(Storable.instant(Instant.MAX)).isFalse();
    }

    private static List<String> jsonErrors(Object json) {
        List<FieldError> errors = new ArrayList<>();
        Storable.checkJson(json, "metadata", errors);
        return errors.stream().map(FieldError::message).toList();
    }

}
