package dev.skein.retrieval.embedding;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Warns at start-up when the index holds chunks of another embedding model: their vectors
 * are not comparable with the current model's, so dense search over them is noise until a
 * reindex (replay memory.memory-recorded.v1 from the start into an emptied index, or
 * re-import).
 */
@Component
class EmbeddingModelCheck {

    private static final Logger log = LoggerFactory.getLogger(EmbeddingModelCheck.class);

    private final Embedder embedder;

    private final JdbcTemplate jdbc;

    EmbeddingModelCheck(Embedder embedder, JdbcTemplate jdbc) {
        this.embedder = embedder;
        this.jdbc = jdbc;
    }

    @EventListener(ApplicationReadyEvent.class)
    void check() {
        Boolean stale = this.jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM memory_chunks WHERE embedding_model <> ?)", Boolean.class,
                this.embedder.modelName());
        if (Boolean.TRUE.equals(stale)) {
            log.warn("The index holds chunks embedded with another model than {}: reindex them "
                    + "(SKEIN_EMBEDDING_MODEL changed)", this.embedder.modelName());
        }
    }

}
