package io.jenkins.plugins.finetune.benchmarks;

import java.util.Map;
import java.util.TreeMap;

/**
 * One look at every live thread of the JVM, sorted into what the measurements report: the plugin's own threads
 * (named {@code foundry-fine-tuning-*}) and how many of them are doing work rather than parked idle in their pool,
 * the emulator's (it runs in the same JVM), and the whole JVM, grouped by name without the numbers.
 */
record ThreadCensus(
        int total,
        int plugin,
        int pluginBusy,
        int emulator,
        Map<String, Integer> byName,
        Map<String, Integer> busyPluginStacks) {

    static ThreadCensus now() {
        int total = 0;
        int plugin = 0;
        int pluginBusy = 0;
        int emulator = 0;
        Map<String, Integer> byName = new TreeMap<>();
        Map<String, Integer> busyStacks = new TreeMap<>();
        for (Map.Entry<Thread, StackTraceElement[]> e :
                Thread.getAllStackTraces().entrySet()) {
            String name = e.getKey().getName();
            total++;
            byName.merge(name.replaceAll("\\d+", "N"), 1, Integer::sum);
            if (name.startsWith("foundry-fine-tuning-")) {
                plugin++;
                if (!idleInPool(e.getValue())) {
                    pluginBusy++;
                    busyStacks.merge(where(e.getKey(), e.getValue()), 1, Integer::sum);
                }
            } else if (name.startsWith("foundry-emulator-") || name.startsWith("HTTP-Dispatcher")) {
                emulator++;
            }
        }
        return new ThreadCensus(total, plugin, pluginBusy, emulator, byName, busyStacks);
    }

    /** What a working thread is doing: its state, its top frame and the innermost frame of the plugin. */
    private static String where(Thread thread, StackTraceElement[] stack) {
        String top = stack.length == 0 ? "-" : frame(stack[0]);
        String ours = "-";
        for (StackTraceElement f : stack) {
            if (f.getClassName().startsWith("io.jenkins.plugins.finetune.")) {
                ours = frame(f);
                break;
            }
        }
        return thread.getState() + " at " + top + " in " + ours;
    }

    private static String frame(StackTraceElement f) {
        String cls = f.getClassName();
        return cls.substring(cls.lastIndexOf('.') + 1) + "." + f.getMethodName();
    }

    /** A pool thread waiting for work (ThreadPoolExecutor.getTask), or a scheduler waiting for its next task. */
    private static boolean idleInPool(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().equals("java.util.concurrent.ThreadPoolExecutor")
                    && frame.getMethodName().equals("getTask")) {
                return true;
            }
        }
        return false;
    }

    /** Thread names (numbers as N) whose count changed from {@code before}, with the change. */
    Map<String, Integer> grownSince(ThreadCensus before) {
        Map<String, Integer> grown = new TreeMap<>();
        byName.forEach((name, count) -> {
            int delta = count - before.byName.getOrDefault(name, 0);
            if (delta != 0) {
                grown.put(name, delta);
            }
        });
        before.byName.forEach((name, count) -> {
            if (!byName.containsKey(name)) {
                grown.put(name, -count);
            }
        });
        return grown;
    }
}
