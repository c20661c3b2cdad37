package dev.skein.contracts;

/**
 * One generated token and its log-probability, as an OpenAI-compatible provider returns
 * it.
 */
public record TokenLogprob(String token, double logprob) {
}
