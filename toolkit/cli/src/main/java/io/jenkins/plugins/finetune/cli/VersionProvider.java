package io.jenkins.plugins.finetune.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest ({@code dev} when run from classes). */
final class VersionProvider implements IVersionProvider {

    static String version() {
        String version = FoundryCli.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"foundry-fine-tuning-cli " + version()};
    }
}
