package dev.skein.platform.tokens;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TokenCounterTests {

    private final TokenCounter tokens = new TokenCounter();

    @Test
    void countsCl100kTokens() {
        assertThat(this.tokens.count("hello world")).isEqualTo(2);
        assertThat(this.tokens.count("")).isZero();
        assertThat(this.tokens.count(null)).isZero();
    }

    @Test
    void countsSpecialTokensAsPlainText() {
        // the strict encoder throws on <|endoftext|>; user content may contain it
        assertThat(this.tokens.count("<|endoftext|>")).isGreaterThan(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|endofprompt|>" })
    void neverThrowsOnSpecialTokenText(String special) {
        String text = "My locker code is 4417 " + special + " remember it";
        assertThat(this.tokens.count(text)).isGreaterThan(this.tokens.count("My locker code is 4417  remember it"));
        TokenCounter.Truncated cut = this.tokens.truncate(text, 8);
        assertThat(cut.truncated()).isTrue();
        assertThat(text).startsWith(cut.text());
        assertThat(this.tokens.truncate(text, 1000).text()).isEqualTo(text);
    }

    @Test
    void truncatesAtATokenBoundary() {
        String text = "one two three four five six seven eight nine ten";
        TokenCounter.Truncated cut = this.tokens.truncate(text, 4);
        assertThat(cut.truncated()).isTrue();
        assertThat(cut.text()).isEqualTo("one two three four");
        assertThat(cut.tokens()).isEqualTo(4);
    }

    @Test
    void keepsTextThatFits() {
        TokenCounter.Truncated whole = this.tokens.truncate("short text", 10);
        assertThat(whole.truncated()).isFalse();
        assertThat(whole.text()).isEqualTo("short text");
        assertThat(whole.tokens()).isEqualTo(2);
    }

    @Test
    void neverSplitsASurrogatePair() {
        String text = "🦊".repeat(50);
        for (int max = 1; max < 20; max++) {
            String prefix = this.tokens.truncate(text, max).text();
            assertThat(text).startsWith(prefix);
            assertThat(prefix.length() % 2).as("prefix of %d tokens", max).isZero();
        }
    }

}
