/**
 * Secret values and ToolHive's header-forward env contract.
 *
 * <p>{@link routes.secrets.SecretRef} says where a value lives and never holds it;
 * {@link routes.secrets.SecretsProvider} resolves it per request, so rotation needs no restart
 * and a missing value fails only the calls that need it. {@link routes.secrets.Secrets} is the
 * provider, built from {@link routes.secrets.SecretsSettings}:
 * <pre>
 * Map&lt;String, String&gt; env = System.getenv();
 * SecretsSettings settings = SecretsSettings.from(camel.getPropertiesComponent()::resolveProperty, env);
 * Secrets secrets = Secrets.create(settings, env, () -&gt; kubernetesClient);   // close() on shutdown
 * </pre>
 * {@link routes.secrets.ToolHiveHeaderEnv#read} turns the {@code TOOLHIVE_HEADER_FORWARD_*}
 * manifests into per-backend headers and warnings; {@link routes.secrets.EnvNames} holds the
 * naming rules both sides of that contract share.
 */
package routes.secrets;
