package dev.skein.memory.salience;

/** SirLLM's decay: salience is multiplied by the ratio every turn, computed lazily. */
final class Decay {

    private Decay() {
    }

    /** base · ratio^(turn − lastTurn); a turn before the last one counts as no decay. */
    static double effective(double base, double ratio, long lastTurn, long turn) {
        return base * Math.pow(ratio, Math.max(0, turn - lastTurn));
    }

    /** Reinforcement: the decayed value plus the boost, at most 1. */
    static double reinforced(double base, double ratio, long lastTurn, long turn, double boost) {
        return Math.min(1.0, effective(base, ratio, lastTurn, turn) + boost);
    }

    /**
     * A key that orders memories as their effective salience does at any turn: ln(base ·
     * ratio^(−lastTurn)). Lets the database keep an index instead of computing every
     * row's decay per turn.
     */
    static double rankKey(double base, double ratio, long lastTurn) {
        double safeBase = Math.max(base, 1e-12);
        double safeRatio = Math.min(Math.max(ratio, 1e-6), 1.0);
        return Math.log(safeBase) - lastTurn * Math.log(safeRatio);
    }

}
