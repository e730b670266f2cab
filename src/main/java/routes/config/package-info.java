/**
 * The gateway config file in ToolHive's vMCP shape: {@link routes.config.ConfigLoader} reads it
 * strictly into a {@link routes.config.GatewayConfig} (a bad file names the entry and the field),
 * and {@link routes.config.GatewaySettings} holds the settings in force that are not backends
 * (aggregation, failure handling) for the catalog and health to listen to. Backends themselves go
 * from the config to the registry through {@code routes.discovery}. {@link routes.config.ToolHiveKeys}
 * says, for every key of ToolHive's config, whether Caravan implements it, refuses it (and with
 * which message) or accepts it with no effect ({@link routes.config.InertKey}, listed at start-up).
 */
package routes.config;
