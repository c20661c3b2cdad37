package dev.skein.generation.writing.jobs;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A row of {@code writing_sections}, read with its job. Immutable here: a section is
 * written by owner-guarded SQL in {@link WritingJobs} (its compare-and-set names the
 * job's owner and status in the same statement).
 */
@Entity
@Immutable
@IdClass(WritingSectionEntity.Key.class)
@Table(name = "writing_sections", schema = "generation")
class WritingSectionEntity {

    @Id
    @Column(name = "job_id")
    private UUID jobId;

    @Id
    private int position;

    private String title;

    private String brief;

    @Column(name = "target_words")
    private int targetWords;

    private String status;

    private String text;

    @Column(name = "actual_words")
    private Integer actualWords;

    // the JSON text; WritingJobs reads it with its mapper
    @JdbcTypeCode(SqlTypes.JSON)
    private String reviews;

    @Column(name = "memories_used")
    private Integer memoriesUsed;

    @Column(name = "generated_by")
    private String generatedBy;

    protected WritingSectionEntity() {
    }

    int position() {
        return this.position;
    }

    String title() {
        return this.title;
    }

    String brief() {
        return this.brief;
    }

    int targetWords() {
        return this.targetWords;
    }

    String status() {
        return this.status;
    }

    String text() {
        return this.text;
    }

    Integer actualWords() {
        return this.actualWords;
    }

    String reviews() {
        return this.reviews;
    }

    Integer memoriesUsed() {
        return this.memoriesUsed;
    }

    String generatedBy() {
        return this.generatedBy;
    }

    /** The composite key: a job's section by its position in the plan. */
    static class Key implements Serializable {

        private UUID jobId;

        private int position;

        Key() {
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(this.jobId, key.jobId) && this.position == key.position;
        }

        @Override
        public int hashCode() {
            return Objects.hash(this.jobId, this.position);
        }

    }

}
