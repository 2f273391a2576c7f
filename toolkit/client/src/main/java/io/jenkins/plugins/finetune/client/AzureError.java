package io.jenkins.plugins.finetune.client;

/** The fields of Azure's {@code {"error":{...}}} body that a user can act on. */
record AzureError(String code, String message, String param, String type) {}
