package io.github.nginxmodelsync.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP inference service on 127.0.0.1 whose answer a test sets: status, body, delay. */
public final class InferenceStub implements AutoCloseable {

    private HttpServer server;
    private final int port;
    private volatile boolean chunked;
    private volatile int flapStatus;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile int status = 200;
    private volatile String body = "{\"models\":[]}";
    private volatile String contentType = "application/json";
    private volatile Duration delay = Duration.ZERO;
    private volatile String lastPath;
    private volatile String lastAuthorization;
    private volatile Instant firstRequest;
    private final List<Long> arrivals = new CopyOnWriteArrayList<>();

    public InferenceStub() throws IOException {
        server = listen(0);
        port = server.getAddress().getPort();
    }

    private HttpServer listen(int onPort) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
        http.createContext("/", exchange -> {
            arrivals.add(System.nanoTime());
            int number = requests.incrementAndGet();
            lastPath = exchange.getRequestURI().getPath();
            lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (firstRequest == null) {
                firstRequest = Instant.now();
            }
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(delay);
                boolean bad = flapStatus != 0 && number % 2 == 0;
                byte[] bytes = (bad ? "flapping" : body).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", bad ? "text/plain" : contentType);
                // Length 0 makes the server send the body chunked, without a Content-Length.
                exchange.sendResponseHeaders(bad ? flapStatus : status, chunked ? 0 : bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            } catch (InterruptedException | IOException e) {
                exchange.close();
            } finally {
                inFlight.decrementAndGet();
            }
        });
        http.setExecutor(executor);
        http.start();
        return http;
    }

    /** Stops listening: connections to the port are refused until {@link #listenAgain()}. */
    public synchronized void refuseConnections() {
        server.stop(0);
    }

    /** Listens again on the same port. */
    public synchronized void listenAgain() throws IOException {
        server = listen(port);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Answers 200 with this JSON body from now on. */
    public InferenceStub respond(String json) {
        return respond(200, "application/json", json);
    }

    /** Answers with this status, content type and body from now on, without delay. */
    public InferenceStub respond(int status, String contentType, String body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.delay = Duration.ZERO;
        this.chunked = false;
        this.flapStatus = 0;
        return this;
    }

    /** Sends the body chunked, without a Content-Length, until the next {@code respond}. */
    public InferenceStub chunked() {
        this.chunked = true;
        return this;
    }

    /** Every second request gets this status instead of the answer, until the next {@code respond}. */
    public InferenceStub flapWith(int status) {
        this.flapStatus = status;
        return this;
    }

    /** Answers with {@code {"models":[...]}} built from name/port pairs. */
    public InferenceStub models(Object... namePortPairs) {
        return respond(ModelLists.json(namePortPairs));
    }

    public InferenceStub delay(Duration delay) {
        this.delay = delay;
        return this;
    }

    public int requests() {
        return requests.get();
    }

    /** When the first request of this stub's life arrived, or null. */
    public Instant firstRequest() {
        return firstRequest;
    }

    /** Path of the last request received. */
    public String lastPath() {
        return lastPath;
    }

    /** The Authorization header of the last request, or null. */
    public String lastAuthorization() {
        return lastAuthorization;
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** When each request since the last reset arrived, in {@link System#nanoTime()}. */
    public List<Long> arrivals() {
        return List.copyOf(arrivals);
    }

    public void resetCounters() {
        arrivals.clear();
        requests.set(0);
        maxInFlight.set(0);
    }

    @Override
    public synchronized void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
