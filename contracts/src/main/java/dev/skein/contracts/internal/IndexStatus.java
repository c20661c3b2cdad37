package dev.skein.contracts.internal;

/**
 * How far the index of one conversation is.
 *
 * @param indexedThrough the stream sequence up to which every memory is indexed
 */
public record IndexStatus(long indexed, long indexedThrough) {
}
