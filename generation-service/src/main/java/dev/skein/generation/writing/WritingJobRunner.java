package dev.skein.generation.writing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.skein.generation.llm.LlmProviders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Runs writing jobs: plan, then the sections side by side on a bounded pool
 * ({@code SKEIN_WRITING_PARALLELISM}; they are independent because each sees the whole plan), each
 * reviewed for length and committed as soon as it is done, then the text assembled. A job is
 * driven only from what is stored, so a job interrupted by a crash or a shutdown resumes at the
 * next start from its finished sections ({@link #resumeUnfinished()}), writing only the missing ones.
 */
@Component
class WritingJobRunner implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WritingJobRunner.class);

    static final String MEMORY_NOTE = "the memory search was unavailable for some sections; they were written "
            + "without the conversation's memory";

    private final WritingJobs jobs;

    private final WritingEvents events;

    private final WritingAvailability availability;

    private final MemoryContext memory;

    private final WritingProperties properties;

    /** Coordinates jobs: plans, waits for the sections, assembles. */
    private final ExecutorService coordinators;

    /** Writes sections, over all jobs: the bound on LLM calls that long-form writing makes at once. */
    private final ExecutorService writers;

    /** Jobs this instance runs now: a redelivered request or a resume does not start a second runner. */
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();

    private volatile boolean stopping;

    WritingJobRunner(WritingJobs jobs, WritingEvents events, WritingAvailability availability,
            WritingProperties properties) {
        this.jobs = jobs;
        this.events = events;
        this.availability = availability;
        this.properties = properties;
        this.memory = new MemoryContext(properties);
        this.coordinators = Executors.newFixedThreadPool(properties.concurrentJobs(), threads("skein-writing-job-"));
        this.writers = Executors.newFixedThreadPool(properties.parallelism(), threads("skein-writing-section-"));
    }

    /** Runs the job unless it is finished or already running here. */
    void submit(UUID jobId) {
        if (this.stopping || !this.running.add(jobId)) {
            return;
        }
        try {
            this.coordinators.execute(() -> {
                MDC.put("correlationId", "writing-" + jobId);
                try {
                    run(jobId);
                }
                catch (RuntimeException ex) {
                    log.error("Writing job {} stopped unexpectedly", jobId, ex);
                }
                finally {
                    this.running.remove(jobId);
                    MDC.remove("correlationId");
                }
            });
        }
        catch (RuntimeException ex) {
            this.running.remove(jobId);
            throw ex;
        }
    }

    /** Every job neither completed nor failed goes on where it stopped. */
    @EventListener(ApplicationReadyEvent.class)
    void resumeUnfinished() {
        List<UUID> unfinished = this.jobs.unfinished();
        if (!unfinished.isEmpty()) {
            log.info("Resuming {} unfinished writing jobs", unfinished.size());
        }
        unfinished.forEach(this::submit);
    }

    /** True while this instance runs the job (tests wait on it). */
    boolean isRunning(UUID jobId) {
        return this.running.contains(jobId);
    }

    private void run(UUID jobId) {
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
                this.jobs.status(jobId, WritingJob.PLANNING);
                WritingPlan plan = new Planner(llm).plan(job.instruction(), job.targetWords(), deadline());
                if (this.stopping) {
                    return; // an interrupted planning call must not leave a fallback plan behind
                }
                boolean saved = this.jobs.savePlan(jobId, plan);
                job = this.jobs.find(jobId).orElse(null);
                if (job == null || job.finished() || job.plan() == null) {
                    return; // erased meanwhile
                }
                if (saved) {
                    this.events.planned(job, plan.sections().size(), plan.note());
                }
            }
            else {
                this.jobs.status(jobId, WritingJob.WRITING);
            }
            writeSections(job, llm);
        }
        catch (RuntimeException ex) {
            if (!this.stopping) {
                log.warn("Writing job {} failed", jobId, ex);
                fail(job, "the job failed: " + ex.getMessage(), null, null);
            }
        }
    }

    private void writeSections(WritingJob job, LlmProviders llm) {
        List<WritingJob.Section> sections = job.plan().sections();
        WritingPlan plan = new WritingPlan(sections.stream().map(WritingJob.Section::planned).toList(),
                job.plan().source(), job.plan().note());
        int total = sections.size();
        AtomicInteger done = new AtomicInteger((int) sections.stream().filter(WritingJob.Section::written).count());
        SectionWriter writer = new SectionWriter(llm);
        LengthReview review = new LengthReview(llm, this.properties.maxRevisions(), this.properties.callDeadline());
        List<Future<?>> futures = new ArrayList<>();
        List<PlannedSection> submitted = new ArrayList<>();
        WritingJob current = job;
        for (WritingJob.Section section : sections) {
            if (!section.written()) {
                PlannedSection planned = section.planned();
                submitted.add(planned);
                futures.add(this.writers.submit(() -> writeSection(current, plan, planned, writer, review, done, total)));
            }
        }
        String failure = null;
        for (int i = 0; i < futures.size(); i++) {
            try {
                futures.get(i).get();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                futures.forEach(future -> future.cancel(true));
                return; // shutting down: the job stays unfinished and resumes at the next start
            }
            catch (ExecutionException ex) {
                if (failure == null) {
                    PlannedSection section = submitted.get(i);
                    failure = "section " + (section.position() + 1) + " (" + section.title()
                            + ") could not be written: " + ex.getCause().getMessage();
                }
            }
        }
        if (this.stopping) {
            return;
        }
        if (failure != null) {
            fail(job, failure, done.get(), total);
            return;
        }
        if (!this.jobs.status(job.jobId(), WritingJob.REVIEWING)) {
            return; // erased, or finished by another runner
        }
        WritingJob written = this.jobs.find(job.jobId()).orElse(null);
        if (written == null) {
            return;
        }
        List<String> texts = this.jobs.sectionTexts(job.jobId());
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < sections.size(); i++) {
            if (i > 0) {
                text.append("\n\n");
            }
            text.append("## ").append(sections.get(i).title()).append("\n\n").append(texts.get(i));
        }
        int words = written.actualWords();
        if (this.jobs.complete(job.jobId(), text.toString(), words)) {
            log.info("Writing job {} completed: {} words of {} asked for, {} sections", job.jobId(), words,
                    job.targetWords(), total);
            this.events.completed(job, words, total);
        }
    }

    private void writeSection(WritingJob job, WritingPlan plan, PlannedSection section, SectionWriter writer,
            LengthReview review, AtomicInteger done, int total) {
        if (this.stopping || this.jobs.find(job.jobId()).map(WritingJob::finished).orElse(true)) {
            return;
        }
        this.jobs.sectionStarted(job.jobId(), section.position());
        this.events.section(job, WritingEvents.SECTION_STARTED, section, null, done.get(), total, null);
        MemoryContext.Recalled recalled = this.memory.recall(job.tenantId(), job.conversationId(),
                section.title() + ". " + section.brief());
        if (!recalled.available()) {
            this.jobs.memoryNote(job.jobId(), MEMORY_NOTE);
        }
        String draft = writer.write(job.instruction(), plan, section, recalled.memories(), deadline());
        this.events.section(job, WritingEvents.SECTION_WRITTEN, section,
                WordCount.of(SectionText.clean(draft, section.title())), done.get(), total, null);
        LengthReview.Reviewed reviewed = review.review(job.instruction(), section, draft);
        if (this.stopping) {
            return; // a revision cut short by the shutdown is redone at the next start
        }
        // committed before it is announced: whoever reads the job after the event finds the section
        if (!this.jobs.sectionWritten(job.jobId(), section.position(), reviewed, recalled.memories().size())) {
            return;
        }
        int finished = done.incrementAndGet();
        List<LengthReview.Review> reviews = reviewed.reviews();
        for (int i = 0; i < reviews.size(); i++) {
            LengthReview.Review r = reviews.get(i);
            boolean last = i == reviews.size() - 1;
            String detail = !last ? r.verdict() + ": revised"
                    : reviewed.withinTolerance() ? r.verdict()
                    : r.verdict() + ": kept the closest draft (" + reviewed.words() + " words)";
            this.events.section(job, WritingEvents.SECTION_REVIEWED, section, r.words(), last ? finished : finished - 1,
                    total, detail);
        }
    }

    private void fail(WritingJob job, String reason, Integer done, Integer sections) {
        if (this.jobs.fail(job.jobId(), reason)) {
            log.warn("Writing job {} failed: {}", job.jobId(), reason);
            this.events.failed(job, reason, done, sections);
        }
    }

    private long deadline() {
        return System.nanoTime() + this.properties.callDeadline().toNanos();
    }

    @Override
    public void destroy() throws InterruptedException {
        // Unfinished jobs stay as stored (their finished sections committed) and resume at the next start.
        this.stopping = true;
        this.coordinators.shutdownNow();
        this.writers.shutdownNow();
        this.coordinators.awaitTermination(5, TimeUnit.SECONDS);
        this.writers.awaitTermination(5, TimeUnit.SECONDS);
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
