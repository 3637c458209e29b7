package io.labelgate.http;

/**
 * Whether the container gives the application an API labelgate uses only where it is there
 * (MicroProfile Health, MicroProfile Metrics, OpenTelemetry): asked by the class's name, so that
 * asking loads nothing when it is absent.
 */
public final class ContainerApis {

    private ContainerApis() {}

    /** Whether the class of this name is visible to labelgate's class loader (the application's). */
    public static boolean present(String className) {
        try {
            Class.forName(className, false, ContainerApis.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }
}
