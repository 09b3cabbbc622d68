package dev.merchantnotify.channel;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Threads the broker channels share, all from Liberty's managed thread factory and started on first use (the factory
 * starts none before the application has started): a small pool for the work a client library does on the caller's
 * thread (handing a message over, opening a broker connection; {@code notify.dispatch.http-threads} threads, idle ones
 * let go after a minute), a pool of the same size for opening what takes a while and is not a delivery's business
 * (a Kafka destination's producer: its sends must not wait behind it), and one timer thread for deadlines. No thread
 * waits there for a far side's confirmation.
 */
@ApplicationScoped
public class ChannelThreads {

    @Inject
    AttemptLimits limits;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    private ThreadPoolExecutor work;
    private ThreadPoolExecutor opening;
    private ScheduledThreadPoolExecutor timers;

    /** The managed thread factory, for a client library's own threads. */
    public ThreadFactory factory() {
        return threads;
    }

    /** The shared work pool. */
    public synchronized ExecutorService work() {
        if (work == null) {
            work = new ThreadPoolExecutor(limits.ioThreads(), limits.ioThreads(), 60, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), threads);
            work.allowCoreThreadTimeOut(true);
        }
        return work;
    }

    /** The pool for opening what a destination keeps (it waits for a far side). */
    public synchronized ExecutorService opening() {
        if (opening == null) {
            opening = new ThreadPoolExecutor(limits.ioThreads(), limits.ioThreads(), 60, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), threads);
            opening.allowCoreThreadTimeOut(true);
        }
        return opening;
    }

    /** The shared timer (cancelled tasks are removed at once). */
    public synchronized ScheduledExecutorService timers() {
        if (timers == null) {
            timers = new ScheduledThreadPoolExecutor(1, threads);
            timers.setRemoveOnCancelPolicy(true);
        }
        return timers;
    }

    @PreDestroy
    synchronized void stop() {
        if (timers != null) {
            timers.shutdownNow();
        }
        if (work != null) {
            work.shutdownNow();
        }
        if (opening != null) {
            opening.shutdownNow();
        }
    }
}
