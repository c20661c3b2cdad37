package dev.skein.generation.writing;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.skein.generation.llm.LlmCallFailed;
import dev.skein.generation.llm.LlmProviders;
import dev.skein.generation.writing.jobs.WritingJob;
import dev.skein.generation.writing.jobs.WritingJobs;
import dev.skein.generation.writing.plan.PlannedSection;
import dev.skein.generation.writing.plan.Planner;
import dev.skein.generation.writing.plan.WritingPlan;
import dev.skein.generation.writing.sections.LengthReview;
import dev.skein.generation.writing.sections.SectionText;
import dev.skein.generation.writing.sections.SectionWriter;
import dev.skein.generation.writing.sections.WordCount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs writing jobs: plan, then the sections side by side on a bounded pool
 * ({@code SKEIN_WRITING_PARALLELISM}; they are independent because each sees the whole
 * plan), each reviewed for length and committed as soon as it is done, then the text
 * assembled. A job is driven only from what is stored, so an interrupted job goes on from
 * its finished sections, writing only the missing ones.
 * <p>
 * Ownership: several instances may share the jobs table. A job is run only after this
 * instance {@link WritingJobs#claim claimed its lease} (a random {@link #instanceId() id}
 * per process), which is renewed every {@code lease-renewal} while the job runs. Every
 * write names the owner, so an instance whose lease was taken over (it stalled longer
 * than {@code lease}) finds 0 rows and stops without touching the job. {@link #sweep()}
 * (at start-up and every {@code sweep-interval}) claims unfinished jobs whose lease ran
 * out: those of a dead instance, and those waiting for a retry.
 * <p>
 * Transient failures (the LLM down, its breaker open, a database error) do not fail a
 * job: the run stops writing further sections, keeps those finished, counts the attempt
 * and gives the lease up; the job is tried again after {@code retry-backoff} × attempts,
 * and fails for good after {@code max-attempts} runs.
 * <p>
 * A finished text is appended to its conversation ({@link ConversationImport}) before the
 * job is completed; a memory-service that is down counts as a transient failure like the
 * LLM's, one that refuses the messages (4xx) fails the job.
 */
@Component
class WritingJobRunner implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WritingJobRunner.class);

    static final String MEMORY_NOTE = "the memory search was unavailable for some sections; they were written "
            + "without the conversation's memory";

    private static final String CORRELATION_ID = "correlationId";

    private final WritingJobs jobs;

    private final WritingEvents events;

    private final WritingAvailability availability;

    private final MemoryContext memory;

    private final ConversationImport conversation;

    private final WritingProperties properties;

    /** This process's lease owner id: a restarted instance is a new owner. */
    private final UUID instanceId = UUID.randomUUID();

    /** Coordinates jobs: plans, waits for the sections, assembles. */
    private final ExecutorService coordinators;

    /**
     * Writes sections, over all jobs: the bound on LLM calls that long-form writing makes
     * at once.
     */
    private final ExecutorService writers;

    /** Renews the leases of running jobs. */
    private final ScheduledExecutorService leases;

    /**
     * Jobs this instance runs or has queued: a redelivered request or a sweep does not
     * start a second runner.
     */
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();

    private volatile boolean stopping;

    WritingJobRunner(WritingJobs jobs, WritingEvents events, WritingAvailability availability,
            WritingProperties properties, MemoryContext memory, ConversationImport conversation) {
        this.jobs = jobs;
        this.events = events;
        this.availability = availability;
        this.properties = properties;
        this.memory = memory;
        this.conversation = conversation;
        this.coordinators = Executors.newFixedThreadPool(properties.concurrentJobs(), threads("skein-writing-job-"));
        this.writers = Executors.newFixedThreadPool(properties.parallelism(), threads("skein-writing-section-"));
        this.leases = Executors.newSingleThreadScheduledExecutor(threads("skein-writing-lease-"));
    }

    /** The lease owner id of this process. */
    UUID instanceId() {
        return this.instanceId;
    }

    /**
     * Runs the job if it can be claimed (unfinished, due, nobody else's live lease) and
     * is not already running here.
     */
    void submit(UUID jobId) {
        if (this.stopping || !this.running.add(jobId)) {
            return;
        }
        try {
            this.coordinators.execute(() -> {
                MDC.put(CORRELATION_ID, "writing-" + jobId);
                try {
                    runClaimed(jobId);
                }
                catch (RuntimeException ex) {
                    log.error("Writing job {} stopped unexpectedly", jobId, ex);
                }
                finally {
                    this.running.remove(jobId);
                    MDC.remove(CORRELATION_ID);
                }
            });
        }
        catch (RuntimeException ex) {
            this.running.remove(jobId);
            throw ex;
        }
    }

    /**
     * Claims what no live instance holds: jobs interrupted by a crash or a shutdown (here
     * or elsewhere), and jobs whose retry is due. Also at start-up, so a restarted
     * instance goes on at once.
     */
    @EventListener(ApplicationReadyEvent.class)
    @Scheduled(initialDelayString = "${skein.generation.writing.sweep-interval}",
            fixedDelayString = "${skein.generation.writing.sweep-interval}")
    void sweep() {
        if (this.stopping) {
            return;
        }
        List<UUID> claimable;
        try {
            claimable = this.jobs.claimable(100);
        }
        catch (DataAccessException ex) {
            log.warn("Could not look for unfinished writing jobs: {}", ex.toString());
            return;
        }
        List<UUID> fresh = claimable.stream().filter(id -> !this.running.contains(id)).toList();
        if (!fresh.isEmpty()) {
            log.info("Taking up {} unfinished writing jobs", fresh.size());
        }
        fresh.forEach(this::submit);
    }

    /** True while this instance runs the job (tests wait on it). */
    boolean isRunning(UUID jobId) {
        return this.running.contains(jobId);
    }

    private void runClaimed(UUID jobId) {
        if (!this.jobs.claim(jobId, this.instanceId, this.properties.lease())) {
            return; // finished, erased, waiting for its retry, or another live instance's
        }
        Run run = new Run(jobId);
        long every = this.properties.leaseRenewal().toMillis();
        ScheduledFuture<?> renewal = this.leases.scheduleWithFixedDelay(run::renew, every, every,
                TimeUnit.MILLISECONDS);
        try {
            run(run);
        }
        finally {
            renewal.cancel(false);
        }
    }

    private void run(Run run) {
        UUID jobId = run.jobId;
        WritingJob job = this.jobs.find(jobId).orElse(null);
        if (job == null || job.finished()) {
            return;
        }
        LlmProviders llm = this.availability.llm();
        if (llm == null) {
            fail(job, WritingAvailability.NO_LLM, null, null);
            return;
        }
        try {
            if (job.plan() == null) {
                if (!this.jobs.transition(jobId, this.instanceId, Set.of(WritingJob.ACCEPTED, WritingJob.PLANNING),
                        WritingJob.PLANNING)) {
                    return; // erased, or taken over
                }
                WritingPlan plan = new Planner(llm).plan(job.instruction(), job.targetWords(), deadline());
                if (this.stopping || run.lost) {
                    return; // an interrupted planning call must not leave a fallback plan
                            // behind
                }
                boolean saved = this.jobs.savePlan(jobId, this.instanceId, plan);
                job = this.jobs.find(jobId).orElse(null);
                if (job == null || job.finished() || job.plan() == null) {
                    return; // erased meanwhile
                }
                if (saved) {
                    this.events.planned(job, plan.sections().size(), plan.note());
                }
            }
            writeSections(job, llm, run);
        }
        catch (LlmCallFailed | DataAccessException ex) {
            if (!this.stopping && !run.lost) {
                log.warn("Writing job {}: run failed ({})", jobId, ex.toString());
                retryLater(job, ex.getMessage(), null, null);
            }
        }
        catch (ConversationImport.Unavailable ex) {
            if (!this.stopping && !run.lost) {
                int sections = job.plan() == null ? 0 : job.plan().sections().size();
                log.warn("Writing job {}: {}", jobId, ex.getMessage());
                retryLater(job, ex.getMessage(), sections, sections);
            }
        }
        catch (ConversationImport.Refused ex) {
            if (!this.stopping && !run.lost) {
                int sections = job.plan() == null ? 0 : job.plan().sections().size();
                fail(job, ex.getMessage(), sections, sections);
            }
        }
        catch (RuntimeException ex) {
            if (!this.stopping && !run.lost) {
                log.warn("Writing job {} failed", jobId, ex);
                fail(job, "the job failed: " + ex.getMessage(), null, null);
            }
        }
    }

    private void writeSections(WritingJob job, LlmProviders llm, Run run) {
        List<WritingJob.Section> sections = job.plan().sections();
        WritingPlan plan = new WritingPlan(sections.stream().map(WritingJob.Section::planned).toList(),
                job.plan().source(), job.plan().note());
        int total = sections.size();
        AtomicInteger done = new AtomicInteger((int) sections.stream().filter(WritingJob.Section::written).count());
        SectionWriter writer = new SectionWriter(llm);
        LengthReview review = new LengthReview(llm, this.properties.maxRevisions(), this.properties.callDeadline());
        List<Future<?>> futures = new ArrayList<>();
        List<PlannedSection> submitted = new ArrayList<>();
        Map<String, String> context = MDC.getCopyOfContextMap();
        for (WritingJob.Section section : sections) {
            if (!section.written()) {
                PlannedSection planned = section.planned();
                submitted.add(planned);
                futures.add(this.writers.submit(() -> withContext(context,
                        () -> writeSection(job, plan, planned, writer, review, done, total, run))));
            }
        }
        // every future is awaited (a skipped one returns at once), so no section is
        // written after the run ends
        RuntimeException transientFailure = null;
        String failure = null;
        for (int i = 0; i < futures.size(); i++) {
            try {
                futures.get(i).get();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                futures.forEach(future -> future.cancel(true));
                return; // shutting down: the job stays unfinished and another instance
                        // (or the next start) goes on
            }
            catch (ExecutionException ex) {
                Throwable cause = ex.getCause();
                PlannedSection section = submitted.get(i);
                String reason = "section " + (section.position() + 1) + " (" + section.title()
                        + ") could not be written: " + cause.getMessage();
                if (cause instanceof LlmCallFailed || cause instanceof DataAccessException) {
                    if (transientFailure == null) {
                        transientFailure = new IllegalStateException(reason, cause);
                    }
                }
                else if (failure == null) {
                    failure = reason;
                }
            }
        }
        if (this.stopping || run.lost) {
            return;
        }
        if (failure != null) {
            fail(job, failure, done.get(), total);
            return;
        }
        if (transientFailure != null) {
            log.warn("Writing job {}: {}", job.jobId(), transientFailure.getMessage());
            retryLater(job, transientFailure.getMessage(), done.get(), total);
            return;
        }
        if (!this.jobs.transition(job.jobId(), this.instanceId, Set.of(WritingJob.WRITING, WritingJob.REVIEWING),
                WritingJob.REVIEWING)) {
            return; // erased, or taken over
        }
        WritingJob written = this.jobs.find(job.jobId()).orElse(null);
        if (written == null) {
            return;
        }
        List<WritingJob.WrittenSection> texts = this.jobs.writtenSections(job.jobId());
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < texts.size(); i++) {
            if (i > 0) {
                text.append("\n\n");
            }
            text.append("## ").append(texts.get(i).title()).append("\n\n").append(texts.get(i).text());
        }
        if (written.storedInConversationAt() == null) {
            // Before the job is completed, so a client that sees "completed" finds the
            // text in the conversation.
            // Unreachable or 5xx: thrown as Unavailable and retried like an LLM outage;
            // 4xx: Refused, the job fails.
            // A run that stops after the import but before recording it imports again:
            // the external ids make
            // that a no-op in the memory-service.
            Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
            this.conversation.append(written,
                    texts.stream()
                        .map(section -> new ConversationImport.Section(section.position(), section.title(),
                                section.text(), section.generatedBy()))
                        .toList(),
                    at);
            if (!this.jobs.storedInConversation(job.jobId(), this.instanceId, at)) {
                return; // erased, or taken over
            }
        }
        int words = written.actualWords();
        if (this.jobs.complete(job.jobId(), this.instanceId, text.toString(), words)) {
            log.info("Writing job {} completed: {} words of {} asked for, {} sections", job.jobId(), words,
                    job.targetWords(), total);
            this.events.completed(job, words, total);
        }
    }

    private void writeSection(WritingJob job, WritingPlan plan, PlannedSection section, SectionWriter writer,
            LengthReview review, AtomicInteger done, int total, Run run) {
        if (this.stopping || run.over()) {
            return; // a sibling failed, or the lease is gone: leave the section for the
                    // next run
        }
        if (!this.jobs.sectionStarted(job.jobId(), this.instanceId, section.position())) {
            if (!this.jobs.holds(job.jobId(), this.instanceId)) {
                run.lost = true;
            }
            return;
        }
        try {
            this.events.section(job, WritingEvents.SECTION_STARTED, section, null, done.get(), total, null);
            MemoryContext.Recalled recalled = this.memory.recall(job.tenantId(), job.conversationId(),
                    section.title() + ". " + section.brief());
            if (!recalled.available()) {
                this.jobs.memoryNote(job.jobId(), this.instanceId, MEMORY_NOTE);
            }
            LengthReview.Draft draft = writer.write(job.instruction(), plan, section, recalled.memories(), deadline());
            this.events.section(job, WritingEvents.SECTION_WRITTEN, section,
                    WordCount.of(SectionText.clean(draft.text(), section.title())), done.get(), total, null);
            LengthReview.Reviewed reviewed = review.review(job.instruction(), section, draft);
            if (this.stopping || run.lost) {
                return; // a revision cut short by the shutdown is redone by the next run
            }
            // committed before it is announced: whoever reads the job after the event
            // finds the section
            if (!this.jobs.sectionWritten(job.jobId(), this.instanceId, section.position(), reviewed,
                    recalled.memories().size())) {
                if (!this.jobs.holds(job.jobId(), this.instanceId)) {
                    run.lost = true;
                }
                return;
            }
            int finished = done.incrementAndGet();
            List<LengthReview.Review> reviews = reviewed.reviews();
            for (int i = 0; i < reviews.size(); i++) {
                LengthReview.Review r = reviews.get(i);
                boolean last = i == reviews.size() - 1;
                String detail = !last ? r.verdict() + ": revised" : reviewed.withinTolerance() ? r.verdict()
                        : r.verdict() + ": kept the closest draft (" + reviewed.words() + " words)";
                this.events.section(job, WritingEvents.SECTION_REVIEWED, section, r.words(),
                        last ? finished : finished - 1, total, detail);
            }
        }
        catch (RuntimeException ex) {
            // the sections not started yet are skipped: with the LLM down they would fail
            // the same way
            run.aborted = true;
            throw ex;
        }
    }

    /**
     * Counts the failed run; the job is tried again after the backoff, or fails when it
     * has had its attempts.
     */
    private void retryLater(WritingJob job, String reason, Integer done, Integer sections) {
        int attempt = job.attempts() + 1;
        if (attempt >= this.properties.maxAttempts()) {
            fail(job, "gave up after " + attempt + " attempts; the last one failed: " + reason, done, sections);
            return;
        }
        Duration after = this.properties.retryBackoff().multipliedBy(attempt);
        if (this.jobs.attemptFailed(job.jobId(), this.instanceId, reason, after)) {
            log.info("Writing job {}: attempt {} of {} failed, next one in {} at the earliest", job.jobId(), attempt,
                    this.properties.maxAttempts(), after);
            this.events.retrying(job, done, sections, "attempt " + attempt + " of " + this.properties.maxAttempts()
                    + " failed (" + reason + "); the job goes on in " + after.toSeconds() + " s at the earliest");
        }
    }

    private void fail(WritingJob job, String reason, Integer done, Integer sections) {
        if (this.jobs.fail(job.jobId(), this.instanceId, reason)) {
            log.warn("Writing job {} failed: {}", job.jobId(), reason);
            this.events.failed(job, reason, done, sections);
        }
    }

    private long deadline() {
        return System.nanoTime() + this.properties.callDeadline().toNanos();
    }

    /**
     * Runs with the coordinator's MDC (the job's correlation id), so section logs say
     * which job they are of.
     */
    private static void withContext(Map<String, String> context, Runnable task) {
        Map<String, String> previous = MDC.getCopyOfContextMap();
        if (context != null) {
            MDC.setContextMap(context);
        }
        try {
            task.run();
        }
        finally {
            if (previous != null) {
                MDC.setContextMap(previous);
            }
            else {
                MDC.clear();
            }
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        // Unfinished jobs stay as stored (their finished sections committed); their
        // leases are given up,
        // so another instance's sweep (or the next start) goes on without waiting for
        // them to run out.
        this.stopping = true;
        this.leases.shutdownNow();
        this.coordinators.shutdownNow();
        this.writers.shutdownNow();
        this.coordinators.awaitTermination(5, TimeUnit.SECONDS);
        this.writers.awaitTermination(5, TimeUnit.SECONDS);
        try {
            this.jobs.releaseAll(this.instanceId);
        }
        catch (RuntimeException ex) {
            log.warn("Could not give up the writing leases of this instance (they run out by themselves): {}",
                    ex.toString());
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One run of a job under this instance's lease. */
    private final class Run {

        private final UUID jobId;

        /** The lease is no longer this instance's: stop without writing anything. */
        private volatile boolean lost;

        /** A section failed: the others not started yet are skipped. */
        private volatile boolean aborted;

        private Run(UUID jobId) {
            this.jobId = jobId;
        }

        boolean over() {
            return this.lost || this.aborted;
        }

        void renew() {
            try {
                if (!WritingJobRunner.this.jobs.renew(this.jobId, WritingJobRunner.this.instanceId,
                        WritingJobRunner.this.properties.lease())) {
                    log.warn("Writing job {}: lost its lease (taken over, erased or finished elsewhere); stopping",
                            this.jobId);
                    this.lost = true;
                }
            }
            catch (RuntimeException ex) {
                // the lease may still hold; if it runs out and is taken over, the next
                // write finds 0 rows
                log.warn("Writing job {}: could not renew its lease: {}", this.jobId, ex.toString());
            }
        }

    }

}
