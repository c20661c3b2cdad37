/**
 * The services' internal REST APIs as {@code @HttpExchange} interfaces returning the
 * records of {@code dev.skein.contracts.internal}, and the one way their clients are
 * built: short timeouts, HTTP/1.1, the correlation id, and the same error translation in
 * every caller.
 */
@NullMarked
package dev.skein.platform.client;

import org.jspecify.annotations.NullMarked;
