package io.jenkins.plugins.finetune.emulator;

/**
 * The two route families the service offers. They share behaviour but not every field name:
 * the dated api-versions say {@code suffix} and {@code organisation_id} where v1 says
 * {@code user_provided_suffix} and {@code organization_id}.
 */
enum Dialect {
    /** {@code /openai/v1/fine_tuning/...}, {@code api-version} optional: {@code v1} or {@code preview}. */
    V1("user_provided_suffix", "organization_id"),
    /** {@code /openai/fine_tuning/...?api-version=2025-04-01-preview}, {@code api-version} required. */
    DATED("suffix", "organisation_id");

    final String suffixField;
    final String organizationField;

    Dialect(String suffixField, String organizationField) {
        this.suffixField = suffixField;
        this.organizationField = organizationField;
    }
}
