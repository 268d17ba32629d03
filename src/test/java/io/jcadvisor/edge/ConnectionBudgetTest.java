package io.jcadvisor.edge;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.jcadvisor.edge.ConnectionBudget.Admission.DROP;
import static io.jcadvisor.edge.ConnectionBudget.Admission.REFUSE;
import static io.jcadvisor.edge.ConnectionBudget.Admission.SERVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionBudgetTest {

    @Test
    void servesUpToMaxThenRefusesTheOverLimitOnesThenDrops() {
        ConnectionBudget budget = new ConnectionBudget(2, 1);
        assertThat(List.of(budget.admit(), budget.admit(), budget.admit(), budget.admit(), budget.admit()))
                .containsExactly(SERVE, SERVE, REFUSE, DROP, DROP);
        assertThat(budget.open()).as("dropped connections are not counted").isEqualTo(3);
        assertThat(budget.refused()).isEqualTo(1);
        assertThat(budget.dropped()).isEqualTo(2);
        budget.release();
        budget.release();
        assertThat(budget.admit()).isEqualTo(SERVE);
    }

    @Test
    void aCountUnderConcurrentChurnReturnsToZero() throws Exception {
        ConnectionBudget budget = new ConnectionBudget(50, 10);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < 100_000; i++) {
                    if (budget.admit() != DROP) {
                        budget.release();
                    }
                }
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(budget.open()).isZero();
        assertThat(budget.admit()).isEqualTo(SERVE);
    }

    @Test
    void rejectsBoundsThatServeNothing() {
        assertThatThrownBy(() -> new ConnectionBudget(0, 10)).hasMessageContaining("max-connections");
        assertThatThrownBy(() -> new ConnectionBudget(10, -1)).hasMessageContaining("over-limit-connections");
    }
}
