/**
 * The shared kernel: the types every concern speaks in, depending on nothing of the gateway but
 * secret references. {@link routes.kernel.BackendSpec} (one backend: where, how, headers to
 * forward, {@link routes.kernel.AuthStrategy}), {@link routes.kernel.CallerIdentity} (who a
 * request is for, decided at the front door), the errors a backend call ends in
 * ({@link routes.kernel.BackendException}, {@link routes.kernel.BackendRpcException}), and
 * {@link routes.kernel.Pipeline}, the contract of the outbound pipeline's Camel message.
 */
package routes.kernel;
