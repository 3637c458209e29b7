package io.labelgate.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code labelgate --version}: the version in the runnable jar's manifest. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = LabelgateCommand.class.getPackage().getImplementationVersion();
        return new String[] {"labelgate " + (version == null ? "(development build)" : version)};
    }
}
