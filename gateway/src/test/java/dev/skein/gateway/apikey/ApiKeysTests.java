package dev.skein.gateway.apikey;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeysTests {

    @Test
    void generatedKeysHaveThePrefixAnd40HexCharacters() {
        String first = ApiKeys.generate();
        String second = ApiKeys.generate();

        assertThat(first).matches("sk-skein-[0-9a-f]{40}");
        assertThat(second).matches("sk-skein-[0-9a-f]{40}").isNotEqualTo(first);
    }

    @Test
    void hashIsHexSha256() {
        assertThat(ApiKeys.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void secretsCompareByValue() {
        assertThat(ApiKeys.constantTimeEquals("token-1", "token-1")).isTrue();
        assertThat(ApiKeys.constantTimeEquals("token-1", "token-2")).isFalse();
        assertThat(ApiKeys.constantTimeEquals("token", "token-1")).isFalse();
    }

}
