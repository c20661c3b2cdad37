package dev.skein.gateway.writing;

import java.util.ArrayList;
import java.util.List;

import dev.skein.platform.web.FieldError;
import dev.skein.platform.web.Storable;
import dev.skein.platform.web.ValidationException;

/** The limits of a writing request; every bad field is named at once. */
final class WritingRequestValidator {

    static final int MIN_WORDS = 100;

    static final int MAX_WORDS = 50_000;

    /**
     * Room for a detailed brief; the text itself comes from the plan and the memory, not
     * from here.
     */
    static final int MAX_INSTRUCTION_CHARS = 8_000;

    private WritingRequestValidator() {
    }

    static void validate(WritingRequest request) {
        if (request == null) {
            throw new ValidationException("body", "must be a writing request object");
        }
        List<FieldError> errors = new ArrayList<>();
        if (request.instruction() == null || request.instruction().isBlank()) {
            errors.add(new FieldError("instruction", "must not be blank"));
        }
        else if (request.instruction().length() > MAX_INSTRUCTION_CHARS) {
            errors.add(new FieldError("instruction", "must be at most " + MAX_INSTRUCTION_CHARS + " characters"));
        }
        else {
            Storable.checkText(request.instruction(), "instruction", errors);
        }
        if (request.targetWords() == null) {
            errors.add(new FieldError("targetWords", "is required"));
        }
        else if (request.targetWords() < MIN_WORDS || request.targetWords() > MAX_WORDS) {
            errors.add(new FieldError("targetWords", "must be between " + MIN_WORDS + " and " + MAX_WORDS));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

}
