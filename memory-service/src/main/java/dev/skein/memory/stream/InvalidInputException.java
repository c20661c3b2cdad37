package dev.skein.memory.stream;

import java.util.List;

/** Input that breaks {@link MessageRules}; nothing was stored. */
public class InvalidInputException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidInputException(List<Violation> violations) {
        super(violations.size() + " invalid field(s), first: " + violations.get(0).field() + " "
                + violations.get(0).message());
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return this.violations;
    }
}
