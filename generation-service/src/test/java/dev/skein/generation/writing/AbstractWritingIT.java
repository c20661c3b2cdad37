package dev.skein.generation.writing;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.skein.contracts.KafkaEvents;
import dev.skein.contracts.Topics;
import dev.skein.contracts.WritingProgressed;
import dev.skein.contracts.WritingRequested;
import dev.skein.generation.AbstractGenerationIT;
import dev.skein.generation.writing.sections.WordCount;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the writing tests share: requests, stored rows, progress events and the job's JSON
 * (same context).
 */
abstract class AbstractWritingIT extends AbstractGenerationIT {

    protected static final JsonMapper JSON = JsonMapper.builder().build();

    protected static final String TENANT = "tenant-it";

    @Autowired
    protected JdbcClient jdbc;

    protected static WritingRequested request(String conversation, UUID jobId, String instruction, int words) {
        return request(conversation, jobId, instruction, words, Instant.now());
    }

    protected static WritingRequested request(String conversation, UUID jobId, String instruction, int words,
            Instant occurredAt) {
        return new WritingRequested(UUID.randomUUID(), occurredAt, TENANT, conversation, jobId, instruction, words);
    }

    /**
     * A stored section of a 300-word budget; {@code text} null for one not written yet.
     */
    protected void section(UUID jobId, int position, String title, String status, String text) {
        this.jdbc
            .sql("INSERT INTO writing_sections (job_id, position, title, brief, target_words, status, text, "
                    + "actual_words) VALUES (?, ?, ?, ?, 300, ?, ?, ?)")
            .params(jobId, position, title, "Brief of " + title, status, text, text == null ? null : WordCount.of(text))
            .update();
    }

    protected List<WritingProgressed> progressUntilFinished(String conversation) {
        return progressUntilFinished(conversation, 1);
    }

    /** The conversation's progress events until {@code jobs} jobs completed or failed. */
    protected List<WritingProgressed> progressUntilFinished(String conversation, int jobs) {
        List<WritingProgressed> events = new ArrayList<>();
        records(Topics.WRITING_PROGRESSED, conversation,
                found -> found.stream()
                    .map(record -> ((WritingProgressed) KafkaEvents.event(record)).kind())
                    .filter(kind -> kind.equals("completed") || kind.equals("failed"))
                    .count() >= jobs)
            .forEach(record -> events.add((WritingProgressed) KafkaEvents.event(record)));
        return events;
    }

    protected static WritingProgressed last(List<WritingProgressed> events) {
        return events.get(events.size() - 1);
    }

    protected JsonNode job(String conversation, UUID jobId) throws Exception {
        HttpResponse<String> response = get(path(conversation, jobId));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    protected static String path(String conversation, UUID jobId) {
        return "/internal/tenants/" + TENANT + "/conversations/" + conversation + "/writings/" + jobId;
    }

}
