package dev.skein.generation.writing;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of long-form writing ({@code skein.generation.writing}).
 *
 * @param parallelism sections written at the same time, over all jobs of this instance
 * ({@code SKEIN_WRITING_PARALLELISM})
 * @param concurrentJobs jobs coordinated at the same time; the others wait, stored
 * @param callDeadline LLM work of one planning, section or revision call, retries and
 * fallbacks included (each single call is still bounded by {@code SKEIN_LLM_TIMEOUT})
 * @param retrievalUrl the retrieval-service's instances (balanced, see
 * {@code InternalClients}), asked for the memory context of each section
 * @param memoryUrl the memory-service's instances, which a completed text is imported
 * into (the conversation's messages)
 * @param retrievalTimeout of one memory search; after it the section is written without
 * memory
 * @param memoryTopK memories given to each section (the retrieval-service answers at most
 * 50)
 * @param maxRevisions length revisions of one section before its closest draft is kept
 * @param lease how long a claimed job stays this instance's without a renewal: after it,
 * another instance's sweep takes the job over ({@code SKEIN_WRITING_LEASE})
 * @param leaseRenewal how often a running job's lease is renewed; well below
 * {@code lease}, so a slow database round does not lose it
 * @param sweepInterval how often unfinished jobs whose lease ran out are looked for and
 * claimed
 * @param retryBackoff after the n-th failed run (LLM down, breaker open, database error)
 * the job is not tried again before n times this
 * @param maxAttempts failed runs after which the job fails for good
 */
@Validated
@ConfigurationProperties("skein.generation.writing")
public record WritingProperties(@Min(1) int parallelism, @Min(1) int concurrentJobs, @NotNull Duration callDeadline,
        @NotEmpty List<URI> retrievalUrl, @NotEmpty List<URI> memoryUrl, @NotNull Duration retrievalTimeout,
        @Min(0) @Max(50) int memoryTopK, @Min(0) int maxRevisions, @NotNull Duration lease,
        @NotNull Duration leaseRenewal, @NotNull Duration sweepInterval, @NotNull Duration retryBackoff,
        @Min(1) int maxAttempts) {

    public WritingProperties {
        if (lease != null && leaseRenewal != null && leaseRenewal.compareTo(lease) >= 0) {
            throw new IllegalArgumentException("skein.generation.writing.lease-renewal (" + leaseRenewal
                    + ") must be shorter than the lease (" + lease + ")");
        }
    }
}
