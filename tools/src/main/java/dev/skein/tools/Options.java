package dev.skein.tools;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A command's {@code --name value} options and bare {@code --flag}s. A value that is not
 * of the kind asked for fails with the option's name, before anything has been sent to a
 * stack.
 */
final class Options {

    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = values;
    }

    static Options parse(String... args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || args[i].length() == 2) {
                throw new IllegalArgumentException("Unexpected argument " + args[i]);
            }
            String name = args[i].substring(2);
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            values.put(name, flag ? "true" : args[++i]);
        }
        return new Options(values);
    }

    static Options of(Map<String, String> values) {
        return new Options(new HashMap<>(values));
    }

    boolean has(String name) {
        return this.values.containsKey(name);
    }

    String text(String name, String fallback) {
        return this.values.getOrDefault(name, fallback);
    }

    boolean flag(String name) {
        String value = this.values.get(name);
        if (value == null) {
            return false;
        }
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException("--" + name + " takes no value, was " + value);
    }

    int integer(String name, int fallback) {
        String value = this.values.get(name);
        return value == null ? fallback : wholeNumber(name, value);
    }

    /** A comma-separated list of whole numbers, such as {@code --turns 1000,10000}. */
    List<Integer> integers(String name, String fallback) {
        List<Integer> numbers = new ArrayList<>();
        for (String part : this.values.getOrDefault(name, fallback).split(",")) {
            numbers.add(wholeNumber(name, part.strip()));
        }
        return numbers;
    }

    double decimal(String name, double fallback) {
        String value = this.values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(value);
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("--" + name + " must be a number, was " + value);
        }
    }

    private static int wholeNumber(String name, String value) {
        try {
            int number = Integer.parseInt(value.replace("_", ""));
            if (number < 0) {
                throw new IllegalArgumentException("--" + name + " must not be negative, was " + value);
            }
            return number;
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, was " + value);
        }
    }

}
