package dev.skein.generation.writing.sections;

/**
 * Words as a reader counts them: runs of non-space characters holding at least one letter
 * or digit, so "10,000-word" is one word and a lone dash or bullet is none. Markdown
 * markers stuck to a word ("**bold**") do not add words.
 */
public final class WordCount {

    private WordCount() {
    }

    public static int of(String text) {
        if (text == null) {
            return 0;
        }
        int words = 0;
        boolean inRun = false;
        boolean runHasWordChar = false;
        for (int i = 0; i < text.length();) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)) {
                if (inRun && runHasWordChar) {
                    words++;
                }
                inRun = false;
                runHasWordChar = false;
            }
            else {
                inRun = true;
                runHasWordChar |= Character.isLetterOrDigit(codePoint);
            }
        }
        return inRun && runHasWordChar ? words + 1 : words;
    }

}
