package dev.skein.platform.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.server.RequestPath;

/**
 * The tokens Skein services present to each other's internal APIs: compact JWS (a JWT)
 * signed with HMAC-SHA256 under one secret that every service of a stack shares. A token
 * names the service that made it ({@code iss}), the one it is for ({@code aud}), the
 * tenant whose data it may touch ({@code tenant}, absent for a call that concerns no
 * tenant), and expires a minute after it was made ({@code exp}). A token that leaks (a
 * proxy log, a heap dump) is good for one tenant on one service for a minute.
 *
 * <p>
 * One instance per service: it issues tokens as this service and accepts only tokens
 * addressed to it. Verification accepts the current secret and, during a rotation, the
 * previous one; tokens are always signed with the current one.
 */
public final class ServiceTokens {

    /** Shortest secret accepted: 256 bits of hex, as {@code infra/skein up} makes. */
    public static final int MIN_SECRET_LENGTH = 32;

    /** Longest lifetime a token may claim, whatever its maker was configured with. */
    static final Duration MAX_LIFETIME = Duration.ofMinutes(5);

    // The only header Skein makes. A token that names another algorithm ("none", RS256
    // with this secret as a public key...) is refused before its signature is looked at.
    private static final String HEADER = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    // Bounds the work a hostile Authorization header can cause; a real token is ~250
    // chars.
    private static final int MAX_TOKEN_CHARS = 2048;

    private static final String ALGORITHM = "HmacSHA256";

    // 9999-12-31T23:59:59Z: any NumericDate beyond is nonsense (and beyond Instant's
    // range)
    private static final long LAST_SECOND = 253_402_300_799L;

    private static final JsonMapper JSON = JsonMapper.shared();

    private final String service;

    private final List<SecretKeySpec> keys;

    private final Duration lifetime;

    private final Duration clockSkew;

    private final Clock clock;

    /**
     * Tokens of {@code service} under {@code secret}: one minute of lifetime, ten seconds
     * of clock skew tolerated.
     */
    public ServiceTokens(String service, String secret) {
        this(service, List.of(secret), Duration.ofSeconds(60), Duration.ofSeconds(10), Clock.systemUTC());
    }

    /**
     * @param service this service's name ({@code spring.application.name}): the issuer of
     * its tokens and the audience of those it accepts
     * @param secrets the current secret (signs and verifies), then any previous one
     * (verifies only)
     * @param lifetime how long a token issued here is good
     * @param clockSkew how far the clocks of two services may disagree
     */
    public ServiceTokens(String service, List<String> secrets, Duration lifetime, Duration clockSkew, Clock clock) {
        if (secrets.isEmpty() || secrets.stream().anyMatch(secret -> secret.length() < MIN_SECRET_LENGTH)) {
            throw new IllegalArgumentException(
                    "A service token secret has at least " + MIN_SECRET_LENGTH + " characters");
        }
        if (lifetime.compareTo(Duration.ofSeconds(1)) < 0 || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException(
                    "A service token lives between 1 s and " + MAX_LIFETIME.toMinutes() + " min, not " + lifetime);
        }
        this.service = service;
        this.keys = secrets.stream()
            .map(secret -> new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM))
            .toList();
        this.lifetime = lifetime;
        this.clockSkew = clockSkew;
        this.clock = clock;
    }

    /** The name this service issues its tokens as and accepts tokens for. */
    public String service() {
        return this.service;
    }

    /**
     * A token for a call of this service to {@code audience}, about {@code tenant}'s data
     * (null: a call that concerns no tenant).
     */
    public String issue(String audience, @Nullable String tenant) {
        long now = this.clock.instant().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", this.service);
        claims.put("aud", audience);
        if (tenant != null) {
            claims.put("tenant", tenant);
        }
        claims.put("iat", now);
        claims.put("exp", now + this.lifetime.toSeconds());
        String signed = HEADER + "." + encode(JSON.writeValueAsBytes(claims));
        return signed + "." + encode(sign(this.keys.get(0), signed));
    }

    /**
     * A token for a request of this service to {@code audience} at {@code path} (raw,
     * from the callee's root; a query is ignored), about the tenant the path names, if
     * any.
     */
    public String issueForPath(String audience, String path) {
        int query = path.indexOf('?');
        String rawPath = query < 0 ? path : path.substring(0, query);
        return issue(audience, InternalPaths.tenantOf(RequestPath.parse(rawPath, null).pathWithinApplication()));
    }

    /**
     * The claims of a token made by a holder of the secret for this service and not
     * expired.
     * @throws InvalidServiceTokenException saying what is wrong with it
     */
    public ServiceToken verify(@Nullable String token) {
        if (token == null || token.isEmpty()) {
            throw new InvalidServiceTokenException(
                    "A service token is required: Authorization: Bearer <token> (docs/architecture.md).");
        }
        String[] parts = token.length() > MAX_TOKEN_CHARS ? new String[0] : token.split("\\.", -1);
        if (parts.length != 3) {
            throw malformed();
        }
        if (!parts[0].equals(HEADER)) {
            throw new InvalidServiceTokenException("The service token is not an HS256 token of Skein.");
        }
        byte[] signature = decode(parts[2]);
        String signed = parts[0] + "." + parts[1];
        // the claims are read only once a holder of the secret is known to have made them
        if (this.keys.stream().noneMatch(key -> MessageDigest.isEqual(sign(key, signed), signature))) {
            throw new InvalidServiceTokenException("The service token's signature is not valid.");
        }
        JsonNode claims = claims(parts[1]);
        String issuer = text(claims, "iss");
        String audience = text(claims, "aud");
        Instant issuedAt = Instant.ofEpochSecond(seconds(claims, "iat"));
        Instant expiresAt = Instant.ofEpochSecond(seconds(claims, "exp"));
        JsonNode tenant = claims.path("tenant");
        if (issuer == null || audience == null || !(tenant.isMissingNode() || tenant.isString())) {
            throw malformed();
        }
        if (!audience.equals(this.service)) {
            throw new InvalidServiceTokenException("The service token is for another service.");
        }
        Instant now = this.clock.instant();
        if (now.isAfter(expiresAt.plus(this.clockSkew))) {
            throw new InvalidServiceTokenException("The service token has expired.");
        }
        if (issuedAt.isAfter(now.plus(this.clockSkew)) || expiresAt.isBefore(issuedAt)
                || Duration.between(issuedAt, expiresAt).compareTo(MAX_LIFETIME) > 0) {
            throw new InvalidServiceTokenException("The service token's lifetime is not acceptable.");
        }
        return new ServiceToken(issuer, audience, tenant.isString() ? tenant.asString() : null, issuedAt, expiresAt);
    }

    /**
     * The interceptor of an internal client of {@code audience} at {@code baseUrl}: signs
     * every request for the tenant named in its path.
     */
    public ClientHttpRequestInterceptor interceptor(String audience, URI baseUrl) {
        return new ServiceTokenInterceptor(this, audience, baseUrl);
    }

    private static JsonNode claims(String payload) {
        try {
            JsonNode claims = JSON.readTree(decode(payload));
            if (claims.isObject()) {
                return claims;
            }
        }
        catch (JacksonException ex) {
            // below
        }
        throw malformed();
    }

    private static @Nullable String text(JsonNode claims, String name) {
        JsonNode value = claims.path(name);
        return value.isString() ? value.asString() : null;
    }

    private static long seconds(JsonNode claims, String name) {
        JsonNode value = claims.path(name);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0
                || value.longValue() > LAST_SECOND) {
            throw malformed();
        }
        return value.longValue();
    }

    private static byte[] sign(SecretKeySpec key, String signed) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII));
        }
        catch (GeneralSecurityException ex) {
            // every Java runtime has HmacSHA256
            throw new IllegalStateException(ex);
        }
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] decode(String part) {
        try {
            return Base64.getUrlDecoder().decode(part);
        }
        catch (IllegalArgumentException ex) {
            throw malformed();
        }
    }

    private static InvalidServiceTokenException malformed() {
        return new InvalidServiceTokenException("The service token is malformed.");
    }

}
