package dev.skein.memory.salience;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RestatementTests {

    @Test
    void aShortStatementWithANewValueRestatesTheOlderOne() {
        // "Update: my locker code is Zudor34 now." after "My locker code is Kalomi12."
        assertThat(Salience.restates(List.of("locker", "code", "zudor34"), List.of("locker", "code"))).isTrue();
        // exactly half of its phrases shared is enough
        assertThat(Salience.restates(List.of("locker", "code", "zudor34", "update"), List.of("locker", "code")))
            .isTrue();
    }

    @Test
    void aLongTurnSharingATopicDoesNotRestate() {
        assertThat(Salience.restates(List.of("support", "group", "parade", "friends", "painting"),
                List.of("support", "group")))
            .isFalse();
    }

    @Test
    void oneSharedPhraseOrNothingNewIsNoUpdate() {
        assertThat(Salience.restates(List.of("locker", "zudor34"), List.of("locker"))).isFalse();
        assertThat(Salience.restates(List.of("locker", "code"), List.of("locker", "code"))).isFalse();
    }

}
