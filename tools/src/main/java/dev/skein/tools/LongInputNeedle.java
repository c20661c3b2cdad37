package dev.skein.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Needle in a haystack of English prose through {@code POST /v1/long-input:search}: for
 * each length (cl100k tokens, as Skein counts them) and depth, one needle sentence is
 * planted in seeded filler prose, with a distractor that shares its name half a text
 * away, and the question asks for it in other words (a paraphrase: the name stays, the
 * predicate changes). A hit is the needle's answer in the first passage returned (top-1).
 * Prints per length the top-1 accuracy and latency (the whole HTTP call: sending
 * megabytes included), and a 503 (deadline) counts as a miss.
 */
final class LongInputNeedle {

    /**
     * A planted sentence, the paraphrased question, the words a correct first passage
     * holds, and a sentence about the same name that does not answer.
     */
    record Needle(String sentence, String question, String answer, String distractor) {
    }

    static final List<Needle> NEEDLES = List.of(
            new Needle("The spare key to Marguerite's boathouse is taped under the third step of the cellar stairs.",
                    "Where did Marguerite hide the extra key for her boathouse?", "third step",
                    "Marguerite repainted her boathouse a pale shade of green last spring."),
            new Needle("Professor Okonkwo's favourite tea is a smoky lapsang souchong from a shop in Harrogate.",
                    "Which drink does Professor Okonkwo like best?", "lapsang",
                    "Professor Okonkwo gave a long lecture on river ecology to the first-year students."),
            new Needle("The Vellmar observatory was built in 1887 with money raised by the town's glassblowers.",
                    "Who paid for the construction of the Vellmar observatory?", "glassblowers",
                    "The Vellmar observatory is closed to visitors on Mondays and during heavy fog."));

    private static final String[] SUBJECTS = { "The committee", "A farmer from the valley", "The old bridge",
            "Our neighbour", "The river", "A small bakery", "The orchestra", "The village school",
            "A travelling merchant", "The lighthouse keeper", "The professor of music", "My grandmother",
            "The night train", "A young carpenter", "The town council", "The museum guide", "An elderly fisherman",
            "The new librarian", "A group of students", "The harbour master", "The gardener", "A quiet stranger",
            "The choir", "The postman", "The observatory's caretaker", "A retired sailor", "The mayor",
            "The children next door", "A painter from the coast", "The blacksmith" };

    private static final String[] VERBS = { "discussed", "repaired", "painted", "visited", "described", "ignored",
            "celebrated", "measured", "photographed", "remembered", "cleaned", "sold", "borrowed", "carried", "admired",
            "locked", "opened", "studied", "mended", "delivered", "counted", "searched", "inspected", "decorated",
            "forgot", "planned", "finished", "moved", "watched", "praised" };

    private static final String[] OBJECTS = { "the autumn harvest", "a broken fence", "the morning fog",
            "the annual festival", "a stack of letters", "the northern road", "a quiet garden", "the winter market",
            "an empty warehouse", "the town hall clock", "a rusty key", "a pot of black tea", "the old telescope",
            "the boathouse roof", "a basket of apples", "the church bells", "a map of the coast", "the flooded meadow",
            "the bookshop window", "a pair of boots", "the kitchen stove", "the stone wall", "a box of candles",
            "the ferry timetable", "the school play", "a wooden chair", "the station clock", "the cellar door",
            "a jar of honey", "the village well", "a sack of flour", "the summer fair", "the steep staircase",
            "a glass lantern", "the fishing nets", "the mill wheel", "a crate of wine", "the hedge", "the bicycle",
            "the weather vane" };

    private static final String[] ENDINGS = { "before noon", "after the storm", "with great care", "in silence",
            "for the third time", "without much interest", "on a rainy Tuesday", "as the sun set",
            "while the others slept", "during the long winter", "with a borrowed ladder", "to everyone's surprise",
            "late in the evening", "for the first time in years", "without asking anyone", "as the tide came in" };

    private static final String[] CLAUSES = { "and nobody seemed to mind", "although it took most of the day",
            "because the weather had turned", "so the whole street talked about it", "but the results were mixed",
            "which pleased the neighbours", "and then went home for supper", "as they had promised in the spring" };

    private static final Encoding CL100K = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    private final SkeinApi api;

    private final List<Integer> lengths;

    private final List<Integer> depths;

    LongInputNeedle(SkeinApi api, Options options) {
        this.api = api;
        this.lengths = options.integers("tokens", "8000,128000,1000000");
        this.depths = options.integers("depths", "0,25,50,75,100");
        for (int depth : this.depths) {
            if (depth > 100) {
                throw new IllegalArgumentException("--depths are percentages from 0 to 100, was " + depth);
            }
        }
    }

    void run() {
        List<String> report = new ArrayList<>();
        for (int length : this.lengths) {
            report.add(run(length));
        }
        System.out.printf("%nlong-input needle search through the gateway (%s), %d needles x %d depths per length%n",
                Machine.describe(), NEEDLES.size(), this.depths.size());
        System.out.println("tokens | top-1 | latency p50 / max | 503s");
        report.forEach(System.out::println);
    }

    private String run(int length) {
        List<String> haystack = haystack(length, length);
        int hits = 0;
        int refused = 0;
        List<Double> millis = new ArrayList<>();
        for (int depth : this.depths) {
            for (Needle needle : NEEDLES) {
                String text = plant(haystack, needle, depth);
                long started = System.nanoTime();
                SkeinApi.Answer answer = this.api.exchange("/v1/long-input:search",
                        Map.of("question", needle.question(), "text", text));
                double took = (System.nanoTime() - started) / 1e6;
                millis.add(took);
                String first = answer.body().path("evidence").path(0).path("text").asString("");
                boolean hit = answer.status() == 200 && first.contains(needle.answer());
                if (hit) {
                    hits++;
                }
                if (answer.status() == 503) {
                    refused++;
                }
                System.out.printf(Locale.ROOT, "  %,d tokens (%,d reported), depth %3d%%, %-13s %s in %,.0f ms%s%n",
                        length, answer.body().path("documentTokens").asInt(), depth, needle.answer() + ":",
                        hit ? "top-1" : "MISSED", took,
                        hit ? "" : " (status " + answer.status() + ", first: " + abbreviate(first) + ")");
            }
        }
        Percentiles latency = new Percentiles(millis);
        int asked = this.depths.size() * NEEDLES.size();
        return String.format(Locale.ROOT, "%,d | %d/%d = %.0f%% | %,.0f / %,.0f ms | %d", length, hits, asked,
                100.0 * hits / asked, latency.at(50), latency.at(100), refused);
    }

    /**
     * Seeded filler sentences of about {@code tokens} tokens in all.
     */
    static List<String> haystack(int tokens, long seed) {
        Random random = new Random(seed);
        List<String> sentences = new ArrayList<>();
        int counted = 0;
        while (counted < tokens) {
            String sentence = SUBJECTS[random.nextInt(SUBJECTS.length)] + " " + VERBS[random.nextInt(VERBS.length)]
                    + " " + OBJECTS[random.nextInt(OBJECTS.length)] + " " + ENDINGS[random.nextInt(ENDINGS.length)]
                    + (random.nextInt(3) == 0 ? ", " + CLAUSES[random.nextInt(CLAUSES.length)] : "") + ".";
            sentences.add(sentence);
            // the space before the next sentence is a token of its own only rarely
            counted += CL100K.countTokensOrdinary(sentence);
        }
        return sentences;
    }

    /**
     * The haystack with the needle at {@code depth} percent of its sentences and the
     * distractor half a text away, in paragraphs of eight sentences.
     */
    static String plant(List<String> haystack, Needle needle, int depth) {
        List<String> sentences = new ArrayList<>(haystack);
        int at = (int) Math.round(depth / 100.0 * sentences.size());
        int distractorAt = (int) Math.round(((depth + 50) % 100) / 100.0 * sentences.size());
        if (distractorAt <= at) {
            sentences.add(at, needle.sentence());
            sentences.add(distractorAt, needle.distractor());
        }
        else {
            sentences.add(distractorAt, needle.distractor());
            sentences.add(at, needle.sentence());
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < sentences.size(); i++) {
            text.append(sentences.get(i)).append(i % 8 == 7 ? "\n\n" : " ");
        }
        return text.toString().strip();
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }

}
