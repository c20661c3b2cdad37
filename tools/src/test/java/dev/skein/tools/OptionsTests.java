package dev.skein.tools;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class OptionsTests {

    @Test
    void readsValuesListsAndBareFlags() {
        Options options = Options.parse("--turns", "1000,10_000", "--stream", "--url", "http://127.0.0.1:18080",
                "--length-spread", "0.3", "--keep");

        assertThat(options.integers("turns", "5")).containsExactly(1000, 10000);
        assertThat(options.flag("stream")).isTrue();
        assertThat(options.flag("keep")).isTrue();
        assertThat(options.text("url", "x")).isEqualTo("http://127.0.0.1:18080");
        assertThat(options.decimal("length-spread", 0)).isEqualTo(0.3);
    }

    @Test
    void anAbsentOptionTakesItsDefault() {
        Options options = Options.parse();

        assertThat(options.integer("queries", 300)).isEqualTo(300);
        assertThat(options.integers("words", "2000, 10000,50000")).containsExactly(2000, 10000, 50000);
        assertThat(options.flag("openai")).isFalse();
        assertThat(options.has("conversation")).isFalse();
    }

    @Test
    void aFlagCanBeTurnedOffExplicitly() {
        assertThat(Options.parse("--stream", "false").flag("stream")).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> Options.parse("--stream", "yes").flag("stream"))
            .withMessage("--stream takes no value, was yes");
    }

    @Test
    void aValueOfTheWrongKindNamesTheOption() {
        assertThatIllegalArgumentException().isThrownBy(() -> Options.parse("--turns", "1k").integer("turns", 1))
            .withMessage("--turns must be a whole number, was 1k");
        assertThatIllegalArgumentException().isThrownBy(() -> Options.parse("--turns", "10,x").integers("turns", "1"))
            .withMessage("--turns must be a whole number, was x");
        assertThatIllegalArgumentException().isThrownBy(() -> Options.parse("--warmup", "-1").integer("warmup", 1))
            .withMessage("--warmup must not be negative, was -1");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> Options.parse("--length-spread", "a").decimal("length-spread", 0))
            .withMessage("--length-spread must be a number, was a");
    }

    @Test
    void anArgumentThatIsNoOptionIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> Options.parse("1000"))
            .withMessage("Unexpected argument 1000");
        assertThatIllegalArgumentException().isThrownBy(() -> Options.parse("--turns", "10", "20"))
            .withMessage("Unexpected argument 20");
        assertThatIllegalArgumentException().isThrownBy(() -> Options.parse("--"))
            .withMessage("Unexpected argument --");
    }

}
