package io.meterlink.domain.registry;

/** Which columns a reader of a registry file needs, and so which lines it accepts. */
public enum RegistryColumns {

    /**
     * {@code productKey,deviceName[,...]}: who the meters are (command-service's import). Further columns, the
     * device secret among them, are ignored and never handed out.
     */
    NAMES("productKey,deviceName[,...]", 2, Integer.MAX_VALUE),

    /** Exactly {@code productKey,deviceName,deviceSecret}: what a meter needs to sign in (the simulator). */
    NAMES_AND_SECRET(RegistryCsv.HEADER, 3, 3);

    private final String shape;
    private final int minFields;
    private final int maxFields;

    RegistryColumns(String shape, int minFields, int maxFields) {
        this.shape = shape;
        this.minFields = minFields;
        this.maxFields = maxFields;
    }

    /** The line shape in words, for messages. */
    public String shape() {
        return shape;
    }

    boolean accepts(int fields) {
        return fields >= minFields && fields <= maxFields;
    }

    boolean keepsSecret() {
        return this == NAMES_AND_SECRET;
    }
}
