package io.meterlink.testbed.embedded;

import java.nio.file.Path;

/**
 * The three MeterLink services as the testbed knows them: the folder each is built in (also its process and log
 * name) and the PostgreSQL database it owns, so that the local run, the cross-service tests and the benchmarks name
 * them the same way.
 */
public enum MeterLinkService {

    INGEST("ingest-service", "ingest"),
    COMMAND("command-service", "command"),
    ALERT("alert-service", "alert");

    /** Where Quarkus' fast-jar packaging puts the runnable jar, relative to the service's folder. */
    public static final String PACKAGED_JAR = "target/quarkus-app/quarkus-run.jar";

    private final String folder;
    private final String database;

    MeterLinkService(String folder, String database) {
        this.folder = folder;
        this.database = database;
    }

    /** The service's folder in the repository and its name: {@code ingest-service}. */
    public String folder() {
        return folder;
    }

    /** The database the service owns (its schema lives there): {@code ingest}. */
    public String database() {
        return database;
    }

    /** {@code <repository>/<folder>/target/quarkus-app/quarkus-run.jar}. */
    public Path packagedJar(Path repository) {
        return repository.resolve(folder).resolve(PACKAGED_JAR);
    }
}
