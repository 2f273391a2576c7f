package io.jenkins.plugins.finetune.client.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A raw HTTP/1.1 server on a {@link ServerSocket} bound to 127.0.0.1:0, for exact wire checks and
 * faults that a real server would never produce. It records every request (method, request target,
 * headers, body) and answers each from a script of {@link Step}s, in order; when the script is used
 * up it repeats {@link #otherwise(Step)} (by default: 500 "script exhausted").
 *
 * <pre>{@code
 * try (ScriptedServer server = ScriptedServer.start()) {
 *     server.enqueue(Step.json(503, "{}").header("Retry-After", "0"), Step.json(200, JOB));
 *     ... client pointed at server.baseUrl() ...
 *     assertThat(server.requests()).hasSize(2);
 * }
 * }</pre>
 *
 * One thread per connection; keep-alive is honoured until a step closes the connection.
 */
public final class ScriptedServer implements AutoCloseable {

    /** One request as it arrived on the wire. Header names are lower-cased; values keep their order. */
    public record Request(
            String method, String target, Map<String, List<String>> headers, byte[] body, List<String> rawHeaderLines) {

        /** Path and query, i.e. the origin-form request target (absolute-form targets keep scheme and host). */
        public String pathAndQuery() {
            return target;
        }

        public String path() {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }

        public String query() {
            int q = target.indexOf('?');
            return q < 0 ? null : target.substring(q + 1);
        }

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public List<String> headerValues(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return method + " " + target + " (" + headers.size() + " headers, " + body.length + " body bytes)";
        }
    }

    /** What to do with one request. */
    @FunctionalInterface
    public interface Action {
        /** @return true to keep the connection open for the next request */
        boolean handle(Request request, Socket socket, OutputStream out, ScriptedServer server) throws Exception;
    }

    /** A scripted answer or fault; the response helpers add headers fluently. */
    public static final class Step implements Action {
        private final int status;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final byte[] body;
        private final Action action;
        private Duration delay = Duration.ZERO;

        private Step(int status, byte[] body, Action action) {
            this.status = status;
            this.body = body;
            this.action = action;
        }

        /** An answer with this status, Content-Type application/json and this body. */
        public static Step json(int status, String body) {
            return new Step(status, body.getBytes(StandardCharsets.UTF_8), null)
                    .header("Content-Type", "application/json");
        }

        /** An answer with this status and body and no Content-Type (add one with {@link #header}). */
        public static Step raw(int status, String body) {
            return new Step(status, body.getBytes(StandardCharsets.UTF_8), null);
        }

        /** Azure's error body shape. */
        public static Step azureError(int status, String code, String message, String param) {
            String p = param == null ? "" : ",\"param\":\"" + param + "\"";
            return json(
                    status,
                    "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"" + p
                            + ",\"type\":\"error\"}}");
        }

        /** Any custom behaviour. */
        public static Step custom(Action action) {
            return new Step(0, null, action);
        }

        /** Closes the connection (FIN) right after reading the request, before any response byte. */
        public static Step closeBeforeHeaders() {
            return custom((req, socket, out, server) -> {
                socket.close();
                return false;
            });
        }

        /** Sends part of the status line and headers, then resets the connection (RST, SO_LINGER 0). */
        public static Step resetMidHeaders() {
            return custom((req, socket, out, server) -> {
                out.write("HTTP/1.1 200 OK\r\nContent-Type: applica".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                reset(socket);
                return false;
            });
        }

        /** Sends the headers (with the full Content-Length) and half of the body, then resets. */
        public static Step halfBodyThenReset(String fullBody) {
            return custom((req, socket, out, server) -> {
                byte[] bytes = fullBody.getBytes(StandardCharsets.UTF_8);
                writeHead(out, 200, Map.of("Content-Type", "application/json"), bytes.length);
                out.write(bytes, 0, bytes.length / 2);
                out.flush();
                sleepQuietly(50); // let the client be in the middle of reading the body
                reset(socket);
                return false;
            });
        }

        /** Reads the request and never answers (until the server closes, at most 5 minutes). */
        public static Step neverAnswer() {
            return custom((req, socket, out, server) -> {
                server.closed.await(5, TimeUnit.MINUTES);
                return false;
            });
        }

        /** 200 with a body sent {@code chunkBytes} at a time, {@code every} apart (declared length). */
        public static Step trickle(String body, int chunkBytes, Duration every) {
            return custom((req, socket, out, server) -> {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                writeHead(out, 200, Map.of("Content-Type", "application/json"), bytes.length);
                out.flush();
                for (int i = 0; i < bytes.length; i += chunkBytes) {
                    sleepQuietly(every.toMillis());
                    out.write(bytes, i, Math.min(chunkBytes, bytes.length - i));
                    out.flush();
                }
                return true;
            });
        }

        /**
         * 200 with a body of {@code size} bytes produced on the fly (never held in memory), with a
         * Content-Length when {@code declareLength}, else chunked. Counts what it managed to send in
         * {@link ScriptedServer#hugeBytesSent()}; stops when the client hangs up.
         */
        public static Step huge(long size, boolean declareLength) {
            return custom((req, socket, out, server) -> {
                Map<String, String> head = new LinkedHashMap<>();
                head.put("Content-Type", "application/json");
                if (!declareLength) {
                    head.put("Transfer-Encoding", "chunked");
                }
                writeHead(out, 200, head, declareLength ? size : -1);
                byte[] block = new byte[64 * 1024];
                java.util.Arrays.fill(block, (byte) ' ');
                block[0] = '[';
                long sent = 0;
                try {
                    while (sent < size) {
                        int n = (int) Math.min(block.length, size - sent);
                        if (declareLength) {
                            out.write(block, 0, n);
                        } else {
                            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                            out.write(block, 0, n);
                            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        }
                        sent += n;
                        server.hugeBytesSent.set(sent);
                        block[0] = ' ';
                    }
                    if (!declareLength) {
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    }
                    out.flush();
                } catch (IOException clientHungUp) {
                    return false;
                }
                return true;
            });
        }

        /** Adds a response header. */
        public Step header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** Waits this long after reading the request before answering. */
        public Step delay(Duration value) {
            this.delay = value;
            return this;
        }

        @Override
        public boolean handle(Request request, Socket socket, OutputStream out, ScriptedServer server)
                throws Exception {
            if (!delay.isZero()) {
                if (server.closed.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                    return false;
                }
            }
            if (action != null) {
                return action.handle(request, socket, out, server);
            }
            writeHead(out, status, headers, body.length);
            out.write(body);
            out.flush();
            return !"close".equalsIgnoreCase(headers.get("Connection"));
        }

        @Override
        public String toString() {
            return action != null ? "Step[custom]" : "Step[" + status + " " + headers + "]";
        }
    }

    private final ServerSocket serverSocket;
    private final Deque<Action> script = new ConcurrentLinkedDeque<>();
    private volatile Action otherwise = Step.raw(500, "script exhausted").header("Content-Type", "text/plain");
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong hugeBytesSent = new AtomicLong();
    private final Thread acceptor;

    private ScriptedServer() throws IOException {
        serverSocket = new ServerSocket();
        serverSocket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        acceptor = new Thread(this::acceptLoop, "scripted-server-" + serverSocket.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static ScriptedServer start() {
        try {
            return new ScriptedServer();
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind 127.0.0.1:0", e);
        }
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>} */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Appends steps to the script. */
    public ScriptedServer enqueue(Action... steps) {
        Collections.addAll(script, steps);
        return this;
    }

    /** What to answer once the script is used up. */
    public ScriptedServer otherwise(Action step) {
        this.otherwise = step;
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public int requestCount() {
        return requests.size();
    }

    public Request lastRequest() {
        List<Request> all = requests();
        if (all.isEmpty()) {
            throw new AssertionError("the server received no request");
        }
        return all.get(all.size() - 1);
    }

    /** TCP connections accepted so far. */
    public int connectionCount() {
        return connections.get();
    }

    /** Bytes the last {@link Step#huge} step managed to send. */
    public long hugeBytesSent() {
        return hugeBytesSent.get();
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket socket = serverSocket.accept();
                connections.incrementAndGet();
                sockets.add(socket);
                Thread worker = new Thread(() -> serve(socket), "scripted-server-conn-" + connections.get());
                worker.setDaemon(true);
                worker.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                Request request = readRequest(in);
                if (request == null) {
                    return;
                }
                requests.add(request);
                Action step = script.poll();
                if (step == null) {
                    step = otherwise;
                }
                if (!step.handle(request, socket, out, this) || socket.isClosed()) {
                    return;
                }
            }
        } catch (Exception e) {
            // connection gone; nothing to answer
        } finally {
            sockets.remove(socket);
        }
    }

    private static Request readRequest(InputStream in) throws IOException {
        String requestLine = readLine(in);
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ", 3);
        if (parts.length < 3) {
            throw new IOException("bad request line: " + requestLine);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        List<String> raw = new ArrayList<>();
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            raw.add(line);
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(
                                line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
        }
        byte[] body = new byte[0];
        List<String> length = headers.get("content-length");
        List<String> encoding = headers.get("transfer-encoding");
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length.get(0)));
        } else if (encoding != null && encoding.get(0).equalsIgnoreCase("chunked")) {
            ByteArrayOutputStream collected = new ByteArrayOutputStream();
            while (true) {
                int size = Integer.parseInt(readLine(in).split(";")[0].trim(), 16);
                if (size == 0) {
                    while (!readLine(in).isEmpty()) {
                        // trailers
                    }
                    break;
                }
                collected.write(in.readNBytes(size));
                readLine(in);
            }
            body = collected.toByteArray();
        }
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        headers.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return new Request(parts[0], parts[1], Collections.unmodifiableMap(frozen), body, List.copyOf(raw));
    }

    /** A CRLF-terminated line in ISO-8859-1, or null at end of stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    private static void writeHead(OutputStream out, int status, Map<String, String> headers, long contentLength)
            throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ")
                .append(status)
                .append(' ')
                .append(reason(status))
                .append("\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        if (contentLength >= 0 && !headers.containsKey("Content-Length")) {
            head.append("Content-Length: ").append(contentLength).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 307 -> "Temporary Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Status";
        };
    }

    private static void reset(Socket socket) throws SocketException {
        socket.setSoLinger(true, 0);
        try {
            socket.close();
        } catch (IOException ignored) {
            // it is gone either way
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
