/**
 * Crypto-shredding (docs/erasure.md): one data key per conversation, stored in PostgreSQL
 * wrapped by the master key, encrypts every event that carries the conversation's data;
 * erasing the conversation deletes the key.
 */
@NullMarked
package dev.skein.platform.keyring;

import org.jspecify.annotations.NullMarked;
