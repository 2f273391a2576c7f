package io.jenkins.plugins.finetune.calls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tarpit endpoint on loopback: it reads each request, answers {@code 200} with its headers at once (a large declared
 * length), then sends one byte of the body every {@code every}, for as long as the client stays. A socket timeout
 * never fires on it, since bytes keep coming. Counts the requests, and the connections open at once (now and at most).
 */
public final class Tarpit implements AutoCloseable {

    private final ServerSocket server;
    private final Duration every;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger mostOpen = new AtomicInteger();

    private Tarpit(Duration every) throws IOException {
        this.every = every;
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tarpit-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static Tarpit start(Duration every) throws IOException {
        return new Tarpit(every);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public int requests() {
        return requests.get();
    }

    public int openNow() {
        return open.size();
    }

    public int mostOpenAtOnce() {
        return mostOpen.get();
    }

    private void accept() {
        try {
            while (true) {
                Socket socket = server.accept();
                Thread trickle = new Thread(() -> trickle(socket), "tarpit-connection");
                trickle.setDaemon(true);
                trickle.start();
            }
        } catch (IOException closed) {
            // the test is over
        }
    }

    private void trickle(Socket socket) {
        open.add(socket);
        mostOpen.accumulateAndGet(open.size(), Math::max);
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (readHead(in)) { // one request after another on a kept-alive connection
                requests.incrementAndGet();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                while (true) {
                    Thread.sleep(every.toMillis());
                    out.write(' ');
                    out.flush();
                }
            }
        } catch (IOException | InterruptedException gone) {
            // the client hung up, or the test is over
        } finally {
            open.remove(socket);
        }
    }

    /** Reads up to the blank line that ends a request's headers; {@code false} at the end of the stream. */
    private static boolean readHead(InputStream in) throws IOException {
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
    }
}
