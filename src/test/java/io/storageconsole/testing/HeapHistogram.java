package io.storageconsole.testing;

import java.lang.management.ManagementFactory;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The live objects of this JVM by class (the HotSpot diagnostic command {@code GC.class_histogram},
 * which runs a full GC first), and what grew between two of them: where the heap of N open views
 * goes. Benchmarks print it when asked ({@code -Dbenchmark.histogram=true}); no test judges it.
 */
public final class HeapHistogram {

    private final Map<String, long[]> byClass;

    private HeapHistogram(Map<String, long[]> byClass) {
        this.byClass = byClass;
    }

    public static boolean wanted() {
        return Boolean.getBoolean("benchmark.histogram");
    }

    public static HeapHistogram now() {
        String text;
        try {
            text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {null}, new String[] {String[].class.getName()});
        } catch (JMException e) {
            throw new IllegalStateException("No class histogram from this JVM", e);
        }
        Map<String, long[]> byClass = new HashMap<>();
        // "   1:        123456       7890123  java.lang.String (java.base@17)"
        for (String line : text.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 4 && fields[0].endsWith(":")) {
                byClass.put(fields[3], new long[] {Long.parseLong(fields[1]), Long.parseLong(fields[2])});
            }
        }
        return new HeapHistogram(byClass);
    }

    /** The {@code top} classes that grew most since {@code before}, in bytes, each per {@code divisor} (views). */
    public String growthSince(HeapHistogram before, int top, int divisor) {
        return byClass.entrySet().stream()
                .map(entry -> {
                    long[] then = before.byClass.getOrDefault(entry.getKey(), new long[2]);
                    return Map.entry(entry.getKey(), new long[] {entry.getValue()[0] - then[0], entry.getValue()[1] - then[1]});
                })
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> entry) -> entry.getValue()[1]).reversed())
                .limit(top)
                .map(entry -> "%10.1f instances %10.0f bytes per view  %s".formatted(
                        entry.getValue()[0] / (double) divisor, entry.getValue()[1] / (double) divisor, entry.getKey()))
                .collect(Collectors.joining("\n"));
    }
}
