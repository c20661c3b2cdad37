package dev.skein.retrieval.search;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TimeExpressionsTests {

    /** A Wednesday. */
    private static final Instant AS_OF = Instant.parse("2023-05-17T15:30:00Z");

    @Test
    void relativeDays() {
        assertRange("What did I do yesterday?", "2023-05-16T00:00:00Z", "2023-05-17T00:00:00Z");
        assertRange("anything today", "2023-05-17T00:00:00Z", "2023-05-18T00:00:00Z");
        assertRange("the day before yesterday", "2023-05-15T00:00:00Z", "2023-05-16T00:00:00Z");
        assertRange("what happened 3 days ago", "2023-05-14T00:00:00Z", "2023-05-15T00:00:00Z");
    }

    @Test
    void weeksAgoIsTheWeekAroundThatDay() {
        assertRange("Where did we go two weeks ago?", "2023-04-30T00:00:00Z", "2023-05-07T00:00:00Z");
        assertRange("a week ago", "2023-05-07T00:00:00Z", "2023-05-14T00:00:00Z");
    }

    @Test
    void calendarPeriods() {
        assertRange("What did Caroline do last week?", "2023-05-08T00:00:00Z", "2023-05-15T00:00:00Z");
        assertRange("this week", "2023-05-15T00:00:00Z", "2023-05-22T00:00:00Z");
        assertRange("last month", "2023-04-01T00:00:00Z", "2023-05-01T00:00:00Z");
        assertRange("a trip last year", "2022-01-01T00:00:00Z", "2023-01-01T00:00:00Z");
        assertRange("three months ago", "2023-02-01T00:00:00Z", "2023-03-01T00:00:00Z");
    }

    @Test
    void weekdays() {
        assertRange("What did she say on Monday?", "2023-05-15T00:00:00Z", "2023-05-16T00:00:00Z");
        assertRange("on Wednesday", "2023-05-17T00:00:00Z", "2023-05-18T00:00:00Z");
        assertRange("last Wednesday", "2023-05-10T00:00:00Z", "2023-05-11T00:00:00Z");
        assertRange("Friday night", "2023-05-12T00:00:00Z", "2023-05-13T00:00:00Z");
    }

    @Test
    void monthsAndDates() {
        assertRange("What happened in May 2023?", "2023-05-01T00:00:00Z", "2023-06-01T00:00:00Z");
        assertRange("in March", "2023-03-01T00:00:00Z", "2023-04-01T00:00:00Z");
        // A month after this one, without a year, is last year's.
        assertRange("in August", "2022-08-01T00:00:00Z", "2022-09-01T00:00:00Z");
        assertRange("the concert on 2023-05-08", "2023-05-08T00:00:00Z", "2023-05-09T00:00:00Z");
        assertRange("on May 7, 2022", "2022-05-07T00:00:00Z", "2022-05-08T00:00:00Z");
        assertRange("on 7 May", "2023-05-07T00:00:00Z", "2023-05-08T00:00:00Z");
        assertRange("December 24th", "2022-12-24T00:00:00Z", "2022-12-25T00:00:00Z");
        assertRange("since 2021", "2021-01-01T00:00:00Z", "2022-01-01T00:00:00Z");
    }

    @Test
    void noTime() {
        assertThat(TimeExpressions.parse("May I ask what her dog is called?", AS_OF)).isEmpty();
        assertThat(TimeExpressions.parse("We march on", AS_OF)).isEmpty();
        assertThat(TimeExpressions.parse("I paid 2000 dollars", AS_OF)).isEmpty();
        assertThat(TimeExpressions.parse("What is Caroline's identity?", AS_OF)).isEmpty();
        assertThat(TimeExpressions.parse("on February 31", AS_OF)).isEmpty();
        assertThat(TimeExpressions.parse(null, AS_OF)).isEmpty();
    }

    private static void assertRange(String query, String start, String end) {
        Optional<TimeRange> range = TimeExpressions.parse(query, AS_OF);
        assertThat(range).as(query).contains(new TimeRange(Instant.parse(start), Instant.parse(end)));
    }

}
