package dev.skein.generation.writing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import dev.skein.contracts.MessageInput;
import dev.skein.generation.writing.jobs.WritingJob;
import dev.skein.contracts.internal.ImportRequest;
import dev.skein.contracts.internal.ImportResponse;
import dev.skein.platform.client.MemoryApi;
import dev.skein.platform.client.UpstreamUnavailableException;
import dev.skein.platform.correlation.Correlation;
import dev.skein.platform.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Appends a finished text to its conversation, so later turns can recall "the report you
 * wrote": the memory-service's import ({@link MemoryApi#importMessages}), one call with
 * the instruction as a {@code user} message and one {@code assistant} message per section
 * in plan order. Every message has an external id derived from the job, and the import
 * stores a known external id only once: a job imported again after a lost answer or a
 * crash adds nothing.
 */
class ConversationImport {

    private static final Logger log = LoggerFactory.getLogger(ConversationImport.class);

    /**
     * Longest message this sends: below the memory-service's default limit of 32,000
     * characters ({@code SKEIN_MAX_CONTENT_CHARS}), with room for the "(continued)"
     * heading of a part.
     */
    static final int MAX_PART_CHARS = 30_000;

    private final MemoryApi memory;

    ConversationImport(MemoryApi memory) {
        this.memory = memory;
    }

    /** A written section as it goes into the conversation. */
    record Section(int position, String title, String text, String generatedBy) {
    }

    /**
     * The memory-service could not be reached or answered 5xx or 429: worth trying again
     * later.
     */
    static final class Unavailable extends RuntimeException {

        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }

    }

    /**
     * The memory-service refused the messages (4xx): the same request will never be
     * taken.
     */
    static final class Refused extends RuntimeException {

        Refused(String message) {
            super(message);
        }

    }

    /** Imports the job's messages; throws {@link Unavailable} or {@link Refused}. */
    void append(WritingJob job, List<Section> sections, Instant at) {
        List<MessageInput> messages = messages(job.jobId(), job.instruction(), sections, at);
        ImportResponse answer;
        // the job's id on the call, whichever thread runs it, so both services' log lines
        // name the job
        try (Correlation.Scope ignored = Correlation.open("writing-" + job.jobId())) {
            answer = this.memory.importMessages(job.tenantId(), job.conversationId(), new ImportRequest(messages));
        }
        catch (UpstreamUnavailableException ex) {
            HttpStatusCode status = ex.upstreamStatus();
            if (status == null) {
                // unreachable, timed out, or an answer that is not JSON
                throw new Unavailable("the memory-service could not store the text: "
                        + (ex.getCause() != null ? ex.getCause().getMessage() : ex.getMessage()), ex);
            }
            if (status.is4xxClientError() && status.value() != 429) {
                throw new Refused("the memory-service refused the text (HTTP " + status.value() + ")");
            }
            throw new Unavailable("the memory-service could not store the text (HTTP " + status.value() + ")", ex);
        }
        catch (ProblemException ex) {
            // a 400, 404 or 409 problem of the memory-service (409: an external id of the
            // job's stored with other text), passed on with its detail and field errors
            throw new Refused("the memory-service refused the text (HTTP " + ex.problem().getStatus() + "): "
                    + reason(ex.problem()));
        }
        if (answer != null) {
            log.info("Writing job {}: {} messages in the conversation ({} new, {} there already)", job.jobId(),
                    messages.size(), answer.imported(), answer.duplicates());
        }
    }

    /**
     * The instruction ({@code writing:{job}:request}) and each section
     * ({@code writing:{job}:section:{position}}, "## title" and its text; over
     * {@link #MAX_PART_CHARS} in parts {@code …:part:{n}}), all at {@code at}: the
     * sequence the import gives them keeps them in order.
     */
    static List<MessageInput> messages(UUID jobId, String instruction, List<Section> sections, Instant at) {
        List<MessageInput> messages = new ArrayList<>();
        String prefix = "writing:" + jobId;
        messages.add(new MessageInput("user", instruction, null, prefix + ":request", at,
                Map.of("writingJob", jobId.toString())));
        for (Section section : sections) {
            List<String> parts = parts(section.title(), section.text(), MAX_PART_CHARS);
            for (int i = 0; i < parts.size(); i++) {
                Map<String, Object> metadata = new LinkedHashMap<>();
                metadata.put("writingJob", jobId.toString());
                metadata.put("section", section.position());
                if (section.generatedBy() != null) {
                    metadata.put("generatedBy", section.generatedBy());
                }
                String externalId = prefix + ":section:" + section.position();
                if (parts.size() > 1) {
                    metadata.put("part", i + 1);
                    metadata.put("parts", parts.size());
                    externalId += ":part:" + (i + 1);
                }
                messages.add(new MessageInput("assistant", parts.get(i), null, externalId, at, metadata));
            }
        }
        return messages;
    }

    /**
     * "## title\n\ntext", or when that is longer than {@code maxChars} its text in parts
     * of at most {@code maxChars} each, cut at the last paragraph break, else the last
     * space, in the second half of a part (a hard cut only for a text without either),
     * each further part headed "## title (continued)" so it is recognisable when recalled
     * on its own.
     */
    static List<String> parts(String title, String text, int maxChars) {
        String heading = "## " + title + "\n\n";
        if (heading.length() + text.length() <= maxChars) {
            return List.of(heading + text);
        }
        String continued = "## " + title + " (continued)\n\n";
        List<String> parts = new ArrayList<>();
        String rest = text;
        while (!rest.isEmpty()) {
            String head = parts.isEmpty() ? heading : continued;
            int room = maxChars - head.length();
            if (rest.length() <= room) {
                parts.add(head + rest);
                break;
            }
            int cut = cut(rest, room);
            parts.add(head + rest.substring(0, cut).stripTrailing());
            rest = rest.substring(cut).stripLeading();
        }
        return parts;
    }

    /** Where to end a part of at most {@code room} characters. */
    private static int cut(String text, int room) {
        int paragraph = text.lastIndexOf("\n\n", room - 2);
        if (paragraph >= room / 2) {
            return paragraph;
        }
        for (int i = room; i >= room / 2; i--) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        // no break at all: do not split a surrogate pair
        return Character.isLowSurrogate(text.charAt(room)) ? room - 1 : room;
    }

    /** The problem's detail and its field errors, short: it becomes the job's failure. */
    private static String reason(ProblemDetail problem) {
        StringBuilder reason = new StringBuilder(problem.getDetail() != null ? problem.getDetail()
                : Objects.toString(problem.getTitle(), "HTTP " + problem.getStatus()));
        List<String> errors = new ArrayList<>();
        if (problem.getProperties() != null && problem.getProperties().get("errors") instanceof List<?> list) {
            for (Object error : list) {
                if (error instanceof Map<?, ?> field) {
                    errors.add(Objects.toString(field.get("field"), "") + " "
                            + Objects.toString(field.get("message"), ""));
                }
            }
        }
        if (!errors.isEmpty()) {
            reason.append(": ").append(String.join("; ", errors));
        }
        return shorten(reason.toString());
    }

    private static String shorten(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "…";
    }

}
