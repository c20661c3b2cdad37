package dev.skein.gateway.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Making and hashing API keys. Only the hash is ever stored. */
final class ApiKeys {

    static final String PREFIX = "sk-skein-";

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    /** {@code sk-skein-} and 40 hex characters: 160 random bits. */
    static String generate() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        return PREFIX + HexFormat.of().formatHex(bytes);
    }

    static String hash(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    /**
     * Compares two secrets in time independent of where they differ (digests have equal
     * length).
     */
    static boolean constantTimeEquals(String given, String expected) {
        return MessageDigest.isEqual(sha256(given), sha256(expected));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is part of every JRE", ex);
        }
    }

}
