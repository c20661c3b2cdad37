package dev.skein.retrieval;

import java.util.ArrayList;
import java.util.List;

import dev.skein.contracts.MemoryRecorded;

/** A made-up conversation of twelve turns. No turn mentions a dog. */
public final class Conversations {

    public static final String[][] TURNS = { { "Caroline", "Hey Mel, how was your weekend?" },
            { "Melanie", "Busy! I ran a charity race on Sunday morning." },
            { "Caroline", "I adopted a puppy last spring and she keeps me on my toes." },
            { "Melanie", "I finally finished painting the sunrise over the lake." },
            { "Caroline", "My neighbour Thaddeus Quixwell fixed our fence yesterday." },
            { "Melanie", "We are planning a camping trip to the mountains in June." },
            { "Caroline", "I am researching adoption agencies for the future." },
            { "Melanie", "My kids love their pottery class on Saturdays." },
            { "Caroline", "I gave a speech at a school about my journey." },
            { "Melanie", "The new job at the hospital is exhausting but rewarding." },
            { "Caroline", "Counseling and psychology are what I want to study next." },
            { "Melanie", "Let's meet at the cafe downtown next Friday." } };

    /** Sequence of the puppy turn. */
    static final long PUPPY = 3;

    /** Sequence of the turn with the rare name. */
    static final long QUIXWELL = 5;

    private Conversations() {
    }

    /**
     * The twelve turns at sequences 1 to 12, made into events by
     * {@code turn(sequence, speaker, text)}.
     */
    public static List<MemoryRecorded> twelveTurns(TurnFactory factory) {
        List<MemoryRecorded> turns = new ArrayList<>();
        for (int i = 0; i < TURNS.length; i++) {
            turns.add(factory.turn(i + 1, TURNS[i][0], TURNS[i][1]));
        }
        return turns;
    }

    public interface TurnFactory {

        MemoryRecorded turn(long sequence, String speaker, String text);

    }

}
