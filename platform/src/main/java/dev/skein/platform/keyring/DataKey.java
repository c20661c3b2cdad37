package dev.skein.platform.keyring;

import java.util.UUID;

import javax.crypto.SecretKey;

/** One conversation's AES-256 key and its id (which every ciphertext names). */
public record DataKey(UUID id, SecretKey key) {

    @Override
    public String toString() {
        return "DataKey[" + this.id + "]";
    }

}
