package dev.skein.gateway.writing;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.skein.contracts.WritingRequested;
import dev.skein.contracts.internal.WritingJobView;
import dev.skein.contracts.internal.WritingSupport;
import dev.skein.gateway.apikey.Tenant;
import dev.skein.gateway.idempotency.IdempotencyKeys;
import dev.skein.gateway.conversation.ConversationIds;
import dev.skein.platform.client.GenerationApi;
import dev.skein.platform.correlation.Correlation;
import dev.skein.platform.web.ProblemException;
import dev.skein.platform.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Long-form writing: a job is accepted (202) once its request is in Kafka, written by the
 * generation-service, read back from it, and followed as server-sent events.
 */
@RestController
@RequestMapping("/v1/conversations/{conversationId}/writings")
class WritingController {

    private static final Logger log = LoggerFactory.getLogger(WritingController.class);

    private final GenerationApi generation;

    private final WritingPublisher publisher;

    private final WritingStreams streams;

    private final WritingStates states;

    private final AcceptedJobs accepted;

    private final IdempotencyKeys keys;

    WritingController(GenerationApi generation, WritingPublisher publisher, WritingStreams streams,
            WritingStates states, AcceptedJobs accepted, IdempotencyKeys keys) {
        this.keys = keys;
        this.generation = generation;
        this.publisher = publisher;
        this.streams = streams;
        this.states = states;
        this.accepted = accepted;
    }

    @PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> create(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant,
            @PathVariable String conversationId, @RequestBody(required = false) WritingRequest request,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        ConversationIds.require(conversationId);
        WritingRequestValidator.validate(request);
        requireAvailable();
        // sent again with the key, the same job id: the generation-service stores a known
        // job once and runs it once, so publishing it again is harmless (and needed when
        // the first request was not acknowledged)
        UUID jobId = this.keys.claim(tenant.id(), idempotencyKey,
                "POST /v1/conversations/" + conversationId + "/writings",
                List.of(request.instruction().strip(), request.targetWords()), UUID.randomUUID());
        this.publisher.publish(new WritingRequested(UUID.randomUUID(), Instant.now(), tenant.id(), conversationId,
                jobId, request.instruction().strip(), request.targetWords()), Correlation.current());
        // until the generation-service has consumed the request, the links below answer
        // "accepted", not 404
        this.accepted.remember(tenant.id(), conversationId, jobId, request.targetWords());
        String self = "/v1/conversations/" + conversationId + "/writings/" + jobId;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jobId", jobId);
        body.put("status", "accepted");
        body.put("targetWords", request.targetWords());
        body.put("links", Map.of("self", self, "events", self + "/events"));
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create(self)).body(body);
    }

    @GetMapping(path = "/{jobId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200",
            description = "The job; only {jobId, conversationId, status: accepted, "
                    + "targetWords, acceptedAt} until the generation-service has taken it up",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = WritingJobView.class)))
    WritingState job(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant, @PathVariable String conversationId,
            @PathVariable String jobId) {
        ConversationIds.require(conversationId);
        return this.states.read(tenant.id(), conversationId, jobId(jobId));
    }

    @GetMapping(path = "/{jobId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ApiResponse(responseCode = "200",
            description = "A state event, then the job's progress events, until it " + "is completed or failed",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")))
    SseEmitter events(@RequestAttribute(Tenant.ATTRIBUTE) Tenant tenant, @PathVariable String conversationId,
            @PathVariable String jobId) {
        ConversationIds.require(conversationId);
        UUID id = jobId(jobId);
        // subscribed before the state is read, so no step falls between the two
        WritingStreams.Subscriber subscriber = this.streams.subscribe(tenant.id(), conversationId, id);
        WritingState job;
        try {
            job = this.states.read(tenant.id(), conversationId, id);
        }
        catch (RuntimeException ex) {
            subscriber.abandon();
            throw ex;
        }
        subscriber.start(job);
        return subscriber.emitter();
    }

    /**
     * Refuses up front what the generation-service would fail at once (no LLM). When it
     * cannot be asked, the request is accepted all the same: the job waits in Kafka until
     * it is back.
     */
    private void requireAvailable() {
        WritingSupport support;
        try {
            support = this.generation.writingSupport();
        }
        catch (ProblemException ex) {
            log.warn("Could not ask the generation-service whether it can write; accepting the job anyway");
            return;
        }
        if (support != null && !support.available()) {
            throw new ProblemException(
                    Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.WRITING_UNAVAILABLE, "Writing unavailable",
                            support.reason() != null ? support.reason() : "Long-form writing is not available."));
        }
    }

    private static UUID jobId(String jobId) {
        try {
            return UUID.fromString(jobId);
        }
        catch (IllegalArgumentException ex) {
            throw Problems.notFound("No such writing job.");
        }
    }

}
