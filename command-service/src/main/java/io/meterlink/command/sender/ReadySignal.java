package io.meterlink.command.sender;

import io.agroal.api.AgroalDataSource;
import io.meterlink.command.repository.CommandIntake;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Wakes idle sender workers when new work is committed anywhere: a listener thread holds one connection doing
 * {@code LISTEN command_ready}, which the API's transactions notify on commit. Workers still poll now and then,
 * for retries coming due and in case the listener is reconnecting.
 */
class ReadySignal {

    private static final Logger LOG = Logger.getLogger(ReadySignal.class);

    private final AgroalDataSource dataSource;
    private final Object monitor = new Object();
    private long generation;
    private volatile boolean running;
    private Thread listener;

    ReadySignal(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    void start() {
        running = true;
        listener = new Thread(this::listen, "command-ready-listener");
        listener.setDaemon(true);
        listener.start();
    }

    void stop() {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
        signalAll();
    }

    /** Current generation: pass it to {@link #await} after finding no work, so a signal in between is not lost. */
    long generation() {
        synchronized (monitor) {
            return generation;
        }
    }

    /** Waits until a signal newer than {@code seen} arrives, or {@code max} passes. */
    void await(long seen, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (monitor) {
            while (generation == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(monitor, left);
            }
        }
    }

    /**
     * Wakes one idle worker. A worker that then finds work wakes the next one, so as many wake as there is work
     * for, instead of every worker racing for a single new command.
     */
    void signal() {
        synchronized (monitor) {
            generation++;
            monitor.notify();
        }
    }

    /** Wakes every worker (stopping). */
    void signalAll() {
        synchronized (monitor) {
            generation++;
            monitor.notifyAll();
        }
    }

    private void listen() {
        while (running) {
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                st.execute("LISTEN " + CommandIntake.READY_CHANNEL);
                PGConnection pg = c.unwrap(PGConnection.class);
                // Whatever was committed while (re)connecting is picked up by this first wake-up.
                signal();
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(500);
                    if (notifications != null && notifications.length > 0) {
                        signal();
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    LOG.warnf("listening for new commands failed, polling meanwhile: %s", e.getMessage());
                    try {
                        TimeUnit.SECONDS.sleep(1);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }
}
