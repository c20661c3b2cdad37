package dev.skein.generation.extractive;

import java.util.List;

import dev.skein.contracts.Evidence;

/**
 * @param quoted the memories the reply quotes, in the order it quotes them
 */
public record ExtractiveReply(String content, List<Evidence> quoted) {
}
