/**
 * Authorization: who may call, get or read which tool, prompt or resource, and therefore see it in
 * the lists. {@link routes.authz.AuthzSpec} is the section as configured ({@code incomingAuth.authz}),
 * {@link routes.authz.Policy} a compiled decision (Caravan's own {@link routes.authz.RulePolicy} or
 * ToolHive's Cedar model, {@link routes.authz.CedarPolicy}), and {@link routes.authz.Authorizer} the
 * one owner of the policy in force, with the per-caller list cache the front door reads.
 */
package routes.authz;
