package dev.skein.gateway.writing;

/**
 * Body of {@code POST /v1/conversations/{id}/writings}.
 *
 * @param instruction what to write, e.g. "a 10,000-word report on our sales year"
 * @param targetWords the length wanted, 100 to 50,000 words
 */
record WritingRequest(String instruction, Integer targetWords) {
}
