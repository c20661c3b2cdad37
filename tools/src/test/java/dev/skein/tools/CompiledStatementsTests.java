package dev.skein.tools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CompiledStatementsTests {

    static final String STATEMENT = """
            SELECT memory_id FROM memory_chunks
            WHERE tenant_id = ? AND conversation_id = ?
            """ + Part.TAIL;

    static final long NUMBER = 42L;

    static final class Part {

        static final String TAIL = "LIMIT ?";

    }

    @Test
    void readsAStringConstantFromAClassFileFoldedAcrossClasses() throws IOException {
        Map<String, String> constants = CompiledStatements.constants(bytes(CompiledStatementsTests.class));

        assertThat(constants).containsEntry("STATEMENT", STATEMENT).doesNotContainKey("NUMBER");
        assertThat(CompiledStatements.parameters(constants.get("STATEMENT"))).isEqualTo(3);
    }

    @Test
    void readsFromAClassesFolderAndNamesWhatIsMissing(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("dev/skein/tools/CompiledStatementsTests.class");
        Files.createDirectories(file.getParent());
        Files.write(file, bytes(CompiledStatementsTests.class));

        assertThat(CompiledStatements.read(folder, "dev/skein/tools/CompiledStatementsTests.class", "STATEMENT"))
            .isEqualTo(STATEMENT);
        assertThatIllegalArgumentException()
            .isThrownBy(() -> CompiledStatements.read(folder, "dev/skein/tools/CompiledStatementsTests.class", "NONE"))
            .withMessageContaining("NONE");
    }

    private static byte[] bytes(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

}
