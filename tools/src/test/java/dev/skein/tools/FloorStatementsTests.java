package dev.skein.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The floor binds the retrieval-service's statements by position; when a statement gains
 * a parameter, this fails in the build instead of the benchmark failing at run time.
 */
class FloorStatementsTests {

    // built before this module in the reactor (the root pom lists retrieval-service
    // first)
    private static final Path RETRIEVAL_CLASSES = Path.of("../retrieval-service/target/classes");

    @Test
    void bindsAsManyParametersAsTheRetrievalServiceStatementsTake() throws IOException {
        assertThat(RETRIEVAL_CLASSES).as("build the retrieval-service first (./mvnw -pl tools -am ...)")
            .matches(Files::isDirectory);

        String search = CompiledStatements.read(RETRIEVAL_CLASSES, CompiledStatements.SEARCH_CLASS, "SEARCH");
        String upsert = CompiledStatements.read(RETRIEVAL_CLASSES, CompiledStatements.INDEXER_CLASS, "UPSERT");

        assertThat(CompiledStatements.parameters(search)).isEqualTo(FloorBench.SEARCH_PARAMETERS);
        assertThat(CompiledStatements.parameters(upsert)).isEqualTo(FloorBench.UPSERT_PARAMETERS);
    }

}
