package dev.skein.retrieval.search;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the time a question names ("yesterday", "last week", "in May 2023", "two weeks
 * ago", "on Friday", "2023-05-08") and resolves it to a range of days relative to when
 * the question is asked. Days are UTC days: the service does not know the user's time
 * zone, and a boost that is a few hours off still points at the right conversation. The
 * first, most specific expression wins.
 */
final class TimeExpressions {

    private static final Map<String, Integer> NUMBERS = Map.ofEntries(Map.entry("a", 1), Map.entry("an", 1),
            Map.entry("one", 1), Map.entry("a couple of", 2), Map.entry("two", 2), Map.entry("three", 3),
            Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6), Map.entry("seven", 7),
            Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10), Map.entry("eleven", 11),
            Map.entry("twelve", 12), Map.entry("few", 3), Map.entry("a few", 3));

    private static final String MONTH = "(january|february|march|april|may|june|july|august|september|october"
            + "|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)";

    private static final String WEEKDAY = "(monday|tuesday|wednesday|thursday|friday|saturday|sunday)";

    private static final Pattern ISO_DATE = Pattern.compile("\\b(\\d{4})-(\\d{2})-(\\d{2})\\b");

    private static final Pattern MONTH_DAY = Pattern
        .compile("\\b" + MONTH + "\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4})\\b)?");

    private static final Pattern DAY_MONTH = Pattern
        .compile("\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?" + MONTH + "\\b(?:,?\\s+(\\d{4})\\b)?");

    private static final Pattern MONTH_YEAR = Pattern.compile("\\b" + MONTH + ",?\\s+(\\d{4})\\b");

    private static final Pattern AGO = Pattern.compile(
            "\\b(\\d{1,3}|a couple of|a few|few|an|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
                    + "\\s+(day|week|month|year)s?\\s+ago\\b");

    private static final Pattern RELATIVE_DAY = Pattern
        .compile("\\b(today|tonight|yesterday|the day before yesterday)\\b");

    private static final Pattern WEEKDAY_NAMED = Pattern.compile("\\b(last\\s+)?" + WEEKDAY + "\\b");

    private static final Pattern RELATIVE_PERIOD = Pattern
        .compile("\\b(last|this|past|previous)\\s+(week|month|year)\\b");

    /**
     * "may" and "march" are verbs too: as a bare month they need a preposition before
     * them.
     */
    private static final Pattern MONTH_ALONE = Pattern
        .compile("\\b(?:(in|during|since|of|last|this)\\s+)?" + MONTH + "\\b");

    private static final Pattern YEAR_ALONE = Pattern.compile("\\b(?:in|during|since|of)\\s+((?:19|20)\\d{2})\\b");

    private TimeExpressions() {
    }

    /**
     * The range the query names, relative to {@code asOf}, or empty when it names none.
     */
    static Optional<TimeRange> parse(String query, Instant asOf) {
        if (query == null || query.isBlank()) {
            return Optional.empty();
        }
        String text = query.toLowerCase(Locale.ROOT);
        LocalDate today = LocalDate.ofInstant(asOf, ZoneOffset.UTC);
        try {
            Matcher m = ISO_DATE.matcher(text);
            if (m.find()) {
                return Optional.of(days(LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3))), 1));
            }
            m = MONTH_DAY.matcher(text);
            if (m.find()) {
                return Optional.of(days(dayOf(month(m.group(1)), Integer.parseInt(m.group(2)), m.group(3), today), 1));
            }
            m = DAY_MONTH.matcher(text);
            if (m.find()) {
                return Optional.of(days(dayOf(month(m.group(2)), Integer.parseInt(m.group(1)), m.group(3), today), 1));
            }
        }
        catch (java.time.DateTimeException ex) {
            // "February 31": not a day, so no boost
            return Optional.empty();
        }
        Matcher m = MONTH_YEAR.matcher(text);
        if (m.find()) {
            return Optional.of(month(LocalDate.of(Integer.parseInt(m.group(2)), month(m.group(1)), 1)));
        }
        m = AGO.matcher(text);
        if (m.find()) {
            int n = NUMBERS.containsKey(m.group(1)) ? NUMBERS.get(m.group(1)) : Integer.parseInt(m.group(1));
            return Optional.of(switch (m.group(2)) {
                case "day" -> days(today.minusDays(n), 1);
                // About then: the week around the day n weeks back
                case "week" -> days(today.minusWeeks(n).minusDays(3), 7);
                case "month" -> month(today.minusMonths(n).withDayOfMonth(1));
                default -> year(today.getYear() - n);
            });
        }
        m = RELATIVE_DAY.matcher(text);
        if (m.find()) {
            return Optional.of(switch (m.group(1)) {
                case "today", "tonight" -> days(today, 1);
                case "yesterday" -> days(today.minusDays(1), 1);
                default -> days(today.minusDays(2), 1);
            });
        }
        m = WEEKDAY_NAMED.matcher(text);
        if (m.find()) {
            DayOfWeek day = DayOfWeek.valueOf(m.group(2).toUpperCase(Locale.ROOT));
            LocalDate date = m.group(1) != null ? today.with(TemporalAdjusters.previous(day))
                    : today.with(TemporalAdjusters.previousOrSame(day));
            return Optional.of(days(date, 1));
        }
        m = RELATIVE_PERIOD.matcher(text);
        if (m.find()) {
            boolean previous = !"this".equals(m.group(1));
            return Optional.of(switch (m.group(2)) {
                case "week" -> {
                    LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                    yield days(previous ? monday.minusWeeks(1) : monday, 7);
                }
                case "month" -> month(previous ? today.minusMonths(1).withDayOfMonth(1) : today.withDayOfMonth(1));
                default -> year(previous ? today.getYear() - 1 : today.getYear());
            });
        }
        m = MONTH_ALONE.matcher(text);
        while (m.find()) {
            String name = m.group(2);
            String before = m.group(1);
            if ((name.equals("may") || name.equals("march") || name.equals("mar")) && before == null) {
                continue;
            }
            Month month = month(name);
            int year = "this".equals(before) || month.getValue() <= today.getMonthValue() ? today.getYear()
                    : today.getYear() - 1;
            if ("last".equals(before) && month.getValue() >= today.getMonthValue()) {
                year = today.getYear() - 1;
            }
            return Optional.of(month(LocalDate.of(year, month, 1)));
        }
        m = YEAR_ALONE.matcher(text);
        if (m.find()) {
            return Optional.of(year(Integer.parseInt(m.group(1))));
        }
        return Optional.empty();
    }

    /** A day of a month without a year is the latest one not after today. */
    private static LocalDate dayOf(Month month, int day, String year, LocalDate today) {
        if (year != null) {
            return LocalDate.of(Integer.parseInt(year), month, day);
        }
        LocalDate date = LocalDate.of(today.getYear(), month, day);
        return date.isAfter(today) ? date.minusYears(1) : date;
    }

    private static Month month(String name) {
        for (Month month : Month.values()) {
            if (month.name().toLowerCase(Locale.ROOT).startsWith(name.substring(0, 3))) {
                return month;
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static TimeRange days(LocalDate first, int count) {
        return new TimeRange(first.atStartOfDay(ZoneOffset.UTC).toInstant(),
                first.plusDays(count).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    private static TimeRange month(LocalDate first) {
        return new TimeRange(first.atStartOfDay(ZoneOffset.UTC).toInstant(),
                first.plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    private static TimeRange year(int year) {
        LocalDate first = LocalDate.of(year, 1, 1);
        return new TimeRange(first.atStartOfDay(ZoneOffset.UTC).toInstant(),
                first.plusYears(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

}
