package dev.skein.platform.web;

import java.sql.SQLException;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class ProblemHandlerTests {

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Failing())
        .setControllerAdvice(new ProblemHandler())
        .build();

    @Test
    void validationNamesEveryField() throws Exception {
        this.mvc.perform(get("/invalid"))
            .andExpect(status().isBadRequest())
            .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
            .andExpect(jsonPath("$.type").value(Problems.BASE + Problems.VALIDATION))
            .andExpect(jsonPath("$.detail").value("2 fields are invalid"))
            .andExpect(jsonPath("$.errors[1].field").value("messages[1].role"));
    }

    @Test
    void beanValidationIsAValidationProblemToo() throws Exception {
        this.mvc.perform(post("/body").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\" \"}"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.type").value(Problems.BASE + Problems.VALIDATION))
            .andExpect(jsonPath("$.errors[0].field").value("name"));
    }

    @Test
    void aBodyThatIsNotJsonIsMalformed() throws Exception {
        this.mvc.perform(post("/body").contentType(MediaType.APPLICATION_JSON).content("{not json"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.type").value(Problems.BASE + Problems.MALFORMED_REQUEST));
    }

    @Test
    void aValueOfTheWrongTypeNamesItsField() throws Exception {
        this.mvc.perform(post("/body").contentType(MediaType.APPLICATION_JSON).content("{\"name\":{\"a\":1}}"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.type").value(Problems.BASE + Problems.VALIDATION))
            .andExpect(jsonPath("$.errors[0].field").value("name"));
    }

    @Test
    void aProblemExceptionIsAnsweredAsItIs() throws Exception {
        this.mvc.perform(get("/unauthorized"))
            .andExpect(status().isUnauthorized())
            .andExpect(header().string("WWW-Authenticate", "Bearer"))
            .andExpect(jsonPath("$.type").value(Problems.BASE + Problems.UNAUTHORIZED));
    }

    @Test
    void anUnexpectedFailureSaysNothingOfItsCause() throws Exception {
        this.mvc.perform(get("/boom"))
            .andExpect(status().isInternalServerError())
            .andExpect(jsonPath("$.type").value(Problems.BASE + Problems.INTERNAL))
            .andExpect(jsonPath("$.detail").value("The request could not be processed."));
    }

    @Test
    void springsOwnErrorsGetSkeinTypes() throws Exception {
        this.mvc.perform(post("/boom"))
            .andExpect(status().isMethodNotAllowed())
            .andExpect(jsonPath("$.type").value(Problems.BASE + Problems.METHOD_NOT_ALLOWED));
        this.mvc.perform(post("/body").contentType(MediaType.TEXT_PLAIN).content("x"))
            .andExpect(status().isUnsupportedMediaType())
            .andExpect(jsonPath("$.type").value(Problems.BASE + Problems.UNSUPPORTED_MEDIA_TYPE));
    }

    @Test
    void aUniqueKeyTakenByAnotherWriteIsAConflictNotAnOutage() throws Exception {
        this.mvc.perform(get("/duplicate"))
            .andExpect(status().isConflict())
            .andExpect(jsonPath("$.type").value(Problems.BASE + Problems.CONFLICT))
            .andExpect(jsonPath("$.detail").value(not(containsString("secret"))));
    }

    @Test
    void aValueTheDatabaseCannotStoreIsABadRequestNotAnOutage() throws Exception {
        this.mvc.perform(get("/unstorable"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.type").value(Problems.BASE + Problems.VALIDATION))
            .andExpect(jsonPath("$.errors[0].field").value("body"));
    }

    @Test
    void aParameterOfTheWrongTypeIsNamed() throws Exception {
        this.mvc.perform(get("/limit").param("limit", "lots"))
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.type").value(Problems.BASE + Problems.VALIDATION))
            .andExpect(jsonPath("$.errors[0].field").value("limit"));
    }

    record Body(@NotBlank String name) {
    }

    @RestController
    static class Failing {

        @GetMapping("/invalid")
        void invalid() {
            throw new ValidationException(List.of(new FieldError("messages[0].content", "must not be blank"),
                    new FieldError("messages[1].role", "must be user or assistant")));
        }

        @PostMapping("/body")
        void body(@Valid @RequestBody Body body) {
        }

        @GetMapping("/unauthorized")
        void unauthorized() {
            throw Problems.unauthorized("Missing API key");
        }

        @GetMapping("/boom")
        void boom() {
            throw new IllegalStateException("secret internals");
        }

        @GetMapping("/duplicate")
        void duplicate() {
            throw new DuplicateKeyException("Key (external_id)=(secret) already exists",
                    new SQLException("duplicate key value", "23505"));
        }

        @GetMapping("/unstorable")
        void unstorable() {
            throw new DataIntegrityViolationException("invalid byte sequence",
                    new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021"));
        }

        @GetMapping("/limit")
        int limit(@RequestParam int limit) {
            return limit;
        }

    }

}
