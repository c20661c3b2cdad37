package dev.skein.retrieval.recall;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.skein.contracts.Evidence;
import dev.skein.contracts.MemoryRecorded;
import dev.skein.contracts.RecallRequested;
import dev.skein.retrieval.AbstractRetrievalIT;
import dev.skein.retrieval.Conversations;
import dev.skein.retrieval.search.ConversationRanking;
import dev.skein.testsupport.database.StatementCounter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A recall's round trips to the database: its conversation's state, the ranking
 * statement, the updates of the hits' turns, and the turns of windows cut to an excerpt,
 * each once. The recall's merges, one for every wider selection it tries, read no turn
 * again (a recall sent eleven statements, seven of them reading the same turns).
 */
class RecallStatementsIT extends AbstractRetrievalIT {

    private static final long RECALL_BEFORE = 9;

    @Autowired
    private EvidenceRecall recall;

    @Test
    void aRecallReadsNoTurnTwice() throws Exception {
        List<MemoryRecorded> turns = Conversations.twelveTurns(this::turn);
        index(turns);
        // windows over every three turns, as the memory bank writes them: the excerpts
        // of windows that share turns with better hits need those turns' texts
        for (int first = 1; first + 2 <= turns.size(); first++) {
            indexed(window(turns, first, first + 2));
        }
        RecallRequested request = recallRequest(RECALL_BEFORE, true,
                "Does Caroline have a puppy, and what did Melanie paint?", 6, 2000);
        // the speakers are read once and kept a while (ConversationSpeakers), as
        // for a question embedded ahead of its recall
        this.recall.recall(request);

        List<Evidence> evidence = new ArrayList<>();
        List<String> statements = StatementCounter.during(() -> evidence.addAll(this.recall.recall(request)));

        assertThat(evidence).isNotEmpty().allSatisfy(e -> assertThat(e.lastSequence()).isLessThan(RECALL_BEFORE));
        assertThat(evidence.stream().flatMap(e -> e.externalIds().stream()).toList()).doesNotHaveDuplicates();
        // the state, the ranking, the updates of the hits' turns, the turns of windows
        // cut to an excerpt: each once
        assertThat(statements).hasSizeLessThanOrEqualTo(4).doesNotHaveDuplicates();
        assertThat(statements.get(1)).isEqualTo(ConversationRanking.SEARCH);
    }

}
