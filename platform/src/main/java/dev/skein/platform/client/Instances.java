package dev.skein.platform.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.support.HttpRequestWrapper;

/**
 * Client-side balancing over the instances of one service: each request goes to the next
 * instance in turn (round robin). An instance that refuses a connection is left out for a
 * short while (ejected) and the request goes to the next one at once: it never reached
 * the dead instance, so any request may be sent again. A request that failed after it was
 * sent (the connection broke, no answer) is sent again only when its method is idempotent
 * (GET, HEAD, PUT, DELETE, OPTIONS): a POST may have been carried out. An answer,
 * whatever its status, is never retried. Each instance is tried at most once per request;
 * when all are ejected, all are tried.
 *
 * <p>
 * The last interceptor of the client: the request it sees is signed and complete, and
 * only its scheme, host, port and base path are replaced.
 */
final class Instances implements ClientHttpRequestInterceptor {

    private static final Logger log = LoggerFactory.getLogger(Instances.class);

    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PUT,
            HttpMethod.DELETE, HttpMethod.OPTIONS);

    private final String service;

    private final List<String> bases;

    private final long ejectNanos;

    private final LongSupplier nanoClock;

    /** Per instance: until when (nano clock) it is left out; 0 when it is in. */
    private final AtomicLongArray ejectedUntil;

    private final AtomicInteger next = new AtomicInteger();

    /**
     * @param baseUrls the instances; the client's own base URL is the first, which the
     * request URIs start with
     */
    Instances(String service, List<URI> baseUrls, Duration ejectFor, LongSupplier nanoClock) {
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("No URL of " + service);
        }
        this.service = service;
        this.bases = baseUrls.stream().map(Instances::base).toList();
        this.ejectNanos = ejectFor.toNanos();
        this.nanoClock = nanoClock;
        this.ejectedUntil = new AtomicLongArray(baseUrls.size());
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        if (this.bases.size() == 1) {
            return execution.execute(request, body);
        }
        String uri = request.getURI().toString();
        String first = this.bases.get(0);
        if (!uri.startsWith(first)) {
            // an absolute URI of the caller's own: not ours to balance
            return execution.execute(request, body);
        }
        String rest = uri.substring(first.length());
        IOException failure = null;
        for (int instance : order()) {
            URI target = URI.create(this.bases.get(instance) + rest);
            try {
                return execution.execute(new HttpRequestWrapper(request) {
                    @Override
                    public URI getURI() {
                        return target;
                    }
                }, body);
            }
            catch (IOException ex) {
                boolean notSent = neverSent(ex);
                if (notSent) {
                    eject(instance, ex);
                }
                if (failure != null) {
                    ex.addSuppressed(failure);
                }
                failure = ex;
                if (!notSent && !IDEMPOTENT.contains(request.getMethod())) {
                    throw ex;
                }
            }
        }
        throw failure;
    }

    /**
     * Every instance once, the live ones first from the next in turn, the ejected last.
     */
    List<Integer> order() {
        int size = this.bases.size();
        int start = Math.floorMod(this.next.getAndIncrement(), size);
        long now = this.nanoClock.getAsLong();
        List<Integer> live = new ArrayList<>(size);
        List<Integer> ejected = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int instance = (start + i) % size;
            long until = this.ejectedUntil.get(instance);
            (until != 0 && until - now > 0 ? ejected : live).add(instance);
        }
        live.addAll(ejected);
        return live;
    }

    private void eject(int instance, IOException ex) {
        long until = this.nanoClock.getAsLong() + this.ejectNanos;
        if (until == 0) {
            until = 1;
        }
        long before = this.ejectedUntil.getAndSet(instance, until);
        if (before == 0 || before - until < 0) {
            log.warn("{} at {} refused a connection ({}): left out for {} ms", this.service, this.bases.get(instance),
                    ex.toString(), this.ejectNanos / 1_000_000);
        }
    }

    /**
     * True when the request cannot have reached the instance: no connection was made.
     */
    static boolean neverSent(@Nullable Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            // Apache HttpClient's connect timeout (the internal clients' client) is no
            // ConnectException; the JDK client's is its own type
            if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException
                    || cause instanceof HttpConnectTimeoutException || cause instanceof NoRouteToHostException
                    || cause instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    private static String base(URI url) {
        String text = url.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return text;
    }

}
