package io.jcadvisor.oom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OomCounterTest {

    @Test
    void countsByExactNameOnceActive() {
        OomCounter c = new OomCounter(true, 10);
        c.increment("/a");
        c.increment("/a");
        assertThat(c.count("/a")).as("inactive: not in force").isEmpty();

        c.activate();
        assertThat(c.count("/a")).hasValue(2);
        assertThat(c.count("/a/b")).hasValue(0);
    }

    @Test
    void forgetDropsARemovedContainer() {
        OomCounter c = new OomCounter(true, 10);
        c.activate();
        c.increment("/a");
        c.forget("/a");
        assertThat(c.count("/a")).hasValue(0);
        assertThat(c.size()).isZero();
    }

    @Test
    void namesAreCappedDroppingTheOneCountedLongestAgo() {
        OomCounter c = new OomCounter(true, 3);
        c.activate();
        c.increment("/old");
        c.increment("/b");
        c.increment("/c");
        c.increment("/b");
        c.increment("/old");
        c.increment("/d");

        assertThat(c.size()).isEqualTo(3);
        assertThat(c.count("/c")).as("counted longest ago").hasValue(0);
        assertThat(c.count("/old")).hasValue(2);
        assertThat(c.count("/b")).hasValue(2);
        assertThat(c.count("/d")).hasValue(1);

        for (int i = 0; i < 10_000; i++) {
            c.increment("/churn-" + i);
        }
        assertThat(c.size()).isEqualTo(3);
    }
}
