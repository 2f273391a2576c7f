package io.jenkins.plugins.finetune.emulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which operation a request path and method name, in which {@link Dialect}; unknown paths are a 404 and
 * known paths with the wrong method a 405, both with Azure error bodies.
 */
record Route(Dialect dialect, Operation operation, String jobId) {
    enum Operation {
        CREATE_JOB("POST", null),
        LIST_JOBS("GET", null),
        GET_JOB("GET", null),
        PAUSE("POST", "pause"),
        RESUME("POST", "resume"),
        CANCEL("POST", "cancel"),
        LIST_EVENTS("GET", "events"),
        LIST_CHECKPOINTS("GET", "checkpoints");

        final String method;
        final String action;

        Operation(String method, String action) {
            this.method = method;
            this.action = action;
        }
    }

    private static final String V1_PREFIX = "/openai/v1/fine_tuning/jobs";
    private static final String DATED_PREFIX = "/openai/fine_tuning/jobs";

    static Route resolve(String method, String path) {
        Dialect dialect;
        String rest;
        if (startsWithSegment(path, V1_PREFIX)) {
            dialect = Dialect.V1;
            rest = path.substring(V1_PREFIX.length());
        } else if (startsWithSegment(path, DATED_PREFIX)) {
            dialect = Dialect.DATED;
            rest = path.substring(DATED_PREFIX.length());
        } else {
            throw notFound();
        }
        List<String> segments = new ArrayList<>(Arrays.asList(rest.split("/")));
        segments.removeIf(String::isEmpty);
        List<Operation> candidates = candidates(segments);
        if (candidates.isEmpty()) {
            throw notFound();
        }
        String jobId = segments.isEmpty() ? null : segments.get(0);
        return candidates.stream()
                .filter(operation -> operation.method.equalsIgnoreCase(method))
                .findFirst()
                .map(operation -> new Route(dialect, operation, jobId))
                .orElseThrow(
                        () -> new ApiError(405, "405", "Method " + method + " is not allowed on " + path + ".", null));
    }

    private static List<Operation> candidates(List<String> segments) {
        return switch (segments.size()) {
            case 0 -> List.of(Operation.CREATE_JOB, Operation.LIST_JOBS);
            case 1 -> List.of(Operation.GET_JOB);
            case 2 ->
                Arrays.stream(Operation.values())
                        .filter(operation -> segments.get(1).equals(operation.action))
                        .toList();
            default -> List.of();
        };
    }

    private static boolean startsWithSegment(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    private static ApiError notFound() {
        return new ApiError(404, "404", "Resource not found", null);
    }
}
