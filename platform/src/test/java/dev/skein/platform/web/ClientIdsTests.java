package dev.skein.platform.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientIdsTests {

    @Test
    void idsOfTheAlphabetAreValid() {
        assertThat(ClientIds.valid("support-42")).isTrue();
        assertThat(ClientIds.valid("a.b:c_d-e")).isTrue();
        assertThat(ClientIds.valid("...")).isTrue();
        assertThat(ClientIds.valid(".hidden")).isTrue();
        assertThat(ClientIds.valid("x".repeat(128))).isTrue();
    }

    @Test
    void dotSegmentsAreNot() {
        assertThat(ClientIds.valid(".")).isFalse();
        assertThat(ClientIds.valid("..")).isFalse();
    }

    @Test
    void otherCharactersEmptyOrLongIdsAreNot() {
        assertThat(ClientIds.valid(null)).isFalse();
        assertThat(ClientIds.valid("")).isFalse();
        assertThat(ClientIds.valid("x".repeat(129))).isFalse();
        assertThat(ClientIds.valid("a b")).isFalse();
        assertThat(ClientIds.valid("a/b")).isFalse();
        assertThat(ClientIds.valid("a\u0000")).isFalse();
        assertThat(ClientIds.valid("%2E%2E")).isFalse();
    }

}
