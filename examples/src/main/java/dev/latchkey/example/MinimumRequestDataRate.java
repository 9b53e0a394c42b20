package dev.latchkey.example;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A request body must arrive at a minimum rate: each time a reader waits for more of it, the bytes
 * this request has read are set against the time since it first waited; below the rate, the read
 * fails with a {@link TimeoutException} (which {@link JsonErrorHandler} answers 408) instead of
 * waiting. A client that trickles a body therefore loses its request thread at its next byte.
 *
 * <p>Jetty 12.1's {@code MinimumDataRateHandler} makes the same check with the wrong count: the
 * bytes <em>every</em> request has read since the server started (its {@code StatisticsHandler}
 * total). Once a few hundred kilobytes have gone through the server, no body is ever too slow: after
 * ten 60 KB logins, 30 bodies trickled a byte every 3 s held 30 request threads for as long as they
 * lasted.
 */
final class MinimumRequestDataRate extends Handler.Wrapper {

    private final long bytesPerSecond;

    MinimumRequestDataRate(Handler handler, long bytesPerSecond) {
        super(handler);
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("bytesPerSecond must be at least 1, was " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        return super.handle(new RateCheckedRequest(request, bytesPerSecond), response, callback);
    }

    /**
     * One request's body, with its own count. Like Jetty's, the fields are touched only by
     * {@code read()} and {@code demand()}, which the request's one reader calls in turn.
     */
    private static final class RateCheckedRequest extends Request.Wrapper {
        private final long bytesPerSecond;
        private long bytesRead;
        private long firstDemandNanos;
        private boolean demanded;
        private Content.Chunk failure;

        RateCheckedRequest(Request request, long bytesPerSecond) {
            super(request);
            this.bytesPerSecond = bytesPerSecond;
        }

        @Override
        public Content.Chunk read() {
            if (failure != null) {
                return failure;
            }
            Content.Chunk chunk = super.read();
            if (chunk != null) {
                bytesRead += chunk.remaining();
            }
            return chunk;
        }

        @Override
        public void demand(Runnable demandCallback) {
            long now = System.nanoTime();
            if (!demanded) {
                // The clock starts when the reader first has to wait: a body that arrived whole never does.
                demanded = true;
                firstDemandNanos = now;
            } else if (tooSlow(now - firstDemandNanos)) {
                failure = Content.Chunk.from(new TimeoutException("request body below " + bytesPerSecond + " B/s"));
                demandCallback.run();
                return;
            }
            super.demand(demandCallback);
        }

        private boolean tooSlow(long elapsedNanos) {
            return bytesRead < bytesPerSecond * (elapsedNanos / (double) TimeUnit.SECONDS.toNanos(1));
        }
    }
}
