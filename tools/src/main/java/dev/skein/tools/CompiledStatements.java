package dev.skein.tools;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The SQL statements of the retrieval-service as compiled into the jar the stack runs:
 * the floor benchmark times the very statements the service executes, read from their
 * class files (a {@code static final String} text block is a class-file constant, so no
 * class is loaded and no copy in this module can drift from the service's). The service
 * is a Spring Boot jar, so its classes sit under {@code BOOT-INF/classes/}; a classes
 * folder ({@code retrieval-service/target/classes}) works too.
 */
final class CompiledStatements {

    static final String SEARCH_CLASS = "dev/skein/retrieval/search/MemorySearch.class";

    static final String INDEXER_CLASS = "dev/skein/retrieval/indexing/MemoryIndexer.class";

    private CompiledStatements() {
    }

    /**
     * The string constant {@code field} of {@code classFile} in a jar or classes folder.
     */
    static String read(Path jarOrFolder, String classFile, String field) {
        try {
            byte[] bytes;
            if (Files.isDirectory(jarOrFolder)) {
                bytes = Files.readAllBytes(jarOrFolder.resolve(classFile));
            }
            else {
                try (ZipFile jar = new ZipFile(jarOrFolder.toFile())) {
                    ZipEntry entry = jar.getEntry("BOOT-INF/classes/" + classFile);
                    if (entry == null) {
                        entry = jar.getEntry(classFile);
                    }
                    if (entry == null) {
                        throw new IllegalArgumentException(classFile + " is not in " + jarOrFolder);
                    }
                    try (InputStream in = jar.getInputStream(entry)) {
                        bytes = in.readAllBytes();
                    }
                }
            }
            String value = constants(bytes).get(field);
            if (value == null) {
                throw new IllegalArgumentException(
                        "No string constant " + field + " in " + classFile + " of " + jarOrFolder);
            }
            return value;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Every field of a class file that has a string {@code ConstantValue}, by name (JVM
     * specification, chapter 4).
     */
    static Map<String, String> constants(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IllegalArgumentException("Not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] stringIndex = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 8 -> stringIndex[i] = in.readUnsignedShort();
                case 7, 16, 19, 20 -> in.readUnsignedShort();
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                default -> throw new IllegalArgumentException("Unknown constant pool tag " + tag);
            }
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int interfaces = in.readUnsignedShort();
        for (int i = 0; i < interfaces; i++) {
            in.readUnsignedShort();
        }
        Map<String, String> constants = new HashMap<>();
        int fields = in.readUnsignedShort();
        for (int f = 0; f < fields; f++) {
            in.readUnsignedShort();
            String name = utf8[in.readUnsignedShort()];
            in.readUnsignedShort();
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attribute = utf8[in.readUnsignedShort()];
                int length = in.readInt();
                if ("ConstantValue".equals(attribute) && length == 2) {
                    int index = in.readUnsignedShort();
                    if (stringIndex[index] != 0) {
                        constants.put(name, utf8[stringIndex[index]]);
                    }
                }
                else {
                    in.skipNBytes(length);
                }
            }
        }
        return constants;
    }

    /**
     * The number of {@code ?} parameters of a statement (none of ours has {@code ?} in a
     * literal).
     */
    static int parameters(String sql) {
        return (int) sql.chars().filter(c -> c == '?').count();
    }

}
