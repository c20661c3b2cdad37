package dev.skein.generation.writing;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of long-form writing ({@code skein.generation.writing}).
 *
 * @param parallelism sections written at the same time, over all jobs of this instance
 *        ({@code SKEIN_WRITING_PARALLELISM})
 * @param concurrentJobs jobs coordinated at the same time; the others wait, stored
 * @param callDeadline LLM work of one planning, section or revision call, retries and fallbacks
 *        included (each single call is still bounded by {@code SKEIN_LLM_TIMEOUT})
 * @param retrievalUrl the retrieval-service, asked for the memory context of each section
 * @param retrievalTimeout of one memory search; after it the section is written without memory
 * @param memoryTopK memories given to each section
 * @param maxRevisions length revisions of one section before its closest draft is kept
 */
@Validated
@ConfigurationProperties("skein.generation.writing")
public record WritingProperties(@Min(1) int parallelism, @Min(1) int concurrentJobs, @NotNull Duration callDeadline,
        @NotNull URI retrievalUrl, @NotNull Duration retrievalTimeout, @Min(0) int memoryTopK,
        @Min(0) int maxRevisions) {
}
