package dev.skein.platform.keyring;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that wraps every data key (AES-256-GCM, a random nonce per wrap, the data key's
 * id as associated data, so a wrapped key cannot be moved to another id). It never leaves
 * the services' configuration. Its {@link #id()} is stored with each wrapped key, so a
 * later rotation can tell which master key wrapped it (rotation itself is not built yet:
 * docs/erasure.md).
 */
public final class MasterKey {

    static final int MIN_SECRET_CHARS = 32;

    private static final int NONCE_BYTES = 12;

    private static final int TAG_BITS = 128;

    private final SecretKey key;

    private final String id;

    private final SecureRandom random;

    private MasterKey(byte[] key, SecureRandom random) {
        this.key = new SecretKeySpec(key, "AES");
        this.id = "sha256:"
                + HexFormat.of().formatHex(sha256("skein-master-key-id".getBytes(StandardCharsets.UTF_8), key), 0, 8);
        this.random = random;
    }

    /**
     * The AES key is the SHA-256 of the secret (infra/skein up generates 64 random hex
     * digits), so any secret of at least {@value #MIN_SECRET_CHARS} characters works.
     */
    public static MasterKey of(String secret, SecureRandom random) {
        if (secret.length() < MIN_SECRET_CHARS) {
            throw new IllegalArgumentException("The master key is shorter than " + MIN_SECRET_CHARS + " characters");
        }
        return new MasterKey(sha256(secret.getBytes(StandardCharsets.UTF_8)), random);
    }

    public String id() {
        return this.id;
    }

    byte[] wrap(UUID keyId, byte[] dataKey) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            this.random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(bytes(keyId));
            byte[] sealed = cipher.doFinal(dataKey);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("Cannot wrap a data key", ex);
        }
    }

    /**
     * Throws {@link GeneralSecurityException} for a key wrapped by another master key.
     */
    byte[] unwrap(UUID keyId, byte[] wrapped) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, wrapped, 0, NONCE_BYTES));
        cipher.updateAAD(bytes(keyId));
        return cipher.doFinal(wrapped, NONCE_BYTES, wrapped.length - NONCE_BYTES);
    }

    static byte[] bytes(UUID id) {
        return ByteBuffer.allocate(16)
            .putLong(id.getMostSignificantBits())
            .putLong(id.getLeastSignificantBits())
            .array();
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public String toString() {
        return "MasterKey[" + this.id + "]";
    }

}
