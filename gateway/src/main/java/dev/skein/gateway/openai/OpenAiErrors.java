package dev.skein.gateway.openai;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An RFC 9457 problem in OpenAI's error shape, {@code {"error": {"message", "type",
 * "param", "code"}}}, which the OpenAI SDKs parse: {@code type} from the HTTP status as
 * OpenAI uses it, {@code code} the problem's type name (e.g. {@code validation}),
 * {@code param} the first invalid field, and the problem's own members kept beside them.
 */
final class OpenAiErrors {

    private OpenAiErrors() {
    }

    static Map<String, Object> of(Map<String, Object> problem) {
        int status = problem.get("status") instanceof Number number ? number.intValue() : 500;
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message(problem));
        error.put("type", type(status));
        error.put("param", param(problem));
        error.put("code", code(problem, status));
        // the problem's members stay readable for clients that know Skein
        problem.forEach(error::putIfAbsent);
        return Map.of("error", error);
    }

    static String type(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 409 -> "conflict_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    private static String message(Map<String, Object> problem) {
        String detail = problem.get("detail") instanceof String text ? text
                : problem.get("title") instanceof String title ? title : "The request failed";
        if (problem.get("errors") instanceof List<?> errors && !errors.isEmpty()) {
            StringBuilder message = new StringBuilder(detail);
            for (Object item : errors) {
                if (item instanceof Map<?, ?> fieldError) {
                    message.append(message.isEmpty() ? "" : " ")
                        .append(fieldError.get("field"))
                        .append(": ")
                        .append(fieldError.get("message"))
                        .append('.');
                }
            }
            return message.toString();
        }
        return detail;
    }

    private static @Nullable String param(Map<String, Object> problem) {
        if (problem.get("errors") instanceof List<?> errors && !errors.isEmpty()
                && errors.get(0) instanceof Map<?, ?> first && first.get("field") instanceof String field) {
            return field;
        }
        return null;
    }

    private static String code(Map<String, Object> problem, int status) {
        if (status == 401) {
            return "invalid_api_key";
        }
        if (status == 429) {
            return "rate_limit_exceeded";
        }
        if (problem.get("type") instanceof String type && type.lastIndexOf('/') >= 0) {
            return type.substring(type.lastIndexOf('/') + 1);
        }
        return "error";
    }

}
