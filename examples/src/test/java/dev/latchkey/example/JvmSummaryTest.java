package dev.latchkey.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JvmSummaryTest {

    private static final long MB = 1024 * 1024;

    @Test
    void namesTheCollectorFromItsManagementBeansAndTheHeapBound() {
        assertThat(ExampleApp.jvm(List.of("G1 Young Generation", "G1 Old Generation", "G1 Concurrent GC"), 128 * MB))
                .isEqualTo("JVM: G1 collector, heap up to 128 MB");
        assertThat(ExampleApp.jvm(List.of("PS Scavenge", "PS MarkSweep"), 512 * MB))
                .isEqualTo("JVM: Parallel collector, heap up to 512 MB");
        assertThat(ExampleApp.jvm(List.of("Copy", "MarkSweepCompact"), 6144 * MB))
                .isEqualTo("JVM: Serial collector, heap up to 6144 MB");
        assertThat(ExampleApp.jvm(List.of("ZGC Cycles", "ZGC Pauses"), 256 * MB)).startsWith("JVM: Z collector");
        assertThat(ExampleApp.jvm(List.of("Epsilon Heap"), 64 * MB)).isEqualTo("JVM: Epsilon Heap collector, heap up to 64 MB");
    }
}
