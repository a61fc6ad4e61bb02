package io.meterlink.alert.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * PostgreSQL transaction-scoped advisory locks, which coordinate replicas without a lock table: they are released by
 * the commit or rollback of the transaction that took them, so a crashed replica never leaves one behind.
 */
@ApplicationScoped
public class AdvisoryLocks {

    /** First key half shared by every lock of this service, so they cannot collide with other users of the database. */
    private static final int NAMESPACE = 0x41_4C_52; // "ALR"

    /** Serializes the storm count and notify decision across replicas. */
    public static final int STORM = 1;
    /** Lets only one replica summarize a storm at a time. */
    public static final int SUMMARY = 2;
    /** Lets only one replica purge old message ids at a time. */
    public static final int PURGE = 3;

    @Inject
    EntityManager em;

    /** Waits for the lock. */
    public void lock(int key) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(" + NAMESPACE + ", ?1)")
                .setParameter(1, key).getSingleResult();
    }

    /** Takes the lock if free; false when another transaction holds it. */
    public boolean tryLock(int key) {
        Object got = em.createNativeQuery("SELECT pg_try_advisory_xact_lock(" + NAMESPACE + ", ?1)")
                .setParameter(1, key).getSingleResult();
        return Boolean.TRUE.equals(got);
    }

    /** Serializes sending to one number with one template, so per-number caps hold with several workers. */
    public void lockNumber(String phoneNumber, String templateCode) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtextextended(?1, " + NAMESPACE + "))")
                .setParameter(1, phoneNumber + '|' + templateCode).getSingleResult();
    }
}
