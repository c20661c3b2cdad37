package dev.skein.generation.writing.jobs;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface WritingJobRepository extends JpaRepository<WritingJobEntity, UUID> {

    /** The job and its sections in one statement. */
    @Query("select j from WritingJobEntity j left join fetch j.sections where j.jobId = :jobId")
    Optional<WritingJobEntity> findWithSections(@Param("jobId") UUID jobId);

    /**
     * The job and its sections in one statement, only if it is this tenant's
     * conversation's.
     */
    @Query("""
            select j from WritingJobEntity j left join fetch j.sections
            where j.jobId = :jobId and j.tenantId = :tenantId and j.conversationId = :conversationId""")
    Optional<WritingJobEntity> findWithSections(@Param("tenantId") String tenantId,
            @Param("conversationId") String conversationId, @Param("jobId") UUID jobId);

}
