/**
 * Getting bearer tokens for the Synapse data plane (scope {@code https://dev.azuresynapse.net/.default}): one
 * {@link dev.finpipe.launcher.auth.CredentialKind} per way of signing in, built by
 * {@link dev.finpipe.launcher.auth.Credentials} on azure-identity, cached and refreshed five minutes before expiry by
 * {@link dev.finpipe.launcher.auth.CachedTokenSource}. Tokens never reach a log line or a file of the launcher's.
 */
package dev.finpipe.launcher.auth;
