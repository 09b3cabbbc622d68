package dev.merchantnotify.routing;

/**
 * Smooth weighted round robin (as nginx balances upstreams): each pick adds every candidate's weight to its current
 * weight, takes the candidate with the largest, and takes the candidates' total off it. Weights 3 and 1 give
 * A A B A, A A B A...: every window of 4 picks holds exactly 3 A and 1 B, without bursts. Members that are not
 * candidates (unhealthy, another tier) neither gain nor lose. One per route plan, shared by a node's threads.
 */
final class SmoothWeights {

    private final int[] weights;
    private final long[] current;

    SmoothWeights(int[] weights) {
        this.weights = weights.clone();
        this.current = new long[weights.length];
    }

    /** The index of the next member among {@code candidates} (true where a member may be picked); -1 if none. */
    synchronized int pick(boolean[] candidates) {
        long total = 0;
        int best = -1;
        for (int i = 0; i < weights.length; i++) {
            if (!candidates[i]) {
                continue;
            }
            current[i] += weights[i];
            total += weights[i];
            if (best < 0 || current[i] > current[best]) {
                best = i;
            }
        }
        if (best >= 0) {
            current[best] -= total;
        }
        return best;
    }

    /**
     * Takes back a pick whose attempt did not start (its member's lane on this node was full, and it goes back to the
     * queue to be picked again): as if it had never been made, so the split stays by weight.
     */
    synchronized void undo(int picked, boolean[] candidates) {
        long total = 0;
        for (int i = 0; i < weights.length; i++) {
            if (candidates[i]) {
                current[i] -= weights[i];
                total += weights[i];
            }
        }
        current[picked] += total;
    }
}
