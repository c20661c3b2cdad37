package dev.skein.platform.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ServiceTokensTests {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final ServiceTokens gateway = tokens("gateway", SECRET, NOW);

    private final ServiceTokens memory = tokens("memory-service", SECRET, NOW);

    @Test
    void aTokenIsACompactHs256JwtNamingIssuerAudienceTenantAndAMinute() {
        String token = this.gateway.issue("memory-service", "t1");

        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        assertThat(decode(parts[0])).isEqualTo("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        assertThat(decode(parts[1])).isEqualTo(
                "{\"iss\":\"gateway\",\"aud\":\"memory-service\",\"tenant\":\"t1\",\"iat\":1767225600,\"exp\":1767225660}");
        assertThat(Base64.getUrlDecoder().decode(parts[2])).hasSize(32);
        assertThat(this.memory.verify(token))
            .isEqualTo(new ServiceToken("gateway", "memory-service", "t1", NOW, NOW.plusSeconds(60)));
    }

    @Test
    void aTokenWithoutATenantHasNoTenantClaim() {
        String token = this.gateway.issue("memory-service", null);

        assertThat(decode(token.split("\\.")[1])).doesNotContain("tenant");
        assertThat(this.memory.verify(token).tenant()).isNull();
    }

    @Test
    void aTokenForAPathIsForTheTenantThePathNames() {
        assertThat(this.memory.verify(this.gateway.issueForPath("memory-service",
                "/internal/tenants/t%201/conversations/c/messages?cursor=/internal/tenants/t2/"))
            .tenant()).isEqualTo("t 1");
        assertThat(this.memory.verify(this.gateway.issueForPath("memory-service", "/internal/writing")).tenant())
            .isNull();
    }

    @Test
    void aMissingTokenIsRefused() {
        assertRefused(null, "A service token is required: Authorization: Bearer <token> (docs/architecture.md).");
        assertRefused("", "A service token is required: Authorization: Bearer <token> (docs/architecture.md).");
    }

    @Test
    void aMalformedTokenIsRefused() {
        String token = this.gateway.issue("memory-service", "t1");
        assertRefused("not-a-token", "The service token is malformed.");
        assertRefused(token + ".x", "The service token is malformed.");
        assertRefused(token.substring(0, token.lastIndexOf('.') + 1) + "%%%", "The service token is malformed.");
        assertRefused("x".repeat(3000), "The service token is malformed.");
    }

    @Test
    void aTokenOfAnotherAlgorithmIsRefusedWhateverItsSignature() {
        String token = this.gateway.issue("memory-service", "t1");
        String none = encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");

        assertRefused(none + token.substring(token.indexOf('.')), "The service token is not an HS256 token of Skein.");
        assertRefused(none + "." + token.split("\\.")[1] + ".", "The service token is not an HS256 token of Skein.");
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefused() {
        String token = tokens("gateway", "another-secret-another-secret-0000", NOW).issue("memory-service", "t1");

        assertRefused(token, "The service token's signature is not valid.");
    }

    @Test
    void aTokenWhoseClaimsWereChangedIsRefused() {
        String[] parts = this.gateway.issue("memory-service", "t1").split("\\.");
        String otherTenant = encode(decode(parts[1]).replace("\"t1\"", "\"t2\""));

        assertRefused(parts[0] + "." + otherTenant + "." + parts[2], "The service token's signature is not valid.");
    }

    @Test
    void aTokenForAnotherServiceIsRefused() {
        String token = this.gateway.issue("retrieval-service", "t1");

        assertRefused(token, "The service token is for another service.");
    }

    @Test
    void aTokenIsGoodUntilItsExpiryPlusTheClockSkew() {
        String token = this.gateway.issue("memory-service", "t1");

        assertThat(tokens("memory-service", SECRET, NOW.plusSeconds(70)).verify(token).tenant()).isEqualTo("t1");
        assertThatExceptionOfType(InvalidServiceTokenException.class)
            .isThrownBy(() -> tokens("memory-service", SECRET, NOW.plusSeconds(71)).verify(token))
            .withMessage("The service token has expired.");
    }

    @Test
    void aTokenFromTheFutureBeyondTheClockSkewIsRefused() {
        String early = tokens("gateway", SECRET, NOW.plusSeconds(10)).issue("memory-service", "t1");
        String tooEarly = tokens("gateway", SECRET, NOW.plusSeconds(11)).issue("memory-service", "t1");

        assertThat(this.memory.verify(early).tenant()).isEqualTo("t1");
        assertRefused(tooEarly, "The service token's lifetime is not acceptable.");
    }

    @Test
    void aTokenThatClaimsMoreThanFiveMinutesIsRefusedEvenWhenSigned() throws Exception {
        String token = signed("{\"iss\":\"gateway\",\"aud\":\"memory-service\",\"tenant\":\"t1\",\"iat\":"
                + NOW.getEpochSecond() + ",\"exp\":" + (NOW.getEpochSecond() + 301) + "}");

        assertRefused(token, "The service token's lifetime is not acceptable.");
    }

    @Test
    void signedClaimsOfTheWrongShapeAreMalformed() throws Exception {
        assertRefused(signed("{\"iss\":\"gateway\",\"aud\":\"memory-service\",\"iat\":1,\"exp\":1e300}"),
                "The service token is malformed.");
        assertRefused(
                signed("{\"iss\":\"gateway\",\"aud\":\"memory-service\",\"iat\":0,\"exp\":" + Long.MAX_VALUE + "}"),
                "The service token is malformed.");
        assertRefused(signed("{\"iss\":\"gateway\",\"aud\":\"memory-service\",\"tenant\":7,\"iat\":"
                + NOW.getEpochSecond() + ",\"exp\":" + (NOW.getEpochSecond() + 60) + "}"),
                "The service token is malformed.");
        assertRefused(signed("[1,2]"), "The service token is malformed.");
    }

    @Test
    void duringARotationThePreviousSecretStillVerifiesButNoLongerSigns() {
        String old = "the-previous-secret-the-previous-secret";
        ServiceTokens rotated = new ServiceTokens("memory-service", List.of(SECRET, old), Duration.ofSeconds(60),
                Duration.ofSeconds(10), Clock.fixed(NOW, ZoneOffset.UTC));
        String fromAnOldPeer = tokens("gateway", old, NOW).issue("memory-service", "t1");

        assertThat(rotated.verify(fromAnOldPeer).tenant()).isEqualTo("t1");
        assertThat(this.memory.verify(rotated.issue("memory-service", "t1")).issuer()).isEqualTo("memory-service");
        assertRefused(fromAnOldPeer, "The service token's signature is not valid.");
    }

    @Test
    void aShortSecretOrALongLifetimeIsNotAccepted() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ServiceTokens("gateway", "x".repeat(31)));
        assertThatIllegalArgumentException().isThrownBy(() -> new ServiceTokens("gateway", List.of(SECRET),
                Duration.ofMinutes(6), Duration.ofSeconds(10), Clock.systemUTC()));
    }

    private void assertRefused(String token, String reason) {
        assertThatExceptionOfType(InvalidServiceTokenException.class).isThrownBy(() -> this.memory.verify(token))
            .withMessage(reason);
    }

    private static ServiceTokens tokens(String service, String secret, Instant now) {
        return new ServiceTokens(service, List.of(secret), Duration.ofSeconds(60), Duration.ofSeconds(10),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    /**
     * Claims signed with the secret by hand, as a misbehaving holder of the secret could.
     */
    private static String signed(String claims) throws Exception {
        String signed = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + encode(claims);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return signed + "."
                + Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

}
