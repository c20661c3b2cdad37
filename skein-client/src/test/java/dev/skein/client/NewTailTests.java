package dev.skein.client;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.skein.client.NewTail.Entry;

import static org.assertj.core.api.Assertions.assertThat;

class NewTailTests {

    private static final Entry HI = new Entry("user", "hi");

    private static final Entry HELLO = new Entry("assistant", "hello");

    private static final Entry HOW = new Entry("user", "how are you?");

    private static final Entry FINE = new Entry("assistant", "fine");

    @Test
    void everythingIsNewInAnEmptyConversation() {
        assertThat(NewTail.start(List.of(), List.of(HI))).isZero();
    }

    @Test
    void onlyWhatFollowsTheStoredEndIsNew() {
        assertThat(NewTail.start(List.of(HI, HELLO), List.of(HI, HELLO, HOW))).isEqualTo(2);
    }

    @Test
    void aWindowThatDroppedItsOldestMessagesStillAlignsWithTheStoredEnd() {
        assertThat(NewTail.start(List.of(HI, HELLO, HOW), List.of(HELLO, HOW, FINE))).isEqualTo(2);
    }

    @Test
    void aRepeatedMessageIsNewWhenItFollowsTheStoredEnd() {
        assertThat(NewTail.start(List.of(HI), List.of(HI, HELLO, HI))).isEqualTo(1);
    }

    @Test
    void aSaveSentAgainStoresNothing() {
        assertThat(NewTail.toImport("t", "c", 3, List.of(HI, HELLO, HOW), List.of(HI, HELLO, HOW))).isEmpty();
    }

    @Test
    void theSameNewTailGetsTheSameExternalIdsAndAnotherTailOthers() {
        List<NewMessage> first = NewTail.toImport("t", "c", 2, List.of(HI, HELLO), List.of(HI, HELLO, HOW));
        List<NewMessage> again = NewTail.toImport("t", "c", 2, List.of(HI, HELLO), List.of(HI, HELLO, HOW));
        List<NewMessage> other = NewTail.toImport("t", "c", 2, List.of(HI, HELLO), List.of(HI, HELLO, FINE));

        assertThat(first).singleElement().satisfies(message -> {
            assertThat(message.content()).isEqualTo("how are you?");
            assertThat(message.externalId()).startsWith("t:");
        });
        assertThat(again.get(0).externalId()).isEqualTo(first.get(0).externalId());
        assertThat(other.get(0).externalId()).isNotEqualTo(first.get(0).externalId());
    }

}
